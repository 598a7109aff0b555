// Fixtures and helpers of the browser tests: the API as staff, mail from
// the test SMTP server, and checks every page must pass (axe-core, no
// console error, no request to another origin).
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CLOCK_START } from './env';

export { expect };

let target: string | undefined;
const url = () => target ?? process.env.SOUDAN_WEB_URL!;

/**
 * Points gql, admin() and the page guard at another server (a test's own,
 * see server.ts) until called with no argument.
 */
export function useServer(u?: string): void {
  target = u;
  adminToken = undefined;
}

/** Posts a GraphQL operation; throws on errors. */
export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const r = await fetch(`${url()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

let adminToken: string | undefined;
export async function admin(): Promise<string> {
  if (!adminToken) {
    const d = await gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: ADMIN_EMAIL, p: ADMIN_PASSWORD });
    adminToken = d.signIn.token as string;
  }
  return adminToken;
}

/** Decoded text of every message sent to address so far. */
export function mailsTo(address: string): string[] {
  const dir = process.env.SOUDAN_WEB_MAIL_DIR!;
  return readdirSync(dir)
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((m) => m.split('\r\n', 1)[0].toLowerCase().includes(address.toLowerCase()))
    .map(decodeMail);
}

function decodeMail(raw: string): string {
  const i = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, i);
  const body = raw.slice(i + 4);
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

/** Waits for a mail to address whose text matches re; returns the match. */
export async function waitForMail(address: string, re: RegExp): Promise<RegExpMatchArray> {
  let found: RegExpMatchArray | null = null;
  await expect
    .poll(
      () => {
        for (const m of mailsTo(address).reverse()) {
          found = m.match(re);
          if (found) return true;
        }
        return false;
      },
      { timeout: 20_000, message: `a mail to ${address} matching ${re}` },
    )
    .toBe(true);
  return found!;
}

let seq = 0;
/**
 * A fresh job seeker's details, the same on every run (each run has a new
 * database), so that the screenshots do not change between runs.
 */
export function person(tag: string) {
  seq++;
  const key = `${base.info().project.name}-${tag}-${seq}`;
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) % 100000000;
  return {
    name: `都城 花子`,
    email: `${key}@example.jp`,
    password: 'correct-horse-battery',
    jobSeekerNumber: `45040-${String(h).padStart(8, '0')}`,
    phone: '0986-22-1234',
  };
}

/** Staff confirm the job seeker's registration (Art 2(1)). */
export async function staffVerify(email: string): Promise<void> {
  const t = await admin();
  const d = await gql(`query($s: String) { jobSeekers(search: $s) { edges { node { id email } } } }`, { s: email }, t);
  const node = d.jobSeekers.edges.find((e: any) => e.node.email === email)?.node;
  expect(node, `job seeker ${email}`).toBeTruthy();
  await gql(`mutation($id: ID!) { verifyJobSeeker(id: $id) { id } }`, { id: node.id }, t);
}

/** A verified job seeker made through the API; returns the person and a session token. */
export async function verifiedJobSeeker(tag: string) {
  const p = person(tag);
  await gql(`mutation($i: SignUpInput!) { signUp(input: $i) { sent } }`, {
    i: { email: p.email, password: p.password, name: p.name, jobSeekerNumber: p.jobSeekerNumber, phone: p.phone },
  });
  const m = await waitForMail(p.email, /\/verify-email\?token=([\w-]+)/);
  await gql(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: m[1] });
  await staffVerify(p.email);
  const s = await gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: p.email, p: p.password });
  return { ...p, token: s.signIn.token as string };
}

/** Serious or critical axe-core violations on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  // The CSP allows no inline style: the rendered page has no style attribute either.
  expect(await page.locator('[style]').count(), `elements with a style attribute on ${what}`).toBe(0);
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `axe on ${what}`).toEqual([]);
}

/** No horizontal scrolling. */
export async function expectNoHorizontalScroll(page: Page, what: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `scrollWidth <= clientWidth on ${what}`).toBeLessThanOrEqual(client);
}

/**
 * The test fixture: the browser's clock is the server's, and every test
 * fails on a console error or a request to another origin.
 */
export const test = base.extend<{ guard: void; expectedConsoleErrors: RegExp[] }>({
  /** Console errors a test causes on purpose (for example a refused connection). */
  expectedConsoleErrors: [[], { option: true }],
  guard: [
    async ({ page, expectedConsoleErrors }, use) => {
      const problems: string[] = [];
      // The server the test talks to at the time (see useServer).
      const origin = () => new URL(url()).origin;
      page.on('console', (m) => {
        if (m.type() === 'error' && !expectedConsoleErrors.some((re) => re.test(m.text()))) problems.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        const u = r.url();
        if (u.startsWith('data:')) return;
        if (new URL(u).origin !== origin() && !u.startsWith(origin().replace('http', 'ws'))) problems.push(`request to another origin: ${u}`);
      });
      await page.clock.setFixedTime(new Date(CLOCK_START));
      await use();
      expect(problems).toEqual([]);
    },
    { auto: true },
  ],
});

/** Signs in through the form. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード', { exact: false }).first().fill(password);
  await page.getByRole('button', { name: 'ログインする' }).click();
}

/** Opens the app signed in with token (as a mail link in a new tab would find it). */
export async function signedIn(page: Page, token: string): Promise<void> {
  await page.addInitScript((t) => {
    if (!sessionStorage.getItem('test.signed-in')) {
      localStorage.setItem('soudan.token', t);
      sessionStorage.setItem('test.signed-in', '1');
    }
  }, token);
}

/** Books the first slot with at least `free` seats through the API; returns the reservation id. */
export async function bookThroughAPI(token: string, from = '2026-12-03', to = '2026-12-16'): Promise<{ id: string; startsAt: string }> {
  const d = await gql(`query($f: Date!, $t: Date!) { currentTerms { id } availableSlots(from: $f, to: $t) { startsAt remaining } me { jobSeeker { name phone jobSeekerNumber } } }`, { f: from, t: to }, token);
  const slot = d.availableSlots.filter((s: any) => s.remaining > 0).at(-1);
  const js = d.me.jobSeeker;
  const r = await gql(
    `mutation($i: ReservationInput!) { requestReservation(input: $i) { id startsAt } }`,
    { i: { startsAt: slot.startsAt, name: js.name, phone: js.phone, jobSeekerNumber: js.jobSeekerNumber, consultation: '面接の練習をしたいです。', agreedTermsId: d.currentTerms.id } },
    token,
  );
  return r.requestReservation;
}

/** Presses Tab until target has the focus (keyboard-only use). */
export async function tabTo(page: Page, target: import('@playwright/test').Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The focused element shows a visible focus indicator. */
export async function expectVisibleFocus(page: Page): Promise<void> {
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return `${s.outlineStyle} ${s.outlineWidth}`;
  });
  expect(outline).toMatch(/^solid [1-9]/);
}

