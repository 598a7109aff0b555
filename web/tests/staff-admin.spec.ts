// 管理 in the browser: an administrator closes a day and sees its
// reservations (also listed on the board), changes the office settings
// after a before/after confirmation, and adds and deactivates a counselor.
import { ADMIN_EMAIL } from './env';
import { admin, expect, expectAccessible, gql, signedIn, test, verifiedJobSeeker } from './helpers';
import { bookAt, freeSlots, newCounselor } from './staff-helpers';

test.beforeEach(({}, info) => test.skip(info.project.name !== 'desktop', 'staff screens are desktop first'));

test('an administrator closes a day and sees its reservations, then opens it again', async ({ page }) => {
  const { date, slots } = await freeSlots(1, '2026-12-14');
  const js = await verifiedJobSeeker('closed-day');
  await bookAt(js.token, slots[0]);

  await signedIn(page, await admin());
  await page.goto('/');
  await expect(page).toHaveURL(/\/staff$/);
  await page.getByRole('navigation').getByRole('link', { name: '管理' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '管理' })).toBeVisible();
  await expectAccessible(page, '管理');
  await page.getByRole('link', { name: '開庁カレンダー' }).click();
  await page.goto(`/admin/calendar?month=${date.slice(0, 7)}`);
  await expect(page.getByRole('table')).toContainText('土');
  await expectAccessible(page, '開庁カレンダー');

  const dayNo = Number(date.slice(8));
  await page.getByRole('button', { name: new RegExp(`^${dayNo}日\\s*開庁日`) }).click();
  const panel = page.locator('.day-panel');
  await expect(panel.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(panel).toContainText(js.name);
  // The reason is required.
  await panel.getByRole('button', { name: '休みにする' }).click();
  await expect(page.getByLabel('変更の理由')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('変更の理由').fill('台風のため臨時休庁');
  await panel.getByRole('button', { name: '休みにする' }).click();
  await expect(page.getByRole('status')).toContainText('休みにしました');
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('休み（台風のため臨時休庁）');
  // Its reservations, with the phone numbers to call.
  await expect(panel.getByRole('list', { name: 'この日のご予約' })).toContainText(`${js.name}さん　電話 ${js.phone}`);
  await expect(panel).toContainText('お電話でご連絡のうえ');
  await expectAccessible(page, '開庁カレンダー（休みにした日）');

  // The board lists reservations on closed days, with links.
  await page.getByRole('navigation').getByRole('link', { name: '本日の相談' }).click();
  const notice = page.getByRole('region', { name: '休みになった日のご予約' });
  await expect(notice).toContainText(`${js.name}さん`);
  await notice.getByRole('link', { name: new RegExp(js.name) }).first().click();
  await expect(page).toHaveURL(new RegExp(`date=${date}`));

  // Opened again: back to the standard calendar.
  await page.goto(`/admin/calendar?month=${date.slice(0, 7)}`);
  await page.getByRole('button', { name: new RegExp(`^${dayNo}日\\s*休み`) }).click();
  await page.getByRole('button', { name: '標準の暦に戻す' }).click();
  await expect(page.getByRole('status')).toContainText('標準の暦に戻しました');
  await expect(page.locator('.day-panel h2')).toContainText('開庁日');
});

test('an administrator changes the office settings after a before/after confirmation', async ({ page }) => {
  await signedIn(page, await admin());
  await page.goto('/admin/office');
  await expect(page.getByLabel('事業所の名前')).not.toHaveValue('');
  await expectAccessible(page, '事業所設定');
  const before = await page.getByLabel('事業所の名前').inputValue();
  await page.getByLabel('事業所の名前').fill(`${before}（試験）`);
  await page.getByRole('button', { name: '変更内容を確認する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '事業所設定の変更の確認' })).toBeVisible();
  const row = page.getByRole('row', { name: /事業所の名前/ });
  await expect(row).toContainText(before);
  await expect(row).toContainText(`${before}（試験）`);
  await expect(page.getByRole('row')).toHaveCount(2);
  await expectAccessible(page, '事業所設定の変更の確認');
  await page.getByRole('button', { name: 'この内容で変更する' }).click();
  await expect(page.getByRole('status')).toContainText('事業所設定を変更しました');
  // Back as it was.
  await page.getByLabel('事業所の名前').fill(before);
  await page.getByRole('button', { name: '変更内容を確認する' }).click();
  await page.getByRole('button', { name: 'この内容で変更する' }).click();
  await expect(page.getByRole('status')).toContainText('事業所設定を変更しました');
});

test('an administrator adds a counselor and deactivates another, whose board ends', async ({ page, browser }) => {
  const leaving = await newCounselor('leaving');
  await signedIn(page, await admin());
  await page.goto('/admin/staff');
  await expect(page.getByRole('row', { name: new RegExp(leaving.name) })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: ADMIN_EMAIL }).getByRole('button')).toHaveCount(0);
  await expectAccessible(page, '職員アカウント');

  // Add one through the form; errors are shown at the fields.
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page.getByLabel('お名前')).toHaveAttribute('aria-invalid', 'true');
  const email = `new-${Date.now()}@soudan.test`;
  const name = `新人 花子${Date.now() % 100000}`;
  await page.getByLabel('お名前').fill(name);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('初めのパスワード').fill('correct-horse-battery');
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page.getByRole('status')).toContainText(`${name}さんのアカウントを作りました`);
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('相談員');

  // The leaving counselor has the board open in another browser.
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.addInitScript((t) => localStorage.setItem('soudan.token', t), leaving.token);
  await other.goto('/staff');
  await expect(other.locator('#board-connection strong')).toHaveText('接続中');

  await page.getByRole('button', { name: `無効にする（${leaving.name}さん）` }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('もうログインできません');
  await expectAccessible(page, '職員アカウント（無効にする確認）');
  await confirm.getByRole('button', { name: '無効にする' }).click();
  await expect(page.getByRole('status')).toContainText(`${leaving.name}さんのアカウントを無効にしました`);
  await expect(page.getByRole('row', { name: new RegExp(leaving.name) })).toHaveCount(0);

  // Their board goes to ログイン, and they cannot sign in again.
  await expect(other).toHaveURL(/\/login\?/, { timeout: 5000 });
  await expect(gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: leaving.email, p: 'correct-horse-battery' })).rejects.toThrow(/UNAUTHENTICATED/);
  await ctx.close();
});
