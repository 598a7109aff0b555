package booking_test

import (
	"testing"

	"soudan/internal/apperr"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// A job seeker registered at another office cannot book here, and always
// sees their own reservations.
func TestOtherOfficeJobSeeker(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		r := e.book(t, js, may7)
		other := office2(t, e)
		if _, err := e.Store.DB().Exec("UPDATE accounts SET office_id = ? WHERE id = ?", other, js.acct.ID); err != nil {
			t.Fatal(err)
		}
		moved := e.as(t, js.acct.Email)
		got, err := e.svc.Reservation(moved, r.ID)
		if err != nil || got == nil {
			t.Errorf("own reservation after moving office: %v, %v; want it visible", got, err)
		}
		if _, err := e.svc.Cancel(moved, r.ID, "", nil); err != nil {
			t.Errorf("cancelling own reservation after moving office: %v", err)
		}
		_, err = e.svc.RequestReservation(moved, e.input(js, may7), "")
		wantCode(t, "booking at another office", err, apperr.NotEligible, "")
	})
}

// office2 inserts a second office and returns its id.
func office2(t *testing.T, e *env) int64 {
	t.Helper()
	def := office.Default()
	def.Code, def.Name = "46010", "宮崎公共職業安定所"
	if _, err := e.Store.SeedOffice(e.ctx, def, nil, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := e.Store.DB().QueryRow("SELECT id FROM offices WHERE code = '46010'").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
