import { useLocation } from 'preact-iso';
import { graphql } from '../gql';
import { mutate } from '../api';
import { refreshMe } from '../session';
import { Loading, Notice, Title, useLoad } from '../ui';

const VerifyDoc = graphql(`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token) {
      id
      emailVerified
    }
  }
`);

/** The page of the sign-up mail's link: /verify-email?token=… */
export function VerifyEmail() {
  const { query: q } = useLocation();
  const token = q.token ?? '';
  const { data, errors } = useLoad(async () => {
    const r = await mutate(VerifyDoc, { token });
    if (r.data) void refreshMe();
    return r;
  }, [token]);
  return (
    <>
      <Title>メールアドレスの確認</Title>
      {data ? (
        <>
          <Notice kind="success">
            <p>メールアドレスを確認しました。ありがとうございます。</p>
          </Notice>
          <p>ハローワークで求職登録の確認ができると、ご予約できるようになります。確認ができましたら、お知らせします。</p>
          <p>
            <a href="/slots">空き状況を見る</a>　<a href="/mypage">マイページ</a>
          </p>
        </>
      ) : errors ? (
        <>
          <Loading errors={errors} />
          <p>リンクの期限が切れている場合は、ログインしてマイページから確認メールをもう一度送ってください。</p>
        </>
      ) : (
        <Loading />
      )}
    </>
  );
}
