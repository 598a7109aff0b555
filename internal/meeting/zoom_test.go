package meeting_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/apperr"
	"soudan/internal/meeting"
	"soudan/internal/testclock"
)

const (
	testAccountID    = "AbCdEfGhIjKlMn"
	testClientID     = "client-id-123"
	testClientSecret = "S3cr3t-never-shown"
)

// fakeZoom is a small Zoom: the Server-to-Server OAuth token endpoint,
// "Create a meeting" and "Delete a meeting", checking requests the way the
// documentation describes them.
type fakeZoom struct {
	t   *testing.T
	srv *httptest.Server

	mu          sync.Mutex
	tokenCalls  int
	tokens      map[string]bool // tokens Zoom accepts
	nextID      int64
	meetings    map[int64]bool
	created     []map[string]any // request bodies of created meetings
	deleted     []string
	tokenStatus int // non-zero: the token endpoint answers this
	tokenDelay  time.Duration
	apiStatus   []int // statuses answered, in turn, before normal service
	hang        bool  // API calls hang until the request is cancelled
	worthless   bool  // tokens are issued but never accepted
	released    chan struct{}
}

func newFakeZoom(t *testing.T) *fakeZoom {
	t.Helper()
	f := &fakeZoom{t: t, tokens: map[string]bool{}, meetings: map[int64]bool{}, nextID: 85746065432, released: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", f.token)
	mux.HandleFunc("POST /v2/users/{userId}/meetings", f.create)
	mux.HandleFunc("DELETE /v2/meetings/{meetingId}", f.delete)
	f.srv = httptest.NewTLSServer(mux)
	t.Cleanup(func() {
		close(f.released)
		f.srv.Close()
	})
	return f
}

// provider returns a ZoomProvider talking to f with the given clock.
func (f *fakeZoom) provider(t *testing.T, now func() time.Time, edit ...func(*meeting.ZoomConfig)) *meeting.ZoomProvider {
	t.Helper()
	cfg := meeting.ZoomConfig{
		AccountID: testAccountID, ClientID: testClientID, ClientSecret: testClientSecret,
		APIBase: f.srv.URL + "/v2", OAuthURL: f.srv.URL + "/oauth/token",
		HTTPClient: f.srv.Client(), Now: now,
	}
	for _, e := range edit {
		e(&cfg)
	}
	z, err := meeting.NewZoomProvider(cfg)
	if err != nil {
		t.Fatalf("NewZoomProvider: %v", err)
	}
	return z
}

func (f *fakeZoom) tokenCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenCalls
}

// revokeTokens makes Zoom reject every token issued so far, as it does when
// the app's secret is rotated or too many tokens were issued.
func (f *fakeZoom) revokeTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.tokens)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeZoom) token(w http.ResponseWriter, r *http.Request) {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(testClientID+":"+testClientSecret))
	if got := r.Header.Get("Authorization"); got != want {
		f.t.Errorf("token request Authorization = %q, want %q", got, want)
	}
	q := r.URL.Query()
	if got, want := q.Get("grant_type"), "account_credentials"; got != want {
		f.t.Errorf("token request grant_type = %q, want %q", got, want)
	}
	if got, want := q.Get("account_id"), testAccountID; got != want {
		f.t.Errorf("token request account_id = %q, want %q", got, want)
	}
	f.mu.Lock()
	f.tokenCalls++
	n, status, delay := f.tokenCalls, f.tokenStatus, f.tokenDelay
	tok := fmt.Sprintf("eyJzdiI6IjAwMDAwMSJ9.tok-%d", n)
	if status == 0 && !f.worthless {
		f.tokens[tok] = true
	}
	f.mu.Unlock()
	time.Sleep(delay)
	if status != 0 {
		// What Zoom answers for a wrong client secret.
		writeJSON(w, status, map[string]any{"reason": "Invalid client_id or client_secret", "error": "invalid_client"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "token_type": "bearer", "expires_in": 3600,
		"scope": "meeting:write:meeting:admin meeting:delete:meeting:admin", "api_url": "https://api.zoom.us",
	})
}

