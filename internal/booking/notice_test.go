package booking_test

import (
	"strings"
	"testing"
	"time"

	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// The My Page copy of a mail (the newest notice) is the mail's own text,
// except that an application's copy leaves out its one-time confirmation
// link.
func TestMyPageCopyOfAMail(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		booker, applicant := e.seeker(t), e.seeker(t)
		e.Accounts.Notices = e.Store
		e.Mails(t)

		e.book(t, booker, may7)
		mails := e.Mails(t)
		page, err := e.Accounts.MyNotifications(booker.ctx, 10, "")
		if err != nil || len(mails) != 1 || len(page.Items) == 0 {
			t.Fatalf("after a booking: %d mails, My Page %+v, %v; want a mail and its copy", len(mails), page.Items, err)
		}
		if n := page.Items[0]; n.Title != mails[0].Subject || n.Body != mails[0].Body {
			t.Errorf("My Page copy of the confirmation:\n%s\n%s\nwant the mail:\n%s\n%s", n.Title, n.Body, mails[0].Subject, mails[0].Body)
		}

		if _, err := e.svc.CreateApplication(staff, e.application(applicant, may7.Add(time.Hour), ""), ""); err != nil {
			t.Fatal(err)
		}
		mails = e.Mails(t)
		page, err = e.Accounts.MyNotifications(applicant.ctx, 10, "")
		if err != nil || len(mails) != 1 || len(page.Items) == 0 {
			t.Fatalf("after an application: %d mails, My Page %+v, %v; want a mail and its copy", len(mails), page.Items, err)
		}
		if !confirmLink.MatchString(mails[0].Body) {
			t.Fatalf("the application mail has no confirmation link:\n%s", mails[0].Body)
		}
		n := page.Items[0]
		if confirmLink.MatchString(n.Body) || n.Title != mails[0].Subject || !strings.Contains(n.Body, "2026年5月7日(木) 11:00") {
			t.Errorf("My Page copy of the application:\n%s\n%s\nwant the mail's title and date without the link", n.Title, n.Body)
		}
	})
}
