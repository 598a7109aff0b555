// 管理 (ADMIN), continued: terms versions, booths, the roster import, and
// records (access log, audit log, usage statistics).
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { AdminAccessLogQuery, AdminAuditLogQuery, AdminImportRegistrationsMutation, AdminStatsQuery } from '../gql/graphql';

type ImportResult = AdminImportRegistrationsMutation['importRegistrations'];
import { mutate, query } from '../api';
import { addDays, dayTime, fullDay, isoDate } from '../format';
import { ErrorSummary, Field, Loading, Notice, Status, Title, requireFilled, splitErrors, useLoad, type FieldErrors } from '../ui';

const dateText = (d: string) => fullDay(`${d}T00:00:00+09:00`);

// ---- 利用規約の版 ----

const TermsDoc = graphql(`
  query AdminTerms {
    termsVersions {
      id
      title
      effectiveFrom
      publishedAt
      inForce
      text
    }
  }
`);
const PublishDoc = graphql(`
  mutation AdminPublishTerms($input: TermsInput!) {
    publishTerms(input: $input) {
      id
      title
      effectiveFrom
    }
  }
`);
const TERMS_LABELS: Record<string, string> = { title: '版の名前', effectiveFrom: '効力が生じる日', text: '本文' };

export function AdminTerms() {
  const { data, errors, reload } = useLoad(() => query(TermsDoc, {}), []);
  const [v, setV] = useState({ title: '', effectiveFrom: addDays(isoDate(new Date()), 30), text: '' });
  const [preview, setPreview] = useState(false);
  const [fe, setFe] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [status, setStatus] = useState('');

  const toPreview = (e: Event) => {
    e.preventDefault();
    const missing = requireFilled(v, ['title', 'effectiveFrom', 'text']);
    if (!missing.effectiveFrom && v.effectiveFrom <= isoDate(new Date())) missing.effectiveFrom = '明日以降の日付を入力してください。';
    setFe(missing);
    setGeneral(undefined);
    if (!Object.values(missing).some(Boolean)) setPreview(true);
  };
  const publish = async () => {
    const r = await mutate(PublishDoc, { input: { title: v.title.trim(), effectiveFrom: v.effectiveFrom, text: v.text } });
    setPreview(false);
    if (r.data) {
      setStatus(`「${r.data.publishTerms.title}」を公開しました。${dateText(r.data.publishTerms.effectiveFrom)}から効力が生じます。`);
      setV({ ...v, title: '', text: '' });
      reload();
    } else {
      const s = splitErrors(r.errors, Object.keys(TERMS_LABELS));
      setFe(s.fields);
      setGeneral(s.general);
    }
  };

  return (
    <>
      <Title>利用規約の版</Title>
      <Status>{status}</Status>
      {!data ? (
        <Loading errors={errors} />
      ) : (
        <ul class="cards">
          {data.termsVersions.map((t) => (
            <li key={t.id} class="card">
              <p class="card-title">
                <a href={`/terms/${t.id}`}>{t.title}</a>
                {t.inForce && <span class="badge">現在の版</span>}
              </p>
              <p>
                効力が生じる日：{dateText(t.effectiveFrom)}　公開：{dayTime(t.publishedAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="new-terms">
        <h2 id="new-terms">新しい版を公開する</h2>
        {preview ? (
          <div class="terms-preview">
            <h3>プレビュー：{v.title}</h3>
            <p class="terms-meta">{dateText(v.effectiveFrom)}から効力が生じます。公開すると取り消せません。</p>
            <div class="terms-para">{v.text}</div>
            <div class="actions">
              <button type="button" class="button" onClick={publish}>
                公開する
              </button>
              <button type="button" class="button secondary" onClick={() => setPreview(false)}>
                修正する
              </button>
            </div>
          </div>
        ) : (
          <>
            <ErrorSummary errors={fe} labels={TERMS_LABELS} general={general} />
            <form onSubmit={toPreview} noValidate>
              <Field id="title" label="版の名前" required help="例：令和9年1月1日改訂" error={fe.title}>
                {(a) => <input {...a} type="text" value={v.title} onInput={(e) => setV({ ...v, title: e.currentTarget.value })} />}
              </Field>
              <Field id="effectiveFrom" label="効力が生じる日" required help="明日以降の日付。例：2027-01-01" error={fe.effectiveFrom}>
                {(a) => <input {...a} type="date" value={v.effectiveFrom} onInput={(e) => setV({ ...v, effectiveFrom: e.currentTarget.value })} />}
              </Field>
              <Field id="text" label="本文" required error={fe.text}>
                {(a) => <textarea {...a} rows={10} value={v.text} onInput={(e) => setV({ ...v, text: e.currentTarget.value })} />}
              </Field>
              <button type="submit" class="button">
                プレビューを見る
              </button>
            </form>
          </>
        )}
      </section>
    </>
  );
}

// ---- ブース ----

const BoothsDoc = graphql(`
  query AdminBooths {
    booths {
      seat
      meetingId
      passcode
      joinUrl
    }
    office {
      capacity
    }
  }
`);
const SetBoothDoc = graphql(`
  mutation AdminSetBooth($input: BoothInput!) {
    setBooth(input: $input) {
      seat
      meetingId
      passcode
      joinUrl
    }
  }
`);
const RotateDoc = graphql(`
  mutation AdminRotateBoothPasscode($seat: Int!) {
    rotateBoothPasscode(seat: $seat) {
      seat
      passcode
    }
  }
`);
const BOOTH_LABELS: Record<string, string> = { seat: '席の番号', meetingId: 'ミーティングID', passcode: 'パスコード', joinUrl: '参加用のURL' };

export function AdminBooths() {
  const { data, errors, reload } = useLoad(() => query(BoothsDoc, {}), []);
  const [v, setV] = useState({ seat: '1', meetingId: '', passcode: '', joinUrl: '' });
  const [fe, setFe] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [status, setStatus] = useState('');
  const [rotating, setRotating] = useState<number | null>(null);
  const [rotated, setRotated] = useState<{ seat: number; passcode: string } | null>(null);
  const rotate = async (seat: number) => {
    setRotating(null);
    const r = await mutate(RotateDoc, { seat });
    if (r.data) {
      setRotated({ seat, passcode: r.data.rotateBoothPasscode.passcode ?? '' });
      setStatus(`席 ${seat} のパスコードを新しくしました。Zoomの部屋にも同じパスコードを設定してください。`);
      reload();
    } else {
      setStatus(r.errors.map((x) => x.message).join(' '));
    }
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const missing = requireFilled(v, ['seat', 'meetingId', 'joinUrl']);
    if (!missing.seat && !/^\d+$/.test(v.seat.trim())) missing.seat = '半角の数字で入力してください。';
    setFe(missing);
    setGeneral(undefined);
    if (Object.values(missing).some(Boolean)) return;
    const r = await mutate(SetBoothDoc, { input: { seat: Number(v.seat.trim()), meetingId: v.meetingId.trim(), passcode: v.passcode.trim() || null, joinUrl: v.joinUrl.trim() } });
    if (r.data) {
      setStatus(`席 ${r.data.setBooth.seat} のZoomの部屋を設定しました。`);
      reload();
    } else {
      const s = splitErrors(r.errors, Object.keys(BOOTH_LABELS));
      setFe(s.fields);
      setGeneral(s.general);
    }
  };
  return (
    <>
      <Title>ブース</Title>
      <Status>{status}</Status>
      {!data ? (
        <Loading errors={errors} />
      ) : data.booths.length === 0 ? (
        <p>設定されたブースはありません（席の数：{data.office.capacity}）。</p>
      ) : (
        <table class="board">
          <caption>ブースのZoomの部屋（席の数：{data.office.capacity}）</caption>
          <thead>
            <tr>
              <th scope="col">席</th>
              <th scope="col">ミーティングID</th>
              <th scope="col">パスコード</th>
              <th scope="col">参加用のURL</th>
              <th scope="col">パスコードの変更</th>
            </tr>
          </thead>
          <tbody>
            {data.booths.map((b) => (
              <tr key={b.seat}>
                <th scope="row">{b.seat}</th>
                <td>{b.meetingId}</td>
                <td>{b.passcode ? '設定あり' : 'なし'}</td>
                <td>{b.joinUrl}</td>
                <td>
                  {rotating === b.seat ? (
                    <>
                      <p>このブースのパスコードを新しくします。よろしいですか。</p>
                      <button type="button" class="button" onClick={() => rotate(b.seat)}>
                        新しくする
                      </button>{' '}
                      <button type="button" class="button secondary" onClick={() => setRotating(null)}>
                        やめる
                      </button>
                    </>
                  ) : (
                    <button type="button" class="button secondary" onClick={() => setRotating(b.seat)} aria-label={`席 ${b.seat} のパスコードを新しくする`}>
                      パスコードを新しくする
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rotated && (
        <Notice kind="success">
          席 {rotated.seat} の新しいパスコード：<strong>{rotated.passcode}</strong>（ZoomのWebサイトで、この部屋のパスコードを同じものに変更してください。これから確定するご予約に使われます。）
        </Notice>
      )}
      <p>
        ブースごとに決まったZoomの部屋を使う設定では、一度そのブースで相談した方は部屋を知っています。パスコードは定期的に新しくしてください。Zoom
        APIを設定すると、ご予約ごとに別の会議が作られるため、より安全です。
      </p>
      <section aria-labelledby="booth-form">
        <h2 id="booth-form">ブースを設定する</h2>
        <ErrorSummary errors={fe} labels={BOOTH_LABELS} general={general} />
        <form onSubmit={save} noValidate>
          <Field id="seat" label="席の番号" required help="1から席の数まで" error={fe.seat}>
            {(a) => <input {...a} type="text" inputMode="numeric" value={v.seat} onInput={(e) => setV({ ...v, seat: e.currentTarget.value })} />}
          </Field>
          <Field id="meetingId" label="ミーティングID" required help="例：812 3456 7890" error={fe.meetingId}>
            {(a) => <input {...a} type="text" value={v.meetingId} onInput={(e) => setV({ ...v, meetingId: e.currentTarget.value })} />}
          </Field>
          <Field id="passcode" label="パスコード" error={fe.passcode}>
            {(a) => <input {...a} type="text" autoComplete="off" value={v.passcode} onInput={(e) => setV({ ...v, passcode: e.currentTarget.value })} />}
          </Field>
          <Field id="joinUrl" label="参加用のURL" required help="例：https://us02web.zoom.us/j/81234567890" error={fe.joinUrl}>
            {(a) => <input {...a} type="text" inputMode="url" value={v.joinUrl} onInput={(e) => setV({ ...v, joinUrl: e.currentTarget.value })} />}
          </Field>
          <button type="submit" class="button">
            設定する
          </button>
        </form>
      </section>
    </>
  );
}

// ---- 求職番号の取込 ----

const ImportDoc = graphql(`
  mutation AdminImportRegistrations($csv: String!) {
    importRegistrations(csv: $csv) {
      rows
      verified
      rejected
    }
  }
`);

export function AdminImport() {
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!csv.trim()) {
      setError('CSVのファイルを選ぶか、内容を貼り付けてください。');
      return;
    }
    setError(undefined);
    setBusy(true);
    const r = await mutate(ImportDoc, { csv });
    setBusy(false);
    if (r.data) setResult(r.data.importRegistrations);
    else {
      const s = splitErrors(r.errors, ['csv']);
      setError(s.fields.csv ?? s.general);
    }
  };
  return (
    <>
      <Title>求職番号の取込</Title>
      <p>ハローワークの求職者名簿（CSV：求職番号,お名前）を取り込むと、番号とお名前が合う方の求職登録が確認済みになります。</p>
      <form onSubmit={submit} noValidate>
        <Field id="file" label="CSVのファイル" help="Shift_JIS でも UTF-8 でも読めます。">
          {(a) => (
            <input
              {...a}
              type="file"
              accept=".csv,text/csv"
              onChange={async (e) => {
                const f = e.currentTarget.files?.[0];
                if (f) {
                  const buf = await f.arrayBuffer();
                  let text = new TextDecoder('utf-8').decode(buf);
                  if (text.includes('\uFFFD')) text = new TextDecoder('shift_jis').decode(buf);
                  setCsv(text);
                }
              }}
            />
          )}
        </Field>
        <Field id="csv" label="CSVの内容" required help="ファイルを選ぶとここに入ります。貼り付けてもかまいません。" error={error}>
          {(a) => <textarea {...a} rows={8} value={csv} onInput={(e) => setCsv(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button" disabled={busy}>
          取り込む
        </button>
      </form>
      <Status>{result ? `${result.rows}行を読み、${result.verified}人を確認済みにしました。取り込めなかった行：${result.rejected.length}行` : ''}</Status>
      {result && result.rejected.length > 0 && (
        <section aria-labelledby="rejected">
          <h2 id="rejected">取り込めなかった行</h2>
          <ul>
            {result.rejected.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

// ---- 記録・統計 ----

const AccessLogDoc = graphql(`
  query AdminAccessLog($filter: AccessLogFilter, $before: String) {
    accessLog(filter: $filter, first: 50, before: $before) {
      entries {
        at
        accountId
        account {
          id
          name
          role
        }
        role
        operation
        outcome
        ip
        userAgent
        device
      }
      hasNextPage
      endCursor
    }
  }
`);
const AuditLogDoc = graphql(`
  query AdminAuditLog($jobSeekerId: ID!, $from: Date!, $to: Date!) {
    auditLog(jobSeekerId: $jobSeekerId, from: $from, to: $to, first: 50) {
      entries {
        at
        staffId
        staff {
          id
          name
          role
        }
        jobSeekerId
        operation
      }
      hasNextPage
    }
  }
`);
const StatsDoc = graphql(`
  query AdminStats($from: Date!, $to: Date!) {
    usageStatistics(from: $from, to: $to) {
      from
      to
      reservations
      completed
      cancelled
      noShows
      expired
      byHour {
        hour
        count
      }
    }
  }
`);

const OUTCOME: Record<string, string> = {
  OK: '成功',
  UNAUTHENTICATED: '失敗（ログインが必要・ログインできない）',
  FORBIDDEN: '失敗（権限がない）',
  VALIDATION: '失敗（入力の誤り）',
  NOT_FOUND: '失敗（見つからない）',
  RATE_LIMITED: '失敗（回数の制限）',
};

const ROLE: Record<string, string> = { JOB_SEEKER: '求職者', COUNSELOR: '相談員', ADMIN: '管理者', ANONYMOUS: 'ログインなし' };

/** What each root field of the API does, in the words of the screens. */
const FIELD: Record<string, string> = {
  // Reading
  me: 'ログイン中のアカウント',
  jobSeeker: '求職者の詳細',
  jobSeekers: '求職者の検索',
  staffAccounts: '職員の一覧',
  myNotifications: 'お知らせ',
  office: '事業所設定',
  calendar: '開庁カレンダー',
  currentTerms: '利用規約',
  termsVersions: '利用規約の版',
  termsVersion: '利用規約の版',
  booths: 'ブース',
  queue: '本日の相談',
  reservationsOnClosedDays: '休みになった日のご予約',
  environmentRules: '接続環境の基準',
  checkerPlatforms: 'チェッカーの種類',
  accessLog: '利用の記録',
  auditLog: '個人情報の閲覧記録',
  usageStatistics: '利用の統計',
  availableSlots: '空き状況',
  reservation: 'ご予約の詳細',
  myReservations: 'ご自分のご予約',
  reservations: 'ご予約の検索',
  unmatchedReplies: '宛先の分からない返信メール',
  node: '項目の表示',
  // Changes
  signUp: '新規登録',
  verifyEmail: 'メールアドレスの確認',
  resendVerificationEmail: '確認メールの再送',
  signIn: 'ログイン',
  signOut: 'ログアウト',
  registerJobSeeker: '求職者の登録（職員による）',
  createStaff: '職員アカウントの作成',
  deactivateStaff: '職員アカウントの停止',
  verifyJobSeeker: '求職登録の確認',
  importRegistrations: '求職番号の取込',
  suspendJobSeeker: '利用の停止',
  reinstateJobSeeker: '利用の停止の解除',
  requestPasswordReset: 'パスワード再設定の申し込み',
  resetPassword: 'パスワードの再設定',
  changePassword: 'パスワードの変更',
  updateMyPhone: '電話番号の変更',
  markNotificationRead: 'お知らせを読んだ印',
  submitReadinessReportWithCode: '接続環境の確認結果の送信（チェッカー）',
  submitReadinessReport: '接続環境の確認結果の送信',
  readinessDownload: 'チェッカーのダウンロード',
  updateOffice: '事業所設定の変更',
  setCalendarOverride: '開庁日の変更',
  clearCalendarOverride: '開庁日の変更の取り消し',
  publishTerms: '利用規約の公開',
  setBooth: 'ブースの設定',
  rotateBoothPasscode: 'ブースのパスコードの変更',
  checkIn: '待合室への入室',
  assignCounselor: '担当者の設定',
  startSession: '相談の開始',
  completeSession: '相談の終了',
  terminateSession: '相談の中止',
  markNoShow: '欠席の記録',
  revertNoShow: '欠席の取り消し',
  requestReservation: 'ご予約',
  cancelReservation: 'ご予約のキャンセル',
  createApplication: '電話・メールでのお申し込みの受付',
  bookFollowUp: '次回の予約',
  confirmReservation: 'ご予約の確定',
  recordReply: '返信メールの記録',
  // Live updates
  queueEvents: '本日の相談',
  myReservationEvents: 'ご自分のご予約',
};

const KIND: Record<string, string> = { query: '表示', mutation: '操作', subscription: '自動更新' };

/**
 * The operation as the logs record it ("query jobSeeker", "mutation
 * assignCounselor,startSession") in words: 「求職者の詳細（表示）」.
 */
function operationLabel(op: string): string {
  const [kind, fields = ''] = op.split(' ', 2);
  const names = [...new Set(fields.split(',').filter(Boolean).map((f) => FIELD[f] ?? 'その他'))];
  if (!KIND[kind] || names.length === 0) return 'その他の操作';
  return `${names.join('、')}（${KIND[kind]}）`;
}

/** An operation in words, with the name the log keeps underneath for administrators. */
function Operation({ op }: { op: string }) {
  return (
    <>
      {operationLabel(op)}
      <br />
      <span class="small">記録上の名前：{op}</span>
    </>
  );
}

export function AdminRecords() {
  const today = isoDate(new Date());
  const [from, setFrom] = useState(addDays(today, -30));
  const [to, setTo] = useState(addDays(today, 30));
  const [outcome, setOutcome] = useState('');
  const [account, setAccount] = useState('');
  const [access, setAccess] = useState<AdminAccessLogQuery['accessLog'] | null>(null);
  const [stats, setStats] = useState<AdminStatsQuery['usageStatistics'] | null>(null);
  const [jobSeekerId, setJobSeekerId] = useState('');
  const [audit, setAudit] = useState<AdminAuditLogQuery['auditLog'] | null>(null);
  const [fe, setFe] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();

  const loadAccess = async (e: Event) => {
    e.preventDefault();
    const r = await query(AccessLogDoc, {
      filter: { from: `${from}T00:00:00+09:00`, to: `${addDays(to, 1)}T00:00:00+09:00`, outcome: outcome || null, accountId: account.trim() || null },
      before: null,
    });
    if (r.data) {
      setAccess(r.data.accessLog);
      setGeneral(undefined);
    } else {
      const s = splitErrors(r.errors, ['from', 'to', 'accountId', 'outcome']);
      setFe(s.fields);
      setGeneral(s.general);
    }
  };
  const loadStats = async (e: Event) => {
    e.preventDefault();
    const r = await query(StatsDoc, { from, to });
    if (r.data) setStats(r.data.usageStatistics);
    else setGeneral(r.errors.map((x) => x.message).join(' '));
  };
  const loadAudit = async (e: Event) => {
    e.preventDefault();
    if (!jobSeekerId.trim()) {
      setFe({ jobSeekerId: '求職者の番号（詳細画面のアドレスの末尾）を入力してください。' });
      return;
    }
    const r = await query(AuditLogDoc, { jobSeekerId: jobSeekerId.trim(), from, to });
    if (r.data) {
      setAudit(r.data.auditLog);
      setFe({});
    } else {
      const s = splitErrors(r.errors, ['jobSeekerId']);
      setFe(s.fields.jobSeekerId ? s.fields : { jobSeekerId: s.general });
    }
  };
  const max = Math.max(1, ...(stats?.byHour.map((h) => h.count) ?? [1]));

  return (
    <>
      <Title>記録・統計</Title>
      {general && <Notice kind="error">{general}</Notice>}
      <fieldset class="field">
        <legend class="field-label">期間</legend>
        <div class="inline">
          <Field id="from" label="いつから" help="例：2026-12-01" error={fe.from}>
            {(a) => <input {...a} type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />}
          </Field>
          <Field id="to" label="いつまで" error={fe.to}>
            {(a) => <input {...a} type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />}
          </Field>
        </div>
      </fieldset>

      <section aria-labelledby="stats-title">
        <h2 id="stats-title">利用の統計</h2>
        <form onSubmit={loadStats}>
          <button type="submit" class="button secondary">
            統計を表示する
          </button>
        </form>
        {stats && (
          <>
            <dl class="review">
              <div class="review-row"><dt>ご予約</dt><dd>{stats.reservations}件</dd></div>
              <div class="review-row"><dt>相談終了</dt><dd>{stats.completed}件</dd></div>
              <div class="review-row"><dt>キャンセル</dt><dd>{stats.cancelled}件</dd></div>
              <div class="review-row"><dt>欠席</dt><dd>{stats.noShows}件</dd></div>
              <div class="review-row"><dt>期限切れ</dt><dd>{stats.expired}件</dd></div>
            </dl>
            <h3 id="hour-chart">時間帯ごとのご予約（3件未満の時間帯は表示しません）</h3>
            {stats.byHour.length === 0 ? (
              <p>表示できる時間帯はありません。</p>
            ) : (
              <>
                <svg class="chart" role="img" aria-labelledby="hour-chart" viewBox={`0 0 ${stats.byHour.length * 60} 140`}>
                  {stats.byHour.map((h, i) => {
                    const height = Math.round((h.count / max) * 100);
                    return (
                      <g key={h.hour}>
                        <rect x={i * 60 + 10} y={110 - height} width={40} height={height} class="chart-bar" />
                        <text x={i * 60 + 30} y={105 - height} class="chart-label">
                          {h.count}
                        </text>
                        <text x={i * 60 + 30} y={130} class="chart-label">
                          {h.hour}時
                        </text>
                      </g>
                    );
                  })}
                </svg>
                <table class="board">
                  <caption>時間帯ごとのご予約（表）</caption>
                  <thead>
                    <tr>
                      <th scope="col">時間帯</th>
                      <th scope="col">件数</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.byHour.map((h) => (
                      <tr key={h.hour}>
                        <th scope="row">
                          {h.hour}時台
                        </th>
                        <td>{h.count}件</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="access-title">
        <h2 id="access-title">利用の記録</h2>
        <form onSubmit={loadAccess} noValidate>
          <div class="inline">
            <Field id="outcome" label="結果" error={fe.outcome}>
              {(a) => (
                <select {...a} value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)}>
                  <option value="">すべて</option>
                  {Object.entries(OUTCOME).map(([k, label]) => (
                    <option key={k} value={k}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="accountId" label="アカウントの番号" error={fe.accountId}>
              {(a) => <input {...a} type="text" inputMode="numeric" value={account} onInput={(e) => setAccount(e.currentTarget.value)} />}
            </Field>
          </div>
          <button type="submit" class="button secondary">
            記録を表示する
          </button>
        </form>
        {access && (
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="access-caption">
            <table class="board">
              <caption id="access-caption">利用の記録（新しい順、{access.entries.length}件{access.hasNextPage ? '、続きあり' : ''}）</caption>
              <thead>
                <tr>
                  <th scope="col">日時</th>
                  <th scope="col">アカウント</th>
                  <th scope="col">役割</th>
                  <th scope="col">操作</th>
                  <th scope="col">結果</th>
                  <th scope="col">接続元</th>
                </tr>
              </thead>
              <tbody>
                {access.entries.map((x, i) => (
                  <tr key={i}>
                    <th scope="row">{dayTime(x.at)}</th>
                    <td>
                      {x.accountId == null ? (
                        'なし'
                      ) : (
                        <>
                          {x.account ? x.account.name : '見つからないアカウント'}
                          <br />
                          <span class="small">アカウントの番号：{x.accountId}</span>
                        </>
                      )}
                    </td>
                    <td>{ROLE[x.role] ?? x.role}</td>
                    <td>
                      <Operation op={x.operation} />
                    </td>
                    <td>{OUTCOME[x.outcome] ?? `失敗（${x.outcome}）`}</td>
                    <td>
                      {x.ip}
                      {x.device ? `（${x.device}）` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="audit-title">
        <h2 id="audit-title">個人情報の閲覧記録</h2>
        <form onSubmit={loadAudit} noValidate>
          <Field id="jobSeekerId" label="求職者の番号" required help="求職者の詳細画面のアドレスの末尾の番号です。" error={fe.jobSeekerId}>
            {(a) => <input {...a} type="text" inputMode="numeric" value={jobSeekerId} onInput={(e) => setJobSeekerId(e.currentTarget.value)} />}
          </Field>
          <button type="submit" class="button secondary">
            閲覧記録を表示する
          </button>
        </form>
        {audit &&
          (audit.entries.length === 0 ? (
            <p>この期間の閲覧記録はありません。</p>
          ) : (
            <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="audit-caption">
              <table class="board">
                <caption id="audit-caption">閲覧記録（新しい順、{audit.entries.length}件{audit.hasNextPage ? '、続きあり' : ''}）</caption>
                <thead>
                  <tr>
                    <th scope="col">日時</th>
                    <th scope="col">職員</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.entries.map((x, i) => (
                    <tr key={i}>
                      <th scope="row">{dayTime(x.at)}</th>
                      <td>
                        {x.staff ? `${x.staff.name}（${ROLE[x.staff.role] ?? ''}）` : '見つからない職員'}
                        <br />
                        <span class="small">職員の番号：{x.staffId}</span>
                      </td>
                      <td>
                        <Operation op={x.operation} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>
    </>
  );
}