// api checks the bearer token and answers a queued status or a hang; it
// reports whether the handler should go on.
func (f *fakeZoom) api(w http.ResponseWriter, r *http.Request) bool {
	f.mu.Lock()
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	valid := f.tokens[tok]
	hang := f.hang
	status := 0
	if len(f.apiStatus) > 0 {
		status, f.apiStatus = f.apiStatus[0], f.apiStatus[1:]
	}
	f.mu.Unlock()
	if hang {
		select {
		case <-r.Context().Done():
		case <-f.released:
		case <-time.After(5 * time.Second): // the client failed to give up
			writeJSON(w, http.StatusGatewayTimeout, map[string]any{"code": 504, "message": "Gateway timeout."})
		}
		return false
	}
	if !valid {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 124, "message": "Invalid access token."})
		return false
	}
	switch status {
	case 0:
		return true
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "5")
		writeJSON(w, status, map[string]any{"code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later."})
	case http.StatusBadRequest:
		writeJSON(w, status, map[string]any{"code": 300, "message": "Invalid meeting start time."})
	default:
		writeJSON(w, status, map[string]any{"code": status, "message": "Internal server error."})
	}
	return false
}

var topLevelFields = map[string]bool{
	"topic": true, "type": true, "start_time": true, "duration": true, "timezone": true, "password": true, "settings": true,
}

func (f *fakeZoom) create(w http.ResponseWriter, r *http.Request) {
	if !f.api(w, r) {
		return
	}
	if got, want := r.PathValue("userId"), "me"; got != want {
		f.t.Errorf("userId = %q, want %q", got, want)
	}
	if got := r.Header.Get("Content-Type"); !strings.HasPrefix(got, "application/json") {
		f.t.Errorf("Content-Type = %q, want application/json", got)
	}
	var body map[string]any
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": 300, "message": "Request Body should be a valid JSON object."})
		return
	}
	for k := range body {
		if !topLevelFields[k] {
			f.t.Errorf("create body has field %q, want only %v", k, topLevelFields)
		}
	}
	settings, _ := body["settings"].(map[string]any)
	checks := []struct {
		name      string
		got, want any
	}{
		{"type", body["type"], float64(2)},
		{"timezone", body["timezone"], "Asia/Tokyo"},
		{"settings.waiting_room", settings["waiting_room"], true},
		{"settings.join_before_host", settings["join_before_host"], false},
		{"settings.auto_recording", settings["auto_recording"], "none"},
		{"settings.host_video", settings["host_video"], true},
		{"settings.participant_video", settings["participant_video"], true},
		{"settings.mute_upon_entry", settings["mute_upon_entry"], false},
	}
	for _, c := range checks {
		if c.got != c.want {
			f.t.Errorf("create body %s = %v, want %v", c.name, c.got, c.want)
		}
	}
	password, _ := body["password"].(string)
	if !regexp.MustCompile(`^[0-9]{6}$`).MatchString(password) {
		f.t.Errorf("password = %q, want 6 digits", password)
	}
	start, err := time.Parse(time.RFC3339, fmt.Sprint(body["start_time"]))
	if err != nil || !strings.HasSuffix(fmt.Sprint(body["start_time"]), "Z") {
		f.t.Errorf("start_time = %v, want UTC like 2026-05-07T01:00:00Z", body["start_time"])
	}
	duration, _ := body["duration"].(float64)
	f.mu.Lock()
	id := f.nextID
	f.nextID++
	f.meetings[id] = true
	f.created = append(f.created, body)
	f.mu.Unlock()
	host := "us05web.zoom.us"
	writeJSON(w, http.StatusCreated, map[string]any{
		"uuid": "4444AAAiAAAAAiAiAiiAii==", "id": id, "host_id": "KdYKjnimT4KPd8FFgQt9FQ", "host_email": "booth@hellowork.example.jp",
		"topic": body["topic"], "type": 2, "status": "waiting", "start_time": start.UTC().Format(time.RFC3339),
		"duration": int(duration), "timezone": "Asia/Tokyo", "created_at": "2026-04-20T01:02:03Z",
		"start_url":          fmt.Sprintf("https://%s/s/%d?zak=eyJ0eXAiOiJKV1QiLCJzdiI6IjAwMDAwMSJ9", host, id),
		"join_url":           fmt.Sprintf("https://%s/j/%d?pwd=bXlFbmNyeXB0ZWQ.1", host, id),
		"password":           password,
		"h323_password":      password,
		"pstn_password":      password,
		"encrypted_password": "bXlFbmNyeXB0ZWQ.1",
		"settings":           map[string]any{"host_video": true, "participant_video": true, "join_before_host": false, "waiting_room": true, "auto_recording": "none"},
		"pre_schedule":       false,
	})
}

