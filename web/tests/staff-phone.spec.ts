// 電話・メール受付 in the browser: a staff member finds the job seeker, sees
// full slots as 満席, books on their behalf by phone, records the reply mail
// and sees the reservation confirmed and on the board.
import { expect, expectAccessible, gql, person, test, verifiedJobSeeker, waitForMail, signedIn } from './helpers';
import { bookAt, freeSlots, newCounselor } from './staff-helpers';

test.beforeEach(({}, info) => test.skip(info.project.name !== 'desktop', 'staff screens are desktop first'));

test('a phone application end to end: search, a slot, confirm, the reply mail, the board', async ({ page }) => {
  const staff = await newCounselor('phone');
  const { date, slots } = await freeSlots(3, '2026-12-08', 2);
  // Two others fill the first slot: it is listed as 満席 and cannot be chosen.
  for (const tag of ['phone-a', 'phone-b']) {
    const other = await verifiedJobSeeker(tag);
    await bookAt(other.token, slots[0]);
  }
  const caller = await verifiedJobSeeker('phone-caller');

  await signedIn(page, staff.token);
  await page.goto('/staff/phone');
  await expect(page.getByRole('heading', { level: 1, name: '電話・メール受付' })).toBeVisible();
  await expectAccessible(page, '電話・メール受付');

  // An empty search is refused at the field.
  await page.getByRole('button', { name: '探す' }).click();
  const search = page.getByLabel('お名前・求職番号・電話番号・メールアドレス');
  await expect(search).toHaveAttribute('aria-invalid', 'true');
  await search.fill(caller.jobSeekerNumber);
  await page.getByRole('button', { name: '探す' }).click();
  await expect(page.getByRole('status')).toContainText('1件見つかりました');
  await expectAccessible(page, '電話・メール受付（検索結果）');
  await page.getByRole('button', { name: `この方のご予約を受け付ける（${caller.name}さん）` }).click();

  await page.getByLabel('日付').fill(date);
  const time = (t: string) => new Date(t).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const full = page.getByRole('radio', { name: new RegExp(`^${time(slots[0])}〜.*満席`) });
  await expect(full).toBeDisabled();
  // Without a time and a consultation, the errors are listed and shown at their fields.
  await page.getByRole('button', { name: '確認画面へ進む' }).click();
  await expect(page.getByRole('alert')).toContainText('入力内容を確認してください');
  await expect(page.getByLabel('相談内容')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'ご予約の内容（エラー）');

  await page.getByRole('radio', { name: new RegExp(`^${time(slots[1])}〜`) }).check();
  await expect(page.getByLabel('お名前')).toHaveValue(caller.name);
  await page.getByLabel('相談内容').fill('お電話で：求人の探し方を相談したいです。');
  await page.getByRole('button', { name: '確認画面へ進む' }).click();
  await expect(page.getByRole('heading', { name: '内容の確認' })).toBeVisible();
  await expect(page.getByText('電話', { exact: true })).toBeVisible();
  await expectAccessible(page, '内容の確認');
  await page.getByRole('button', { name: 'ご予約を受け付ける' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'ご予約を受け付けました' })).toBeVisible();
  await expect(page.getByText('お返事待ち')).toBeVisible();
  await expect(page.getByText('予約確定の期限')).toBeVisible();
  await expectAccessible(page, 'ご予約を受け付けました');
  // The job seeker is mailed the confirmation link.
  await waitForMail(caller.email, /\/confirm\?token=/);

  // The reply mail arrives: staff record it and the reservation is confirmed.
  await page.getByRole('button', { name: '返信メールが届いた' }).click();
  await expect(page.getByRole('status')).toContainText('ご予約が確定しました');
  await expect(page.getByText('予約確定', { exact: true })).toBeVisible();

  // It is on the board of that day, as a phone booking.
  await page.getByRole('link', { name: 'この日の相談一覧へ' }).click();
  await expect(page.getByRole('row').filter({ hasText: caller.jobSeekerNumber })).toContainText('予約確定');
  const d = await gql(`query($id: ID!) { jobSeeker(id: $id) { reservations { edges { node { channel status } } } } }`, { id: (await idOf(caller.email, staff.token)) }, staff.token);
  expect(d.jobSeeker.reservations.edges.map((e: any) => e.node)).toContainEqual({ channel: 'PHONE', status: 'CONFIRMED' });
});

