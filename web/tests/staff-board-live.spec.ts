// 本日の相談 on a server of its own, whose clock is on the day of the
// sessions: a job seeker books and checks in from a second browser while
// the board follows live; staff start, complete, mark absent and revert
// with the keyboard; and the board lives through a real restart of the
// server (SIGTERM, then the same address and database), missing nothing
// that another instance did while it was down.
import type { Browser, Page } from '@playwright/test';
import { admin, expect, expectAccessible, expectVisibleFocus, gql, signedIn, tabTo, test, useServer, verifiedJobSeeker } from './helpers';
import { dedicatedServer } from './server';
import { bookAt, newCounselor } from './staff-helpers';

// The board's connection attempts while the server is down show up as console errors.
test.use({ expectedConsoleErrors: [/WebSocket/] });
test.beforeEach(({}, info) => test.skip(info.project.name !== 'desktop', 'staff screens are desktop first'));
test.afterEach(() => useServer());

/** Ten minutes before the 10:00 session of Tuesday 1 December: check-in is open (from 15 minutes before). */
const BEFORE_TEN = '2026-12-01T09:50:00+09:00';
const TEN = '2026-12-01T10:00:00+09:00';
const HALF_PAST_TEN = '2026-12-01T10:30:00+09:00';
/** After the 10:00 session's no-show time (10 minutes after its start). */
const QUARTER_PAST_TEN = '2026-12-01T10:15:00+09:00';

/** A server of the test's own, on BEFORE_TEN, that takes bookings up to the session itself. */
async function sameDayServer() {
  const d = await dedicatedServer();
  await d.server.start(BEFORE_TEN);
  useServer(d.server.url);
  await gql(`mutation { updateOffice(input: { noticeOfficeDays: 0 }) { noticeOfficeDays } }`, {}, await admin());
  return d;
}

/** The board's connection state, as the staff member reads it. */
const connection = (page: Page) => page.locator('#board-connection strong');

/** A second browser, as a job seeker on another device, signed in with token. */
async function jobSeekerBrowser(browser: Browser, baseURL: string, token: string, clock: string) {
  const ctx = await browser.newContext({ baseURL, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 800 } });
  const jp = await ctx.newPage();
  const problems: string[] = [];
  jp.on('pageerror', (e) => problems.push(e.message));
  jp.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await jp.clock.setFixedTime(new Date(clock));
  await jp.addInitScript((t) => localStorage.setItem('soudan.token', t), token);
  return { ctx, jp, problems };
}

test('a job seeker books and checks in from another browser while the board follows; staff start and complete with the keyboard', async ({ page, browser }) => {
  const d = await sameDayServer();
  try {
    const staff = await newCounselor('live');
    const js = await verifiedJobSeeker('live');

    await page.clock.setFixedTime(new Date(BEFORE_TEN));
    await signedIn(page, staff.token);
    await page.goto(`${d.server.url}/staff`);
    await expect(page.getByRole('heading', { level: 1, name: '本日の相談' })).toBeVisible();
    await expect(page.getByText('12月1日(火)').first()).toBeVisible();
    await expect(page.getByText('この日のご予約はありません。')).toBeVisible();
    await expect(connection(page)).toHaveText('接続中');

    // The job seeker books the 10:00 session on the site, in a browser of their own.
    const { ctx, jp, problems } = await jobSeekerBrowser(browser, d.server.url, js.token, BEFORE_TEN);
    await jp.goto('/slots');
    await expect(jp.getByRole('heading', { level: 1, name: '空き状況' })).toBeVisible();
    const slot = jp.locator('button.slot').first();
    await expect(slot).toContainText('10:00〜10:30');
    await slot.click();
    await expect(jp.getByRole('heading', { level: 1, name: 'ご予約の入力' })).toBeVisible();
    await jp.getByLabel('相談内容').fill('面接の受け方を相談したいです。');
    await jp.getByRole('checkbox', { name: '利用規約に同意します' }).check();
    await jp.getByRole('button', { name: '確認画面へ進む' }).click();
    await jp.getByRole('button', { name: '予約する' }).click();
    await expect(jp.getByRole('heading', { level: 1, name: 'ご予約を受け付けました' })).toBeVisible();
    const id = (await jp.locator('dt:text-is("予約番号") + dd').textContent())!.trim();

    // The row appears on the board within 2 seconds, without a reload.
    const row = page.locator(`#row-${id}`);
    await expect(row).toContainText('予約確定', { timeout: 2000 });
    await expect(row).toContainText(js.name);
    await expect(row.locator('th')).toHaveText('10:00〜10:30');
    await expect(page.getByRole('status').filter({ hasText: '新しいご予約が入りました' })).toBeVisible();

    // Ten minutes before: the job seeker enters the waiting room; the row changes within 2 seconds.
    await jp.getByRole('link', { name: '予約の詳細・キャンセル' }).click();
    await expect(jp.getByRole('heading', { level: 1, name: '予約の詳細' })).toBeVisible();
    await jp.getByRole('button', { name: '待合室に入る' }).click();
    await expect(jp.getByText('待合室に入っています。')).toBeVisible();
    await expect(row).toContainText('待合室に入室済み', { timeout: 2000 });
    await expect(page.getByRole('status').filter({ hasText: '待合室に入室しました' })).toBeVisible();
    expect(problems).toEqual([]);

    // Keyboard alone: start the session.
    await page.locator('h1').focus();
    const start = row.getByRole('button', { name: /^相談を始める/ });
    await tabTo(page, start);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    const startDialog = page.getByRole('dialog', { name: '相談を始める' });
    await expect(startDialog).toBeVisible();
    await tabTo(page, startDialog.getByRole('button', { name: '相談を始める' }));
    await page.keyboard.press('Enter');
    await expect(startDialog).toBeHidden();
    await expect(row).toContainText('相談中');
    await expect(row.getByRole('link', { name: /^次回の予約/ })).toBeVisible();

    // …and complete it with a note: the focus moved to that next action.
    const complete = row.getByRole('button', { name: /^相談を終える/ });
    await expect(complete).toBeFocused();
    await page.keyboard.press('Enter');
    const completeDialog = page.getByRole('dialog', { name: '相談を終える' });
    await expect(completeDialog).toBeVisible();
    await tabTo(page, completeDialog.getByLabel('相談の記録'));
    await page.keyboard.type('面接の受け答えを練習しました。次回は応募書類を確認します。');
    await expectAccessible(page, '相談を終える');
    await tabTo(page, completeDialog.getByRole('button', { name: '相談を終える' }));
    await page.keyboard.press('Enter');
    await expect(completeDialog).toBeHidden();
    await expect(row).toContainText('相談終了');
    await expect(row.getByRole('button')).toHaveCount(0);
    // No action left: the focus stays on the row, not lost to the page.
    await expect(row.locator('th')).toBeFocused();
    const done = await gql(`query($id: ID!) { reservation(id: $id) { status checkedInAt startedAt endedAt } }`, { id }, staff.token);
    expect(done.reservation.status).toBe('COMPLETED');
    expect(done.reservation.checkedInAt).toBeTruthy();
    expect(done.reservation.startedAt).toBeTruthy();
    expect(done.reservation.endedAt).toBeTruthy();
    await ctx.close();
  } finally {
    await d.close();
  }
});

