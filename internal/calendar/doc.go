// Package calendar decides which dates are office days (開庁日) of an
// office and by when a booking for a session must be confirmed.
//
// # Office days
//
// An office day is a date, in the office's zone (Asia/Tokyo), that is none of
// the closed days of 行政機関の休日に関する法律 第1条:
//
//   - a Saturday or a Sunday;
//   - a holiday under 国民の祝日に関する法律: a national holiday, a 振替休日 or a
//     国民の休日;
//   - a day from 12月29日 to 1月3日 (年末年始).
//
// On top of these rules an administrator may close further dates of one office
// or open a date that the rules close (some offices open on Saturdays); see
// [Override].
//
// National holidays are computed by rule ([NationalHoliday]): the fixed days
// with their historical changes, the Happy Monday days, the equinox formula,
// 振替休日, 国民の休日 and the one-off days such as those of 2019 and the moves
// for the Tokyo Olympics in 2020 and 2021. Only equinoxes that the National
// Astronomical Observatory has published are official, so the Cabinet Office's
// syukujitsu.csv can be imported ([ParseSyukujitsuCSV], [Config].Imported);
// for every year the file covers it replaces the computed holidays.
//
// # The notice rule
//
// A booking must be confirmed 2開庁日前まで (rules, Art 6(1)): for a session on
// date D the deadline [Calendar.ConfirmBy] is the end of the cut-off time
// (24:00 by default) of the 2nd office day before D, and a request made at
// time t is in time for D when t <= ConfirmBy(D). For a session on Thursday
// 2026-05-07 the 1st office day before is 2026-05-01 and the 2nd 2026-04-30,
// so the deadline is 2026-04-30 24:00 JST (2026-05-01T00:00:00+09:00).
// [Calendar.EarliestSessionDay] answers the reverse question: a request made
// on Saturday 2026-05-02 can be for 2026-05-11 at the earliest.
//
// # Purity
//
// The package does no I/O apart from reading the [io.Reader] given to
// [ParseSyukujitsuCSV], loads no time zone data and never reads the clock:
// callers pass the time in. A [Calendar] is immutable after [New] and safe for
// concurrent use.
package calendar
