// Booking and cancelling with the keyboard only.
import { expect, expectVisibleFocus, signedIn, tabTo, test, verifiedJobSeeker } from './helpers';

test('a job seeker books and cancels with the keyboard only', async ({ page }) => {
  const p = await verifiedJobSeeker('keyboard');
  await signedIn(page, p.token);
  await page.goto('/slots');
  await expect(page.getByRole('heading', { level: 1, name: '空き状況' })).toBeFocused();

  const slot = page.locator('button.slot').nth(2);
  await tabTo(page, slot);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約の入力' })).toBeFocused();

  await tabTo(page, page.getByLabel('相談内容'));
  await page.keyboard.type('履歴書の書き方を相談したいです。');
  await tabTo(page, page.getByRole('checkbox', { name: '利用規約に同意します' }));
  await expectVisibleFocus(page);
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: '確認画面へ進む' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約内容の確認' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: '予約する' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約を受け付けました' })).toBeFocused();

  await tabTo(page, page.getByRole('link', { name: '予約の詳細・キャンセル' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: '予約の詳細' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'このご予約をキャンセルする' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'キャンセルの確認' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'キャンセルする', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'キャンセルしました' })).toBeFocused();
});
