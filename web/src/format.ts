// Dates and times in Japan time with the weekday: 「12月3日(水) 10:00〜10:30」.
const TZ = 'Asia/Tokyo';

const partsFmt = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' });

function parts(t: string | Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of partsFmt.formatToParts(new Date(t))) out[p.type] = p.value;
  return out;
}
const timeFmt = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const isoDateFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

/** 12月3日(水) */
export const day = (t: string | Date) => {
  const p = parts(t);
  return `${p.month}月${p.day}日(${p.weekday})`;
};
/** 2026年12月3日(水) */
export const fullDay = (t: string | Date) => `${parts(t).year}年${day(t)}`;
/** 10:00 */
export const time = (t: string | Date) => timeFmt.format(new Date(t));
/** 12月3日(水) 10:00〜10:30 */
export const range = (from: string, to: string) => `${day(from)} ${time(from)}〜${time(to)}`;
/** 12月3日(水) 17:00 */
export const dayTime = (t: string) => `${day(t)} ${time(t)}`;

/** The Japan date (YYYY-MM-DD) of an instant. */
export const isoDate = (t: Date) => isoDateFmt.format(t);
/** The start of a Japan date as an instant. */
export const dateStart = (d: string) => new Date(`${d}T00:00:00+09:00`);
/** d plus n days (YYYY-MM-DD). */
export const addDays = (d: string, n: number) => isoDate(new Date(dateStart(d).getTime() + n * 86400000 + 3600000));

export const STATUS: Record<string, string> = {
  AWAITING_REPLY: 'お返事待ち',
  CONFIRMED: '予約確定',
  CHECKED_IN: '待合室に入室済み',
  IN_SESSION: '相談中',
  COMPLETED: '相談終了',
  CANCELLED: 'キャンセル済み',
  EXPIRED: '期限切れ（確定されませんでした）',
  NO_SHOW: '欠席',
  TERMINATED: '相談中止',
};

export const COMPANION: Record<string, string> = {
  NONE: 'なし',
  INTERPRETER: '通訳者',
  HELPER: '支援者・介助者',
  OTHER: 'その他',
};

/** Statuses in which a reservation may still be cancelled by the job seeker. */
export const ACTIVE = ['AWAITING_REPLY', 'CONFIRMED', 'CHECKED_IN'];