func (f *fakeZoom) delete(w http.ResponseWriter, r *http.Request) {
	if !f.api(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("meetingId"), 10, 64)
	f.mu.Lock()
	f.deleted = append(f.deleted, r.PathValue("meetingId"))
	exists := err == nil && f.meetings[id]
	delete(f.meetings, id)
	f.mu.Unlock()
	if !exists {
		writeJSON(w, http.StatusNotFound, map[string]any{"code": 3001, "message": "Meeting does not exist: " + r.PathValue("meetingId") + "."})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func newFakeClock() *testclock.Clock {
	return testclock.New(time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC))
}

var jst = time.FixedZone("JST", 9*3600)

func testRequest() meeting.Request {
	return meeting.Request{ReservationID: 42, OfficeCode: "miyakonojo", Seat: 1,
		StartsAt: time.Date(2026, 5, 7, 10, 0, 0, 0, jst), Minutes: 30, Topic: "オンライン職業相談"}
}

func TestZoomCreate(t *testing.T) {
	f := newFakeZoom(t)
	z := f.provider(t, newFakeClock().Now)
	got, err := z.Create(context.Background(), testRequest())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	f.mu.Lock()
	body := f.created[0]
	f.mu.Unlock()
	want := meeting.Meeting{Provider: meeting.ProviderZoom, MeetingID: "85746065432", Passcode: body["password"].(string),
		JoinURL: "https://us05web.zoom.us/j/85746065432?pwd=bXlFbmNyeXB0ZWQ.1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Create mismatch (-want +got):\n%s", diff)
	}
	sent := map[string]any{"topic": body["topic"], "start_time": body["start_time"], "duration": body["duration"]}
	wantSent := map[string]any{"topic": "オンライン職業相談", "start_time": "2026-05-07T01:00:00Z", "duration": float64(30)}
	if diff := cmp.Diff(wantSent, sent); diff != "" {
		t.Errorf("create body mismatch (-want +got):\n%s", diff)
	}
	// The passcode is random digits and may contain anything.
	withoutPasscode := maps.Clone(body)
	delete(withoutPasscode, "password")
	raw, _ := json.Marshal(withoutPasscode)
	for _, personal := range []string{"42", "miyakonojo"} {
		if strings.Contains(string(raw), personal) {
			t.Errorf("create body %s contains %q, want nothing about the reservation", raw, personal)
		}
	}
}

