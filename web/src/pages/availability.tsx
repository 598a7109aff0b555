import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { AvailabilityQuery } from '../gql/graphql';
import { query } from '../api';
import { addDays, day, fullDay, isoDate, time } from '../format';
import { useSession } from '../session';
import { Loading, Status, Title, useLoad } from '../ui';

const AvailabilityDoc = graphql(`
  query Availability($from: Date!, $to: Date!) {
    office {
      horizonDays
      noticeOfficeDays
    }
    calendar(from: $from, to: $to) {
      date
      open
      reason
    }
    availableSlots(from: $from, to: $to) {
      startsAt
      endsAt
      remaining
      capacity
    }
  }
`);

type Slot = AvailabilityQuery['availableSlots'][number];

const PAGE_DAYS = 14;

/** The text status of a slot: never colour alone. */
export function slotStatus(remaining: number): string {
  if (remaining <= 0) return '満席';
  if (remaining === 1) return '残り1';
  return '空きあり';
}

/** 空き状況: open days with their 30-minute slots, closed days with the reason; no sign-in needed. */
export function Availability() {
  const { route } = useLocation();
  const { me } = useSession();
  const today = isoDate(new Date());
  const [page, setPage] = useState(0);
  const from = addDays(today, page * PAGE_DAYS);
  const to = addDays(from, PAGE_DAYS - 1);
  const { data, errors, loading } = useLoad(() => query(AvailabilityDoc, { from, to }), [from]);

  const byDate = new Map<string, Slot[]>();
  for (const s of data?.availableSlots ?? []) {
    const d = isoDate(new Date(s.startsAt));
    byDate.set(d, [...(byDate.get(d) ?? []), s]);
  }
  const lastPage = data ? Math.floor(data.office.horizonDays / PAGE_DAYS) : 0;

  const choose = (s: Slot) => {
    const target = `/book?startsAt=${encodeURIComponent(s.startsAt)}`;
    route(me ? target : `/login?next=${encodeURIComponent(target)}`);
  };

  return (
    <>
      <Title>空き状況</Title>
      <p>
        ご希望の時間を選んでください。1回30分です。ご予約にはログインが必要です。
        {data && <>相談日の {data.office.noticeOfficeDays} 開庁日前までのご予約が必要なため、それより近い日は表示されません。</>}
      </p>
      <div class="pager">
        <button type="button" class="button secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
          前の2週間
        </button>
        <p class="pager-range">
          {fullDay(`${from}T00:00:00+09:00`)}〜{day(`${to}T00:00:00+09:00`)}
        </p>
        <button type="button" class="button secondary" disabled={page >= lastPage} onClick={() => setPage(page + 1)}>
          次の2週間
        </button>
      </div>
      <Status>{loading ? '空き状況を読み込んでいます…' : data ? `${day(`${from}T00:00:00+09:00`)}からの2週間を表示しています。` : ''}</Status>
      {!data ? (
        <Loading errors={errors} />
      ) : (
        <ul class="days">
          {data.calendar.map((d) => {
            const slots = byDate.get(d.date) ?? [];
            const label = day(`${d.date}T00:00:00+09:00`);
            return (
              <li key={d.date} class={`day${d.open ? '' : ' day-closed'}`}>
                <h2 class="day-title">{label}</h2>
                {!d.open ? (
                  <p class="day-note">休み（{d.reason ?? '閉庁日'}）</p>
                ) : slots.length === 0 ? (
                  <p class="day-note">ご予約できる時間はありません</p>
                ) : (
                  <ul class="slots" aria-label={`${label}の時間`}>
                    {slots.map((s) => (
                      <li key={s.startsAt}>
                        {s.remaining > 0 ? (
                          <button type="button" class="slot" onClick={() => choose(s)}>
                            <span class="slot-time">{time(s.startsAt)}〜{time(s.endsAt)}</span>
                            <span class="slot-status">{slotStatus(s.remaining)}</span>
                          </button>
                        ) : (
                          <span class="slot slot-full">
                            <span class="slot-time">{time(s.startsAt)}〜{time(s.endsAt)}</span>
                            <span class="slot-status">満席</span>
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
