// 本日の相談: the staff's live queue board. It loads queue(date), then follows
// queueEvents(date, afterSeq) and applies each event once by seq. Rows keep
// their place (sorted by start time, then by id) so that updates never move
// the row under the keyboard focus; changes are announced politely.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { graphql } from '../gql';
import type { BoardQueueQuery } from '../gql/graphql';
import { mutate, query, type ApiError } from '../api';
import { COMPANION, STATUS, addDays, fullDay, isoDate, range, time } from '../format';
import { Field, Loading, Notice, Status, Title, splitErrors, type FieldErrors } from '../ui';
import { followQueue, SeqGate, type Connection } from './live';

graphql(`
  fragment BoardRow on Reservation {
    id
    status
    startsAt
    endsAt
    name
    phone
    channel
    consultation
    companion {
      kind
      note
    }
    counselor {
      id
      name
    }
    readiness {
      source
      overall
    }
    noShowAt
    checkedInAt
    jobSeeker {
      id
      jobSeekerNumber
    }
    version
  }
`);

const QueueDoc = graphql(`
  query BoardQueue($date: Date!) {
    queue(date: $date) {
      date
      seq
      reservations {
        ...BoardRow
      }
    }
    staffAccounts {
      id
      name
      role
    }
    reservationsOnClosedDays {
      id
      startsAt
      endsAt
      name
    }
    unmatchedReplies
  }
`);

const EventsDoc = graphql(`
  subscription BoardEvents($date: Date!, $afterSeq: Int) {
    queueEvents(date: $date, afterSeq: $afterSeq) {
      seq
      type
      at
      reservation {
        ...BoardRow
      }
    }
  }
`);

export type Row = BoardQueueQuery['queue']['reservations'][number];
type Staff = BoardQueueQuery['staffAccounts'][number];

const EVENT: Record<string, string> = {
  CREATED: '新しいご予約が入りました',
  CONFIRMED: 'ご予約が確定しました',
  CANCELLED: 'ご予約がキャンセルされました',
  EXPIRED: 'ご予約が期限切れになりました',
  CHECKED_IN: '待合室に入室しました',
  ASSIGNED: '担当者が変わりました',
  STARTED: '相談が始まりました',
  COMPLETED: '相談が終わりました',
  NO_SHOW: '欠席になりました',
  NO_SHOW_REVERTED: '欠席を取り消しました',
  TERMINATED: '相談を中止しました',
  READINESS: '接続環境の確認結果が届きました',
  WAITING_LONG: '入室したまま欠席判定の時刻を過ぎてお待ちです',
};

const VERDICT: Record<string, string> = { PASS: '問題なし', WARN: '注意あり', FAIL: '問題あり', UNKNOWN: '不明' };
const SOURCE: Record<string, string> = { CHECKER: 'チェッカー', BROWSER: 'ブラウザー' };
const CONNECTION: Record<Connection, string> = {
  connecting: '接続しています…',
  open: '接続中',
  disconnected: '接続が切れました（まもなく再接続します）',
  reconnecting: '再接続中…',
  stopped: '停止中',
};

const order = (a: Row, b: Row) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));

/** Today in Japan time (YYYY-MM-DD). */
const today = () => isoDate(new Date());

