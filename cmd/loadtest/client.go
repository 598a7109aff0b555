package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

// httpClient is shared by all simulated clients; it keeps enough idle
// connections for every concurrent client.
var httpClient = &http.Client{
	Timeout: 30 * time.Second,
	Transport: &http.Transport{
		MaxIdleConns:        4096,
		MaxIdleConnsPerHost: 4096,
		IdleConnTimeout:     90 * time.Second,
	},
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResp struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// code is the first error's extensions.code ("" without errors).
func (r gqlResp) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	if c, _ := r.Errors[0].Extensions["code"].(string); c != "" {
		return c
	}
	return "ERROR"
}

func (r gqlResp) decode(v any) error {
	if len(r.Errors) > 0 {
		return fmt.Errorf("graphql error %s: %s", r.code(), r.Errors[0].Message)
	}
	if v == nil {
		return nil
	}
	return json.Unmarshal(r.Data, v)
}

// gql posts one operation. A transport failure or non-JSON answer is an error.
func gql(ctx context.Context, base, token, query string, vars map[string]any) (gqlResp, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return gqlResp{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return gqlResp{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return gqlResp{}, err
	}
	out := gqlResp{Status: resp.StatusCode}
	if err := json.Unmarshal(raw, &out); err != nil {
		return out, fmt.Errorf("HTTP %d, not JSON: %.200s", resp.StatusCode, raw)
	}
	return out, nil
}

var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// gqlCode posts a prepared request body and returns the HTTP status and the
// first error's extensions.code ("" without errors). It does not decode a
// successful response: a GraphQL response writes "errors" before "data", so
// one that begins with "data" has none. The loops that measure throughput
// use it, so that the load tool spends its CPU on requests, not on parsing
// answers it does not need.
func gqlCode(ctx context.Context, base, token string, body []byte) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer bodyBuffers.Put(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, 16<<20)); err != nil {
		return resp.StatusCode, "", err
	}
	raw := buf.Bytes()
	if bytes.HasPrefix(raw, []byte(`{"data":`)) && bytes.HasSuffix(raw, []byte("}")) {
		return resp.StatusCode, "", nil
	}
	var out gqlResp
	if err := json.Unmarshal(raw, &out); err != nil {
		return resp.StatusCode, "", fmt.Errorf("HTTP %d, not JSON: %.200s", resp.StatusCode, raw)
	}
	return resp.StatusCode, out.code(), nil
}

// gqlData posts and decodes data, failing on any error.
func gqlData(ctx context.Context, base, token, query string, vars map[string]any, v any) error {
	r, err := gql(ctx, base, token, query, vars)
	if err != nil {
		return err
	}
	return r.decode(v)
}

// ---- graphql-transport-ws ----

type wsConn struct {
	conn *websocket.Conn
	// onNext is called from the reader goroutine for every "next" message.
	onNext func(id string, payload json.RawMessage, at time.Time)
	mu     sync.Mutex
	errs   []string
	closed chan struct{}
}

type wsMsg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// dialWS opens a connection, initialises it with token and starts the
// reader goroutine.
func dialWS(ctx context.Context, addr, token string, onNext func(string, json.RawMessage, time.Time)) (*wsConn, error) {
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(dctx, "ws://"+addr+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPClient: httpClient})
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	c.SetReadLimit(1 << 20)
	init := map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": "Bearer " + token}}
	if err := wsjson.Write(dctx, c, init); err != nil {
		_ = c.CloseNow()
		return nil, err
	}
	for {
		var m wsMsg
		if err := wsjson.Read(dctx, c, &m); err != nil {
			_ = c.CloseNow()
			return nil, fmt.Errorf("connection_init: %w (close status %d)", err, websocket.CloseStatus(err))
		}
		if m.Type == "connection_ack" {
			break
		}
		if m.Type != "ping" && m.Type != "pong" && m.Type != "ka" {
			_ = c.CloseNow()
			return nil, fmt.Errorf("connection_init: got %s", m.Type)
		}
	}
	w := &wsConn{conn: c, onNext: onNext, closed: make(chan struct{})}
	go w.read()
	return w, nil
}

func (w *wsConn) read() {
	defer close(w.closed)
	for {
		var m wsMsg
		if err := wsjson.Read(context.Background(), w.conn, &m); err != nil {
			return
		}
		at := time.Now()
		switch m.Type {
		case "next":
			if w.onNext != nil {
				w.onNext(m.ID, m.Payload, at)
			}
		case "error":
			w.mu.Lock()
			w.errs = append(w.errs, fmt.Sprintf("%s: %s", m.ID, m.Payload))
			w.mu.Unlock()
		case "ping":
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_ = wsjson.Write(ctx, w.conn, map[string]any{"type": "pong"})
			cancel()
		}
	}
}

func (w *wsConn) subscribe(ctx context.Context, id, query string, vars map[string]any) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	w.mu.Lock()
	defer w.mu.Unlock()
	return wsjson.Write(ctx, w.conn, map[string]any{"id": id, "type": "subscribe",
		"payload": map[string]any{"query": query, "variables": vars}})
}

func (w *wsConn) errors() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.errs...)
}

func (w *wsConn) isClosed() bool {
	select {
	case <-w.closed:
		return true
	default:
		return false
	}
}

func (w *wsConn) close() {
	_ = w.conn.Close(websocket.StatusNormalClosure, "bye")
	select {
	case <-w.closed:
	case <-time.After(3 * time.Second):
		_ = w.conn.CloseNow()
	}
}
