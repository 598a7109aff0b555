package booking_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/calendar"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

func TestRemindersOnTheOfficeDayBefore(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js, other, third := e.seeker(t), e.seeker(t), e.seeker(t)
		e.book(t, js, jst(2026, time.May, 11, 10, 0))   // previous office day: Friday 5/8
		e.book(t, other, jst(2026, time.May, 7, 14, 0)) // after Golden Week: Friday 5/1
		gone := e.book(t, third, jst(2026, time.May, 11, 11, 0))
		e.cancel(t, third, gone.ID)
		e.Mails(t)

		send := func(at time.Time) int {
			t.Helper()
			e.Clock.Set(at)
			n, err := e.svc.SendReminders(e.ctx)
			if err != nil {
				t.Fatalf("SendReminders at %v: %v", at, err)
			}
			return n
		}
		if n := send(jst(2026, time.April, 30, 12, 0)); n != 0 {
			t.Errorf("4/30: %d reminders, want 0", n)
		}
		if n := send(jst(2026, time.May, 1, 8, 59)); n != 0 {
			t.Errorf("5/1 8:59: %d reminders, want 0 (from 9:00)", n)
		}
		if n := send(jst(2026, time.May, 1, 9, 0)); n != 1 {
			t.Errorf("5/1 9:00: %d reminders, want 1 (the 5/7 session, after the holidays)", n)
		}
		ms := e.Mails(t)
		if len(ms) != 1 || ms[0].To != other.acct.Email ||
			!strings.Contains(ms[0].Body, "録画・録音・撮影は、方法を問わず禁止されています") || !strings.Contains(ms[0].Body, "/readiness") {
			t.Errorf("reminder mails = %+v", ms)
		}
		if n := send(jst(2026, time.May, 7, 10, 0)); n != 0 {
			t.Errorf("5/7: %d reminders, want 0 (5/11's reminder goes on 5/8)", n)
		}
		// Two instances at once on Friday 5/8: one reminder.
		e.Clock.Set(jst(2026, time.May, 8, 9, 30))
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i := range counts {
			wg.Go(func() {
				n, err := e.svc.SendReminders(e.ctx)
				if err != nil {
					t.Errorf("SendReminders: %v", err)
				}
				counts[i] = n
			})
		}
		wg.Wait()
		if counts[0]+counts[1] != 1 {
			t.Errorf("two instances sent %v reminders, want 1 in all", counts)
		}
		if ms := e.Mails(t); len(ms) != 1 || ms[0].To != js.acct.Email {
			t.Errorf("Friday's mails = %d, want the Monday session's reminder only", len(ms))
		}
		if n := send(jst(2026, time.May, 8, 15, 0)); n != 0 {
			t.Errorf("again on Friday: %d, want 0", n)
		}
	})
}

func TestMyPageNotifications(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		e.Accounts.Notices = e.Store
		staff := e.counselor(t)
		js, other := e.seeker(t), e.seeker(t)
		_, err := e.svc.CreateApplication(staff, e.application(js, may7, ""), "")
		if err != nil {
			t.Fatal(err)
		}
		page, err := e.Accounts.MyNotifications(js.ctx, 10, "")
		if err != nil {
			t.Fatal(err)
		}
		// The verification mail and the application, newest first.
		if len(page.Items) != 2 || !strings.Contains(page.Items[0].Title, "お申し込みを受け付けました") {
			t.Fatalf("notifications = %+v", page.Items)
		}
		for _, n := range page.Items {
			if strings.Contains(n.Body, "token=") {
				t.Errorf("notification %q carries a one-time link:\n%s", n.Title, n.Body)
			}
		}
		if !strings.Contains(page.Items[0].Body, "ミーティング") || page.Items[0].ReadAt != nil {
			t.Errorf("application notice = %+v", page.Items[0])
		}
		unread := func(ctx context.Context) int {
			t.Helper()
			n, err := e.Accounts.UnreadNotifications(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := unread(js.ctx); n != 2 {
			t.Errorf("unread = %d, want 2", n)
		}
		_, err = e.Accounts.MarkNotificationRead(other.ctx, page.Items[0].ID)
		wantCode(t, "reading another's notification", err, apperr.NotFound, "")
		n, err := e.Accounts.MarkNotificationRead(js.ctx, page.Items[0].ID)
		if err != nil || n.ReadAt == nil {
			t.Errorf("MarkNotificationRead = %+v, %v", n, err)
		}
		// Counted over all pages, not the page asked for.
		if n := unread(js.ctx); n != 1 {
			t.Errorf("unread after reading one = %d, want 1", n)
		}
		if n := unread(other.ctx); n != 1 {
			t.Errorf("the other job seeker's unread = %d, want 1 (their own)", n)
		}
		_, err = e.Accounts.UnreadNotifications(e.ctx)
		wantCode(t, "unread count of an anonymous caller", err, apperr.Unauthenticated, "")
		if theirs, _ := e.Accounts.MyNotifications(other.ctx, 10, ""); len(theirs.Items) != 1 {
			t.Errorf("the other job seeker sees %d notifications, want only their own verification mail", len(theirs.Items))
		}
	})
}

// Art 13: terms changes reach everyone. Every job seeker finds the notice
// on My Page; those with an upcoming reservation are mailed too. Both link
// to the version's own page and say that applications from the effective
// date on (inclusive) fall under it.
func TestArt13TermsChangesReachEveryone(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		e.Offices.Admin, e.Offices.PublicURL, e.Accounts.Notices = e.Store, publicURL, e.Store
		upcoming, cancelled, never := e.seeker(t), e.seeker(t), e.seeker(t)
		e.book(t, upcoming, may7)
		r := e.book(t, cancelled, may7.Add(time.Hour))
		e.cancel(t, cancelled, r.ID)
		e.Mails(t)
		v, err := e.Offices.PublishTerms(e.admin(t), office.TermsInput{Title: "令和8年6月1日改訂",
			EffectiveFrom: calendar.NewDate(2026, time.June, 1), Text: "第1条（目的）…"})
		if err != nil {
			t.Fatal(err)
		}
		link := fmt.Sprintf("%s/terms/%d", publicURL, v.ID)
		ms := e.Mails(t)
		if len(ms) != 1 || ms[0].To != upcoming.acct.Email || !strings.Contains(ms[0].Body, link) ||
			!strings.Contains(ms[0].Body, "2026年6月1日(月)以降のお申し込みには、新しい利用規約が適用されます") {
			t.Fatalf("announcement mails = %+v, want one to the job seeker with an upcoming reservation, linking %s", ms, link)
		}
		for _, js := range []seeker{upcoming, cancelled, never} {
			page, err := e.Accounts.MyNotifications(js.ctx, 1, "")
			if err != nil || len(page.Items) != 1 || !strings.Contains(page.Items[0].Title, "利用規約を改訂します") ||
				!strings.Contains(page.Items[0].Body, link) {
				t.Errorf("job seeker %d: newest notification = %+v, %v; want the announcement with its link", js.acct.ID, page.Items, err)
			}
		}
	})
}
