// API errors at the fields, the error summary, and nothing typed is lost.
import { expect, expectAccessible, signedIn, test, verifiedJobSeeker } from './helpers';

test('a field error from the server shows at the field and keeps what was typed', async ({ page }) => {
  const p = await verifiedJobSeeker('errors');
  await signedIn(page, p.token);
  await page.goto('/slots');
  await page.locator('button.slot').nth(3).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約の入力' })).toBeVisible();
  await page.getByLabel('電話番号').fill('12345');
  await page.getByLabel('相談内容').fill('職業訓練について知りたいです。');
  await page.getByRole('checkbox', { name: '利用規約に同意します' }).check();
  await page.getByRole('button', { name: '確認画面へ進む' }).click();
  await page.getByRole('button', { name: '予約する' }).click();

  // The server's VALIDATION error for input.phone is shown at the phone field.
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約の入力' })).toBeVisible();
  const phone = page.getByLabel('電話番号');
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await phone.getAttribute('aria-describedby'))!;
  expect(describedBy).toContain('phone-error');
  await expect(page.locator('#phone-error')).toContainText('＊');
  const summary = page.getByRole('alert').filter({ hasText: '入力内容を確認してください' });
  await expect(summary).toBeFocused();
  await summary.getByRole('link', { name: /電話番号/ }).click();
  await expect(phone).toBeFocused();
  await expect(page.getByLabel('相談内容')).toHaveValue('職業訓練について知りたいです。');
  await expectAccessible(page, 'ご予約の入力（サーバーのエラー）');

  // The draft survives a reload.
  await page.reload();
  await expect(page.getByLabel('相談内容')).toHaveValue('職業訓練について知りたいです。');
  await expect(page.getByLabel('電話番号')).toHaveValue('12345');
});

test.describe(() => {
  test.use({ expectedConsoleErrors: [/ERR_CONNECTION_REFUSED/] });
  test('when the service is unreachable the confirm step stays with what was typed', async ({ page }) => {
    const p = await verifiedJobSeeker('busy');
    await signedIn(page, p.token);
    await page.goto('/slots');
    await page.locator('button.slot').nth(4).click();
    await page.getByLabel('相談内容').fill('求人の探し方を教えてください。');
    await page.getByRole('checkbox', { name: '利用規約に同意します' }).check();
    await page.getByRole('button', { name: '確認画面へ進む' }).click();
    await page.route('**/graphql', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: '予約する' }).click();
    await expect(page.getByText('入力した内容はそのまま残っています')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'ご予約内容の確認' })).toBeVisible();
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: '予約する' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ご予約を受け付けました' })).toBeVisible();
  });
});

test('a rate-limited booking says when to try again', async ({ page }) => {
  const p = await verifiedJobSeeker('limited');
  await signedIn(page, p.token);
  await page.goto('/slots');
  await page.locator('button.slot').nth(5).click();
  await page.getByLabel('相談内容').fill('雇用保険について相談したいです。');
  await page.getByRole('checkbox', { name: '利用規約に同意します' }).check();
  await page.getByRole('button', { name: '確認画面へ進む' }).click();
  // The server's answer when the booking limit is reached, as the API documents it.
  await page.route('**/graphql', (route) =>
    route.fulfill({
      json: { data: null, errors: [{ message: '操作が多すぎます。', extensions: { code: 'RATE_LIMITED', retryAfter: 90 } }] },
    }),
  );
  await page.getByRole('button', { name: '予約する' }).click();
  await expect(page.getByText('2分たってから、もう一度お試しください')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約内容の確認' })).toBeVisible();
  await expect(page.getByText('雇用保険について相談したいです。')).toBeVisible();
});