func TestZoomCreateDefaultsTopic(t *testing.T) {
	f := newFakeZoom(t)
	z := f.provider(t, newFakeClock().Now)
	r := testRequest()
	r.Topic = ""
	if _, err := z.Create(context.Background(), r); err != nil {
		t.Fatalf("Create: %v", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if got, want := f.created[0]["topic"], meeting.DefaultTopic; got != want {
		t.Errorf("topic = %v, want %v", got, want)
	}
}

func TestZoomCreateRejectsBadRequests(t *testing.T) {
	f := newFakeZoom(t)
	z := f.provider(t, newFakeClock().Now)
	tests := []struct {
		name string
		edit func(*meeting.Request)
	}{
		{"no start", func(r *meeting.Request) { r.StartsAt = time.Time{} }},
		{"zero minutes", func(r *meeting.Request) { r.Minutes = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRequest()
			tt.edit(&r)
			if _, err := z.Create(context.Background(), r); err == nil {
				t.Error("Create succeeded, want an error")
			}
		})
	}
	if got := f.tokenCount(); got != 0 {
		t.Errorf("token requests = %d, want 0 for rejected requests", got)
	}
}

func TestZoomTokenCaching(t *testing.T) {
	t.Run("10 sequential creates", func(t *testing.T) {
		f := newFakeZoom(t)
		clock := newFakeClock()
		z := f.provider(t, clock.Now)
		for i := range 10 {
			if _, err := z.Create(context.Background(), testRequest()); err != nil {
				t.Fatalf("Create %d: %v", i, err)
			}
			clock.Advance(5 * time.Minute) // 45 minutes in all: within the hour
		}
		if got, want := f.tokenCount(), 1; got != want {
			t.Errorf("token requests = %d, want %d", got, want)
		}
	})
	t.Run("20 concurrent creates", func(t *testing.T) {
		f := newFakeZoom(t)
		f.mu.Lock()
		f.tokenDelay = 50 * time.Millisecond // let every goroutine find no token
		f.mu.Unlock()
		z := f.provider(t, newFakeClock().Now)
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		ids := make(chan string, 20)
		for range 20 {
			wg.Go(func() {
				m, err := z.Create(context.Background(), testRequest())
				errs <- err
				ids <- m.MeetingID
			})
		}
		wg.Wait()
		close(errs)
		close(ids)
		for err := range errs {
			if err != nil {
				t.Errorf("Create: %v", err)
			}
		}
		seen := map[string]bool{}
		for id := range ids {
			seen[id] = true
		}
		if got, want := len(seen), 20; got != want {
			t.Errorf("distinct meeting IDs = %d, want %d", got, want)
		}
		if got, want := f.tokenCount(), 1; got != want {
			t.Errorf("token requests = %d, want %d", got, want)
		}
	})
	t.Run("expired token", func(t *testing.T) {
		f := newFakeZoom(t)
		clock := newFakeClock()
		z := f.provider(t, clock.Now)
		if _, err := z.Create(context.Background(), testRequest()); err != nil {
			t.Fatalf("Create: %v", err)
		}
		clock.Advance(3601 * time.Second)
		for range 3 {
			if _, err := z.Create(context.Background(), testRequest()); err != nil {
				t.Fatalf("Create after expiry: %v", err)
			}
		}
		if got, want := f.tokenCount(), 2; got != want {
			t.Errorf("token requests = %d, want %d", got, want)
		}
	})
	t.Run("401 from the API", func(t *testing.T) {
		f := newFakeZoom(t)
		z := f.provider(t, newFakeClock().Now)
		if _, err := z.Create(context.Background(), testRequest()); err != nil {
			t.Fatalf("Create: %v", err)
		}
		f.revokeTokens()
		m, err := z.Create(context.Background(), testRequest())
		if err != nil {
			t.Fatalf("Create after revocation: %v", err)
		}
		if got, want := f.tokenCount(), 2; got != want {
			t.Errorf("token requests = %d, want %d", got, want)
		}
		if err := z.Release(context.Background(), m); err != nil {
			t.Errorf("Release: %v", err)
		}
		if got, want := f.tokenCount(), 2; got != want {
			t.Errorf("token requests after Release = %d, want %d", got, want)
		}
	})
}

func TestZoomUnauthorizedTwice(t *testing.T) {
	f := newFakeZoom(t)
	z := f.provider(t, newFakeClock().Now)
	// Zoom accepts no token at all: the retry fails too.
	f.mu.Lock()
	f.worthless = true
	f.mu.Unlock()
	_, err := z.Create(context.Background(), testRequest())
	if err == nil {
		t.Fatal("Create succeeded, want an error")
	}
	if errors.Is(err, apperr.ErrUnavailable) {
		t.Errorf("Create error = %v, want a plain error, not Unavailable", err)
	}
	if strings.Contains(err.Error(), "tok-") || strings.Contains(err.Error(), testClientSecret) {
		t.Errorf("Create error %q contains a token or the secret", err)
	}
	if got, want := f.tokenCount(), 2; got != want {
		t.Errorf("token requests = %d, want %d (one refresh, no loop)", got, want)
	}
}

func TestZoomErrors(t *testing.T) {
	tests := []struct {
		name            string
		status          int
		wantUnavailable bool
		wantRetryAfter  time.Duration
	}{
		{name: "429 rate limited", status: http.StatusTooManyRequests, wantUnavailable: true, wantRetryAfter: 5 * time.Second},
		{name: "500", status: http.StatusInternalServerError, wantUnavailable: true},
		{name: "503", status: http.StatusServiceUnavailable, wantUnavailable: true},
		{name: "400 is a bug", status: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeZoom(t)
			z := f.provider(t, newFakeClock().Now)
			f.mu.Lock()
			f.apiStatus = []int{tt.status, tt.status}
			f.mu.Unlock()

			_, err := z.Create(context.Background(), testRequest())
			if err == nil {
				t.Fatal("Create succeeded, want an error")
			}
			if got := errors.Is(err, apperr.ErrUnavailable); got != tt.wantUnavailable {
				t.Errorf("Create error %v: Unavailable = %v, want %v", err, got, tt.wantUnavailable)
			}
			if ae, ok := apperr.As(err); ok {
				if ae.Message == "" || ae.En == "" {
					t.Errorf("error %+v lacks a Japanese or English message", ae)
				}
				if got, want := ae.RetryAfter, tt.wantRetryAfter; got != want {
					t.Errorf("RetryAfter = %v, want %v", got, want)
				}
			}
			if !strings.Contains(err.Error(), strconv.Itoa(tt.status)) {
				t.Errorf("Create error %q does not name the status %d", err, tt.status)
			}

			err = z.Release(context.Background(), meeting.Meeting{Provider: meeting.ProviderZoom, MeetingID: "85746065432"})
			if got := errors.Is(err, apperr.ErrUnavailable); err == nil || got != tt.wantUnavailable {
				t.Errorf("Release error %v: Unavailable = %v, want %v", err, got, tt.wantUnavailable)
			}
		})
	}
}

func TestZoomBadCredentials(t *testing.T) {
	f := newFakeZoom(t)
	f.mu.Lock()
	f.tokenStatus = http.StatusUnauthorized
	f.mu.Unlock()
	z := f.provider(t, newFakeClock().Now)
	_, err := z.Create(context.Background(), testRequest())
	if err == nil {
		t.Fatal("Create succeeded, want an error")
	}
	basic := base64.StdEncoding.EncodeToString([]byte(testClientID + ":" + testClientSecret))
	for _, secret := range []string{testClientSecret, basic} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("Create error %q contains the secret", err)
		}
	}
	if errors.Is(err, apperr.ErrUnavailable) {
		t.Errorf("Create error %v is Unavailable, want a plain (configuration) error", err)
	}
	if !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("Create error %q does not say why", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.created) != 0 {
		t.Errorf("meetings created = %d, want 0", len(f.created))
	}
}

