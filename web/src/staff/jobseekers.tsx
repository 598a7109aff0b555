// 求職者: staff search job seekers and open one: reservations, no-show
// count, review flag; verify the registration (Art 2(1)); suspend and
// reinstate with reasons.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { graphql } from '../gql';
import type { StaffJobSeekerSearchQuery } from '../gql/graphql';
import { mutate, query } from '../api';
import { STATUS, dayTime, fullDay, isoDate, range } from '../format';
import { Field, Loading, Notice, Status, Title, splitErrors, useLoad, type FieldErrors } from '../ui';

const SearchDoc = graphql(`
  query StaffJobSeekerSearch($search: String) {
    jobSeekers(search: $search, first: 50) {
      edges {
        node {
          id
          name
          jobSeekerNumber
          phone
          email
          registrationVerified
          eligible
          flaggedForReview
          suspended {
            reason
          }
        }
      }
    }
  }
`);

export function JobSeekerSearch() {
  const [text, setText] = useState('');
  const [found, setFound] = useState<StaffJobSeekerSearchQuery['jobSeekers']['edges'] | null>(null);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const r = await query(SearchDoc, { search: text.trim() || null });
    if (!r.data) {
      const s = splitErrors(r.errors, ['search']);
      setError(s.fields.search ?? s.general);
      return;
    }
    setFound(r.data.jobSeekers.edges);
    setStatus(`${r.data.jobSeekers.edges.length}件見つかりました。`);
  };
  return (
    <>
      <Title>求職者</Title>
      <form onSubmit={submit} noValidate role="search">
        <Field id="search" label="お名前・求職番号・電話番号・メールアドレス" help="電話番号は、市外局番から入力してください（ハイフンはなくてもかまいません）。空欄のまま探すと、新しく登録した方から順に表示します。" error={error}>
          {(a) => <input {...a} type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button">
          探す
        </button>
      </form>
      <Status>{status}</Status>
      {found && found.length === 0 && <p>見つかりませんでした。</p>}
      {found && found.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="js-caption">
          <table class="board">
            <caption id="js-caption">検索結果（{found.length}件）</caption>
            <thead>
              <tr>
                <th scope="col">お名前</th>
                <th scope="col">求職番号</th>
                <th scope="col">連絡先</th>
                <th scope="col">状態</th>
              </tr>
            </thead>
            <tbody>
              {found.map(({ node: p }) => (
                <tr key={p.id}>
                  <th scope="row">
                    <a href={`/staff/jobseekers/${p.id}`}>{p.name}</a>
                  </th>
                  <td>{p.jobSeekerNumber}</td>
                  <td>
                    {p.phone}
                    <br />
                    {p.email}
                  </td>
                  <td>{stateText(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function stateText(p: { registrationVerified: boolean; eligible: boolean; flaggedForReview: boolean; suspended?: { reason: string } | null }): string {
  const out: string[] = [];
  if (p.suspended) out.push('利用停止中');
  else if (!p.registrationVerified) out.push('求職登録の確認待ち');
  else if (p.eligible) out.push('ご予約できます');
  else out.push('メールアドレスの確認待ち');
  if (p.flaggedForReview) out.push('要確認（欠席が続いています）');
  return out.join('・');
}

const DetailDoc = graphql(`
  query StaffJobSeeker($id: ID!) {
    jobSeeker(id: $id) {
      id
      name
      jobSeekerNumber
      phone
      email
      emailVerified
      registrationVerified
      eligible
      noShowCount
      flaggedForReview
      createdAt
      suspended {
        reason
        since
        until
      }
      lastReinstatement {
        at
        note
      }
      reservations(first: 50) {
        edges {
          node {
            id
            status
            startsAt
            endsAt
            channel
          }
        }
      }
    }
  }
`);

const VerifyDoc = graphql(`
  mutation StaffVerifyJobSeeker($id: ID!) {
    verifyJobSeeker(id: $id) {
      id
      registrationVerified
    }
  }
`);
const SuspendDoc = graphql(`
  mutation StaffSuspendJobSeeker($id: ID!, $reason: String!, $until: Date) {
    suspendJobSeeker(id: $id, reason: $reason, until: $until) {
      id
    }
  }
`);
const ReinstateDoc = graphql(`
  mutation StaffReinstateJobSeeker($id: ID!, $note: String) {
    reinstateJobSeeker(id: $id, note: $note) {
      id
    }
  }
`);

const CHANNEL: Record<string, string> = { SITE: 'サイト', PHONE: '電話', EMAIL: 'メール', IN_SESSION: '相談中に' };

export function JobSeekerDetail() {
  const { params } = useRoute();
  const id = params.id;
  const { data, errors, reload } = useLoad(() => query(DetailDoc, { id }), [id]);
  const [status, setStatus] = useState('');
  const [general, setGeneral] = useState<string>();
  const [fe, setFe] = useState<FieldErrors>({});
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState<'' | 'suspend' | 'reinstate'>('');

  if (!data) return (<><Title>求職者の詳細</Title><Loading errors={errors} /></>);
  const p = data.jobSeeker;
  if (!p) return (<><Title>求職者が見つかりません</Title><p><a href="/staff/jobseekers">求職者を探す</a></p></>);

  const verify = async () => {
    const r = await mutate(VerifyDoc, { id });
    if (r.data) {
      setStatus('求職登録を確認済みにしました。');
      reload();
    } else setGeneral(r.errors.map((e) => e.message).join(' '));
  };
  const suspend = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) {
      setFe({ reason: '理由を入力してください。' });
      document.getElementById('reason')?.focus();
      return;
    }
    if (confirming !== 'suspend') {
      setFe({});
      setConfirming('suspend');
      return;
    }
    const r = await mutate(SuspendDoc, { id, reason: reason.trim(), until: until || null });
    setConfirming('');
    if (r.data) {
      setStatus('利用を停止しました。');
      setReason('');
      setUntil('');
      reload();
    } else {
      const s = splitErrors(r.errors, ['reason', 'until']);
      setFe(s.fields);
      setGeneral(s.general);
    }
  };
  const reinstate = async (e: Event) => {
    e.preventDefault();
    if (confirming !== 'reinstate') {
      setConfirming('reinstate');
      return;
    }
    const r = await mutate(ReinstateDoc, { id, note: note.trim() || null });
    setConfirming('');
    if (r.data) {
      setStatus('利用の停止を解除しました。');
      setNote('');
      reload();
    } else {
      const s = splitErrors(r.errors, ['note']);
      setFe(s.fields);
      setGeneral(s.general);
    }
  };

  return (
    <>
      <Title>{p.name}さん</Title>
      <p>
        <a href="/staff/jobseekers">求職者を探す</a>
      </p>
      <Status>{status}</Status>
      {general && <Notice kind="error">{general}</Notice>}
      {p.flaggedForReview && <Notice kind="error">欠席が続いているため、要確認の印が付いています（欠席 {p.noShowCount} 回）。</Notice>}
      <dl class="review">
        <div class="review-row"><dt>求職番号</dt><dd>{p.jobSeekerNumber}</dd></div>
        <div class="review-row"><dt>電話番号</dt><dd>{p.phone}</dd></div>
        <div class="review-row"><dt>メールアドレス</dt><dd>{p.email}（{p.emailVerified ? '確認済み' : '未確認'}）</dd></div>
        <div class="review-row"><dt>求職登録</dt><dd>{p.registrationVerified ? '確認済み' : '確認待ち'}</dd></div>
        <div class="review-row"><dt>ご予約</dt><dd>{p.eligible ? 'できます' : 'できません'}</dd></div>
        <div class="review-row"><dt>欠席の回数</dt><dd>{p.noShowCount} 回</dd></div>
        <div class="review-row"><dt>登録日</dt><dd>{fullDay(p.createdAt)}</dd></div>
        <div class="review-row">
          <dt>利用の停止</dt>
          <dd>
            {p.suspended
              ? `停止中（${dayTime(p.suspended.since)}から${p.suspended.until ? `、${fullDay(`${p.suspended.until}T00:00:00+09:00`)}まで` : ''}）理由：${p.suspended.reason}`
              : 'なし'}
            {p.lastReinstatement && (
              <>
                <br />
                最後の解除：{dayTime(p.lastReinstatement.at)}
                {p.lastReinstatement.note ? `（${p.lastReinstatement.note}）` : ''}
              </>
            )}
          </dd>
        </div>
      </dl>
      {!p.registrationVerified && (
        <section aria-labelledby="verify-title">
          <h2 id="verify-title">求職登録の確認</h2>
          <p>ハローワークの求職登録と、求職番号・お名前が合っていることを確かめてから押してください。</p>
          <button type="button" class="button" onClick={verify}>
            求職登録を確認済みにする
          </button>
        </section>
      )}
      {!p.suspended ? (
        <section aria-labelledby="suspend-title">
          <h2 id="suspend-title">利用を停止する</h2>
          <form onSubmit={suspend} noValidate>
            <Field id="reason" label="停止の理由" required error={fe.reason}>
              {(a) => <textarea {...a} rows={2} value={reason} onInput={(e) => { setReason(e.currentTarget.value); setConfirming(''); }} />}
            </Field>
            <Field id="until" label="停止の期限" help="空欄のときは、解除するまで停止します。例：2027-01-31" error={fe.until}>
              {(a) => <input {...a} type="date" value={until} onInput={(e) => { setUntil(e.currentTarget.value); setConfirming(''); }} />}
            </Field>
            {confirming === 'suspend' && (
              <Notice kind="error">
                <p>本当に利用を停止しますか。停止すると、この方はご予約ができなくなります。もう一度「利用を停止する」を押すと停止します。</p>
              </Notice>
            )}
            <button type="submit" class="button danger">
              利用を停止する
            </button>
          </form>
        </section>
      ) : (
        <section aria-labelledby="reinstate-title">
          <h2 id="reinstate-title">停止を解除する</h2>
          <form onSubmit={reinstate} noValidate>
            <Field id="note" label="解除の記録" error={fe.note}>
              {(a) => <textarea {...a} rows={2} value={note} onInput={(e) => { setNote(e.currentTarget.value); setConfirming(''); }} />}
            </Field>
            {confirming === 'reinstate' && (
              <Notice>
                <p>停止を解除します。もう一度「停止を解除する」を押すと解除します。</p>
              </Notice>
            )}
            <button type="submit" class="button">
              停止を解除する
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="res-title">
        <h2 id="res-title">ご予約</h2>
        {p.reservations.edges.length === 0 ? (
          <p>ご予約はありません。</p>
        ) : (
          <ul class="cards">
            {p.reservations.edges.map(({ node: r }) => (
              <li key={r.id} class="card">
                <p class="card-title">
                  <a href={`/staff?date=${isoDate(new Date(r.startsAt))}`}>{range(r.startsAt, r.endsAt)}</a>
                </p>
                <p>
                  状態：<span class="badge">{STATUS[r.status] ?? ''}</span>　受付：{CHANNEL[r.channel] ?? ''}　予約番号：{r.id}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
