// The other administration screens in the browser: terms versions with a
// preview, booths, the roster import with rejected lines, and records with
// the statistics as a chart and as a table. axe-core on each.
import { admin, expect, expectAccessible, gql, person, signedIn, tabTo, test, verifiedJobSeeker } from './helpers';
import { newCounselor } from './staff-helpers';

test.beforeEach(({}, info) => test.skip(info.project.name !== 'desktop', 'staff screens are desktop first'));

test('administration: terms, booths, roster import, records and statistics', async ({ page }) => {
  await signedIn(page, await admin());

  await page.goto('/admin/terms');
  await expect(page.getByText('現在の版')).toBeVisible();
  await expectAccessible(page, '利用規約の版');
  // A date of its own, so that the test can run again on the same server.
  const day = new Date(Date.UTC(2027, 2, 1) + (Date.now() % 300) * 86400_000).toISOString().slice(0, 10);
  const title = `改訂の試験 ${Date.now() % 100000}`;
  await page.getByLabel('版の名前').fill(title);
  await page.getByLabel('効力が生じる日').fill(day);
  await page.getByLabel('本文').fill('第1条 この規約は、オンライン職業相談の利用について定めます。');
  await page.getByRole('button', { name: 'プレビューを見る' }).click();
  await expect(page.getByRole('heading', { name: `プレビュー：${title}` })).toBeVisible();
  await expect(page.getByText(/^2027年\d+月\d+日\(.\)から効力が生じます/)).toBeVisible();
  await expectAccessible(page, '利用規約のプレビュー');
  await page.getByRole('button', { name: '公開する' }).click();
  await expect(page.getByRole('status')).toContainText('公開しました');
  await expect(page.getByRole('link', { name: title })).toBeVisible();

  await page.goto('/admin/booths');
  await expect(page.getByRole('heading', { level: 1, name: 'ブース' })).toBeVisible();
  await page.getByLabel('ミーティングID').fill('812 3456 7890');
  await page.getByLabel('参加用のURL').fill('https://us02web.zoom.us/j/81234567890');
  await page.getByRole('button', { name: '設定する' }).click();
  await expect(page.getByRole('status')).toContainText('設定しました');
  await expect(page.getByRole('table')).toContainText('81234567890');
  await expectAccessible(page, 'ブース');
  // A fixed room's passcode is rotated after a confirmation, and the new one
  // is shown so that it can be set on the Zoom room.
  await page.getByRole('button', { name: '席 1 のパスコードを新しくする' }).click();
  await expectAccessible(page, 'ブース（パスコードの変更の確認）');
  await page.getByRole('button', { name: '新しくする', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('パスコードを新しくしました');
  await expect(page.getByText(/新しいパスコード：\d{10}/)).toBeVisible();
  await expect(page.getByRole('table')).toContainText('設定あり');

  const p = person('roster');
  await page.goto('/admin/import');
  await expectAccessible(page, '求職番号の取込');
  await page.getByRole('button', { name: '取り込む' }).click();
  await expect(page.getByLabel('CSVの内容')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('CSVの内容').fill(`${p.jobSeekerNumber},${p.name}\nこれは番号ではありません,山田\n`);
  await page.getByRole('button', { name: '取り込む' }).click();
  await expect(page.getByRole('status')).toContainText('2行を読み');
  await expect(page.getByRole('region', { name: '取り込めなかった行' }).or(page.locator('section[aria-labelledby="rejected"]'))).toContainText('2');
  await expectAccessible(page, '求職番号の取込（結果）');

  // Records: something to count first.
  await newCounselor('records');
  await page.goto('/admin/records');
  await expectAccessible(page, '記録・統計');
  await page.getByRole('button', { name: '統計を表示する' }).click();
  await expect(page.getByText(/^\d+件$/).first()).toBeVisible();
  await page.getByRole('button', { name: '記録を表示する', exact: true }).click();
  await expect(page.getByRole('table').filter({ hasText: '利用の記録' })).toContainText('成功');
  await page.getByRole('button', { name: '閲覧記録を表示する' }).click();
  await expect(page.getByLabel('求職者の番号')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, '記録・統計（表示後）');

  // A counselor sees no 管理 menu and is kept out of administration.
  const counselor = await newCounselor('no-admin');
  await page.evaluate((t) => localStorage.setItem('soudan.token', t), counselor.token);
  await page.goto('/admin/office');
  await expect(page.getByRole('heading', { level: 1, name: 'このページは表示できません' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: '管理' })).toHaveCount(0);
});

test('the audit log names the staff member who read, with the role, and the operation in words', async ({ page }) => {
  // A counselor reads a job seeker's details.
  const counselor = await newCounselor('audit');
  const js = await verifiedJobSeeker('audit');
  const found = await gql(`query($s: String) { jobSeekers(search: $s) { edges { node { id email } } } }`, { s: js.email }, counselor.token);
  const id = found.jobSeekers.edges.find((e: any) => e.node.email === js.email).node.id as string;
  await gql(`query($id: ID!) { jobSeeker(id: $id) { name phone } }`, { id }, counselor.token);

  // The administrator looks the reads up, with the keyboard.
  await signedIn(page, await admin());
  await page.goto('/admin/records');
  await expect(page.getByRole('heading', { level: 1, name: '記録・統計' })).toBeVisible();
  await page.locator('h1').focus();
  await tabTo(page, page.getByLabel('求職者の番号'));
  await page.keyboard.type(id);
  await tabTo(page, page.getByRole('button', { name: '閲覧記録を表示する' }));
  const table = page.getByRole('table').filter({ hasText: '閲覧記録' });
  const read = table.locator('tbody tr').filter({ hasText: counselor.name }).filter({ hasText: '求職者の詳細（表示）' });
  // The reads are recorded in the background: ask again until the counselor's shows.
  await expect(async () => {
    await page.keyboard.press('Enter');
    await expect(read.first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  // The person by name and role, the operation in words; the log's own names underneath.
  await expect(read.first().locator('td').first()).toContainText(`${counselor.name}（相談員）`);
  await expect(read.first().locator('td').first()).toContainText(`職員の番号：${counselor.id}`);
  await expect(read.first().locator('td').nth(1)).toContainText('記録上の名前：query jobSeeker');
  // The search the counselor made first is there too, in words.
  await expect(table.locator('tbody tr').filter({ hasText: counselor.name }).filter({ hasText: '求職者の検索（表示）' })).toHaveCount(1);
  await expectAccessible(page, '個人情報の閲覧記録');

  // The access log says what was done in words as well.
  await page.getByRole('button', { name: '記録を表示する', exact: true }).click();
  const access = page.getByRole('table').filter({ hasText: '利用の記録' });
  await expect(access).toContainText('求職者の詳細（表示）');
  await expect(access).toContainText('記録上の名前：query auditLog');
  // Each entry names its account, with the account's number underneath.
  const counselorRow = access.locator('tbody tr').filter({ hasText: counselor.name }).first();
  await expect(counselorRow).toContainText(`アカウントの番号：${counselor.id}`);
  await expect(counselorRow).toContainText('相談員');
  await expectAccessible(page, '利用の記録');
});