func TestZoomRelease(t *testing.T) {
	f := newFakeZoom(t)
	z := f.provider(t, newFakeClock().Now)
	ctx := context.Background()
	m, err := z.Create(ctx, testRequest())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := z.Release(ctx, m); err != nil {
		t.Fatalf("Release: %v", err)
	}
	// Zoom answers 404 now: already gone counts as released.
	if err := z.Release(ctx, m); err != nil {
		t.Errorf("second Release = %v, want nil", err)
	}
	// A booth room is never deleted.
	if err := z.Release(ctx, meeting.Meeting{Provider: meeting.ProviderBooth, MeetingID: "85746065431"}); err != nil {
		t.Errorf("Release of a booth = %v, want nil", err)
	}
	f.mu.Lock()
	deleted := f.deleted
	f.mu.Unlock()
	if diff := cmp.Diff([]string{m.MeetingID, m.MeetingID}, deleted); diff != "" {
		t.Errorf("DELETE calls mismatch (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"", "../users/me", "123?x=1"} {
		if err := z.Release(ctx, meeting.Meeting{Provider: meeting.ProviderZoom, MeetingID: bad}); err == nil {
			t.Errorf("Release(%q) = nil, want an error", bad)
		}
	}
}

func TestZoomCancellation(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration // ZoomConfig.Timeout
		ctx     func(t *testing.T) context.Context
		wantErr error
	}{
		{
			name: "caller's deadline",
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				t.Cleanup(cancel)
				return ctx
			},
			wantErr: context.DeadlineExceeded,
		},
		{
			name: "caller cancels",
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(100*time.Millisecond, cancel)
				t.Cleanup(cancel)
				return ctx
			},
			wantErr: context.Canceled,
		},
		{
			name:    "per-request timeout",
			timeout: 100 * time.Millisecond,
			ctx:     func(t *testing.T) context.Context { return context.Background() },
			wantErr: context.DeadlineExceeded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeZoom(t)
			z := f.provider(t, newFakeClock().Now, func(c *meeting.ZoomConfig) { c.Timeout = tt.timeout })
			// Fetch the token first, then let the API hang.
			if _, err := z.Create(context.Background(), testRequest()); err != nil {
				t.Fatalf("Create: %v", err)
			}
			f.mu.Lock()
			f.hang = true
			f.mu.Unlock()

			start := time.Now()
			_, err := z.Create(tt.ctx(t), testRequest())
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("Create took %v, want it to stop soon after the deadline", elapsed)
			}
			if !errors.Is(err, tt.wantErr) || !errors.Is(err, apperr.ErrUnavailable) {
				t.Errorf("Create error = %v, want %v and Unavailable", err, tt.wantErr)
			}
		})
	}
}

