import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { ReservationDetailQuery } from '../gql/graphql';
import { mutate, query } from '../api';
import { ACTIVE, COMPANION, STATUS, dayTime, range } from '../format';
import { Loading, Notice, Status, Title, focusTitle, useLoad } from '../ui';
import { ReadinessResult } from './readiness';

const DetailDoc = graphql(`
  query ReservationDetail($id: ID!) {
    reservation(id: $id) {
      id
      status
      startsAt
      endsAt
      confirmBy
      name
      phone
      consultation
      companion {
        kind
        note
      }
      counselorName
      checkedInAt
      meeting {
        meetingId
        passcode
        joinUrl
      }
      readiness {
        ...ReadinessSummary
      }
    }
  }
`);

const CheckInDoc = graphql(`
  mutation CheckIn($id: ID!) {
    checkIn(id: $id) {
      id
      status
      checkedInAt
    }
  }
`);

const CancelDoc = graphql(`
  mutation CancelReservation($id: ID!) {
    cancelReservation(id: $id, channel: SITE) {
      id
      status
      startsAt
      endsAt
    }
  }
`);

type Res = NonNullable<ReservationDetailQuery['reservation']>;
type Step = 'detail' | 'cancel' | 'cancelled';

const CHECK_IN_MINUTES = 15;

/** 予約の詳細: Zoom details, 「待合室に入る」, readiness, キャンセル → 確認 → 完了. */
export function ReservationPage() {
  const { params } = useRoute();
  const { data, errors, reload } = useLoad(() => query(DetailDoc, { id: params.id }), [params.id]);
  const [step, setStep] = useState<Step>('detail');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const go = (s: Step) => {
    setStep(s);
    setError('');
    focusTitle();
  };
  const r = data?.reservation;
  if (data && !r) {
    return (
      <>
        <Title>予約の詳細</Title>
        <Notice kind="error">このご予約は見つかりませんでした。</Notice>
        <p>
          <a href="/mypage">マイページへ</a>
        </p>
      </>
    );
  }
  if (!r) {
    return (
      <>
        <Title>予約の詳細</Title>
        <Loading errors={errors} />
      </>
    );
  }

  const cancel = async () => {
    setBusy(true);
    const c = await mutate(CancelDoc, { id: r.id });
    setBusy(false);
    if (c.errors) return setError(c.errors.map((e) => e.message).join(' '));
    go('cancelled');
  };

  if (step === 'cancelled') {
    return (
      <>
        <Title>キャンセルしました</Title>
        <Notice kind="success">
          <p>{range(r.startsAt, r.endsAt)}のご予約をキャンセルしました。キャンセルのメールをお送りしました。</p>
        </Notice>
        <ul class="links">
          <li>
            <a href="/slots">別の日時でご予約する</a>
          </li>
          <li>
            <a href="/mypage">マイページへ</a>
          </li>
        </ul>
      </>
    );
  }
  if (step === 'cancel') {
    return (
      <>
        <Title>キャンセルの確認</Title>
        <p>次のご予約をキャンセルします。よろしいですか。</p>
        <dl class="review">
          <div class="review-row">
            <dt>予約番号</dt>
            <dd>{r.id}</dd>
          </div>
          <div class="review-row">
            <dt>日時</dt>
            <dd>{range(r.startsAt, r.endsAt)}</dd>
          </div>
        </dl>
        {error && <Notice kind="error">{error}</Notice>}
        <div class="actions">
          <button type="button" class="button danger" onClick={cancel} disabled={busy}>
            キャンセルする
          </button>
          <button type="button" class="button secondary" onClick={() => go('detail')}>
            キャンセルしないで戻る
          </button>
        </div>
        <Status>{busy ? 'キャンセルしています…' : ''}</Status>
      </>
    );
  }

  const checkIn = async () => {
    setBusy(true);
    const c = await mutate(CheckInDoc, { id: r.id });
    setBusy(false);
    if (c.errors) return setError(c.errors.map((e) => e.message).join(' '));
    setMessage('待合室に入りました。職員が Zoom でお呼びします。下の参加方法で Zoom に入ってお待ちください。');
    reload();
  };

  return (
    <>
      <Title>予約の詳細</Title>
      <Status>{message}</Status>
      {error && <Notice kind="error">{error}</Notice>}
      <dl class="review">
        <div class="review-row">
          <dt>予約番号</dt>
          <dd>{r.id}</dd>
        </div>
        <div class="review-row">
          <dt>日時</dt>
          <dd>{range(r.startsAt, r.endsAt)}</dd>
        </div>
        <div class="review-row">
          <dt>状態</dt>
          <dd>{STATUS[r.status] ?? ''}</dd>
        </div>
        {r.status === 'AWAITING_REPLY' && (
          <div class="review-row">
            <dt>予約確定の期限</dt>
            <dd>{dayTime(r.confirmBy)}（メールにお返事をください）</dd>
          </div>
        )}
        <div class="review-row">
          <dt>担当</dt>
          <dd>{r.counselorName ?? '当日お知らせします'}</dd>
        </div>
        <div class="review-row">
          <dt>電話番号</dt>
          <dd>{r.phone}</dd>
        </div>
        <div class="review-row">
          <dt>相談内容</dt>
          <dd class="pre">{r.consultation}</dd>
        </div>
        <div class="review-row">
          <dt>同席者</dt>
          <dd>{r.companion.kind === 'NONE' ? 'なし' : `${COMPANION[r.companion.kind]}（${r.companion.note ?? ''}）`}</dd>
        </div>
      </dl>
      <Meeting r={r} />
      {(r.status === 'CONFIRMED' || r.status === 'CHECKED_IN') && <CheckIn r={r} busy={busy} onCheckIn={checkIn} />}
      <section aria-labelledby="res-readiness">
        <h2 id="res-readiness">接続環境の確認</h2>
        <ReadinessResult report={r.readiness ?? null} />
        {ACTIVE.includes(r.status) && (
          <p>
            <a href={`/reservations/${r.id}/readiness`}>接続環境を確認する</a>
          </p>
        )}
      </section>
      {ACTIVE.includes(r.status) && (
        <section aria-labelledby="res-cancel">
          <h2 id="res-cancel">キャンセル</h2>
          <p>ご都合が悪くなったときは、キャンセルしてください。ご連絡がないまま開始時刻を過ぎると、今後のご利用をお断りする場合があります。</p>
          <button type="button" class="button secondary" onClick={() => go('cancel')}>
            このご予約をキャンセルする
          </button>
        </section>
      )}
      <p>
        <a href="/mypage">マイページへ戻る</a>
      </p>
    </>
  );
}

