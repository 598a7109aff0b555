// 電話・メール受付: staff find the job seeker, pick a slot (full ones shown
// as 満席), and book on their behalf (createApplication, channel PHONE or
// EMAIL, with an idempotency key); then record the reply mail (recordReply).
// With ?followUp=<reservation id>&jobSeeker=<id> the same screen books a
// follow-up during a session (bookFollowUp, confirmed at once).
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { graphql } from '../gql';
import type { PhoneJobSeekersQuery, PhoneSlotsQuery } from '../gql/graphql';
import { mutate, newKey, query, type ApiError } from '../api';
import { COMPANION, STATUS, addDays, dayTime, fullDay, isoDate, range, time } from '../format';
import { ErrorSummary, Field, Notice, Status, Title, focusTitle, requireFilled, splitErrors, type FieldErrors } from '../ui';

const JobSeekersDoc = graphql(`
  query PhoneJobSeekers($search: String) {
    jobSeekers(search: $search, first: 20) {
      edges {
        node {
          id
          name
          jobSeekerNumber
          phone
          email
          eligible
          registrationVerified
          suspended {
            reason
          }
        }
      }
    }
  }
`);

const JobSeekerDoc = graphql(`
  query PhoneJobSeeker($id: ID!) {
    jobSeeker(id: $id) {
      id
      name
      jobSeekerNumber
      phone
      email
      eligible
      registrationVerified
      suspended {
        reason
      }
    }
  }
`);

const RegisterDoc = graphql(`
  mutation PhoneRegisterJobSeeker($input: RegisterJobSeekerInput!) {
    registerJobSeeker(input: $input) {
      id
      name
      jobSeekerNumber
      phone
      email
      eligible
      registrationVerified
      suspended {
        reason
      }
    }
  }
`);

const SlotsDoc = graphql(`
  query PhoneSlots($from: Date!, $to: Date!) {
    availableSlots(from: $from, to: $to) {
      startsAt
      endsAt
      capacity
      remaining
      confirmBy
    }
  }
`);

const CreateDoc = graphql(`
  mutation PhoneCreateApplication($input: ApplicationInput!, $key: String) {
    createApplication(input: $input, idempotencyKey: $key) {
      id
      status
      startsAt
      endsAt
      confirmBy
      channel
    }
  }
`);

const FollowUpDoc = graphql(`
  mutation PhoneBookFollowUp($input: FollowUpInput!, $key: String) {
    bookFollowUp(input: $input, idempotencyKey: $key) {
      id
      status
      startsAt
      endsAt
      confirmBy
      channel
    }
  }
`);

const ReplyDoc = graphql(`
  mutation PhoneRecordReply($id: ID!) {
    recordReply(id: $id) {
      id
      status
      startsAt
      endsAt
      confirmBy
      channel
    }
  }
`);

type Person = PhoneJobSeekersQuery['jobSeekers']['edges'][number]['node'];
type Slot = PhoneSlotsQuery['availableSlots'][number];
type Booked = { id: string; status: string; startsAt: string; endsAt: string; confirmBy: string; channel: string };

const LABELS: Record<string, string> = {
  startsAt: '日時',
  channel: '受付の方法',
  name: 'お名前',
  phone: '電話番号',
  consultation: '相談内容',
  companionKind: '同席者',
  companionNote: '同席者について',
  overrideNoticeReason: '期限を過ぎての受付の理由',
};

export function PhoneReception() {
  const { query: params } = useLocation();
  const followUp = params.followUp;
  const [person, setPerson] = useState<Person | null>(null);
  const [booked, setBooked] = useState<Booked | null>(null);

  // A follow-up starts with the job seeker already known.
  useEffect(() => {
    if (followUp && params.jobSeeker) {
      query(JobSeekerDoc, { id: params.jobSeeker }).then((r) => r.data?.jobSeeker && setPerson(r.data.jobSeeker));
    }
  }, [followUp, params.jobSeeker]);

  if (booked)
    return (
      <Done
        booked={booked}
        person={person!}
        onReply={setBooked}
        onAgain={() => {
          setBooked(null);
          setPerson(null);
          focusTitle();
        }}
      />
    );
  return (
    <>
      <Title>{followUp ? '次回のご予約（相談中）' : '電話・メール受付'}</Title>
      {!followUp && (
        <p>お電話やメールでお申し込みのあった方に代わって、ご予約を受け付けます。受け付けたご予約は、ご本人の返信（確認のメール）が届くまで「お返事待ち」です。</p>
      )}
      {followUp && <p>相談中の方の次回のご予約です。受け付けると、その場で確定します。</p>}
      {!person ? (
        followUp ? (
          <Status>読み込んでいます…</Status>
        ) : (
          <>
            <Search onPick={(p) => { setPerson(p); focusTitle(); }} />
            <Register onRegistered={(p) => { setPerson(p); focusTitle(); }} />
          </>
        )
      ) : (
        <BookingForm person={person} followUp={followUp} onChange={() => setPerson(null)} onBooked={(b) => { setBooked(b); focusTitle(); }} />
      )}
    </>
  );
}

