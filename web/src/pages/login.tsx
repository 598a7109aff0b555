import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { mutate, setToken } from '../api';
import { ErrorSummary, Field, Notice, Status, Title, requireFilled, splitErrors, type FieldErrors } from '../ui';

const SignInDoc = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      token
      account {
        role
      }
    }
  }
`);

const RequestResetDoc = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

const ResetDoc = graphql(`
  mutation ResetPassword($token: String!, $password: String!) {
    resetPassword(token: $token, password: $password) {
      token
    }
  }
`);

/** Only a path on this site may be returned to after sign-in. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/mypage';
}

/** ログイン; returns to where the person was (?next=). */
export function Login() {
  const { query: q, route } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const labels = { email: 'メールアドレス', password: 'パスワード' };

  const submit = async (e: Event) => {
    e.preventDefault();
    const missing = requireFilled({ email, password }, ['email', 'password']);
    setErrors(missing);
    setGeneral(undefined);
    if (Object.keys(missing).length) return;
    setBusy(true);
    const r = await mutate(SignInDoc, { email, password });
    setBusy(false);
    if (r.errors) {
      const s = splitErrors(r.errors, ['email', 'password']);
      setErrors(s.fields);
      setGeneral(s.general);
      return;
    }
    setToken(r.data.signIn.token);
    route(safeNext(q.next));
  };

  return (
    <>
      <Title>ログイン</Title>
      {q.expired && <Notice>ログインの有効期限が切れました。もう一度ログインしてください。</Notice>}
      {q.signedout && <Notice kind="success">ログアウトしました。</Notice>}
      {q.next && !q.expired && <p>続けるには、ログインしてください。</p>}
      <ErrorSummary errors={errors} labels={labels} general={general} />
      <form onSubmit={submit} noValidate>
        <Field id="email" label={labels.email} required error={errors.email}>
          {(a) => <input {...a} type="email" autoComplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </Field>
        <Field id="password" label={labels.password} required error={errors.password}>
          {(a) => <input {...a} type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button" disabled={busy}>
          ログインする
        </button>
        <Status>{busy ? 'ログインしています…' : ''}</Status>
      </form>
      <ul class="links">
        <li>
          <a href="/forgot-password">パスワードを忘れた方</a>
        </li>
        <li>
          <a href="/signup">はじめての方（新規登録）</a>
        </li>
      </ul>
    </>
  );
}

/** パスワードを忘れた方: mails a reset link. */
export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [sent, setSent] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing = requireFilled({ email }, ['email']);
    setErrors(missing);
    setGeneral(undefined);
    if (missing.email) return;
    const r = await mutate(RequestResetDoc, { email });
    if (r.errors) {
      const s = splitErrors(r.errors, ['email']);
      setErrors(s.fields);
      setGeneral(s.general);
      return;
    }
    setSent(true);
  };
  return (
    <>
      <Title>パスワードを忘れた方</Title>
      {sent ? (
        <Notice kind="success">
          <p>
            {email} が登録されている場合は、パスワードを再設定するためのメールを送りました。メールのリンクは1時間有効です。
          </p>
        </Notice>
      ) : (
        <>
          <p>ご登録のメールアドレスを入力してください。パスワードを再設定するためのリンクをメールでお送りします。</p>
          <ErrorSummary errors={errors} labels={{ email: 'メールアドレス' }} general={general} />
          <form onSubmit={submit} noValidate>
            <Field id="email" label="メールアドレス" required error={errors.email}>
              {(a) => <input {...a} type="email" autoComplete="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
            </Field>
            <button type="submit" class="button">
              メールを送る
            </button>
          </form>
        </>
      )}
    </>
  );
}

/** パスワード再設定: the page of the reset mail's link, /reset-password?token=… */
export function ResetPassword() {
  const { query: q, route } = useLocation();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing = requireFilled({ password }, ['password']);
    setErrors(missing);
    setGeneral(undefined);
    if (missing.password) return;
    const r = await mutate(ResetDoc, { token: q.token ?? '', password });
    if (r.errors) {
      const s = splitErrors(r.errors, ['password']);
      setErrors(s.fields);
      setGeneral(s.general);
      return;
    }
    setToken(r.data.resetPassword.token);
    route('/mypage?reset=1');
  };
  return (
    <>
      <Title>パスワードの再設定</Title>
      <p>新しいパスワードを入力してください。再設定すると、ほかの端末ではログアウトします。</p>
      <ErrorSummary errors={errors} labels={{ password: '新しいパスワード' }} general={general} />
      <form onSubmit={submit} noValidate>
        <Field id="password" label="新しいパスワード" required help="10文字以上で、ほかのサイトと同じものは使わないでください。" error={errors.password}>
          {(a) => <input {...a} type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button">
          再設定する
        </button>
      </form>
    </>
  );
}
