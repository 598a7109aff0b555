import { Title } from '../ui';

export function NotFound() {
  return (
    <>
      <Title>ページが見つかりません</Title>
      <p>
        お探しのページは見つかりませんでした。<a href="/">ご利用案内</a>からお進みください。
      </p>
    </>
  );
}
