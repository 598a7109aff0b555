// The pages the mails link to, the terms, password reset and the readiness page.
import { bookThroughAPI, expect, expectAccessible, gql, signIn, signedIn, test, verifiedJobSeeker, waitForMail } from './helpers';

test('the terms in force and a version by its id', async ({ page }) => {
  await page.goto('/terms');
  await expect(page.getByRole('heading', { level: 1, name: '利用規約' })).toBeFocused();
  await expect(page.getByText('第1条（目的）')).toBeVisible();
  await expectAccessible(page, '利用規約');
  const { currentTerms } = await gql(`{ currentTerms { id title } }`);
  await page.goto(`/terms/${currentTerms.id}`);
  await expect(page.locator('.terms-meta')).toContainText(currentTerms.title);
  await expect(page.getByText('第6条（利用申込み等）')).toBeVisible();
});

test('a mail link with a wrong token says so without signing in', async ({ page }) => {
  await page.goto('/confirm?token=not-a-token');
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約の確定' })).toBeVisible();
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await expectAccessible(page, 'ご予約の確定（エラー）');
  await page.goto('/verify-email?token=not-a-token');
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await expect(page.getByText('確認メールをもう一度送ってください')).toBeVisible();
});

test('a forgotten password is reset through the mailed link', async ({ page }) => {
  const p = await verifiedJobSeeker('reset');
  await page.goto('/login');
  await page.getByRole('link', { name: 'パスワードを忘れた方' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'パスワードを忘れた方' })).toBeFocused();
  await page.getByLabel('メールアドレス').fill(p.email);
  await page.getByRole('button', { name: 'メールを送る' }).click();
  await expect(page.getByText('パスワードを再設定するためのメールを送りました')).toBeVisible();
  const link = await waitForMail(p.email, /https?:\/\/[^\s]+\/reset-password\?token=[\w-]+/);
  const u = new URL(link[0]);
  await page.goto(u.pathname + u.search);
  await expect(page.getByRole('heading', { level: 1, name: 'パスワードの再設定' })).toBeVisible();
  await expectAccessible(page, 'パスワードの再設定');
  await page.getByLabel('新しいパスワード').fill('a-brand-new-password');
  await page.getByRole('button', { name: '再設定する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'マイページ' })).toBeVisible();
  await page.getByRole('button', { name: 'ログアウト' }).click();
  // Signed out only once the client has forgotten the token: navigating
  // earlier reloads the app with the token the server just revoked.
  await expect(page.getByText('ログアウトしました')).toBeVisible();
  await signIn(page, p.email, 'a-brand-new-password');
  await expect(page.getByRole('heading', { level: 1, name: 'マイページ' })).toBeVisible();
});

test('the readiness page checks the browser and shows the report', async ({ page }) => {
  const p = await verifiedJobSeeker('ready');
  const booked = await bookThroughAPI(p.token);
  await signedIn(page, p.token);
  await page.goto(`/reservations/${booked.id}/readiness`);
  await expect(page.getByRole('heading', { level: 1, name: '接続環境の確認' })).toBeFocused();
  await expect(page.getByText('利用規約 第5条')).toBeVisible();
  await expectAccessible(page, '接続環境の確認');
  await page.getByRole('button', { name: 'ブラウザで確認する' }).click();
  await expect(page.getByText('カメラとマイクの確認に同意してください')).toBeVisible();
  await page.getByRole('checkbox', { name: 'カメラとマイクの確認に同意します' }).check();
  await page.getByRole('button', { name: 'ブラウザで確認する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '確認が終わりました' })).toBeVisible();
  await expect(page.getByText('カメラ：カメラが使えます。')).toBeVisible();
  await expect(page.getByText('マイク：マイクが使えます。')).toBeVisible();
  await expect(page.locator('.readiness')).toContainText('ブラウザでの確認');
  const stored = await gql(`query($id: ID!) { reservation(id: $id) { readiness { source os checks { id status } } } }`, { id: booked.id }, p.token);
  expect(stored.reservation.readiness.source).toBe('BROWSER');
  expect(stored.reservation.readiness.checks.map((c: any) => c.id).sort()).toEqual(['browser.current', 'camera.present', 'microphone.present', 'screen.size']);
  // The checker for this PC's OS (Linux here), bound to the reservation.
  await page.getByRole('button', { name: 'Linux（Intel・AMD（64ビット））用を準備する' }).click();
  const download = page.getByRole('link', { name: /^ダウンロード（soudan-check-/ });
  await expect(download).toBeVisible();
  const res = await page.request.get((await download.getAttribute('href'))!);
  expect(res.status()).toBe(200);
  expect(await res.text()).toBe('checker for linux/amd64\n');
  await expect(page.getByRole('button', { name: /Windows|Mac/ })).toHaveCount(0);

  // The reservation page shows the same result.
  await page.goto(`/reservations/${booked.id}`);
  await expect(page.locator('.readiness')).toContainText('ブラウザでの確認');
  await expect(page.locator('.readiness')).toContainText('カメラが使えます。');
});

test.describe(() => {
  // The server answers an ended session with 401, which the browser logs.
  test.use({ expectedConsoleErrors: [/status of 401/] });
  test('an ended session goes to ログイン and back to the page after signing in', async ({ page }) => {
    const p = await verifiedJobSeeker('expired');
    await signedIn(page, 'a-session-that-has-ended');
    await page.goto('/mypage');
    await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('soudan.token'))).toBeNull();
    await signIn(page, p.email, p.password);
    await expect(page.getByRole('heading', { level: 1, name: 'マイページ' })).toBeVisible();
    await expect(page).toHaveURL(/\/mypage$/);
  });
});

test('空き状況 shows 残り1 and 満席 as text, and a full slot is not a button', async ({ page }) => {
  const { office } = await gql(`{ office { capacity } }`);
  const people = [];
  for (let i = 0; i < office.capacity; i++) people.push(await verifiedJobSeeker(`full${i}`));
  // Every booking takes the last free slot up to Friday 11 December: the same slot until it is full.
  let slot = '';
  for (const [i, p] of people.entries()) {
    slot = (await bookThroughAPI(p.token, '2026-12-03', '2026-12-11')).startsAt;
    if (i === people.length - 2) {
      await page.goto('/slots');
      await expect(page.locator('li.day', { hasText: '12月11日(金)' }).locator('.slot').last()).toHaveText(/残り1/);
    }
  }
  await page.goto('/slots');
  const last = page.locator('li.day', { hasText: '12月11日(金)' }).locator('.slot').last();
  await expect(last).toHaveText(/満席/);
  expect(await last.evaluate((el) => el.tagName)).not.toBe('BUTTON');
  const slots = await gql(`query($d: Date!) { availableSlots(from: $d, to: $d) { startsAt remaining } }`, { d: '2026-12-11' });
  expect(slots.availableSlots.find((s: any) => s.startsAt === slot)?.remaining).toBe(0);
});
