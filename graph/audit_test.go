package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/auth"
	"soudan/internal/records"
	"soudan/internal/store/storetest"
)

// Staff reads of a job seeker's personal fields are audited once per
// request and job seeker, named after the operation; a job seeker reading
// their own data is not.
func TestStaffReadsAreAudited(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, d)
			w.book(t, 2)
			now := time.Date(2026, 4, 27, 10, 0, 0, 0, time.UTC)
			rec := &records.Recorder{Store: w.Store, Log: slog.New(slog.DiscardHandler)}
			w.res.Recorder, w.res.Now = rec, func() time.Time { return now }
			var ids []string
			var list struct {
				JobSeekers struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
			w.post(t, w.admin, `{ jobSeekers { edges { node { id phone } } } }`, nil, &list)
			for _, e := range list.JobSeekers.Edges {
				ids = append(ids, e.Node.ID)
			}
			if len(ids) != 2 {
				t.Fatalf("jobSeekers listed %v, want 2", ids)
			}
			w.post(t, w.admin, `{ reservations(filter: {from: "2026-05-07", to: "2026-05-07"}) {
				edges { node { jobSeeker { name } phone consultation } } } }`, nil, nil)
			w.post(t, w.admin, `query($id: ID!) { jobSeeker(id: $id) { name } }`, map[string]any{"id": ids[0]}, nil)
			w.post(t, w.admin, `mutation($id: ID!) { suspendJobSeeker(id: $id, reason: "度重なる無断欠席") { name } }`,
				map[string]any{"id": ids[0]}, nil)
			w.post(t, w.actor(t, "js2@example.jp", "a-long-password-1"), `{ me { jobSeeker { phone } } }`, nil, nil)
			rec.Flush(context.Background())

			want := map[string][]string{
				ids[0]: {"mutation suspendJobSeeker", "query jobSeeker", "query reservations", "query jobSeekers"},
				ids[1]: {"query reservations", "query jobSeekers"},
			}
			for _, id := range ids {
				js, _ := strconv.ParseInt(id, 10, 64)
				reads, err := w.Store.Reads(context.Background(), js, now.Add(-time.Hour), now.Add(time.Hour), 0, 100)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range reads {
					if r.StaffID != w.admin.AccountID {
						t.Errorf("read %+v by %d, want by the administrator %d", r, r.StaffID, w.admin.AccountID)
					}
					got = append(got, r.Operation)
				}
				if diff := cmp.Diff(want[id], got); diff != "" {
					t.Errorf("audited reads of job seeker %s mismatch (-want +got):\n%s", id, diff)
				}
			}
		})
	}
}

// post runs a GraphQL operation as the actor and decodes its data into out
// (when not nil), failing the test on any error.
func (w *world) post(t *testing.T, actor auth.Actor, query string, vars map[string]any, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req = req.WithContext(auth.WithActor(req.Context(), actor))
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, req)
	var resp struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%s: response %s: %v", query, rec.Body.String(), err)
	}
	if out != nil {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			t.Fatal(err)
		}
	}
}
