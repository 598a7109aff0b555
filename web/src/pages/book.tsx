import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { CompanionKind, RequestReservationMutation } from '../gql/graphql';
import { mutate, newKey, query } from '../api';
import { COMPANION, STATUS, dayTime, range } from '../format';
import { useSession } from '../session';
import { ErrorSummary, Field, Loading, Notice, Status, Title, focusTitle, requireFilled, splitErrors, useDraft, useLoad, type FieldErrors } from '../ui';
import { JobSeekerNumberField } from './signup';

const BookDataDoc = graphql(`
  query BookData {
    currentTerms {
      id
      title
    }
    office {
      sessionMinutes
    }
  }
`);

const RequestDoc = graphql(`
  mutation RequestReservation($input: ReservationInput!, $key: String) {
    requestReservation(input: $input, idempotencyKey: $key) {
      id
      status
      startsAt
      endsAt
      confirmBy
    }
  }
`);

const LABELS: Record<string, string> = {
  phone: '電話番号',
  jobSeekerNumber: '求職番号',
  consultation: '相談内容',
  companionKind: '同席者',
  companionNote: '同席者について',
  agreed: '利用規約への同意',
};

/** Where the server's extensions.field points, as this form's field ids. */
const SERVER_FIELDS: Record<string, string> = {
  'companion.kind': 'companionKind',
  'companion.note': 'companionNote',
  agreedTermsId: 'agreed',
};

type Step = 'form' | 'confirm' | 'done';
type Booked = RequestReservationMutation['requestReservation'];

interface Draft {
  phone: string;
  jobSeekerNumber: string;
  consultation: string;
  companionKind: CompanionKind;
  companionNote: string;
  agreed: boolean;
  key: string;
}

