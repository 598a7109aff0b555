package booking_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"soudan/internal/apperr"
	"soudan/internal/meeting"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// zoomAPI is an HTTPS server speaking the Zoom endpoints the provider uses:
// the Server-to-Server OAuth token, create meeting and delete meeting.
type zoomAPI struct {
	*httptest.Server
	mu      sync.Mutex
	next    int64
	created []string
	deleted []string
}

func newZoomAPI(t *testing.T) *zoomAPI {
	z := &zoomAPI{next: 85746065430}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("grant_type") != "account_credentials" {
			http.Error(w, "bad grant", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"tok","token_type":"bearer","expires_in":3600,"scope":"meeting:write"}`)
	})
	mux.HandleFunc("POST /v2/users/me/meetings", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var body struct {
			Topic    string `json:"topic"`
			Password string `json:"password"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		z.mu.Lock()
		z.next++
		id := z.next
		z.created = append(z.created, fmt.Sprint(id))
		z.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":%d,"topic":%q,"join_url":"https://us02web.zoom.us/j/%d","password":%q}`, id, body.Topic, id, body.Password)
	})
	mux.HandleFunc("DELETE /v2/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
		z.mu.Lock()
		z.deleted = append(z.deleted, r.PathValue("id"))
		z.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	z.Server = httptest.NewTLSServer(mux)
	t.Cleanup(z.Close)
	return z
}

func (z *zoomAPI) lists() (created, deleted []string) {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]string(nil), z.created...), append([]string(nil), z.deleted...)
}

// With the Zoom API configured, each reservation gets its own meeting; a
// cancelled reservation's meeting is deleted, and so is the meeting of a
// booking that failed.
func TestZoomMeetingPerReservation(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		z := newZoomAPI(t)
		zoom, err := meeting.NewZoomProvider(meeting.ZoomConfig{AccountID: "acc", ClientID: "id", ClientSecret: "secret",
			APIBase: z.URL + "/v2", OAuthURL: z.URL + "/oauth/token", HTTPClient: z.Client()})
		if err != nil {
			t.Fatal(err)
		}
		e.svc.Meetings = zoom
		e.setCapacity(t, 1)
		a, b := e.seeker(t), e.seeker(t)
		e.Mails(t)

		r := e.book(t, a, may7)
		if r.Meeting == nil || r.Meeting.Provider != meeting.ProviderZoom || r.Meeting.MeetingID == "" {
			t.Fatalf("meeting = %+v, want a Zoom meeting", r.Meeting)
		}
		mails := e.Mails(t)
		if len(mails) != 1 || !strings.Contains(mails[0].Body, "ミーティングID: "+r.Meeting.MeetingID) {
			t.Errorf("confirmation mail lacks the Zoom meeting %s", r.Meeting.MeetingID)
		}

		// The slot is full: the meeting made for b's attempt is deleted.
		_, err = e.svc.RequestReservation(b.ctx, e.input(b, may7), "")
		wantCode(t, "booking a full slot", err, apperr.SlotFull, "")
		created, deleted := z.lists()
		if len(created) != 2 || len(deleted) != 1 || deleted[0] != created[1] {
			t.Errorf("after a failed booking: created %v, deleted %v; want the second meeting deleted", created, deleted)
		}

		e.cancel(t, a, r.ID)
		_, deleted = z.lists()
		if len(deleted) != 2 || deleted[1] != r.Meeting.MeetingID {
			t.Errorf("after cancelling: deleted %v, want %s deleted", deleted, r.Meeting.MeetingID)
		}
	})
}
