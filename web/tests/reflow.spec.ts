// Every job-seeker screen at 320 CSS px (a 640 px window at 200 % zoom):
// no horizontal scrolling, and axe-core finds nothing serious.
import { bookThroughAPI, expect, expectAccessible, expectNoHorizontalScroll, signedIn, test, verifiedJobSeeker } from './helpers';

test.use({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2 });

test('every screen reflows at 320 px wide and 200 % zoom', async ({ page }) => {
  const p = await verifiedJobSeeker('reflow');
  const booked = await bookThroughAPI(p.token);
  const screens: [string, string][] = [
    ['/', 'ご利用案内'],
    ['/slots', '空き状況'],
    ['/signup', '新規登録'],
    ['/login', 'ログイン'],
    ['/forgot-password', 'パスワードを忘れた方'],
    ['/terms', '利用規約'],
  ];
  for (const [path, title] of screens) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page, title);
    await expectAccessible(page, `${title}（320 px）`);
  }
  await signedIn(page, p.token);
  const signedInScreens: [string, string][] = [
    [`/book?startsAt=${encodeURIComponent(booked.startsAt)}`, 'ご予約の入力'],
    ['/mypage', 'マイページ'],
    [`/reservations/${booked.id}`, '予約の詳細'],
    [`/reservations/${booked.id}/readiness`, '接続環境の確認'],
  ];
  for (const [path, title] of signedInScreens) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page, title);
    await expectAccessible(page, `${title}（320 px）`);
  }
});
