package main

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

func TestOfficeAndCalendarOverHTTP(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d)})

		var got struct {
			Office struct {
				Code           string
				SessionMinutes int
				OpensAt        string
				ClosesAt       string
				Capacity       int
			}
			Calendar []struct {
				Date   string
				Open   bool
				Reason *string
			}
		}
		ts.gql(t, "", `{ office { code sessionMinutes opensAt closesAt capacity }
			calendar(from: "2026-05-01", to: "2026-05-10") { date open reason } }`, nil).mustData(t, &got)

		if got.Office.Code != "45040" || got.Office.SessionMinutes != 30 || got.Office.OpensAt != "08:30" ||
			got.Office.ClosesAt != "17:15" || got.Office.Capacity != 2 {
			t.Errorf("office = %+v, want 45040, 30 minutes, 08:30–17:15, capacity 2", got.Office)
		}
		type day struct {
			Date   string
			Open   bool
			Reason string
		}
		var days []day
		for _, c := range got.Calendar {
			r := ""
			if c.Reason != nil {
				r = *c.Reason
			}
			days = append(days, day{c.Date, c.Open, r})
		}
		want := []day{
			{"2026-05-01", true, ""},
			{"2026-05-02", false, "土曜日"},
			{"2026-05-03", false, "憲法記念日"},
			{"2026-05-04", false, "みどりの日"},
			{"2026-05-05", false, "こどもの日"},
			{"2026-05-06", false, "振替休日"},
			{"2026-05-07", true, ""},
			{"2026-05-08", true, ""},
			{"2026-05-09", false, "土曜日"},
			{"2026-05-10", false, "日曜日"},
		}
		if diff := cmp.Diff(want, days); diff != "" {
			t.Errorf("calendar mismatch (-want +got):\n%s", diff)
		}

		var terms struct {
			CurrentTerms  struct{ Title, EffectiveFrom, Text string }
			TermsVersions []struct {
				Title   string
				InForce bool
			}
		}
		ts.gql(t, "", `{ currentTerms { title effectiveFrom text } termsVersions { title inForce } }`, nil).mustData(t, &terms)
		if terms.CurrentTerms.Title != "令和7年3月10日改訂" || terms.CurrentTerms.EffectiveFrom != "2025-03-10" {
			t.Errorf("currentTerms = %q %q, want 令和7年3月10日改訂 effective 2025-03-10",
				terms.CurrentTerms.Title, terms.CurrentTerms.EffectiveFrom)
		}
		if want := "第6条（利用申込み等）"; !contains(terms.CurrentTerms.Text, want) {
			t.Errorf("currentTerms.text lacks %q", want)
		}
		wantVersions := []struct {
			Title   string
			InForce bool
		}{{"令和2年2月17日制定", false}, {"令和4年7月15日改訂", false}, {"令和7年3月10日改訂", true}}
		if diff := cmp.Diff(wantVersions, terms.TermsVersions); diff != "" {
			t.Errorf("termsVersions mismatch (-want +got):\n%s", diff)
		}

		if code, body := get(t, ts.URL+"/healthz"); code != http.StatusOK {
			t.Errorf("/healthz = %d %s, want 200", code, body)
		}
		if code, body := get(t, ts.URL+"/readyz"); code != http.StatusOK {
			t.Errorf("/readyz = %d %s, want 200", code, body)
		}
		if code, _ := get(t, ts.URL+"/graphiql"); code != http.StatusOK {
			t.Errorf("GraphiQL at /graphiql = %d in development, want 200", code)
		}
	})
}

func TestCalendarRejectsBadInput(t *testing.T) {
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite)})
	tests := []struct {
		name, from, to, field string
	}{
		{"FromAfterTo", "2026-05-10", "2026-05-01", "to"},
		{"Over400Days", "2026-01-01", "2027-02-05", "to"},
		{"MalformedFrom", "2026-5-1", "2026-05-10", "from"},
		{"ImpossibleDate", "2026-02-30", "2026-03-10", "from"},
		{"MalformedTo", "2026-05-01", "tomorrow", "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.gql(t, "", `query($from: Date!, $to: Date!) { calendar(from: $from, to: $to) { date } }`,
				map[string]any{"from": tt.from, "to": tt.to})
			if r.code() != "VALIDATION" || r.field() != tt.field {
				t.Errorf("calendar(%s, %s): code %q field %q, want VALIDATION %q (%+v)",
					tt.from, tt.to, r.code(), r.field(), tt.field, r.Errors)
			}
			if len(r.Errors) > 0 && (r.Errors[0].Message == "" || r.Errors[0].Extensions["en"] == "") {
				t.Errorf("error lacks a Japanese message or English alternative: %+v", r.Errors[0])
			}
		})
	}
	t.Run("Exactly400Days", func(t *testing.T) {
		var got struct{ Calendar []struct{ Date string } }
		ts.gql(t, "", `{ calendar(from: "2026-01-01", to: "2027-02-04") { date } }`, nil).mustData(t, &got)
		if len(got.Calendar) != 400 {
			t.Errorf("len(calendar) = %d, want 400", len(got.Calendar))
		}
	})
}

func TestProductionHidesDevelopmentTools(t *testing.T) {
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite), "SOUDAN_ENV": "production"})
	if code, _ := get(t, ts.URL+"/graphiql"); code != http.StatusNotFound {
		t.Errorf("GraphiQL at /graphiql in production = %d, want 404", code)
	}
	r := ts.gql(t, "", `{ __schema { types { name } } }`, nil)
	if len(r.Errors) == 0 {
		t.Errorf("introspection in production succeeded, want an error")
	}
}

func TestProductionRequiresDataKey(t *testing.T) {
	out, err := runServerCommand(t, map[string]string{"SOUDAN_ENV": "production", "SOUDAN_DATA_KEY": ""})
	if err == nil {
		t.Fatalf("server started in production without SOUDAN_DATA_KEY:\n%s", out)
	}
	if !contains(out, "SOUDAN_DATA_KEY is required") {
		t.Errorf("output = %q, want it to name SOUDAN_DATA_KEY", out)
	}
}
