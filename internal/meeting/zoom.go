package meeting

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Defaults of ZoomConfig.
const (
	DefaultZoomAPIBase  = "https://api.zoom.us/v2"
	DefaultZoomOAuthURL = "https://zoom.us/oauth/token"
	DefaultZoomUserID   = "me"
	DefaultZoomTimeZone = "Asia/Tokyo"
	DefaultZoomTimeout  = 15 * time.Second
)

const (
	// maxResponse bounds what we read of a Zoom response.
	maxResponse = 1 << 20
	// maxRequest bounds what we send to Zoom.
	maxRequest = 16 << 10
	// maxTopicRunes is Zoom's longest topic.
	maxTopicRunes = 200
	// maxMinutes bounds a meeting's duration.
	maxMinutes = 24 * 60
	// tokenMargin is how long before its expiry a token is replaced.
	tokenMargin = time.Minute
	// maxDetail bounds the part of a Zoom error message we put in errors.
	maxDetail = 200
)

// ZoomConfig configures a ZoomProvider. AccountID, ClientID and
// ClientSecret come from a Server-to-Server OAuth app of the office's Zoom
// account with the scope meeting:write:meeting (or meeting:write:admin) and
// meeting:delete:meeting.
type ZoomConfig struct {
	// AccountID, ClientID and ClientSecret are the app's credentials. The
	// secret is sent only to OAuthURL and never appears in errors or logs.
	AccountID, ClientID, ClientSecret string
	// UserID is the Zoom user (id or e-mail) who hosts the meetings;
	// empty means "me", the account's owner.
	UserID string
	// APIBase is the REST API root; empty means DefaultZoomAPIBase.
	APIBase string
	// OAuthURL is the token endpoint; empty means DefaultZoomOAuthURL.
	OAuthURL string
	// TimeZone is the zone Zoom shows the meetings in; empty means
	// DefaultZoomTimeZone. Start times are always sent in UTC.
	TimeZone string
	// Timeout bounds each HTTP request (on top of the caller's context);
	// zero means DefaultZoomTimeout.
	Timeout time.Duration
	// HTTPClient sends the requests; nil means a new http.Client.
	HTTPClient *http.Client
	// Now returns the current time (token expiry); nil means time.Now.
	Now func() time.Time
}

// ZoomProvider creates one meeting per reservation through the Zoom API.
// It is safe for concurrent use: the access token is cached until shortly
// before it expires and fetched by one goroutine at a time.
type ZoomProvider struct {
	cfg      ZoomConfig
	tokenURL string
	// refresh is held (a value is in it) while a token is being fetched.
	refresh chan struct{}

	mu      sync.Mutex // guards token and renewAt
	token   string
	renewAt time.Time
}

var _ Provider = (*ZoomProvider)(nil)

// NewZoomProvider checks cfg, fills in its defaults and returns a provider.
// APIBase and OAuthURL must be https URLs, because the requests carry
// credentials.
func NewZoomProvider(cfg ZoomConfig) (*ZoomProvider, error) {
	if cfg.AccountID == "" || cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, errors.New("meeting: zoom: the account ID, client ID and client secret are required")
	}
	if cfg.UserID == "" {
		cfg.UserID = DefaultZoomUserID
	}
	if cfg.APIBase == "" {
		cfg.APIBase = DefaultZoomAPIBase
	}
	cfg.APIBase = strings.TrimRight(cfg.APIBase, "/")
	if cfg.OAuthURL == "" {
		cfg.OAuthURL = DefaultZoomOAuthURL
	}
	if cfg.TimeZone == "" {
		cfg.TimeZone = DefaultZoomTimeZone
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultZoomTimeout
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if _, err := httpsURL(cfg.APIBase); err != nil {
		return nil, fmt.Errorf("meeting: zoom: APIBase: %w", err)
	}
	tu, err := httpsURL(cfg.OAuthURL)
	if err != nil {
		return nil, fmt.Errorf("meeting: zoom: OAuthURL: %w", err)
	}
	q := tu.Query()
	q.Set("grant_type", "account_credentials")
	q.Set("account_id", cfg.AccountID)
	tu.RawQuery = q.Encode()
	return &ZoomProvider{cfg: cfg, tokenURL: tu.String(), refresh: make(chan struct{}, 1)}, nil
}

func httpsURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("not a URL")
	}
	if u.Scheme != "https" || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("%q is not an https URL", u.Redacted())
	}
	return u, nil
}

// createBody is the JSON of "Create a meeting". It holds no personal data.
type createBody struct {
	Topic     string         `json:"topic"`
	Type      int            `json:"type"`
	StartTime string         `json:"start_time"`
	Duration  int            `json:"duration"`
	Timezone  string         `json:"timezone"`
	Password  string         `json:"password"`
	Settings  createSettings `json:"settings"`
}

type createSettings struct {
	HostVideo        bool   `json:"host_video"`
	ParticipantVideo bool   `json:"participant_video"`
	JoinBeforeHost   bool   `json:"join_before_host"`
	MuteUponEntry    bool   `json:"mute_upon_entry"`
	WaitingRoom      bool   `json:"waiting_room"`
	UsePMI           bool   `json:"use_pmi"`
	ApprovalType     int    `json:"approval_type"`
	AutoRecording    string `json:"auto_recording"`
}

// zoomScheduled is the meeting type of a scheduled meeting.
const zoomScheduled = 2

// Create schedules a Zoom meeting for r with a random 6-digit passcode, a
// waiting room, no joining before the host and no recording. The topic is
// r.Topic (DefaultTopic when empty, cut to 200 characters); nothing else of
// the reservation is sent.
func (z *ZoomProvider) Create(ctx context.Context, r Request) (Meeting, error) {
	if r.StartsAt.IsZero() {
		return Meeting{}, errors.New("meeting: zoom: the request has no start time")
	}
	if r.Minutes <= 0 || r.Minutes > maxMinutes {
		return Meeting{}, fmt.Errorf("meeting: zoom: %d minutes is not a session length", r.Minutes)
	}
	passcode, err := newPasscode()
	if err != nil {
		return Meeting{}, fmt.Errorf("meeting: zoom: passcode: %w", err)
	}
	body, err := json.Marshal(createBody{
		Topic:     topic(r.Topic),
		Type:      zoomScheduled,
		StartTime: r.StartsAt.UTC().Format("2006-01-02T15:04:05Z"),
		Duration:  r.Minutes,
		Timezone:  z.cfg.TimeZone,
		Password:  passcode,
		Settings: createSettings{
			HostVideo:        true,
			ParticipantVideo: true,
			WaitingRoom:      true,
			ApprovalType:     2, // no registration
			AutoRecording:    "none",
		},
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("meeting: zoom: %w", err)
	}
	const op = "zoom: create a meeting"
	resp, err := z.call(ctx, op, http.MethodPost, z.cfg.APIBase+"/users/"+url.PathEscape(z.cfg.UserID)+"/meetings", body)
	if err != nil {
		return Meeting{}, err
	}
	if resp.status != http.StatusCreated && resp.status != http.StatusOK {
		return Meeting{}, z.statusError(op, resp)
	}
	var m struct {
		ID       int64  `json:"id"`
		JoinURL  string `json:"join_url"`
		Password string `json:"password"`
	}
	if err := json.Unmarshal(resp.body, &m); err != nil {
		return Meeting{}, fmt.Errorf("meeting: %s: decoding the response: %w", op, err)
	}
	if m.ID <= 0 {
		return Meeting{}, fmt.Errorf("meeting: %s: the response has no meeting id", op)
	}
	if u, err := url.Parse(m.JoinURL); err != nil || u.Scheme != "https" || u.Host == "" {
		return Meeting{}, fmt.Errorf("meeting: %s: meeting %d: the response has no https join URL", op, m.ID)
	}
	if m.Password != "" {
		passcode = m.Password
	}
	return Meeting{Provider: ProviderZoom, MeetingID: strconv.FormatInt(m.ID, 10), Passcode: passcode, JoinURL: m.JoinURL}, nil
}

// Release deletes the Zoom meeting m. A meeting Zoom no longer knows (404)
// counts as released, and a booth meeting is left alone.
func (z *ZoomProvider) Release(ctx context.Context, m Meeting) error {
	switch m.Provider {
	case ProviderBooth:
		return nil
	case ProviderZoom:
	default:
		return fmt.Errorf("meeting: zoom: cannot release a meeting of provider %q", m.Provider)
	}
	if !isDigits(m.MeetingID) || len(m.MeetingID) > 19 {
		return fmt.Errorf("meeting: zoom: %q is not a meeting id", m.MeetingID)
	}
	op := "zoom: delete meeting " + m.MeetingID
	resp, err := z.call(ctx, op, http.MethodDelete, z.cfg.APIBase+"/meetings/"+m.MeetingID, nil)
	if err != nil {
		return err
	}
	if resp.status/100 == 2 || resp.status == http.StatusNotFound {
		return nil
	}
	return z.statusError(op, resp)
}

// response is a Zoom answer, its body read in full (up to maxResponse).
type response struct {
	status int
	header http.Header
	body   []byte
}

// call sends an API request with the current access token. When Zoom
// answers 401 it fetches a new token and tries once more: tokens expire
// early, for example when a newer one is issued for the same app.
func (z *ZoomProvider) call(ctx context.Context, op, method, u string, body []byte) (*response, error) {
	for attempt := 0; ; attempt++ {
		tok, err := z.accessToken(ctx)
		if err != nil {
			return nil, err
		}
		resp, err := z.send(ctx, method, u, "application/json", body, func(req *http.Request) {
			req.Header.Set("Authorization", "Bearer "+tok)
		})
		if err != nil {
			return nil, unavailable(op, err, 0)
		}
		if resp.status == http.StatusUnauthorized && attempt == 0 {
			z.invalidate(tok)
			continue
		}
		return resp, nil
	}
}

// send makes one HTTP request bounded by the configured timeout and reads
// the response.
func (z *ZoomProvider) send(ctx context.Context, method, u, contentType string, body []byte, auth func(*http.Request)) (*response, error) {
	if len(body) > maxRequest {
		return nil, fmt.Errorf("request body of %d bytes is too large", len(body))
	}
	ctx, cancel := context.WithTimeout(ctx, z.cfg.Timeout)
	defer cancel()
	var rd io.Reader = http.NoBody
	if len(body) > 0 {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	if len(body) > 0 || method == http.MethodPost {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	auth(req)
	res, err := z.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxResponse+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxResponse {
		return nil, fmt.Errorf("HTTP %d: response larger than %d bytes", res.StatusCode, maxResponse)
	}
	return &response{status: res.StatusCode, header: res.Header, body: data}, nil
}

// accessToken returns a cached token that is not about to expire, or
// fetches a new one. Only one goroutine fetches at a time; the others wait
// (as long as their context allows) and then use its token.
func (z *ZoomProvider) accessToken(ctx context.Context) (string, error) {
	if tok := z.cached(); tok != "" {
		return tok, nil
	}
	select {
	case z.refresh <- struct{}{}:
	case <-ctx.Done():
		return "", unavailable("zoom: waiting for an access token", ctx.Err(), 0)
	}
	defer func() { <-z.refresh }()
	if tok := z.cached(); tok != "" {
		return tok, nil
	}
	tok, renewAt, err := z.fetchToken(ctx)
	if err != nil {
		return "", err
	}
	z.mu.Lock()
	z.token, z.renewAt = tok, renewAt
	z.mu.Unlock()
	return tok, nil
}

func (z *ZoomProvider) cached() string {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.token != "" && z.cfg.Now().Before(z.renewAt) {
		return z.token
	}
	return ""
}

// invalidate forgets tok unless another goroutine has replaced it already.
func (z *ZoomProvider) invalidate(tok string) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.token == tok {
		z.token = ""
	}
}

// fetchToken asks the token endpoint for a new access token
// (Server-to-Server OAuth, grant type account_credentials) and returns it
// with the time to replace it.
func (z *ZoomProvider) fetchToken(ctx context.Context) (string, time.Time, error) {
	const op = "zoom: get an access token"
	start := z.cfg.Now()
	resp, err := z.send(ctx, http.MethodPost, z.tokenURL, "application/x-www-form-urlencoded", nil, func(req *http.Request) {
		req.SetBasicAuth(z.cfg.ClientID, z.cfg.ClientSecret)
	})
	if err != nil {
		return "", time.Time{}, unavailable(op, err, 0)
	}
	if resp.status != http.StatusOK {
		return "", time.Time{}, z.statusError(op, resp)
	}
	var t struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(resp.body, &t); err != nil {
		// Not %w: a syntax error could quote part of the token.
		return "", time.Time{}, fmt.Errorf("meeting: %s: the response is not a token", op)
	}
	if t.AccessToken == "" || !strings.EqualFold(t.TokenType, "bearer") || t.ExpiresIn <= 0 {
		return "", time.Time{}, fmt.Errorf("meeting: %s: the response has no bearer token with an expiry", op)
	}
	lifetime := time.Duration(min(t.ExpiresIn, 24*3600)) * time.Second
	return t.AccessToken, start.Add(lifetime - min(tokenMargin, lifetime/10)), nil
}

// statusError is the error for an unexpected status: temporary
// (apperr Unavailable) for 429 and 5xx, a plain error otherwise.
func (z *ZoomProvider) statusError(op string, resp *response) error {
	detail := fmt.Sprintf("HTTP %d%s", resp.status, z.describe(resp.body))
	switch {
	case resp.status == http.StatusTooManyRequests:
		return unavailable(op, errors.New(detail), retryAfter(resp.header.Get("Retry-After"), z.cfg.Now()))
	case resp.status >= 500:
		return unavailable(op, errors.New(detail), 0)
	case resp.status == http.StatusUnauthorized || resp.status == http.StatusForbidden:
		return fmt.Errorf("meeting: %s: %s (check the app's credentials and scopes)", op, detail)
	default:
		return fmt.Errorf("meeting: %s: %s", op, detail)
	}
}

// describe summarises a Zoom error body ({"code":..., "message":...} from
// the API, {"error":..., "reason":...} from the token endpoint) for an
// error text, without anything secret.
func (z *ZoomProvider) describe(body []byte) string {
	var e struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Error   string `json:"error"`
		Reason  string `json:"reason"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	var parts []string
	if e.Code != 0 {
		parts = append(parts, "code "+strconv.Itoa(e.Code))
	}
	for _, s := range []string{e.Error, e.Message, e.Reason} {
		if s = z.scrub(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ": ")
}

// scrub makes s safe for an error text: printable, short, and without the
// client secret or the current token.
func (z *ZoomProvider) scrub(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	s = strings.ReplaceAll(s, z.cfg.ClientSecret, "[redacted]")
	z.mu.Lock()
	tok := z.token
	z.mu.Unlock()
	if tok != "" {
		s = strings.ReplaceAll(s, tok, "[redacted]")
	}
	return truncateRunes(strings.TrimSpace(s), maxDetail)
}

// retryAfter parses a Retry-After header (seconds or an HTTP date).
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now).Round(time.Second)
	}
	return 0
}

// newPasscode returns a random 6-digit numeric passcode.
func newPasscode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

func topic(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultTopic
	}
	return truncateRunes(s, maxTopicRunes)
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
