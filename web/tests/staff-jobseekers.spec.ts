// 求職者 in the browser: search, the detail, verifying a registration,
// suspending with a reason (confirmed twice) and reinstating.
import { expect, expectAccessible, gql, person, signedIn, test, waitForMail } from './helpers';
import { newCounselor } from './staff-helpers';

test.beforeEach(({}, info) => test.skip(info.project.name !== 'desktop', 'staff screens are desktop first'));

test('staff find a job seeker, verify the registration, suspend and reinstate', async ({ page }) => {
  const staff = await newCounselor('jobseekers');
  const p = person('js-detail');
  await gql(`mutation($i: SignUpInput!) { signUp(input: $i) { sent } }`, {
    i: { email: p.email, password: p.password, name: p.name, jobSeekerNumber: p.jobSeekerNumber, phone: p.phone },
  });
  const m = await waitForMail(p.email, /\/verify-email\?token=([\w-]+)/);
  await gql(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: m[1] });

  await signedIn(page, staff.token);
  await page.goto('/staff/jobseekers');
  await expect(page.getByRole('heading', { level: 1, name: '求職者' })).toBeVisible();
  await page.getByLabel('お名前・求職番号・電話番号・メールアドレス').fill(p.jobSeekerNumber);
  await page.getByRole('button', { name: '探す' }).click();
  await expect(page.getByRole('row').filter({ hasText: p.jobSeekerNumber })).toContainText('求職登録の確認待ち');
  await expectAccessible(page, '求職者（検索結果）');
  await page.getByRole('link', { name: p.name }).click();

  await expect(page.getByRole('heading', { level: 1, name: `${p.name}さん` })).toBeVisible();
  await expectAccessible(page, '求職者の詳細');
  await page.getByRole('button', { name: '求職登録を確認済みにする' }).click();
  await expect(page.getByRole('status')).toContainText('求職登録を確認済みにしました');
  await expect(page.getByRole('button', { name: '求職登録を確認済みにする' })).toHaveCount(0);

  // Suspending needs a reason and a second press.
  await page.getByRole('button', { name: '利用を停止する' }).click();
  await expect(page.getByLabel('停止の理由')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('停止の理由').fill('連絡なしの欠席が続いたため');
  await page.getByRole('button', { name: '利用を停止する' }).click();
  await expect(page.getByText('本当に利用を停止しますか')).toBeVisible();
  await expectAccessible(page, '利用の停止（確認）');
  await page.getByRole('button', { name: '利用を停止する' }).click();
  await expect(page.getByRole('status')).toContainText('利用を停止しました');
  await expect(page.getByText(/停止中.*連絡なしの欠席が続いたため/)).toBeVisible();

  await page.getByLabel('解除の記録').fill('ご本人と面談し、解除しました');
  await page.getByRole('button', { name: '停止を解除する' }).click();
  await page.getByRole('button', { name: '停止を解除する' }).click();
  await expect(page.getByRole('status')).toContainText('利用の停止を解除しました');
  await expect(page.getByText(/最後の解除.*ご本人と面談し、解除しました/)).toBeVisible();
});