function Meeting({ r }: { r: Res }) {
  if (!r.meeting) {
    if (!ACTIVE.includes(r.status)) return null;
    return <p>Zoom の参加方法は、ご予約が確定するとここに表示します。</p>;
  }
  const m = r.meeting;
  return (
    <section aria-labelledby="res-zoom">
      <h2 id="res-zoom">Zoom の参加方法</h2>
      <dl class="review">
        <div class="review-row">
          <dt>ミーティングID</dt>
          <dd>{m.meetingId}</dd>
        </div>
        {m.passcode && (
          <div class="review-row">
            <dt>パスコード</dt>
            <dd>{m.passcode}</dd>
          </div>
        )}
        <div class="review-row">
          <dt>参加用リンク</dt>
          <dd>
            <a href={m.joinUrl} rel="noopener noreferrer" target="_blank">
              Zoom に参加する（新しいタブで開きます）
            </a>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** 「待合室に入る」, enabled from 15 minutes before the start. */
function CheckIn({ r, busy, onCheckIn }: { r: Res; busy: boolean; onCheckIn: () => void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15000);
    return () => clearInterval(t);
  }, []);
  if (r.status === 'CHECKED_IN') return <Notice kind="success">待合室に入っています。職員が Zoom でお呼びするまでお待ちください。</Notice>;
  const opens = new Date(r.startsAt).getTime() - CHECK_IN_MINUTES * 60000;
  const early = now < opens;
  return (
    <section aria-labelledby="res-checkin">
      <h2 id="res-checkin">当日の受付</h2>
      <button type="button" class="button" disabled={early || busy} aria-describedby="checkin-help" onClick={onCheckIn}>
        待合室に入る
      </button>
      <p id="checkin-help" class="field-help">
        {early
          ? `開始15分前（${dayTime(new Date(opens).toISOString())}）から押せます。`
          : '押すと、職員にお待ちいただいていることが伝わります。'}
      </p>
    </section>
  );
}
