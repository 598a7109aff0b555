package main

import (
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// TestRecords: the access log records operations with their outcome, staff
// reads of a job seeker's data are audited, usage statistics are
// aggregates; all three are for administrators only.
func TestRecords(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		var terms struct{ CurrentTerms struct{ ID string } }
		ts.gql(t, "", `{ currentTerms { id } }`, nil).mustData(t, &terms)
		var ids []string
		var seekers []string
		for i, n := range []string{"45040-61", "45040-62", "45040-63", "45040-64"} {
			id, tok := eligibleJobSeeker(t, ts, smtpd, admin, "rec"+n[6:]+"@example.jp", n)
			ids, seekers = append(ids, id), append(seekers, tok)
			// Three sessions at 10:00 on different days, one at 14:00.
			start := []string{"2026-05-07T10:00:00+09:00", "2026-05-08T10:00:00+09:00", "2026-05-11T10:00:00+09:00", "2026-05-07T14:00:00+09:00"}[i]
			book(ts, t, tok, start, n, terms.CurrentTerms.ID).mustData(t, &struct{}{})
		}
		// Staff read one job seeker's profile.
		ts.gql(t, admin, `query($id: ID!) { jobSeeker(id: $id) { name phone } }`, map[string]any{"id": ids[0]}).mustData(t, &struct{}{})
		// A refused operation.
		if r := ts.gql(t, seekers[0], `{ usageStatistics(from: "2026-05-01", to: "2026-05-31") { reservations } }`, nil); r.code() != "FORBIDDEN" {
			t.Errorf("job seeker usageStatistics: %q, want FORBIDDEN", r.code())
		}
		for _, q := range []string{`{ accessLog { entries { at } } }`, `query($id: ID!) { auditLog(jobSeekerId: $id, from: "2026-01-01", to: "2026-12-31") { entries { at } } }`} {
			if r := ts.gql(t, seekers[0], q, map[string]any{"id": ids[0]}); r.code() != "FORBIDDEN" {
				t.Errorf("job seeker %s: %q, want FORBIDDEN", q, r.code())
			}
		}

		var stats struct {
			UsageStatistics struct {
				Reservations int
				ByHour       []struct{ Hour, Count int }
			}
		}
		ts.gql(t, admin, `{ usageStatistics(from: "2026-05-01", to: "2026-05-31") { reservations byHour { hour count } } }`, nil).mustData(t, &stats)
		u := stats.UsageStatistics
		if u.Reservations != 4 || len(u.ByHour) != 1 || u.ByHour[0].Hour != 10 || u.ByHour[0].Count != 3 {
			t.Errorf("usageStatistics = %+v, want 4 reservations and only the 10:00 band (3); the 14:00 band of 1 is suppressed", u)
		}

		// The recorder writes in the background: wait for it.
		var log struct {
			AccessLog struct {
				Entries []struct{ Role, Operation, Outcome, IP string }
			}
		}
		var audit struct {
			AuditLog struct {
				Entries []struct {
					StaffID, JobSeekerID, Operation string
					Staff                           *struct{ ID, Name, Role string }
				}
			}
		}
		wantAccess := []string{"JOB_SEEKER mutation requestReservation OK", "JOB_SEEKER query usageStatistics FORBIDDEN",
			"ANONYMOUS mutation signUp OK", "ADMIN query jobSeeker OK"}
		seen := map[string]bool{}
		audited := false
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			ts.gql(t, admin, `{ accessLog(first: 100) { entries { role operation outcome ip } } }`, nil).mustData(t, &log)
			ts.gql(t, admin, `query($id: ID!) { auditLog(jobSeekerId: $id, from: "2026-01-01", to: "2026-12-31") { entries { staffId staff { id name role } jobSeekerId operation } } }`,
				map[string]any{"id": ids[0]}).mustData(t, &audit)
			for _, e := range log.AccessLog.Entries {
				seen[e.Role+" "+e.Operation+" "+e.Outcome] = true
				if e.IP != "127.0.0.1" {
					t.Fatalf("entry %+v: IP %q, want 127.0.0.1", e, e.IP)
				}
			}
			audited = len(audit.AuditLog.Entries) > 0 && audit.AuditLog.Entries[0].Operation == "query jobSeeker"
			all := audited
			for _, w := range wantAccess {
				all = all && seen[w]
			}
			if all {
				break
			}
		}
		for _, want := range wantAccess {
			if !seen[want] {
				t.Errorf("access log lacks %q", want)
			}
		}
		if !audited || audit.AuditLog.Entries[0].JobSeekerID != ids[0] {
			t.Fatalf("audit log = %+v, want the admin's read through query jobSeeker", audit.AuditLog.Entries)
		}
		// Each entry names the staff member who read, with their role.
		var me struct{ Me struct{ ID, Name string } }
		ts.gql(t, admin, `{ me { id name } }`, nil).mustData(t, &me)
		for _, e := range audit.AuditLog.Entries {
			if e.Staff == nil || e.Staff.ID != e.StaffID || e.Staff.ID != me.Me.ID || e.Staff.Name != me.Me.Name || e.Staff.Role != "ADMIN" {
				t.Errorf("audit entry %+v: staff %+v, want the administrator %+v", e, e.Staff, me.Me)
			}
		}

		// Access log entries name their account, with its role. A job
		// seeker's name read there is an audited read.
		for _, who := range []struct{ id, name, role string }{{me.Me.ID, me.Me.Name, "ADMIN"}, {ids[0], "予約 45040-61", "JOB_SEEKER"}} {
			var named struct {
				AccessLog struct {
					Entries []struct {
						AccountID *string
						Account   *struct{ ID, Name, Role string }
					}
				}
			}
			ts.gql(t, admin, `query($id: ID) { accessLog(filter: {accountId: $id}, first: 5) { entries { accountId account { id name role } } } }`,
				map[string]any{"id": who.id}).mustData(t, &named)
			if len(named.AccessLog.Entries) == 0 {
				t.Fatalf("access log of %s is empty", who.id)
			}
			for _, e := range named.AccessLog.Entries {
				if a := e.Account; e.AccountID == nil || *e.AccountID != who.id || a == nil || a.ID != who.id || a.Name != who.name || a.Role != who.role {
					t.Errorf("access log entry of %s: account %+v, want %+v", who.id, a, who)
				}
			}
		}
		var anon struct {
			AccessLog struct {
				Entries []struct {
					AccountID *string
					Account   *struct{ ID string }
				}
			}
		}
		ts.gql(t, admin, `{ accessLog(first: 100) { entries { accountId account { id } } } }`, nil).mustData(t, &anon)
		for _, e := range anon.AccessLog.Entries {
			if (e.AccountID == nil) != (e.Account == nil) {
				t.Errorf("access log entry: accountId %v, account %+v; want both or neither", e.AccountID, e.Account)
			}
		}
		readThere := false
		for deadline := time.Now().Add(5 * time.Second); !readThere && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			ts.gql(t, admin, `query($id: ID!) { auditLog(jobSeekerId: $id, from: "2026-01-01", to: "2026-12-31") { entries { staffId operation } } }`,
				map[string]any{"id": ids[0]}).mustData(t, &audit)
			for _, e := range audit.AuditLog.Entries {
				readThere = readThere || (e.StaffID == me.Me.ID && e.Operation == "query accessLog")
			}
		}
		if !readThere {
			t.Errorf("audit log = %+v, want the administrator's read of the name in the access log", audit.AuditLog.Entries)
		}
	})
}