function Search({ onPick }: { onPick: (p: Person) => void }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) {
      setError('お名前・求職番号・電話番号・メールアドレスのどれかを入力してください。');
      return;
    }
    setError(undefined);
    const r = await query(JobSeekersDoc, { search: text.trim() });
    if (!r.data) {
      setError(r.errors.map((x) => x.message).join(' '));
      return;
    }
    const list = r.data.jobSeekers.edges.map((x) => x.node);
    setFound(list);
    setStatus(`${list.length}件見つかりました。`);
  };
  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title">1. 求職者を探す</h2>
      <form onSubmit={submit} noValidate role="search">
        <Field id="search" label="お名前・求職番号・電話番号・メールアドレス" required help="求職番号は「45040-1234567」のように入力します。電話番号は、市外局番から入力してください（ハイフンはなくてもかまいません）。" error={error}>
          {(a) => <input {...a} type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button">
          探す
        </button>
      </form>
      <Status>{status}</Status>
      {found && found.length === 0 && <p>見つかりませんでした。別の言葉でお試しください。</p>}
      {found && found.length > 0 && (
        <ul class="cards">
          {found.map((p) => (
            <li key={p.id} class="card">
              <p class="card-title">
                <strong>{p.name}</strong>（求職番号 {p.jobSeekerNumber}）
              </p>
              <p>
                電話 {p.phone}　メール {p.email}
              </p>
              {!p.registrationVerified && <p>＊求職登録の確認がまだです。</p>}
              {p.suspended && <p>＊利用停止中です（{p.suspended.reason}）。</p>}
              <button type="button" class="button secondary" onClick={() => onPick(p)} aria-label={`この方のご予約を受け付ける（${p.name}さん）`}>
                この方のご予約を受け付ける
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const REGISTER_LABELS: Record<string, string> = {
  name: 'お名前',
  jobSeekerNumber: '求職番号',
  phone: '電話番号',
  email: 'メールアドレス',
};

/**
 * A phone applicant who has no site account is registered by staff
 * (registerJobSeeker): eligible at once; a mail lets them set a password.
 */
function Register({ onRegistered }: { onRegistered: (p: Person) => void }) {
  const [v, setV] = useState({ name: '', jobSeekerNumber: '', phone: '', email: '' });
  const [fe, setFe] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const set = (k: keyof typeof v) => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing = requireFilled(v, Object.keys(REGISTER_LABELS));
    setFe(missing);
    setGeneral(undefined);
    if (Object.values(missing).some(Boolean)) return;
    const r = await mutate(RegisterDoc, {
      input: { name: v.name.trim(), jobSeekerNumber: v.jobSeekerNumber.trim(), phone: v.phone.trim(), email: v.email.trim() },
    });
    if (r.data) {
      onRegistered(r.data.registerJobSeeker);
      return;
    }
    const s = splitErrors(r.errors as ApiError[], Object.keys(REGISTER_LABELS));
    setFe(s.fields);
    setGeneral(s.general);
  };
  return (
    <section aria-labelledby="register-title">
      <h2 id="register-title">サイトのアカウントがない方</h2>
      <p>見つからない方は、ここで登録できます。登録するとすぐにご予約を受け付けられます。ご本人には、サイトを使う場合のパスワード設定のメールが届きます。</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={fe} labels={REGISTER_LABELS} general={general} />
        <Field id="name" label="お名前" required error={fe.name}>
          {(a) => <input {...a} type="text" autocomplete="off" value={v.name} onInput={set('name')} />}
        </Field>
        <Field id="jobSeekerNumber" label="求職番号" required help="ハローワーク受付票に記載の番号です（例：45040-1234567）。" error={fe.jobSeekerNumber}>
          {(a) => <input {...a} type="text" inputMode="numeric" autocomplete="off" value={v.jobSeekerNumber} onInput={set('jobSeekerNumber')} />}
        </Field>
        <Field id="phone" label="電話番号" required help="例：0986-22-1234" error={fe.phone}>
          {(a) => <input {...a} type="tel" autocomplete="off" value={v.phone} onInput={set('phone')} />}
        </Field>
        <Field id="email" label="メールアドレス" required help="ご予約の確認のメールが届くアドレスです。" error={fe.email}>
          {(a) => <input {...a} type="email" autocomplete="off" value={v.email} onInput={set('email')} />}
        </Field>
        <button type="submit" class="button secondary">
          登録して、ご予約を受け付ける
        </button>
      </form>
    </section>
  );
}

function slotLabel(s: Slot): string {
  if (s.remaining <= 0) return '満席';
  if (s.remaining === 1) return '残り1';
  return '空きあり';
}

function BookingForm({ person, followUp, onChange, onBooked }: { person: Person; followUp?: string; onChange: () => void; onBooked: (b: Booked) => void }) {
  const [date, setDate] = useState(() => addDays(isoDate(new Date()), 1));
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [slotError, setSlotError] = useState<string>();
  const [v, setV] = useState({ startsAt: '', channel: 'PHONE', name: person.name, phone: person.phone, consultation: '', companionKind: 'NONE', companionNote: '', overrideNoticeReason: '' });
  const [step, setStep] = useState<'form' | 'review'>('form');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [showOverride, setShowOverride] = useState(false);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  const set = (patch: Partial<typeof v>) => {
    setV((x) => ({ ...x, ...patch }));
    key.current = newKey();
  };

  useEffect(() => {
    setSlots(null);
    query(SlotsDoc, { from: date, to: date }).then((r) => {
      if (r.data) {
        setSlots(r.data.availableSlots);
        setSlotError(undefined);
      } else setSlotError(r.errors.map((e) => e.message).join(' '));
    });
  }, [date]);

  const chosen = slots?.find((s) => s.startsAt === v.startsAt);
  const insideNotice = !!chosen && Date.parse(chosen.confirmBy) < Date.now();

  const toReview = (e: Event) => {
    e.preventDefault();
    const required = ['startsAt', 'consultation', ...(followUp ? [] : ['name', 'phone'])];
    const missing = requireFilled(v as Record<string, string>, required);
    if (missing.startsAt) missing.startsAt = '日時を選んでください。';
    setErrors(missing);
    setGeneral(undefined);
    if (Object.values(missing).some(Boolean)) return;
    setStep('review');
    focusTitle();
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    const companion = v.companionKind === 'NONE' ? null : { kind: v.companionKind as 'INTERPRETER', note: v.companionNote.trim() || null };
    let res: { data?: Booked | null; errors?: ApiError[] };
    if (followUp) {
      const r = await mutate(FollowUpDoc, { input: { jobSeekerId: person.id, fromReservationId: followUp, startsAt: v.startsAt, consultation: v.consultation.trim(), companion }, key: key.current });
      res = { data: r.data?.bookFollowUp, errors: r.errors };
    } else {
      const r = await mutate(CreateDoc, {
        input: {
          jobSeekerId: person.id,
          startsAt: v.startsAt,
          name: v.name.trim(),
          phone: v.phone.trim(),
          consultation: v.consultation.trim(),
          companion,
          channel: v.channel as 'PHONE',
          overrideNoticeReason: v.overrideNoticeReason.trim() || null,
        },
        key: key.current,
      });
      res = { data: r.data?.createApplication, errors: r.errors };
    }
    setBusy(false);
    if (res.data) {
      onBooked(res.data);
      return;
    }
    const errs = res.errors ?? [];
    // Inside the notice period the terms allow staff to book only with a reason.
    if (errs.some((e) => e.code === 'TOO_LATE') && !followUp) {
      setShowOverride(true);
      const msg = errs.find((e) => e.code === 'TOO_LATE')!.message;
      setErrors({ overrideNoticeReason: `${msg} 受け付ける場合は理由を入力してください。` });
      setGeneral(undefined);
      setStep('form');
      return;
    }
    const split = splitErrors(errs, Object.keys(LABELS));
    if (errs.some((e) => e.code === 'SLOT_FULL')) split.fields.startsAt = errs.find((e) => e.code === 'SLOT_FULL')!.message;
    setErrors(split.fields);
    setGeneral(Object.values(split.fields).some(Boolean) ? split.general : split.general);
    setStep('form');
  };

  if (step === 'review') {
    return (
      <section aria-labelledby="review-title">
        <h2 id="review-title">内容の確認</h2>
        <dl class="review">
          <Row label="求職者">
            {person.name}（求職番号 {person.jobSeekerNumber}）
          </Row>
          <Row label="日時">{chosen ? range(chosen.startsAt, chosen.endsAt) : ''}</Row>
          {!followUp && <Row label="受付の方法">{v.channel === 'PHONE' ? '電話' : 'メール'}</Row>}
          {!followUp && <Row label="お名前">{v.name}</Row>}
          {!followUp && <Row label="電話番号">{v.phone}</Row>}
          <Row label="相談内容">{v.consultation}</Row>
          <Row label="同席者">
            {COMPANION[v.companionKind]}
            {v.companionNote ? `（${v.companionNote}）` : ''}
          </Row>
          {v.overrideNoticeReason.trim() && <Row label="期限を過ぎての受付の理由">{v.overrideNoticeReason}</Row>}
        </dl>
        <div class="actions">
          <button type="button" class="button" onClick={submit} disabled={busy}>
            {followUp ? '次回のご予約を確定する' : 'ご予約を受け付ける'}
          </button>
          <button type="button" class="button secondary" onClick={() => { setStep('form'); focusTitle(); }}>
            修正する
          </button>
        </div>
      </section>
    );
  }

  const days = [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(isoDate(new Date()), n));
  return (
    <section aria-labelledby="form-title">
      <h2 id="form-title">2. ご予約の内容</h2>
      <p>
        求職者：<strong>{person.name}</strong>（求職番号 {person.jobSeekerNumber}）
        {!followUp && (
          <button type="button" class="link-button" onClick={onChange}>
            別の方を選ぶ
          </button>
        )}
      </p>
      {!person.eligible && <Notice kind="error">この方は、いまはご予約できない状態です（求職登録やメールアドレスの確認がまだか、利用停止中です）。</Notice>}
      <ErrorSummary errors={errors} labels={LABELS} general={general} />
      <form onSubmit={toReview} noValidate>
        <Field id="date" label="日付" help={`例：${days[1]}。近い日：${days.slice(1, 4).map((d) => fullDay(`${d}T00:00:00+09:00`)).join('、')}`}>
          {(a) => <input {...a} type="date" value={date} onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)} />}
        </Field>
        <fieldset class="field" aria-describedby={errors.startsAt ? 'startsAt-error' : undefined}>
          <legend class="field-label">
            時間<span class="req">※必須</span>
          </legend>
          {slotError && <Notice kind="error">{slotError}</Notice>}
          {!slots ? (
            <Status>読み込んでいます…</Status>
          ) : slots.length === 0 ? (
            <p>この日は受け付けられる時間がありません（休みの日か、受付の期間外です）。</p>
          ) : (
            <div class="radios slot-radios" id="startsAt" tabIndex={-1}>
              {slots.map((s) => (
                <label key={s.startsAt} class={`radio${s.remaining <= 0 ? ' slot-full' : ''}`}>
                  <input
                    type="radio"
                    name="startsAt"
                    value={s.startsAt}
                    checked={v.startsAt === s.startsAt}
                    disabled={s.remaining <= 0}
                    aria-invalid={errors.startsAt ? 'true' : undefined}
                    onChange={() => set({ startsAt: s.startsAt })}
                  />
                  {time(s.startsAt)}〜{time(s.endsAt)}（{slotLabel(s)}）
                </label>
              ))}
            </div>
          )}
          {errors.startsAt && (
            <p id="startsAt-error" class="error-text">
              ＊{errors.startsAt}
            </p>
          )}
        </fieldset>
        {!followUp && (
          <fieldset class="field">
            <legend class="field-label">
              受付の方法<span class="req">※必須</span>
            </legend>
            <div class="radios" id="channel">
              <label class="radio">
                <input type="radio" name="channel" value="PHONE" checked={v.channel === 'PHONE'} onChange={() => set({ channel: 'PHONE' })} />
                電話
              </label>
              <label class="radio">
                <input type="radio" name="channel" value="EMAIL" checked={v.channel === 'EMAIL'} onChange={() => set({ channel: 'EMAIL' })} />
                メール
              </label>
            </div>
          </fieldset>
        )}
        {!followUp && (
          <Field id="name" label="お名前" required error={errors.name}>
            {(a) => <input {...a} type="text" autoComplete="off" value={v.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
          </Field>
        )}
        {!followUp && (
          <Field id="phone" label="電話番号" required help="このご予約で連絡する番号です。例：0986-22-1234" error={errors.phone}>
            {(a) => <input {...a} type="tel" autoComplete="off" value={v.phone} onInput={(e) => set({ phone: e.currentTarget.value })} />}
          </Field>
        )}
        <Field id="consultation" label="相談内容" required error={errors.consultation}>
          {(a) => <textarea {...a} rows={3} value={v.consultation} onInput={(e) => set({ consultation: e.currentTarget.value })} />}
        </Field>
        <Field id="companionKind" label="同席者" error={errors.companionKind}>
          {(a) => (
            <select {...a} value={v.companionKind} onChange={(e) => set({ companionKind: e.currentTarget.value })}>
              {Object.entries(COMPANION).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {v.companionKind !== 'NONE' && (
          <Field id="companionNote" label="同席者について" error={errors.companionNote}>
            {(a) => <input {...a} type="text" value={v.companionNote} onInput={(e) => set({ companionNote: e.currentTarget.value })} />}
          </Field>
        )}
        {!followUp && (showOverride || insideNotice || v.overrideNoticeReason) && (
          <Field
            id="overrideNoticeReason"
            label="期限を過ぎての受付の理由"
            required
            help="確定の期限（2開庁日前）を過ぎた日時は、理由を記録したときだけ受け付けられます。"
            error={errors.overrideNoticeReason}
          >
            {(a) => <textarea {...a} rows={2} value={v.overrideNoticeReason} onInput={(e) => set({ overrideNoticeReason: e.currentTarget.value })} />}
          </Field>
        )}
        <button type="submit" class="button">
          確認画面へ進む
        </button>
      </form>
    </section>
  );
}

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="review-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Done({ booked, person, onReply, onAgain }: { booked: Booked; person: Person; onReply: (b: Booked) => void; onAgain: () => void }) {
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');
  const reply = async () => {
    const r = await mutate(ReplyDoc, { id: booked.id });
    if (r.data) {
      onReply(r.data.recordReply);
      setStatus('返信を記録しました。ご予約が確定しました。');
      setError(undefined);
    } else setError(r.errors.map((e) => e.message).join(' '));
  };
  return (
    <>
      <Title>{booked.status === 'AWAITING_REPLY' ? 'ご予約を受け付けました' : 'ご予約が確定しました'}</Title>
      <Status>{status}</Status>
      {error && <Notice kind="error">{error}</Notice>}
      <dl class="review">
        <Row label="求職者">
          {person.name}（求職番号 {person.jobSeekerNumber}）
        </Row>
        <Row label="予約番号">{booked.id}</Row>
        <Row label="日時">{range(booked.startsAt, booked.endsAt)}</Row>
        <Row label="状態">{STATUS[booked.status] ?? ''}</Row>
        {booked.status === 'AWAITING_REPLY' && <Row label="予約確定の期限">{dayTime(booked.confirmBy)}</Row>}
      </dl>
      {booked.status === 'AWAITING_REPLY' && (
        <>
          <p>ご本人にメールを送りました。ご本人の返信メールが届いたら「返信メールが届いた」を押してください。期限までに確定されないと、ご予約は期限切れになります。</p>
          <p>
            <button type="button" class="button" onClick={reply}>
              返信メールが届いた
            </button>
          </p>
        </>
      )}
      <p class="links">
        <a href={`/staff?date=${isoDate(new Date(booked.startsAt))}`}>この日の相談一覧へ</a>
      </p>
      <p>
        <button type="button" class="button secondary" onClick={onAgain}>
          続けて別の方を受け付ける
        </button>
      </p>
    </>
  );
}
