// Helpers of the staff screens' browser tests: a counselor, free slots, a booking at a given time.
import { admin, gql } from './helpers';

let staffSeq = 0;
/**
 * A new counselor made by the administrator; returns the name and a session
 * token. The name depends on the tag and the order only, not on the time,
 * so that the screenshots (docs/board.png) are the same on every run; the
 * tag keeps it distinct from the others' even after a worker restarts.
 */
export async function newCounselor(tag: string) {
  const n = ++staffSeq;
  const email = `${tag}-${Date.now()}-${n}@soudan.test`;
  let h = 0;
  for (const c of `${tag}-${n}`) h = (h * 31 + c.charCodeAt(0)) % 100000;
  const name = `相談 太郎${String(h).padStart(5, '0')}`;
  const password = 'correct-horse-battery';
  await gql(`mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`, { i: { email, password, name, role: 'COUNSELOR' } }, await admin());
  const s = await gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token account { id } } }`, { e: email, p: password });
  return { email, name, token: s.signIn.token as string, id: s.signIn.account.id as string };
}

/** The Japan date of an instant. */
const jstDate = (t: string) => new Date(Date.parse(t) + 9 * 3600_000).toISOString().slice(0, 10);

/** Free slots (with at least min seats left) on one bookable date that has at least n of them. */
export async function freeSlots(n: number, from = '2026-12-07', min = 1): Promise<{ date: string; slots: string[] }> {
  const d = await gql(`query($f: Date!, $t: Date!) { availableSlots(from: $f, to: $t) { startsAt remaining } }`, { f: from, t: '2026-12-16' });
  const byDate = new Map<string, string[]>();
  for (const s of d.availableSlots) if (s.remaining >= min) byDate.set(jstDate(s.startsAt), [...(byDate.get(jstDate(s.startsAt)) ?? []), s.startsAt]);
  for (const [date, slots] of byDate) if (slots.length >= n) return { date, slots };
  throw new Error('no date with enough free slots');
}

/** The job seeker books startsAt through the API; returns the reservation id. */
export async function bookAt(token: string, startsAt: string): Promise<string> {
  const d = await gql(`{ currentTerms { id } me { jobSeeker { name phone jobSeekerNumber } } }`, {}, token);
  const js = d.me.jobSeeker;
  const r = await gql(
    `mutation($i: ReservationInput!) { requestReservation(input: $i) { id } }`,
    { i: { startsAt, name: js.name, phone: js.phone, jobSeekerNumber: js.jobSeekerNumber, consultation: '応募書類の相談をしたいです。', agreedTermsId: d.currentTerms.id } },
    token,
  );
  return r.requestReservation.id;
}

