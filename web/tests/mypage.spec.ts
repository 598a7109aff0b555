// マイページ: お知らせ with the unread count, phone correction, password change.
import { bookThroughAPI, expect, expectAccessible, gql, signedIn, test, verifiedJobSeeker } from './helpers';

test('My Page marks a notice read, corrects the phone and changes the password', async ({ page }) => {
  const p = await verifiedJobSeeker('mypage');
  await bookThroughAPI(p.token);
  const before = await gql(`{ myNotifications { unreadCount } }`, {}, p.token);
  expect(before.myNotifications.unreadCount).toBeGreaterThan(0);

  await signedIn(page, p.token);
  await page.goto('/mypage');
  await expect(page.getByRole('heading', { level: 1, name: 'マイページ' })).toBeFocused();
  await expect(page.getByText(`未読 ${before.myNotifications.unreadCount} 件`)).toBeVisible();
  const first = page.locator('.card.unread').first();
  await first.locator('summary').click();
  await first.getByRole('button', { name: '既読にする' }).click();
  await expect(page.getByText(`未読 ${before.myNotifications.unreadCount - 1} 件`)).toBeVisible();
  const after = await gql(`{ myNotifications { unreadCount } }`, {}, p.token);
  expect(after.myNotifications.unreadCount).toBe(before.myNotifications.unreadCount - 1);

  // A wrong phone gets the server's message at the field; a right one is saved.
  const phone = page.getByRole('textbox', { name: /^電話番号/ });
  await phone.fill('12');
  await page.getByRole('button', { name: '電話番号を変更する' }).click();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#newPhone-error')).not.toBeEmpty();
  await expectAccessible(page, 'マイページ（電話番号のエラー）');
  await phone.fill('090-1234-5678');
  await page.getByRole('button', { name: '電話番号を変更する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '電話番号を変更しました' })).toBeVisible();
  const me = await gql(`{ me { jobSeeker { phone } } }`, {}, p.token);
  expect(me.me.jobSeeker.phone).toBe('090-1234-5678');

  await page.getByLabel('今のパスワード').fill(p.password);
  await page.getByLabel('新しいパスワード').fill('another-long-password');
  await page.getByRole('button', { name: 'パスワードを変更する' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'パスワードを変更しました' })).toBeVisible();
  const s = await gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: p.email, p: 'another-long-password' });
  expect(s.signIn.token).toBeTruthy();
});