async function idOf(email: string, token: string): Promise<string> {
  const d = await gql(`query($s: String) { jobSeekers(search: $s) { edges { node { id email } } } }`, { s: email }, token);
  return d.jobSeekers.edges.find((e: any) => e.node.email === email).node.id;
}

test('a caller without a site account is registered by staff and can be booked at once', async ({ page }) => {
  const staff = await newCounselor('register');
  const known = await verifiedJobSeeker('register-known');
  const p = person('register-new');
  await signedIn(page, staff.token);
  await page.goto('/staff/phone');
  await expect(page.getByRole('heading', { name: 'サイトのアカウントがない方' })).toBeVisible();
  const form = page.getByRole('region', { name: 'サイトのアカウントがない方' });
  const register = form.getByRole('button', { name: '登録して、ご予約を受け付ける' });

  // A 求職番号 that is registered already is named at its field.
  await form.getByLabel('お名前').fill('電話 一郎');
  await form.getByLabel('求職番号').fill(known.jobSeekerNumber);
  await form.getByLabel('電話番号').fill('0986-22-3333');
  await form.getByLabel('メールアドレス').fill(p.email);
  await register.click();
  await expect(form.getByLabel('求職番号')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('すでに登録されています');
  await expectAccessible(page, 'アカウントのない方の登録（エラー）');

  await form.getByLabel('求職番号').fill(p.jobSeekerNumber);
  await register.click();
  // Registered and eligible: the booking form opens in their name.
  await expect(page.getByRole('heading', { name: '2. ご予約の内容' })).toBeVisible();
  await expect(page.getByLabel('お名前')).toHaveValue('電話 一郎');
  await waitForMail(p.email, /\/reset-password\?token=/);
});

test('a caller is found by the phone number they give, written in any form', async ({ page }) => {
  const staff = await newCounselor('phone-number');
  // A number no other test uses, so that the search finds this person alone.
  const p = { ...person('phone-number'), name: '電話 番子', phone: '0986-55-7788' };
  await gql(`mutation($i: SignUpInput!) { signUp(input: $i) { sent } }`, {
    i: { email: p.email, password: p.password, name: p.name, jobSeekerNumber: p.jobSeekerNumber, phone: p.phone },
  });
  const m = await waitForMail(p.email, /\/verify-email\?token=([\w-]+)/);
  await gql(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: m[1] });

  await signedIn(page, staff.token);
  await page.goto('/staff/phone');
  const search = page.getByLabel('お名前・求職番号・電話番号・メールアドレス');
  await expect(page.getByText('電話番号は、市外局番から入力してください')).toBeVisible();
  for (const form of ['０９８６５５７７８８', '0986-55-7788', '+81 986 55 7788']) {
    await search.fill(form);
    await page.getByRole('button', { name: '探す' }).click();
    await expect(page.getByRole('status')).toContainText('1件見つかりました');
    await expect(page.getByRole('listitem').filter({ hasText: p.jobSeekerNumber })).toContainText('電話 0986-55-7788');
  }
  // Another number finds nobody.
  await search.fill('0986-55-7789');
  await page.getByRole('button', { name: '探す' }).click();
  await expect(page.getByRole('status')).toContainText('0件見つかりました');
  await expect(page.getByText('見つかりませんでした')).toBeVisible();

  // The same on the 求職者 screen.
  await page.goto('/staff/jobseekers');
  await page.getByLabel('お名前・求職番号・電話番号・メールアドレス').fill('0986557788');
  await page.getByRole('button', { name: '探す' }).click();
  await expect(page.getByRole('row').filter({ hasText: p.jobSeekerNumber })).toContainText('0986-55-7788');
  await expect(page.getByRole('row')).toHaveCount(2); // the header and this person
});
