// 管理 (ADMIN): office settings with a before/after confirmation, the office
// calendar as a month view, and staff accounts.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { graphql } from '../gql';
import type { AdminCalendarQuery, AdminOfficeQuery, AdminStaffQuery } from '../gql/graphql';
import { mutate, query } from '../api';
import { STATUS, addDays, day, fullDay, isoDate, range } from '../format';
import { ErrorSummary, Field, Loading, Notice, Status, Title, focusTitle, requireFilled, splitErrors, useLoad, type FieldErrors } from '../ui';
import { useSession } from '../session';

export function AdminHome() {
  return (
    <>
      <Title>管理</Title>
      <ul class="links admin-links">
        <li>
          <a href="/admin/office">事業所設定</a>
        </li>
        <li>
          <a href="/admin/calendar">開庁カレンダー</a>
        </li>
        <li>
          <a href="/admin/staff">職員アカウント</a>
        </li>
        <li>
          <a href="/admin/terms">利用規約の版</a>
        </li>
        <li>
          <a href="/admin/booths">ブース</a>
        </li>
        <li>
          <a href="/admin/import">求職番号の取込</a>
        </li>
        <li>
          <a href="/admin/records">記録・統計</a>
        </li>
      </ul>
    </>
  );
}

// ---- 事業所設定 ----

const OfficeDoc = graphql(`
  query AdminOffice {
    office {
      name
      opensAt
      closesAt
      capacity
      noticeOfficeDays
      horizonDays
    }
  }
`);
const UpdateOfficeDoc = graphql(`
  mutation AdminUpdateOffice($input: OfficeInput!) {
    updateOffice(input: $input) {
      name
      opensAt
      closesAt
      capacity
      noticeOfficeDays
      horizonDays
    }
  }
`);

type OfficeValues = Omit<AdminOfficeQuery['office'], '__typename'>;
const OFFICE_LABELS: Record<keyof OfficeValues, string> = {
  name: '事業所の名前',
  opensAt: '受付の開始時刻',
  closesAt: '受付の終了時刻',
  capacity: '1枠の席数',
  noticeOfficeDays: '確定の期限（何開庁日前まで）',
  horizonDays: '予約を受け付ける期間（日数）',
};
const NUMERIC: (keyof OfficeValues)[] = ['capacity', 'noticeOfficeDays', 'horizonDays'];