func TestNewZoomProvider(t *testing.T) {
	good := meeting.ZoomConfig{AccountID: testAccountID, ClientID: testClientID, ClientSecret: testClientSecret}
	tests := []struct {
		name    string
		edit    func(*meeting.ZoomConfig)
		wantErr bool
	}{
		{name: "defaults", edit: func(*meeting.ZoomConfig) {}},
		{name: "no account", edit: func(c *meeting.ZoomConfig) { c.AccountID = "" }, wantErr: true},
		{name: "no client ID", edit: func(c *meeting.ZoomConfig) { c.ClientID = "" }, wantErr: true},
		{name: "no secret", edit: func(c *meeting.ZoomConfig) { c.ClientSecret = "" }, wantErr: true},
		{name: "http API", edit: func(c *meeting.ZoomConfig) { c.APIBase = "http://api.zoom.us/v2" }, wantErr: true},
		{name: "http OAuth", edit: func(c *meeting.ZoomConfig) { c.OAuthURL = "http://zoom.us/oauth/token" }, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			_, err := meeting.NewZoomProvider(cfg)
			if got := err != nil; got != tt.wantErr {
				t.Errorf("NewZoomProvider error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), testClientSecret) {
				t.Errorf("NewZoomProvider error %q contains the secret", err)
			}
		})
	}
}