test('the board lives through a server restart and shows what another instance did meanwhile; absence and the long wait are handled with the keyboard', async ({ page }) => {
  const started = Date.now();
  const d = await sameDayServer();
  try {
    const staff = await newCounselor('restart');
    const absent = await verifiedJobSeeker('restart-absent');
    const waiting = await verifiedJobSeeker('restart-waiting');
    const late = await verifiedJobSeeker('restart-late');
    const absentId = await bookAt(absent.token, TEN);
    const waitingId = await bookAt(waiting.token, TEN);
    await gql(`mutation($id: ID!) { checkIn(id: $id) { id } }`, { id: waitingId }, waiting.token);

    // What the board asks for at each (re)subscription.
    const afterSeqs: (number | null)[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        const m = JSON.parse(String(f.payload));
        if (m.type === 'subscribe') afterSeqs.push(m.payload.variables?.afterSeq ?? null);
      }),
    );
    await page.clock.setFixedTime(new Date(BEFORE_TEN));
    await signedIn(page, staff.token);
    await page.goto(`${d.server.url}/staff?date=2026-12-01`);
    const absentRow = page.locator(`#row-${absentId}`);
    const waitingRow = page.locator(`#row-${waitingId}`);
    await expect(absentRow).toContainText('予約確定');
    await expect(waitingRow).toContainText('待合室に入室済み');
    await expect(connection(page)).toHaveText('接続中');
    // Every state the connection goes through from now on.
    await page.evaluate(() => {
      const el = document.querySelector('#board-connection strong')!;
      const seen: string[] = [el.textContent!];
      (window as any).connectionStates = seen;
      new MutationObserver(() => {
        if (seen.at(-1) !== el.textContent) seen.push(el.textContent!);
      }).observe(el, { childList: true, characterData: true, subtree: true });
    });
    // A change the board applies before the restart: it will resume after it.
    await gql(`mutation($id: ID!, $c: ID) { assignCounselor(id: $id, counselorId: $c) { id } }`, { id: waitingId, c: staff.id }, staff.token);
    await expect(waitingRow).toContainText(staff.name, { timeout: 2000 });
    const seqBefore = afterSeqs.at(-1) ?? 0;

    // The server stops (SIGTERM): the board says the connection is lost.
    await d.server.stop();
    await expect(connection(page)).toHaveText(/^(接続が切れました（まもなく再接続します）|再接続中…)$/);

    // Meanwhile another instance on the same database takes a booking.
    const elapsed = () => Date.now() - started;
    const other = await d.another();
    await other.start(new Date(Date.parse(BEFORE_TEN) + elapsed()).toISOString());
    useServer(other.url);
    const lateId = await bookAt(late.token, HALF_PAST_TEN);
    await other.stop();
    useServer(d.server.url);
    await expect(page.locator(`#row-${lateId}`)).toHaveCount(0);

    // The server starts again on the same address and database, at 10:15:
    // past the 10:00 session's no-show time. Its sweeper marks the absent
    // job seeker NO_SHOW and raises the one still waiting as WAITING_LONG.
    await page.clock.setFixedTime(new Date(QUARTER_PAST_TEN));
    await d.server.start(QUARTER_PAST_TEN);
    await expect(connection(page)).toHaveText('接続中', { timeout: 15_000 });
    const states: string[] = await page.evaluate(() => (window as any).connectionStates);
    expect(states[0]).toBe('接続中');
    expect(states).toContain('接続が切れました（まもなく再接続します）');
    expect(states).toContain('再接続中…');
    expect(states.at(-1)).toBe('接続中');
    expect(states.indexOf('接続が切れました（まもなく再接続します）')).toBeLessThan(states.lastIndexOf('再接続中…'));

    // Nothing missed: the booking made on the other instance, and the sweeper's changes.
    const lateRow = page.locator(`#row-${lateId}`);
    await expect(lateRow).toContainText(late.name);
    await expect(lateRow).toContainText('予約確定');
    await expect(absentRow).toContainText('欠席');
    await expect(waitingRow).toContainText('待合室に入室済み');
    await expect(waitingRow).toContainText('入室したまま、欠席判定の時刻を過ぎてお待ちです');
    await expect(waitingRow).toHaveClass(/waiting-long/);
    for (const id of [absentId, waitingId, lateId]) await expect(page.locator(`#row-${id}`)).toHaveCount(1);
    // It resumed after the last seq it had applied, not from the start.
    expect(afterSeqs.at(-1)).toBeGreaterThan(seqBefore);
    expect(afterSeqs.at(-1)).toBeGreaterThan(0);
    await expectAccessible(page, '本日の相談（欠席と長いお待ち）');

    // A change right after the restart shows within 2 seconds.
    await gql(`mutation($id: ID!) { cancelReservation(id: $id) { id } }`, { id: lateId }, late.token);
    await expect(lateRow).toContainText('キャンセル済み', { timeout: 2000 });

    // Keyboard alone: the absence is reverted, which needs a reason…
    await page.locator('h1').focus();
    const revert = absentRow.getByRole('button', { name: /^欠席を取り消す/ });
    await tabTo(page, revert);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    const revertDialog = page.getByRole('dialog', { name: '欠席を取り消す' });
    await expect(revertDialog).toBeVisible();
    await tabTo(page, revertDialog.getByRole('button', { name: '欠席を取り消す' }));
    await page.keyboard.press('Enter');
    const reason = revertDialog.getByLabel('理由');
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(reason).toBeFocused();
    await expect(revertDialog).toContainText('理由を入力してください。');
    await expectAccessible(page, '欠席を取り消す（エラー）');
    await page.keyboard.type('接続の不具合で入れなかったとお電話がありました。');
    await tabTo(page, revertDialog.getByRole('button', { name: '欠席を取り消す' }));
    await page.keyboard.press('Enter');
    await expect(revertDialog).toBeHidden();
    await expect(absentRow).toContainText('予約確定');
    expect((await gql(`query($id: ID!) { reservation(id: $id) { status } }`, { id: absentId }, staff.token)).reservation.status).toBe('CONFIRMED');

    // …and marked absent again by hand, past the no-show time: the focus is already there.
    const noShow = absentRow.getByRole('button', { name: /^欠席にする/ });
    await expect(noShow).toBeFocused();
    await page.keyboard.press('Enter');
    const noShowDialog = page.getByRole('dialog', { name: '欠席にする' });
    await expect(noShowDialog).toContainText('欠席にします。よろしいですか。');
    await tabTo(page, noShowDialog.getByRole('button', { name: '欠席にする' }));
    await page.keyboard.press('Enter');
    await expect(noShowDialog).toBeHidden();
    await expect(absentRow).toContainText('欠席');
    await expect(absentRow.getByRole('button', { name: /^欠席を取り消す/ })).toBeFocused();
    expect((await gql(`query($id: ID!) { reservation(id: $id) { status } }`, { id: absentId }, staff.token)).reservation.status).toBe('NO_SHOW');

    // The one waiting long is started: the alert goes away.
    const start = waitingRow.getByRole('button', { name: /^相談を始める/ });
    await tabTo(page, start);
    await page.keyboard.press('Enter');
    const startDialog = page.getByRole('dialog', { name: '相談を始める' });
    await tabTo(page, startDialog.getByRole('button', { name: '相談を始める' }));
    await page.keyboard.press('Enter');
    await expect(waitingRow).toContainText('相談中');
    await expect(waitingRow).not.toHaveClass(/waiting-long/);
    await expect(waitingRow.getByText('入室したまま、欠席判定の時刻を過ぎてお待ちです', { exact: false })).toHaveCount(0);
  } finally {
    await d.close();
  }
});
