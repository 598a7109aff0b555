import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { mutate, setToken } from '../api';
import { ErrorSummary, Field, Status, Title, focusTitle, requireFilled, splitErrors, useDraft, type FieldErrors } from '../ui';

const SignUpDoc = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      sent
      message
    }
  }
`);

const SignInDoc = graphql(`
  mutation SignInAfterSignUp($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      token
    }
  }
`);

export const ResendDoc = graphql(`
  mutation ResendVerification {
    resendVerificationEmail
  }
`);

const LABELS: Record<string, string> = {
  name: 'お名前',
  email: 'メールアドレス',
  password: 'パスワード',
  jobSeekerNumber: '求職番号',
  phone: '電話番号',
};
const FIELDS = Object.keys(LABELS);

type Step = 'form' | 'confirm' | 'sent';

/** 新規登録 → 確認 → 「メールを送りました」 (with 再送). */
export function SignUp() {
  const [draft, update, clear] = useDraft('soudan.signup', () => ({ name: '', email: '', jobSeekerNumber: '', phone: '' }));
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<Step>('form');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [resent, setResent] = useState('');
  const [sentMessage, setSentMessage] = useState('');
  const go = (s: Step) => {
    setStep(s);
    focusTitle();
  };

  const toConfirm = (e: Event) => {
    e.preventDefault();
    const missing = requireFilled({ ...draft, password }, FIELDS);
    if (password && password.length < 10 && !missing.password) missing.password = '10文字以上で入力してください。';
    setErrors(missing);
    setGeneral(undefined);
    if (Object.keys(missing).length === 0) go('confirm');
  };

  const submit = async () => {
    setBusy(true);
    const r = await mutate(SignUpDoc, { input: { ...draft, password } });
    setBusy(false);
    if (r.errors) {
      const s = splitErrors(r.errors, FIELDS);
      setErrors(s.fields);
      setGeneral(s.general);
      go('form');
      return;
    }
    setSentMessage(r.data.signUp.message);
    const s = await mutate(SignInDoc, { email: draft.email, password });
    if (s.data) setToken(s.data.signIn.token);
    clear();
    go('sent');
  };

  const resend = async () => {
    const r = await mutate(ResendDoc, {});
    setResent(r.errors ? r.errors[0].message : r.data.resendVerificationEmail ? 'メールをもう一度送りました。' : 'メールアドレスはすでに確認済みです。');
  };

  if (step === 'sent') {
    return (
      <>
        <Title>メールを送りました</Title>
        <p>{sentMessage}</p>
        <p>
          {draft.email || 'ご登録のメールアドレス'} あてのメールにあるリンクを開いて、登録を完了してください。リンクの有効期限はメールに書いてあります。
        </p>
        <p>ハローワークで求職登録の確認ができると、ご予約できるようになります。</p>
        <p>メールが届かない場合は、迷惑メールのフォルダもご確認のうえ、もう一度送ってください。</p>
        <button type="button" class="button secondary" onClick={resend}>
          確認メールをもう一度送る
        </button>
        <Status>{resent}</Status>
      </>
    );
  }

  if (step === 'confirm') {
    return (
      <>
        <Title>登録内容の確認</Title>
        <p>この内容で登録します。よろしければ「登録する」を押してください。</p>
        <dl class="review">
          {(['name', 'email', 'jobSeekerNumber', 'phone'] as const).map((f) => (
            <div key={f} class="review-row">
              <dt>{LABELS[f]}</dt>
              <dd>{draft[f]}</dd>
              <dd>
                <button type="button" class="link-button" onClick={() => go('form')}>
                  修正する<span class="visually-hidden">（{LABELS[f]}）</span>
                </button>
              </dd>
            </div>
          ))}
          <div class="review-row">
            <dt>パスワード</dt>
            <dd>（表示しません）</dd>
            <dd>
              <button type="button" class="link-button" onClick={() => go('form')}>
                修正する<span class="visually-hidden">（パスワード）</span>
              </button>
            </dd>
          </div>
        </dl>
        <div class="actions">
          <button type="button" class="button" onClick={submit} disabled={busy}>
            登録する
          </button>
          <button type="button" class="button secondary" onClick={() => go('form')}>
            入力画面に戻る
          </button>
        </div>
        <Status>{busy ? '登録しています…' : ''}</Status>
      </>
    );
  }

  return (
    <>
      <Title>新規登録</Title>
      <p>オンライン職業相談をご予約いただくための登録です。ハローワークで求職登録がお済みの方がご利用になれます。</p>
      <ErrorSummary errors={errors} labels={LABELS} general={general} />
      <form onSubmit={toConfirm} noValidate>
        <Field id="name" label={LABELS.name} required help="ハローワークに登録したお名前を入力してください。例：都城 花子" error={errors.name}>
          {(a) => <input {...a} type="text" autoComplete="name" value={draft.name} onInput={(e) => update({ name: e.currentTarget.value })} />}
        </Field>
        <Field id="email" label={LABELS.email} required help="確認のメールやご予約のメールをお送りします。例：hanako@example.jp" error={errors.email}>
          {(a) => <input {...a} type="email" autoComplete="email" value={draft.email} onInput={(e) => update({ email: e.currentTarget.value })} />}
        </Field>
        <Field id="password" label={LABELS.password} required help="10文字以上で、ほかのサイトと同じものは使わないでください。" error={errors.password}>
          {(a) => <input {...a} type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        <JobSeekerNumberField value={draft.jobSeekerNumber} error={errors.jobSeekerNumber} onInput={(v) => update({ jobSeekerNumber: v })} />
        <Field id="phone" label={LABELS.phone} required help="日中につながる電話番号です。例：0986-22-1234、090-1234-5678" error={errors.phone}>
          {(a) => <input {...a} type="tel" autoComplete="tel" value={draft.phone} onInput={(e) => update({ phone: e.currentTarget.value })} />}
        </Field>
        <p>
          <a href="/terms">利用規約</a>をお読みください。
        </p>
        <button type="submit" class="button">
          確認画面へ進む
        </button>
      </form>
    </>
  );
}

/** 求職番号 with where to find it and its format. */
export function JobSeekerNumberField({ value, error, onInput }: { value: string; error?: string; onInput: (v: string) => void }) {
  return (
    <Field
      id="jobSeekerNumber"
      label="求職番号"
      required
      help="ハローワーク受付票に記載の番号です。「5けたの数字-8けたまでの数字」の形です。例：45040-12345678"
      error={error}
    >
      {(a) => <input {...a} type="text" inputMode="numeric" autoComplete="off" value={value} onInput={(e) => onInput(e.currentTarget.value)} />}
    </Field>
  );
}
