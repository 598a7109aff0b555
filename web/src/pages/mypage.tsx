import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { MyPageQuery } from '../gql/graphql';
import { client, mutate, query } from '../api';
import { STATUS, dayTime, range } from '../format';
import { refreshMe, useSession } from '../session';
import { ErrorSummary, Field, Loading, Notice, Status, Title, requireFilled, splitErrors, useLoad, type FieldErrors } from '../ui';

graphql(`
  fragment ReservationSummary on Reservation {
    id
    status
    startsAt
    endsAt
    confirmBy
    counselorName
    version
  }
`);

const MyPageDoc = graphql(`
  query MyPage {
    myReservations(first: 50) {
      edges {
        node {
          ...ReservationSummary
        }
      }
    }
    myNotifications(first: 20) {
      unreadCount
      edges {
        node {
          id
          createdAt
          title
          body
          read
        }
      }
    }
  }
`);

const EventsDoc = graphql(`
  subscription MyReservationEvents {
    myReservationEvents {
      ...ReservationSummary
    }
  }
`);

const MarkReadDoc = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      read
    }
  }
`);

type Res = MyPageQuery['myReservations']['edges'][number]['node'];

/** マイページ: reservations (live), お知らせ, password and phone. */
export function MyPage() {
  const { me } = useSession();
  const { data, errors, set, update } = useLoad(() => query(MyPageDoc, {}), []);
  const [live, setLive] = useState('');

  // Changes made by staff arrive over the websocket and replace the row.
  useEffect(() => {
    const sub = client.subscription(EventsDoc, {}).subscribe((r) => {
      const res = r.data?.myReservationEvents as Res | undefined;
      if (!res) return;
      setLive(`${range(res.startsAt, res.endsAt)}のご予約が更新されました：${STATUS[res.status] ?? ''}`);
      update((d) => {
        const edges = d.myReservations.edges;
        const i = edges.findIndex((e) => e.node.id === res.id);
        if (i >= 0 && edges[i].node.version > res.version) return d;
        const next = i >= 0 ? edges.map((e, j) => (j === i ? { node: res } : e)) : [{ node: res }, ...edges];
        return { ...d, myReservations: { ...d.myReservations, edges: next } };
      });
    });
    return () => sub.unsubscribe();
  }, []);

  const markRead = async (id: string) => {
    const r = await mutate(MarkReadDoc, { id });
    if (r.data && data) {
      const n = data.myNotifications;
      set({
        ...data,
        myNotifications: {
          ...n,
          unreadCount: Math.max(0, n.unreadCount - 1),
          edges: n.edges.map((e) => (e.node.id === id ? { node: { ...e.node, read: true } } : e)),
        },
      });
    }
  };

  const js = me?.jobSeeker;
  return (
    <>
      <Title>マイページ</Title>
      <p>{me?.name} 様</p>
      {js && !js.registrationVerified && (
        <Notice>ハローワークで求職登録を確認しています。確認ができるとご予約できるようになります。</Notice>
      )}
      {me && !me.emailVerified && <Notice>メールアドレスの確認がお済みではありません。届いたメールのリンクを開いてください。</Notice>}
      {js?.suspended && <Notice kind="error">現在、オンライン職業相談をご利用いただけません。理由：{js.suspended.reason}</Notice>}
      <Status>{live}</Status>
      {!data ? (
        <Loading errors={errors} />
      ) : (
        <>
          <section aria-labelledby="my-res">
            <h2 id="my-res">ご予約</h2>
            {data.myReservations.edges.length === 0 ? (
              <p>
                ご予約はありません。<a href="/slots">空き状況を見る</a>
              </p>
            ) : (
              <ul class="cards" id="my-reservations">
                {data.myReservations.edges.map(({ node: r }) => (
                  <li key={r.id} class="card">
                    <p class="card-title">
                      <a href={`/reservations/${r.id}`}>{range(r.startsAt, r.endsAt)}</a>
                    </p>
                    <p>
                      状態：<span class="badge">{STATUS[r.status] ?? ''}</span>
                    </p>
                    {r.status === 'AWAITING_REPLY' && <p>予約確定の期限：{dayTime(r.confirmBy)}</p>}
                    {r.counselorName && <p>担当：{r.counselorName}</p>}
                    <p>予約番号：{r.id}</p>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <a href="/slots" class="button secondary">
                新しくご予約する
              </a>
            </p>
          </section>
          <section aria-labelledby="my-news">
            <h2 id="my-news">
              お知らせ<span class="count">（未読 {data.myNotifications.unreadCount} 件）</span>
            </h2>
            {data.myNotifications.edges.length === 0 ? (
              <p>お知らせはありません。</p>
            ) : (
              <ul class="cards">
                {data.myNotifications.edges.map(({ node: n }) => (
                  <li key={n.id} class={`card${n.read ? '' : ' unread'}`}>
                    <details>
                      <summary>
                        {n.read ? '' : <span class="badge">未読</span>} {n.title}（{dayTime(n.createdAt)}）
                      </summary>
                      <p class="pre">{n.body}</p>
                      {!n.read && (
                        <button type="button" class="button secondary" onClick={() => markRead(n.id)}>
                          既読にする
                        </button>
                      )}
                    </details>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      {js && <PhoneForm current={js.phone} />}
      <PasswordForm />
    </>
  );
}


const UpdatePhoneDoc = graphql(`
  mutation UpdateMyPhone($phone: String!) {
    updateMyPhone(phone: $phone) {
      id
      phone
    }
  }
