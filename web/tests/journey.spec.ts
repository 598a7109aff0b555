// The job seeker's whole journey in the browser, against the real server:
// sign up, the mail's verification link, staff verify, sign in, book, see
// it on My Page, see a staff change arrive live, cancel.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin, expect, expectAccessible, gql, person, signIn, staffVerify, test, waitForMail } from './helpers';

const docs = (name: string) => resolve(fileURLToPath(new URL('.', import.meta.url)), '../../docs', name);

test('a job seeker signs up, books, follows the reservation live and cancels it', async ({ page }, info) => {
  const desktop = info.project.name === 'desktop';
  const p = person(info.project.name);

  // ご利用案内: hours, the notice rule, the office's phone number, the terms.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'ご利用案内' })).toBeFocused();
  await expect(page.getByText('2 開庁日前までに確定してください')).toBeVisible();
  await expect(page.getByRole('link', { name: /^0\d{1,4}-\d{1,4}-\d{4}$/ })).toBeVisible();
  await expectAccessible(page, 'ご利用案内');

  // 空き状況 without signing in.
  await page.getByRole('navigation').getByRole('link', { name: '空き状況' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '空き状況' })).toBeFocused();
  const slots = page.locator('button.slot');
  await expect(slots.first()).toBeVisible();
  await expect(slots.first()).toContainText(/空きあり|残り1/);
  await expect(page.getByText(/休み（土曜日）/).first()).toBeVisible();
  await expectAccessible(page, '空き状況');
  if (desktop) await page.screenshot({ path: docs('availability.png'), fullPage: false });

  // 新規登録 → 確認 → メールを送りました.
  await page.getByRole('navigation').getByRole('link', { name: '新規登録' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新規登録' })).toBeFocused();
  await page.getByRole('button', { name: '確認画面へ進む' }).click();
  await expect(page.getByRole('alert')).toContainText('入力内容を確認してください');
  await expect(page.getByLabel('お名前')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, '新規登録（エラー）');
  await page.getByLabel('お名前').fill(p.name);
  await page.getByLabel('メールアドレス').fill(p.email);
  await page.getByLabel('パスワード').fill(p.password);
  await page.getByLabel('求職番号').fill(p.jobSeekerNumber);
  await page.getByLabel('電話番号').fill(p.phone);
  await page.getByRole('button', { name: '確認画面へ進む' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '登録内容の確認' })).toBeVisible();
  await expect(page.getByText(p.jobSeekerNumber)).toBeVisible();
  await expectAccessible(page, '登録内容の確認');
  await page.getByRole('button', { name: '登録する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'メールを送りました' })).toBeVisible();
  await expectAccessible(page, 'メールを送りました');

  // The verification link from the real mail.
  const link = await waitForMail(p.email, /https?:\/\/[^\s]+\/verify-email\?token=[\w-]+/);
  await page.goto(new URL(link[0]).pathname + new URL(link[0]).search);
  await expect(page.getByText('メールアドレスを確認しました')).toBeVisible();
  await expectAccessible(page, 'メールアドレスの確認');

  // Staff confirm the registration; the person signs out and in again.
  await staffVerify(p.email);
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByText('ログアウトしました')).toBeVisible();

  // Choosing a slot signed out leads through ログイン back to the booking form.
  await page.getByRole('navigation').getByRole('link', { name: '空き状況' }).click();
  const chosen = (await slots.first().locator('.slot-time').textContent())!;
  await slots.first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await expectAccessible(page, 'ログイン');
  await signIn(page, p.email, p.password);
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約の入力' })).toBeVisible();
  await expect(page.getByText(chosen.replace('〜', '〜'))).toBeVisible();
  await expect(page.getByText(p.name, { exact: true })).toBeVisible();
  await expect(page.getByLabel('電話番号')).toHaveValue(p.phone);
  await expect(page.getByLabel('求職番号')).toHaveValue(p.jobSeekerNumber);
  await expect(page.getByText('ハローワーク受付票に記載の番号です')).toBeVisible();
  await expectAccessible(page, 'ご予約の入力');

  // What was typed survives the confirm step and a correction.
  await page.getByLabel('相談内容').fill('事務の仕事を探しています。');
  await page.getByRole('radio', { name: '通訳者' }).check();
  await page.getByLabel('同席者について').fill('通訳（ベトナム語）');
  await page.getByRole('button', { name: '確認画面へ進む' }).click();
  await expect(page.getByText('利用規約に同意してください').first()).toBeVisible();
  await page.getByRole('checkbox', { name: '利用規約に同意します' }).check();
  await page.getByRole('button', { name: '確認画面へ進む' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約内容の確認' })).toBeVisible();
  await page.getByRole('button', { name: /修正する\s*（相談内容）/ }).click();
  await expect(page.getByLabel('相談内容')).toBeFocused();
  await expect(page.getByLabel('相談内容')).toHaveValue('事務の仕事を探しています。');
  await page.getByLabel('相談内容').fill('事務の仕事を探しています。応募書類の書き方も相談したいです。');
  await page.getByRole('button', { name: '確認画面へ進む' }).click();
  await expect(page.getByText('応募書類の書き方も相談したいです。')).toBeVisible();
  await expect(page.getByText('通訳者（通訳（ベトナム語））')).toBeVisible();
  await expectAccessible(page, 'ご予約内容の確認');
  if (desktop) await page.screenshot({ path: docs('booking-confirm.png'), fullPage: true });

  // A double tap books once (one idempotency key per form filling).
  await page.getByRole('button', { name: '予約する' }).dblclick();
  await expect(page.getByRole('heading', { level: 1, name: 'ご予約を受け付けました' })).toBeVisible();
  const id = (await page.locator('dt:text-is("予約番号") + dd').textContent())!.trim();
  await expect(page.getByText(/\d+月\d+日\([月火水木金]\) \d\d:\d\d〜\d\d:\d\d/)).toBeVisible();
  await expect(page.locator('dt:text-is("状態") + dd')).toHaveText('予約確定');
  await expect(page.getByRole('link', { name: '予約の詳細・キャンセル' })).toBeVisible();
  await expect(page.getByRole('link', { name: '接続環境の確認' })).toBeVisible();
  await expectAccessible(page, 'ご予約の完了');
  const mine = await gql(`{ myReservations { edges { node { id } } } }`, {}, await page.evaluate(() => localStorage.getItem('soudan.token')!));
  expect(mine.myReservations.edges.map((e: any) => e.node.id)).toEqual([id]);

  // マイページ, and a staff change arriving without a reload.
  await page.getByRole('link', { name: 'マイページへ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'マイページ' })).toBeFocused();
  const card = page.locator('#my-reservations li', { hasText: `予約番号：${id}` });
  await expect(card).toContainText('予約確定');
  await expect(page.getByText(/未読 \d+ 件/)).toBeVisible();
  await expectAccessible(page, 'マイページ');
  const staff = await admin();
  const me = await gql(`{ me { id name } }`, {}, staff);
  await page.waitForTimeout(500); // the subscription is open once the page has settled
  await gql(`mutation($id: ID!, $c: ID) { assignCounselor(id: $id, counselorId: $c) { id } }`, { id, c: me.me.id }, staff);
  await expect(page.getByRole('status').filter({ hasText: 'ご予約が更新されました' })).toBeVisible();
  await expect(card).toContainText(`担当：${me.me.name}`);

  // 予約の詳細 → キャンセル → 確認 → 完了.
  await card.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: '予約の詳細' })).toBeFocused();
  await expect(page.getByRole('button', { name: '待合室に入る' })).toBeDisabled();
  await expect(page.getByText('開始15分前')).toBeVisible();
  await expectAccessible(page, '予約の詳細');
  await page.getByRole('button', { name: 'このご予約をキャンセルする' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'キャンセルの確認' })).toBeFocused();
  await expectAccessible(page, 'キャンセルの確認');
  await page.getByRole('button', { name: 'キャンセルする', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'キャンセルしました' })).toBeVisible();
  await expectAccessible(page, 'キャンセルしました');
  const after = await gql(`query($id: ID!) { reservation(id: $id) { status cancelChannel } }`, { id }, staff);
  expect(after.reservation).toEqual({ status: 'CANCELLED', cancelChannel: 'SITE' });
});
