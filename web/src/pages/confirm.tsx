import { useLocation } from 'preact-iso';
import { graphql } from '../gql';
import { mutate } from '../api';
import { STATUS, range } from '../format';
import { Loading, Notice, Title, useLoad } from '../ui';

const ConfirmDoc = graphql(`
  mutation ConfirmReservation($token: String!) {
    confirmReservation(token: $token) {
      startsAt
      endsAt
      status
    }
  }
`);

/** The page of the application mail's link: /confirm?token=… (no sign-in needed). */
export function Confirm() {
  const { query: q } = useLocation();
  const token = q.token ?? '';
  const { data, errors } = useLoad(() => mutate(ConfirmDoc, { token }), [token]);
  const c = data?.confirmReservation;
  return (
    <>
      <Title>ご予約の確定</Title>
      {c ? (
        <>
          <Notice kind={c.status === 'CONFIRMED' ? 'success' : 'info'}>
            <p>{c.status === 'CONFIRMED' ? 'ご予約が確定しました。' : `ご予約の状態：${STATUS[c.status] ?? ''}`}</p>
          </Notice>
          <dl class="review">
            <div class="review-row">
              <dt>日時</dt>
              <dd>{range(c.startsAt, c.endsAt)}</dd>
            </div>
            <div class="review-row">
              <dt>状態</dt>
              <dd>{STATUS[c.status] ?? ''}</dd>
            </div>
          </dl>
          <p>Zoom の参加方法はメールとマイページでお知らせします。</p>
        </>
      ) : (
        <Loading errors={errors} />
      )}
    </>
  );
}