`);

function PhoneForm({ current }: { current: string }) {
  const [phone, setPhone] = useState(current);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone('');
    const missing = requireFilled({ newPhone: phone }, ['newPhone']);
    setErrors(missing);
    setGeneral(undefined);
    if (missing.newPhone) return;
    const r = await mutate(UpdatePhoneDoc, { phone });
    if (r.errors) {
      const s = splitErrors(
        r.errors.map((x) => ({ ...x, field: x.field ? 'newPhone' : undefined })),
        ['newPhone'],
      );
      setErrors(s.fields);
      setGeneral(s.general);
      return;
    }
    setDone('電話番号を変更しました。');
    void refreshMe();
  };
  return (
    <section aria-labelledby="my-phone">
      <h2 id="my-phone">電話番号の変更</h2>
      <ErrorSummary errors={errors} labels={{ newPhone: '電話番号' }} general={general} />
      <form onSubmit={submit} noValidate>
        <Field id="newPhone" label="電話番号" required help="例：0986-22-1234、090-1234-5678" error={errors.newPhone}>
          {(a) => <input {...a} type="tel" autoComplete="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button secondary">
          電話番号を変更する
        </button>
      </form>
      <Status>{done}</Status>
    </section>
  );
}

const ChangePasswordDoc = graphql(`
  mutation ChangePassword($current: String!, $next: String!) {
    changePassword(currentPassword: $current, newPassword: $next)
  }
`);

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState('');
  const labels = { currentPassword: '今のパスワード', newPassword: '新しいパスワード' };
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone('');
    const missing = requireFilled({ currentPassword: current, newPassword: next }, ['currentPassword', 'newPassword']);
    setErrors(missing);
    setGeneral(undefined);
    if (Object.keys(missing).length) return;
    const r = await mutate(ChangePasswordDoc, { current, next });
    if (r.errors) {
      const s = splitErrors(r.errors, Object.keys(labels));
      setErrors(s.fields);
      setGeneral(s.general);
      return;
    }
    setCurrent('');
    setNext('');
    setDone('パスワードを変更しました。ほかの端末ではログアウトしました。');
  };
  return (
    <section aria-labelledby="my-password">
      <h2 id="my-password">パスワードの変更</h2>
      <ErrorSummary errors={errors} labels={labels} general={general} />
      <form onSubmit={submit} noValidate>
        <Field id="currentPassword" label={labels.currentPassword} required error={errors.currentPassword}>
          {(a) => <input {...a} type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />}
        </Field>
        <Field id="newPassword" label={labels.newPassword} required help="10文字以上で入力してください。" error={errors.newPassword}>
          {(a) => <input {...a} type="password" autoComplete="new-password" value={next} onInput={(e) => setNext(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button secondary">
          パスワードを変更する
        </button>
      </form>
      <Status>{done}</Status>
    </section>
  );
}