export function AdminOffice() {
  const { data, errors, set } = useLoad(() => query(OfficeDoc, {}), []);
  const [v, setV] = useState<Record<string, string> | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [fe, setFe] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [status, setStatus] = useState('');
  useEffect(() => {
    if (data && !v) setV(Object.fromEntries(Object.keys(OFFICE_LABELS).map((k) => [k, String(data.office[k as keyof OfficeValues])])));
  }, [data]);
  if (!data || !v) return (<><Title>事業所設定</Title><Loading errors={errors} /></>);
  const before = data.office;
  const changed = (Object.keys(OFFICE_LABELS) as (keyof OfficeValues)[]).filter((k) => String(before[k]) !== v[k].trim());

  const review = (e: Event) => {
    e.preventDefault();
    setStatus('');
    const missing = requireFilled(v, Object.keys(OFFICE_LABELS));
    for (const k of NUMERIC) if (!missing[k] && !/^\d+$/.test(v[k].trim())) missing[k] = '半角の数字で入力してください。';
    setFe(missing);
    setGeneral(undefined);
    if (Object.values(missing).some(Boolean)) return;
    if (changed.length === 0) {
      setGeneral('変更された項目がありません。');
      return;
    }
    setConfirming(true);
    focusTitle();
  };
  const save = async () => {
    const input: Record<string, string | number> = {};
    for (const k of changed) input[k] = NUMERIC.includes(k) ? Number(v[k].trim()) : v[k].trim();
    const r = await mutate(UpdateOfficeDoc, { input });
    setConfirming(false);
    if (r.data) {
      set({ office: r.data.updateOffice });
      setStatus('事業所設定を変更しました。新しいご予約から使われます。');
    } else {
      const s = splitErrors(r.errors, Object.keys(OFFICE_LABELS));
      setFe(s.fields);
      setGeneral(s.general);
    }
  };

  if (confirming) {
    return (
      <>
        <Title>事業所設定の変更の確認</Title>
        <p>次のとおり変更します。変更は、これから受け付けるご予約に使われます。</p>
        <table class="board">
          <caption>変更する項目</caption>
          <thead>
            <tr>
              <th scope="col">項目</th>
              <th scope="col">変更前</th>
              <th scope="col">変更後</th>
            </tr>
          </thead>
          <tbody>
            {changed.map((k) => (
              <tr key={k}>
                <th scope="row">{OFFICE_LABELS[k]}</th>
                <td>{String(before[k])}</td>
                <td>{v[k].trim()}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="actions">
          <button type="button" class="button" onClick={save}>
            この内容で変更する
          </button>
          <button type="button" class="button secondary" onClick={() => { setConfirming(false); focusTitle(); }}>
            修正する
          </button>
        </div>
      </>
    );
  }
  return (
    <>
      <Title>事業所設定</Title>
      <Status>{status}</Status>
      <ErrorSummary errors={fe} labels={OFFICE_LABELS} general={general} />
      <form onSubmit={review} noValidate>
        {(Object.keys(OFFICE_LABELS) as (keyof OfficeValues)[]).map((k) => (
          <Field
            key={k}
            id={k}
            label={OFFICE_LABELS[k]}
            required
            help={k === 'opensAt' || k === 'closesAt' ? '例：08:30（5分単位）' : NUMERIC.includes(k) ? '半角の数字' : undefined}
            error={fe[k]}
          >
            {(a) => <input {...a} type="text" inputMode={NUMERIC.includes(k) ? 'numeric' : undefined} value={v[k]} onInput={(e) => setV({ ...v, [k]: e.currentTarget.value })} />}
          </Field>
        ))}
        <button type="submit" class="button">
          変更内容を確認する
        </button>
      </form>
    </>
  );
}

// ---- 開庁カレンダー ----

const CalendarDoc = graphql(`
  query AdminCalendar($from: Date!, $to: Date!) {
    calendar(from: $from, to: $to) {
      date
      open
      reason
      activeReservations {
        id
        status
        startsAt
        endsAt
        name
        phone
      }
    }
  }
`);
const SetOverrideDoc = graphql(`
  mutation AdminSetCalendarOverride($date: Date!, $open: Boolean!, $reason: String!) {
    setCalendarOverride(date: $date, open: $open, reason: $reason) {
      date
      open
      reason
      activeReservations {
        id
        status
        startsAt
        endsAt
        name
        phone
      }
    }
  }
`);
const ClearOverrideDoc = graphql(`
  mutation AdminClearCalendarOverride($date: Date!) {
    clearCalendarOverride(date: $date) {
      date
      open
      reason
      activeReservations {
        id
        status
        startsAt
        endsAt
        name
        phone
      }
    }
  }
`);

type CalDay = AdminCalendarQuery['calendar'][number];
const WEEK = ['日', '月', '火', '水', '木', '金', '土'];

export function AdminCalendar() {
  const { query: params, route } = useLocation();
  const month = /^\d{4}-\d{2}$/.test(params.month ?? '') ? params.month! : isoDate(new Date()).slice(0, 7);
  const first = `${month}-01`;
  const last = addDays(addDays(first, 31).slice(0, 7) + '-01', -1);
  const { data, errors, update } = useLoad(() => query(CalendarDoc, { from: first, to: last }), [month]);
  const [picked, setPicked] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [fe, setFe] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [status, setStatus] = useState('');

  const prev = addDays(first, -1).slice(0, 7);
  const next = addDays(last, 1).slice(0, 7);
  const [y, m] = month.split('-').map(Number);
  const lead = dayOfWeek(first);
  const days = data?.calendar ?? [];
  const cells: (CalDay | null)[] = [...Array(lead).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  const weeks: (CalDay | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const chosen = days.find((d) => d.date === picked);

  const apply = (res: CalDay, message: string) => {
    update((d) => ({ calendar: d.calendar.map((x) => (x.date === res.date ? res : x)) }));
    setStatus(message);
    setReason('');
  };
  const setOpen = async (open: boolean) => {
    if (!chosen) return;
    if (!reason.trim()) {
      setFe({ reason: '理由を入力してください。' });
      document.getElementById('reason')?.focus();
      return;
    }
    setFe({});
    const r = await mutate(SetOverrideDoc, { date: chosen.date, open, reason: reason.trim() });
    if (r.data) apply(r.data.setCalendarOverride, `${day(`${chosen.date}T00:00:00+09:00`)}を${open ? '開庁日' : '休み'}にしました。`);
    else {
      const s = splitErrors(r.errors, ['reason']);
      setFe(s.fields);
      setGeneral(s.general);
    }
  };
  const clear = async () => {
    if (!chosen) return;
    const r = await mutate(ClearOverrideDoc, { date: chosen.date });
    if (r.data) apply(r.data.clearCalendarOverride, `${day(`${chosen.date}T00:00:00+09:00`)}を標準の暦に戻しました。`);
    else setGeneral(r.errors.map((e) => e.message).join(' '));
  };

  return (
    <>
      <Title>開庁カレンダー</Title>
      <p class="links board-bar">
        <a href={`/admin/calendar?month=${prev}`}>前の月</a>
        <a href={`/admin/calendar?month=${next}`}>次の月</a>
      </p>
      <Status>{status}</Status>
      {!data ? (
        <Loading errors={errors} />
      ) : (
        <table class="calendar">
          <caption>
            {y}年{m}月
          </caption>
          <thead>
            <tr>
              {WEEK.map((w) => (
                <th scope="col" key={w}>
                  {w}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((w, i) => (
              <tr key={i}>
                {w.map((d, j) =>
                  d ? (
                    <td key={d.date} class={d.open ? 'cal-open' : 'cal-closed'}>
                      <button
                        type="button"
                        class="cal-day"
                        aria-pressed={picked === d.date}
                        onClick={() => {
                          setPicked(d.date);
                          setFe({});
                          setGeneral(undefined);
                          requestAnimationFrame(() => document.getElementById('day-title')?.focus());
                        }}
                      >
                        <span class="cal-num">{Number(d.date.slice(8))}日</span>
                        <span>{d.open ? '開庁日' : `休み（${d.reason ?? ''}）`}</span>
                        {(d.activeReservations?.length ?? 0) > 0 && <span>予約 {d.activeReservations!.length}件</span>}
                      </button>
                    </td>
                  ) : (
                    <td key={`e${j}`} />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && (
        <section aria-labelledby="day-title" class="day-panel">
          <h2 id="day-title" tabIndex={-1}>
            {fullDay(`${chosen.date}T00:00:00+09:00`)}：{chosen.open ? '開庁日' : `休み（${chosen.reason ?? ''}）`}
          </h2>
          {general && <Notice kind="error">{general}</Notice>}
          {!chosen.open && (chosen.activeReservations?.length ?? 0) > 0 && (
            <Notice kind="error">
              <p>この日のご予約が残っています。お電話でご連絡のうえ、キャンセルか別の日へのご予約をお願いします。</p>
            </Notice>
          )}
          {(chosen.activeReservations?.length ?? 0) > 0 ? (
            <ul class="cards" aria-label="この日のご予約">
              {chosen.activeReservations!.map((r) => (
                <li key={r.id} class="card">
                  {range(r.startsAt, r.endsAt)}　{r.name}さん　電話 {r.phone}　{STATUS[r.status] ?? ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>この日のご予約はありません。</p>
          )}
          <Field id="reason" label="変更の理由" required help="例：台風のため臨時休庁" error={fe.reason}>
            {(a) => <input {...a} type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
          </Field>
          <div class="actions">
            {chosen.open ? (
              <button type="button" class="button danger" onClick={() => setOpen(false)}>
                休みにする
              </button>
            ) : (
              <button type="button" class="button" onClick={() => setOpen(true)}>
                開庁日にする
              </button>
            )}
            <button type="button" class="button secondary" onClick={clear}>
              標準の暦に戻す
            </button>
          </div>
        </section>
      )}
      <p>
        <button type="button" class="link-button" onClick={() => route(`/admin/calendar?month=${isoDate(new Date()).slice(0, 7)}`)}>
          今月へ
        </button>
      </p>
    </>
  );
}

function dayOfWeek(d: string): number {
  return new Date(`${d}T12:00:00+09:00`).getUTCDay();
}

// ---- 職員アカウント ----

const StaffDoc = graphql(`
  query AdminStaff {
    staffAccounts {
      id
      name
      email
      role
    }
  }
`);
const CreateStaffDoc = graphql(`
  mutation AdminCreateStaff($input: CreateStaffInput!) {
    createStaff(input: $input) {
      id
      name
      email
      role
    }
  }
`);
const DeactivateDoc = graphql(`
  mutation AdminDeactivateStaff($id: ID!) {
    deactivateStaff(id: $id) {
      id
    }
  }
`);

const ROLE: Record<string, string> = { COUNSELOR: '相談員', ADMIN: '管理者' };
const STAFF_LABELS: Record<string, string> = { name: 'お名前', email: 'メールアドレス', password: '初めのパスワード', role: '役割' };

export function AdminStaff() {
  const { me } = useSession();
  const { data, errors, reload } = useLoad(() => query(StaffDoc, {}), []);
  const [v, setV] = useState({ name: '', email: '', password: '', role: 'COUNSELOR' });
  const [fe, setFe] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [status, setStatus] = useState('');
  const [confirm, setConfirm] = useState<AdminStaffQuery['staffAccounts'][number] | null>(null);

  const create = async (e: Event) => {
    e.preventDefault();
    const missing = requireFilled(v, ['name', 'email', 'password']);
    setFe(missing);
    setGeneral(undefined);
    if (Object.values(missing).some(Boolean)) return;
    const r = await mutate(CreateStaffDoc, { input: { name: v.name.trim(), email: v.email.trim(), password: v.password, role: v.role as 'COUNSELOR' } });
    if (r.data) {
      setStatus(`${r.data.createStaff.name}さんのアカウントを作りました。`);
      setV({ name: '', email: '', password: '', role: 'COUNSELOR' });
      reload();
    } else {
      const s = splitErrors(r.errors, Object.keys(STAFF_LABELS));
      setFe(s.fields);
      setGeneral(s.general);
    }
  };
  const deactivate = async () => {
    if (!confirm) return;
    const r = await mutate(DeactivateDoc, { id: confirm.id });
    const who = confirm.name;
    setConfirm(null);
    if (r.data) {
      setStatus(`${who}さんのアカウントを無効にしました。`);
      reload();
    } else setGeneral(r.errors.map((e) => e.message).join(' '));
  };

  return (
    <>
      <Title>職員アカウント</Title>
      <Status>{status}</Status>
      {!data ? (
        <Loading errors={errors} />
      ) : (
        <table class="board">
          <caption>職員（{data.staffAccounts.length}人）</caption>
          <thead>
            <tr>
              <th scope="col">お名前</th>
              <th scope="col">メールアドレス</th>
              <th scope="col">役割</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {data.staffAccounts.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>{s.email}</td>
                <td>{ROLE[s.role] ?? ''}</td>
                <td>
                  {s.id !== me?.id && (
                    <button type="button" class="button small-button secondary" aria-label={`無効にする（${s.name}さん）`} onClick={() => setConfirm(s)}>
                      無効にする
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm && (
        <div class="notice notice-error" role="alertdialog" aria-labelledby="deact-title" aria-describedby="deact-text">
          <h2 id="deact-title">{confirm.name}さんのアカウントを無効にしますか</h2>
          <p id="deact-text">無効にすると、ログイン中の画面はすぐに終わり、このアカウントではもうログインできません。</p>
          <div class="actions">
            <button type="button" class="button danger" onClick={deactivate}>
              無効にする
            </button>
            <button type="button" class="button secondary" onClick={() => setConfirm(null)}>
              やめる
            </button>
          </div>
        </div>
      )}
      <section aria-labelledby="new-staff">
        <h2 id="new-staff">職員を追加する</h2>
        <ErrorSummary errors={fe} labels={STAFF_LABELS} general={general} />
        <form onSubmit={create} noValidate>
          <Field id="name" label="お名前" required error={fe.name}>
            {(a) => <input {...a} type="text" value={v.name} onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />}
          </Field>
          <Field id="email" label="メールアドレス" required error={fe.email}>
            {(a) => <input {...a} type="email" autoComplete="off" value={v.email} onInput={(e) => setV({ ...v, email: e.currentTarget.value })} />}
          </Field>
          <Field id="password" label="初めのパスワード" required help="10文字以上。ご本人に伝え、最初のログインの後で変えてもらってください。" error={fe.password}>
            {(a) => <input {...a} type="password" autoComplete="new-password" value={v.password} onInput={(e) => setV({ ...v, password: e.currentTarget.value })} />}
          </Field>
          <fieldset class="field">
            <legend class="field-label">
              役割<span class="req">※必須</span>
            </legend>
            <div class="radios" id="role">
              {Object.entries(ROLE).map(([k, label]) => (
                <label class="radio" key={k}>
                  <input type="radio" name="role" value={k} checked={v.role === k} onChange={() => setV({ ...v, role: k })} />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" class="button">
            追加する
          </button>
        </form>
      </section>
    </>
  );
}
