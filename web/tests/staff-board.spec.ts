// 本日の相談, the staff's live board, in the browser against the real server:
// bookings appear and change without a reload, a dropped websocket resumes
// from the last applied seq without missing anything, the row actions work
// with the keyboard alone, a revoked session goes to ログイン, and axe-core
// finds no serious violation.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebSocketRoute } from '@playwright/test';
import { expect, expectAccessible, expectVisibleFocus, gql, signedIn, tabTo, test, verifiedJobSeeker } from './helpers';
import { bookAt, freeSlots, newCounselor } from './staff-helpers';

const docs = (name: string) => resolve(fileURLToPath(new URL('.', import.meta.url)), '../../docs', name);

// The board's dropped connections show up as console errors on purpose.
test.use({ expectedConsoleErrors: [/WebSocket/] });
test.beforeEach(({}, info) => test.skip(info.project.name !== 'desktop', 'staff screens are desktop first'));

test('the board shows bookings live, resumes after a dropped connection and works with the keyboard alone', async ({ page }) => {
  const staff = await newCounselor('board');
  const { date, slots } = await freeSlots(2);
  const first = await verifiedJobSeeker('board-a');
  const second = await verifiedJobSeeker('board-b');

  // Every websocket of the page goes through here: the test sees what the
  // board sends and can drop the connection or refuse new ones.
  const sockets: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  const subscribes: { afterSeq: number | null }[] = [];
  let refuse = false;
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    if (refuse) {
      ws.close({ code: 4000, reason: 'test: refused' });
      return;
    }
    const server = ws.connectToServer();
    sockets.push({ page: ws, server });
    ws.onMessage((m) => {
      const msg = JSON.parse(String(m));
      if (msg.type === 'subscribe') subscribes.push({ afterSeq: msg.payload.variables?.afterSeq ?? null });
      server.send(m);
    });
  });

  // A staff member signed in at / lands on the board.
  await signedIn(page, staff.token);
  await page.goto('/');
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { level: 1, name: '本日の相談' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: '本日の相談' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'マイページ' })).toHaveCount(0);

  // Another date, chosen with the form.
  await page.getByLabel('日付を選ぶ').fill(date);
  await page.getByRole('button', { name: '表示する' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff\\?date=${date}$`));
  await expect(page.locator('#board-connection strong')).toHaveText('接続中');
  await expectAccessible(page, '本日の相談');

  // The job seeker books from elsewhere: the row appears within 2 seconds, without a reload.
  const id = await bookAt(first.token, slots[0]);
  const row = page.locator(`#row-${id}`);
  await expect(row).toBeVisible({ timeout: 2000 });
  await expect(row).toContainText(first.name);
  await expect(row).toContainText('予約確定');
  await expect(row).toContainText('未定');
  await expect(page.getByRole('status').filter({ hasText: first.name })).toBeVisible();

  // Keyboard alone: assign the counselor through the row's dialog.
  await page.locator('h1').focus();
  const assign = row.getByRole('button', { name: /^担当を決める/ });
  await tabTo(page, assign);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '担当を決める' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, '担当を決める');
  await tabTo(page, dialog.getByLabel('担当者'));
  await dialog.getByLabel('担当者').selectOption({ label: staff.name });
  await tabTo(page, dialog.getByRole('button', { name: '設定する' }));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(row).toContainText(staff.name);
  // Focus returns to the button that opened the dialog.
  await expect(assign).toBeFocused();

  // A reason is required to cancel on the job seeker's behalf: the error is at the field.
  await tabTo(page, row.getByRole('button', { name: /^キャンセルを受け付ける/ }));
  await page.keyboard.press('Enter');
  const cancel = page.getByRole('dialog', { name: 'キャンセルを受け付ける' });
  await tabTo(page, cancel.getByRole('button', { name: 'キャンセルを受け付ける' }));
  await page.keyboard.press('Enter');
  await expect(cancel.getByLabel('理由')).toHaveAttribute('aria-invalid', 'true');
  await expect(cancel.getByLabel('理由')).toBeFocused();
  await expectAccessible(page, 'キャンセルを受け付ける（エラー）');
  await page.keyboard.press('Escape');
  await expect(cancel).toBeHidden();
  await expect(row).toContainText('予約確定');

  // The README's screenshot, the same on every run: no times in the names,
  // and the board freshly opened in another tab, so without the last
  // announcement (the board's own 「担当者を設定しました」 or the live
  // event's, whichever came last) and without a focus ring drawn over the
  // next button.
  const shot = await page.context().newPage();
  await shot.goto(`/staff?date=${date}`);
  await expect(shot.locator('#board-connection strong')).toHaveText('接続中');
  await expect(shot.locator(`#row-${id}`)).toContainText(staff.name);
  // The page's title takes the focus on load; the ring is not part of the picture.
  await shot.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await shot.screenshot({ path: docs('board.png'), fullPage: false });
  await shot.close();

  // The connection drops; new connections are refused while a second job
  // seeker books. The board says it is reconnecting, then resumes from the
  // last seq it applied and shows what it missed.
  const before = subscribes.length;
  const lastAfterSeq = subscribes.at(-1)!.afterSeq ?? 0;
  refuse = true;
  const last = sockets.at(-1)!;
  await last.page.close({ code: 4000, reason: 'test: dropped' });
  await last.server.close({ code: 1000, reason: 'test: dropped' });
  await expect(page.locator('#board-connection strong')).toHaveText('接続が切れました（まもなく再接続します）');
  const missed = await bookAt(second.token, slots[1]);
  // The first job seeker cancels on the site as well, while the board is away.
  await gql(`mutation($id: ID!) { cancelReservation(id: $id) { id } }`, { id }, first.token);
  await page.waitForTimeout(700);
  await expect(page.locator(`#row-${missed}`)).toHaveCount(0);
  refuse = false;
  await expect(page.locator('#board-connection strong')).toHaveText('接続中', { timeout: 15_000 });
  await expect(page.locator(`#row-${missed}`)).toContainText(second.name);
  await expect(row).toContainText('キャンセル済み');
  const resumed = subscribes.slice(before);
  expect(resumed.length).toBeGreaterThan(0);
  // It resumed after the last seq it had applied (past the events of the first booking), not from the start.
  expect(resumed.at(-1)!.afterSeq).toBeGreaterThan(lastAfterSeq);
  // Each event applied once: one row per reservation.
  await expect(page.locator(`#row-${missed}`)).toHaveCount(1);
  await expect(page.locator(`#row-${id}`)).toHaveCount(1);

  // A change made elsewhere (another staff member assigns themselves) shows within 2 seconds.
  const other = page.locator(`#row-${missed}`);
  await gql(`mutation($id: ID!, $c: ID) { assignCounselor(id: $id, counselorId: $c) { id } }`, { id: missed, c: staff.id }, staff.token);
  await expect(other).toContainText(staff.name, { timeout: 2000 });

  // Terminating a session needs a reason, and says it cannot be undone.
  await other.getByRole('button', { name: /^中止する/ }).click();
  const stop = page.getByRole('dialog', { name: '中止する' });
  await expect(stop).toContainText('元に戻せません');
  await stop.getByLabel('理由').fill('ご本人から体調不良のご連絡がありました。');
  await stop.getByRole('button', { name: '中止する' }).click();
  await expect(stop).toBeHidden();
  await expect(other).toContainText('相談中止');
  await expect(other.getByRole('button')).toHaveCount(0);
});

test('a revoked session sends the board to ログイン; job seekers never see staff screens', async ({ page, browser }) => {
  const staff = await newCounselor('revoke');
  await signedIn(page, staff.token);
  await page.goto('/staff');
  await expect(page.locator('#board-connection strong')).toHaveText('接続中');

  // Signed out from elsewhere (another device): within the websocket's re-check period.
  await gql(`mutation { signOut }`, {}, staff.token);
  await expect(page).toHaveURL(/\/login\?/, { timeout: 5000 });
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();

  // A job seeker who opens the board's address is told it is for staff only.
  const js = await verifiedJobSeeker('not-staff');
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.addInitScript((t) => localStorage.setItem('soudan.token', t), js.token);
  await other.goto('/staff');
  await expect(other.getByRole('heading', { level: 1, name: 'このページは表示できません' })).toBeVisible();
  await expect(other.getByRole('navigation').getByRole('link', { name: '本日の相談' })).toHaveCount(0);
  await ctx.close();
});