export function Board() {
  const { query: params, route } = useLocation();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.date ?? '') ? params.date! : today();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [closed, setClosed] = useState<BoardQueueQuery['reservationsOnClosedDays']>([]);
  const [unmatched, setUnmatched] = useState(0);
  const [errors, setErrors] = useState<ApiError[]>();
  const [conn, setConn] = useState<Connection>('connecting');
  const [fatal, setFatal] = useState('');
  const [announce, setAnnounce] = useState('');
  const [waiting, setWaiting] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<{ kind: Kind; row: Row; opener: HTMLElement | null } | null>(null);
  const gate = useRef(new SeqGate(0));
  // What is typed in the date field; live updates re-render the board and must not reset it.
  const [picked, setPicked] = useState(date);
  useEffect(() => setPicked(date), [date]);

  useEffect(() => {
    let alive = true;
    let stop = () => {};
    setRows(null);
    setErrors(undefined);
    setFatal('');
    setWaiting(new Set());
    query(QueueDoc, { date }).then((r) => {
      if (!alive) return;
      if (!r.data) {
        setErrors(r.errors);
        return;
      }
      const q = r.data.queue;
      setRows([...q.reservations].sort(order));
      setStaff(r.data.staffAccounts);
      setClosed(r.data.reservationsOnClosedDays);
      setUnmatched(r.data.unmatchedReplies);
      gate.current = new SeqGate(q.seq);
      stop = followQueue({
        doc: EventsDoc,
        date,
        afterSeq: () => gate.current.last,
        pick: (d) => d?.queueEvents,
        onConnection: setConn,
        onFatal: setFatal,
        onEvent: (e: { seq: number; type: string; reservation: Row }) => {
          if (!gate.current.accept(e.seq)) return;
          const res = e.reservation;
          setRows((cur) => {
            if (!cur) return cur;
            const i = cur.findIndex((x) => x.id === res.id);
            if (i >= 0) {
              if (cur[i].version > res.version) return cur;
              const next = cur.slice();
              next[i] = res;
              return next;
            }
            return [...cur, res].sort(order);
          });
          setWaiting((w) => {
            const has = w.has(res.id);
            if (e.type === 'WAITING_LONG' && res.status === 'CHECKED_IN' && !has) return new Set(w).add(res.id);
            if (has && res.status !== 'CHECKED_IN') {
              const n = new Set(w);
              n.delete(res.id);
              return n;
            }
            return w;
          });
          setAnnounce(`${time(res.startsAt)}〜${time(res.endsAt)} ${res.name}さん：${EVENT[e.type] ?? '更新されました'}（${STATUS[res.status] ?? ''}）`);
        },
      });
    });
    return () => {
      alive = false;
      stop();
    };
  }, [date]);

  // The WAITING_LONG alert holds while the job seeker is still in the waiting
  // room; a board opened after the event sees it from the no-show time.
  const waitingLong = (r: Row) => r.status === 'CHECKED_IN' && (waiting.has(r.id) || Date.now() >= Date.parse(r.noShowAt));
  const goDate = (d: string) => route(`/staff?date=${d}`);
  const done = (res: Row, message: string) => {
    setRows((cur) => {
      if (!cur) return cur;
      const i = cur.findIndex((x) => x.id === res.id);
      if (i < 0 || cur[i].version > res.version) return cur;
      const next = cur.slice();
      next[i] = res;
      return next;
    });
    setAnnounce(message);
  };

  return (
    <>
      <Title>本日の相談</Title>
      <div class="board-bar">
        <p class="board-date">
          <strong>{fullDay(`${date}T00:00:00+09:00`)}</strong>
          {date === today() ? '（今日）' : ''}
        </p>
        <form
          class="board-date-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (/^\d{4}-\d{2}-\d{2}$/.test(picked)) goDate(picked);
          }}
        >
          <label for="board-date" class="field-label">
            日付を選ぶ
          </label>
          <div class="inline">
            <input type="date" id="board-date" name="board-date" value={picked} onInput={(e) => setPicked(e.currentTarget.value)} />
            <button type="submit" class="button secondary">
              表示する
            </button>
          </div>
        </form>
        <p class="links">
          <a href={`/staff?date=${addDays(date, -1)}`}>前の日</a>
          <a href={`/staff?date=${today()}`}>今日</a>
          <a href={`/staff?date=${addDays(date, 1)}`}>次の日</a>
        </p>
        <p class={`connection connection-${conn}`} id="board-connection">
          更新の状態：<strong>{CONNECTION[conn]}</strong>
        </p>
      </div>
      {fatal && <Notice kind="error">{fatal}</Notice>}
      <Status>{announce}</Status>
      {unmatched > 0 && (
        <Notice>
          受付用のメールボックスに、どのお申し込みへの返信か分からないメールが {unmatched} 件あります。メールソフトで内容を確かめ、必要なら「返信メールが届いた」で記録してください。
        </Notice>
      )}
      {closed.length > 0 && (
        <div class="notice notice-error" role="region" aria-labelledby="closed-title">
          <h2 id="closed-title">休みになった日のご予約</h2>
          <p>予約の後で休みになった日のご予約があります。お電話でご連絡のうえ、キャンセルか別の日へのご予約をお願いします。</p>
          <ul>
            {closed.map((r) => (
              <li key={r.id}>
                <a href={`/staff?date=${isoDate(new Date(r.startsAt))}`}>
                  {range(r.startsAt, r.endsAt)} {r.name}さん
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!rows ? (
        <Loading errors={errors} />
      ) : rows.length === 0 ? (
        <p>この日のご予約はありません。</p>
      ) : (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="board-caption">
          <table class="board">
            <caption id="board-caption">
              {fullDay(`${date}T00:00:00+09:00`)}のご予約（{rows.length}件）
            </caption>
            <thead>
              <tr>
                <th scope="col">時間</th>
                <th scope="col">状態</th>
                <th scope="col">お名前</th>
                <th scope="col">同席者</th>
                <th scope="col">接続環境</th>
                <th scope="col">担当</th>
                <th scope="col">欠席判定</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} id={`row-${r.id}`} class={waitingLong(r) ? 'waiting-long' : undefined}>
                  <th scope="row" tabIndex={-1}>
                    {time(r.startsAt)}〜{time(r.endsAt)}
                  </th>
                  <td>
                    <span class={`badge status-${r.status.toLowerCase()}`}>{STATUS[r.status] ?? ''}</span>
                    {waitingLong(r) && <p class="waiting-note">＊入室したまま、欠席判定の時刻を過ぎてお待ちです。すぐにご対応ください。</p>}
                  </td>
                  <td>
                    {r.name}
                    <br />
                    <span class="small">求職番号 {r.jobSeeker.jobSeekerNumber}</span>
                  </td>
                  <td>
                    {COMPANION[r.companion.kind] ?? ''}
                    {r.companion.note ? `（${r.companion.note}）` : ''}
                  </td>
                  <td>{r.readiness ? `${VERDICT[r.readiness.overall] ?? ''}（${SOURCE[r.readiness.source] ?? ''}）` : '未確認'}</td>
                  <td>{r.counselor?.name ?? '未定'}</td>
                  <td>{time(r.noShowAt)}</td>
                  <td>
                    <RowActions row={r} onAction={(kind, opener) => setAction({ kind, row: r, opener })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {action && (
        <ActionDialog
          kind={action.kind}
          row={rows?.find((r) => r.id === action.row.id) ?? action.row}
          staff={staff}
          onClose={(res, message) => {
            const opener = action.opener;
            setAction(null);
            if (res) done(res, message);
            // Focus goes back to the button that opened the dialog; when the
            // action removed it, to the row's next action (start → complete),
            // its first button, or else its heading cell.
            requestAnimationFrame(() => {
              if (opener && opener.isConnected) return opener.focus();
              const tr = document.getElementById(`row-${action.row.id}`);
              const next = NEXT[action.kind];
              (
                (next && tr?.querySelector<HTMLElement>(`button[data-action="${next}"]`)) ||
                tr?.querySelector<HTMLElement>('button') ||
                tr?.querySelector<HTMLElement>('th')
              )?.focus();
            });
          }}
        />
      )}
    </>
  );
}

type Kind = 'reply' | 'assign' | 'start' | 'complete' | 'terminate' | 'noShow' | 'revert' | 'cancel';

const ACTION: Record<Kind, string> = {
  reply: '返信を記録する',
  assign: '担当を決める',
  start: '相談を始める',
  complete: '相談を終える',
  terminate: '中止する',
  noShow: '欠席にする',
  revert: '欠席を取り消す',
  cancel: 'キャンセルを受け付ける',
};

/** The action that usually follows one that removes its own button. */
const NEXT: Partial<Record<Kind, Kind>> = { start: 'complete', noShow: 'revert', revert: 'noShow', reply: 'assign' };

/** The actions a row's status allows, as buttons. */
function RowActions({ row, onAction }: { row: Row; onAction: (k: Kind, opener: HTMLElement) => void }) {
  const s = row.status;
  const kinds: Kind[] = [];
  const active = s === 'AWAITING_REPLY' || s === 'CONFIRMED' || s === 'CHECKED_IN';
  if (s === 'AWAITING_REPLY') kinds.push('reply');
  if (active || s === 'IN_SESSION') kinds.push('assign');
  const now = Date.now();
  // Sessions start from 15 minutes before; a no-show is marked from the no-show time.
  if ((s === 'CONFIRMED' || s === 'CHECKED_IN') && now >= Date.parse(row.startsAt) - 15 * 60_000) kinds.push('start');
  if (s === 'IN_SESSION') kinds.push('complete');
  if (s === 'CONFIRMED' || s === 'CHECKED_IN' || s === 'IN_SESSION') kinds.push('terminate');
  if (s === 'CONFIRMED' && now >= Date.parse(row.noShowAt)) kinds.push('noShow');
  if (s === 'NO_SHOW') kinds.push('revert');
  if (active && Date.parse(row.noShowAt) > now) kinds.push('cancel');
  if (kinds.length === 0) return <span class="small">なし</span>;
  return (
    <ul class="row-actions">
      {s === 'IN_SESSION' && (
        <li>
          <a class="button small-button secondary" href={`/staff/phone?followUp=${row.id}&jobSeeker=${row.jobSeeker.id}`} aria-label={`次回の予約（${time(row.startsAt)} ${row.name}さん）`}>
            次回の予約
          </a>
        </li>
      )}
      {kinds.map((k) => (
        <li key={k}>
          <button
            type="button"
            class={`button small-button${k === 'terminate' || k === 'cancel' || k === 'noShow' ? ' secondary' : ''}`}
            data-action={k}
            aria-label={`${ACTION[k]}（${time(row.startsAt)} ${row.name}さん）`}
            onClick={(e) => onAction(k, e.currentTarget)}
          >
            {ACTION[k]}
          </button>
        </li>
      ))}
    </ul>
  );
}

const AssignDoc = graphql(`
  mutation BoardAssign($id: ID!, $counselorId: ID) {
    assignCounselor(id: $id, counselorId: $counselorId) {
      ...BoardRow
    }
  }
`);
const StartDoc = graphql(`
  mutation BoardStart($id: ID!) {
    startSession(id: $id) {
      ...BoardRow
    }
  }
`);
const CompleteDoc = graphql(`
  mutation BoardComplete($id: ID!, $note: String) {
    completeSession(id: $id, note: $note) {
      ...BoardRow
    }
  }
`);
const TerminateDoc = graphql(`
  mutation BoardTerminate($id: ID!, $reason: String!) {
    terminateSession(id: $id, reason: $reason) {
      ...BoardRow
    }
  }
`);
const NoShowDoc = graphql(`
  mutation BoardNoShow($id: ID!) {
    markNoShow(id: $id) {
      ...BoardRow
    }
  }
`);
const RevertDoc = graphql(`
  mutation BoardRevertNoShow($id: ID!, $reason: String!) {
    revertNoShow(id: $id, reason: $reason) {
      ...BoardRow
    }
  }
`);
const ReplyDoc = graphql(`
  mutation BoardRecordReply($id: ID!) {
    recordReply(id: $id) {
      ...BoardRow
    }
  }
`);
const CancelDoc = graphql(`
  mutation BoardCancel($id: ID!, $reason: String) {
    cancelReservation(id: $id, reason: $reason, channel: PHONE) {
      ...BoardRow
    }
  }
`);

const QUESTION: Record<Kind, string> = {
  reply: 'ご本人から返信のメールが届いたことを記録し、ご予約を確定します。よろしいですか。',
  assign: 'このご予約の担当者を選んでください。',
  start: 'このご予約の相談を始めます。よろしいですか。',
  complete: '相談を終えます。必要なら記録を残してください。',
  terminate: '相談を中止します。中止した相談は元に戻せません。理由を入力してください。',
  noShow: 'ご連絡のないまま来られなかったとして、欠席にします。よろしいですか。',
  revert: '欠席を取り消して、予約確定に戻します。理由を入力してください。',
  cancel: 'お電話でお申し出のあったキャンセルを受け付けます。取り消したご予約は元に戻せません。理由を入力してください。',
};

const DONE: Record<Kind, string> = {
  reply: 'ご予約を確定しました。',
  assign: '担当者を設定しました。',
  start: '相談を始めました。',
  complete: '相談を終えました。',
  terminate: '相談を中止しました。',
  noShow: '欠席にしました。',
  revert: '欠席を取り消しました。',
  cancel: 'キャンセルを受け付けました。',
};

/** The confirmation of one row action, as a modal dialog. */
function ActionDialog({ kind, row, staff, onClose }: { kind: Kind; row: Row; staff: Staff[]; onClose: (res: Row | null, message: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [counselor, setCounselor] = useState(row.counselor?.id ?? '');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const needsReason = kind === 'terminate' || kind === 'revert' || kind === 'cancel';

  useEffect(() => {
    const d = ref.current!;
    d.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onClose(null, '');
    };
    d.addEventListener('cancel', onCancel);
    return () => {
      d.removeEventListener('cancel', onCancel);
      if (d.open) d.close();
    };
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (needsReason && !text.trim()) {
      setFieldErrors({ reason: '理由を入力してください。' });
      setGeneral(undefined);
      document.getElementById('action-reason')?.focus();
      return;
    }
    setBusy(true);
    const id = row.id;
    let r;
    switch (kind) {
      case 'reply':
        r = await mutate(ReplyDoc, { id }).then((x) => ({ data: x.data?.recordReply, errors: x.errors }));
        break;
      case 'assign':
        r = await mutate(AssignDoc, { id, counselorId: counselor || null }).then((x) => ({ data: x.data?.assignCounselor, errors: x.errors }));
        break;
      case 'start':
        r = await mutate(StartDoc, { id }).then((x) => ({ data: x.data?.startSession, errors: x.errors }));
        break;
      case 'complete':
        r = await mutate(CompleteDoc, { id, note: text.trim() || null }).then((x) => ({ data: x.data?.completeSession, errors: x.errors }));
        break;
      case 'terminate':
        r = await mutate(TerminateDoc, { id, reason: text.trim() }).then((x) => ({ data: x.data?.terminateSession, errors: x.errors }));
        break;
      case 'noShow':
        r = await mutate(NoShowDoc, { id }).then((x) => ({ data: x.data?.markNoShow, errors: x.errors }));
        break;
      case 'revert':
        r = await mutate(RevertDoc, { id, reason: text.trim() }).then((x) => ({ data: x.data?.revertNoShow, errors: x.errors }));
        break;
      case 'cancel':
        r = await mutate(CancelDoc, { id, reason: text.trim() }).then((x) => ({ data: x.data?.cancelReservation, errors: x.errors }));
        break;
    }
    setBusy(false);
    if (r.data) {
      onClose(r.data as Row, `${time(row.startsAt)} ${row.name}さん：${DONE[kind]}`);
      return;
    }
    const split = splitErrors(r.errors ?? [], ['reason', 'note', 'counselorId']);
    // The note of completeSession is shown in the same text area as a reason.
    const fe: FieldErrors = { reason: split.fields.reason ?? split.fields.note, counselorId: split.fields.counselorId };
    setFieldErrors(fe);
    setGeneral(split.general);
    if (fe.reason) document.getElementById('action-reason')?.focus();
  };

  const titleId = 'action-title';
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={titleId} aria-describedby="action-question">
      <form onSubmit={submit} noValidate>
        <h2 id={titleId}>{ACTION[kind]}</h2>
        <p>
          {range(row.startsAt, row.endsAt)}　{row.name}さん
        </p>
        <p id="action-question">{QUESTION[kind]}</p>
        {general && <Notice kind="error">{general}</Notice>}
        {kind === 'assign' && (
          <Field id="action-counselor" label="担当者" error={fieldErrors.counselorId}>
            {(a) => (
              <select {...a} value={counselor} onChange={(e) => setCounselor(e.currentTarget.value)}>
                <option value="">未定</option>
                {staff.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {(needsReason || kind === 'complete') && (
          <Field id="action-reason" label={kind === 'complete' ? '相談の記録' : '理由'} required={needsReason} error={fieldErrors.reason}>
            {(a) => <textarea {...a} rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
          </Field>
        )}
        <div class="actions">
          <button type="submit" class={`button${kind === 'terminate' || kind === 'cancel' ? ' danger' : ''}`} disabled={busy}>
            {kind === 'assign' ? '設定する' : `${ACTION[kind]}`}
          </button>
          <button type="button" class="button secondary" onClick={() => onClose(null, '')}>
            やめる
          </button>
        </div>
      </form>
    </dialog>
  );
}