/** 予約: the form → 確認画面 → 完了. */
export function Book() {
  const { query: q } = useLocation();
  const startsAt = q.startsAt ?? '';
  const { me } = useSession();
  const js = me?.jobSeeker;
  const { data, errors: loadErrors } = useLoad(() => query(BookDataDoc, {}), []);
  const [draft, update, clear] = useDraft<Draft>(`soudan.book.${startsAt}`, () => ({
    phone: js?.phone ?? '',
    jobSeekerNumber: js?.jobSeekerNumber ?? '',
    consultation: '',
    companionKind: 'NONE',
    companionNote: '',
    agreed: false,
    key: newKey(),
  }));
  const [step, setStep] = useState<Step>('form');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [booked, setBooked] = useState<Booked>();
  const go = (s: Step, focus?: string) => {
    setStep(s);
    if (focus) requestAnimationFrame(() => document.getElementById(focus)?.focus());
    else focusTitle();
  };

  if (!js) {
    return (
      <>
        <Title>ご予約</Title>
        <Notice kind="error">このアカウントではご予約できません。求職者としてログインしてください。</Notice>
      </>
    );
  }
  const endsAt = data ? new Date(new Date(startsAt).getTime() + data.office.sessionMinutes * 60000).toISOString() : startsAt;
  const when = startsAt && !Number.isNaN(Date.parse(startsAt)) ? range(startsAt, endsAt) : '';
  if (!when) {
    return (
      <>
        <Title>ご予約</Title>
        <Notice kind="error">日時が選ばれていません。</Notice>
        <p>
          <a href="/slots">空き状況から選ぶ</a>
        </p>
      </>
    );
  }

  const toConfirm = (e: Event) => {
    e.preventDefault();
    const missing = requireFilled(draft as unknown as Record<string, string>, ['phone', 'jobSeekerNumber', 'consultation']);
    if (draft.companionKind !== 'NONE' && !draft.companionNote.trim()) missing.companionNote = 'どなたが同席されるか入力してください。';
    if (!draft.agreed) missing.agreed = '利用規約に同意してください。';
    setErrors(missing);
    setGeneral(undefined);
    if (Object.keys(missing).length === 0) go('confirm');
  };

  const submit = async () => {
    if (!data || busy) return;
    setBusy(true);
    const r = await mutate(RequestDoc, {
      key: draft.key,
      input: {
        startsAt,
        // Always the account's name; sent so that servers that still require it accept the booking.
        name: js.name,
        phone: draft.phone,
        jobSeekerNumber: draft.jobSeekerNumber,
        consultation: draft.consultation,
        companion: { kind: draft.companionKind, note: draft.companionKind === 'NONE' ? null : draft.companionNote },
        agreedTermsId: data.currentTerms.id,
      },
    });
    setBusy(false);
    if (r.errors) {
      const fields = r.errors.map((e) => ({ ...e, field: e.field ? SERVER_FIELDS[e.field] ?? e.field : undefined }));
      const s = splitErrors(fields, Object.keys(LABELS));
      setErrors(s.fields);
      setGeneral(s.general);
      // UNAVAILABLE and RATE_LIMITED keep the confirm step: pressing again is safe (same key).
      if (Object.keys(s.fields).length) go('form');
      return;
    }
    clear();
    setBooked(r.data.requestReservation);
    go('done');
  };

  if (step === 'done' && booked) return <Done booked={booked} />;

  const title = data ? <Title>{step === 'confirm' ? 'ご予約内容の確認' : 'ご予約の入力'}</Title> : <Title>ご予約</Title>;
  if (!data) {
    return (
      <>
        {title}
        <Loading errors={loadErrors} />
      </>
    );
  }

  if (step === 'confirm') {
    const rows: [string, string, string][] = [
      ['日時', when, ''],
      ['お名前', js.name, ''],
      [LABELS.phone, draft.phone, 'phone'],
      [LABELS.jobSeekerNumber, draft.jobSeekerNumber, 'jobSeekerNumber'],
      [LABELS.consultation, draft.consultation, 'consultation'],
      [LABELS.companionKind, draft.companionKind === 'NONE' ? 'なし' : `${COMPANION[draft.companionKind]}（${draft.companionNote}）`, 'companionKind'],
      [LABELS.agreed, `${data.currentTerms.title}の利用規約に同意します`, 'agreed'],
    ];
    return (
      <>
        {title}
        <p>この内容でご予約します。よろしければ「予約する」を押してください。</p>
        {general && <Notice kind="error">{general}</Notice>}
        <dl class="review">
          {rows.map(([label, value, field]) => (
            <div key={label} class="review-row">
              <dt>{label}</dt>
              <dd class="pre">{value}</dd>
              <dd>
                {field ? (
                  <button type="button" class="link-button" onClick={() => go('form', field)}>
                    修正する<span class="visually-hidden">（{label}）</span>
                  </button>
                ) : label === '日時' ? (
                  <a href="/slots">
                    修正する<span class="visually-hidden">（日時を選び直す）</span>
                  </a>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
        <div class="actions">
          <button type="button" class="button" onClick={submit} disabled={busy}>
            予約する
          </button>
          <button type="button" class="button secondary" onClick={() => go('form')}>
            入力画面に戻る
          </button>
        </div>
        <Status>{busy ? 'ご予約を送っています…' : ''}</Status>
      </>
    );
  }

  return (
    <>
      {title}
      <p class="lead">
        日時：<strong>{when}</strong>（<a href="/slots">日時を選び直す</a>）
      </p>
      <ErrorSummary errors={errors} labels={LABELS} general={general} />
      <form onSubmit={toConfirm} noValidate>
        <div class="field">
          <p class="field-label">お名前</p>
          <p class="readonly">{js.name}</p>
          <p class="field-help">ご登録のお名前でご予約します。変更はハローワークにお問い合わせください。</p>
        </div>
        <Field id="phone" label={LABELS.phone} required help="当日つながる電話番号です。例：0986-22-1234、090-1234-5678" error={errors.phone}>
          {(a) => <input {...a} type="tel" autoComplete="tel" value={draft.phone} onInput={(e) => update({ phone: e.currentTarget.value })} />}
        </Field>
        <JobSeekerNumberField value={draft.jobSeekerNumber} error={errors.jobSeekerNumber} onInput={(v) => update({ jobSeekerNumber: v })} />
        <Field id="consultation" label={LABELS.consultation} required help="ご相談になりたいことを書いてください。例：事務の仕事を探しています。応募書類の書き方を相談したいです。" error={errors.consultation}>
          {(a) => <textarea {...a} rows={5} value={draft.consultation} onInput={(e) => update({ consultation: e.currentTarget.value })} />}
        </Field>
        <fieldset class="field" aria-describedby={errors.companionKind ? 'companionKind-error' : undefined}>
          <legend class="field-label">
            同席者<span class="opt">※任意</span>
          </legend>
          <p class="field-help">通訳者や支援者が一緒に参加する場合に選んでください。</p>
          <div class="radios" id="companionKind" tabIndex={-1}>
            {(Object.keys(COMPANION) as CompanionKind[]).map((k) => (
              <label key={k} class="radio">
                <input type="radio" name="companionKind" value={k} checked={draft.companionKind === k} onChange={() => update({ companionKind: k })} />
                {COMPANION[k]}
              </label>
            ))}
          </div>
          {errors.companionKind && (
            <p id="companionKind-error" class="error-text">
              ＊{errors.companionKind}
            </p>
          )}
        </fieldset>
        {draft.companionKind !== 'NONE' && (
          <Field id="companionNote" label={LABELS.companionNote} required help="お名前やご関係、使う言語などを書いてください。例：通訳（ベトナム語）グエン様" error={errors.companionNote}>
            {(a) => <input {...a} type="text" value={draft.companionNote} onInput={(e) => update({ companionNote: e.currentTarget.value })} />}
          </Field>
        )}
        <fieldset class="field">
          <legend class="field-label">
            {LABELS.agreed}
            <span class="req">※必須</span>
          </legend>
          <p class="field-help" id="agreed-help">
            <a href={`/terms/${data.currentTerms.id}`} target="_blank" rel="noopener">
              利用規約（{data.currentTerms.title}）を読む（新しいタブで開きます）
            </a>
          </p>
          <label class="checkbox">
            <input
              type="checkbox"
              id="agreed"
              checked={draft.agreed}
              aria-describedby={`agreed-help${errors.agreed ? ' agreed-error' : ''}`}
              aria-invalid={errors.agreed ? 'true' : undefined}
              onChange={(e) => update({ agreed: e.currentTarget.checked })}
            />
            利用規約に同意します
          </label>
          {errors.agreed && (
            <p id="agreed-error" class="error-text">
              ＊{errors.agreed}
            </p>
          )}
        </fieldset>
        <button type="submit" class="button">
          確認画面へ進む
        </button>
      </form>
    </>
  );
}

/** 完了: 予約番号, date, status, the deadline where it applies, next steps. */
function Done({ booked }: { booked: Booked }) {
  return (
    <>
      <Title>ご予約を受け付けました</Title>
      <Notice kind="success">
        <p>ご予約ありがとうございます。確認のメールをお送りしました。</p>
      </Notice>
      <dl class="review">
        <div class="review-row">
          <dt>予約番号</dt>
          <dd>{booked.id}</dd>
        </div>
        <div class="review-row">
          <dt>日時</dt>
          <dd>{range(booked.startsAt, booked.endsAt)}</dd>
        </div>
        <div class="review-row">
          <dt>状態</dt>
          <dd>{STATUS[booked.status] ?? ''}</dd>
        </div>
        {booked.status === 'AWAITING_REPLY' && (
          <div class="review-row">
            <dt>予約確定の期限</dt>
            <dd>{dayTime(booked.confirmBy)}</dd>
          </div>
        )}
      </dl>
      <h2>このあとの流れ</h2>
      <ol>
        <li>Zoom の参加方法は、ご予約が確定するとメールと予約の詳細ページでお知らせします。</li>
        <li>前日までに、お使いの端末で接続環境を確認してください。</li>
        <li>当日は、開始15分前から予約の詳細ページの「待合室に入る」を押してお待ちください。</li>
      </ol>
      <ul class="links">
        <li>
          <a href={`/reservations/${booked.id}`}>予約の詳細・キャンセル</a>
        </li>
        <li>
          <a href={`/reservations/${booked.id}/readiness`}>接続環境の確認</a>
        </li>
        <li>
          <a href="/mypage">マイページへ</a>
        </li>
      </ul>
    </>
  );
}
