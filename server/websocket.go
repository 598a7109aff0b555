package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"

	"soudan/graph"
	"soudan/internal/apperr"
	"soudan/internal/auth"
)

// WebSocket limits (SECURITY.md).
const (
	wsInitTimeout      = 5 * time.Second
	wsMaxSubscriptions = 10
	wsMaxConnsPerAcct  = 5
	wsRecheckInterval  = 30 * time.Second
	closeInitTimeout   = 4408
	closeForbidden     = 4403
	closeTooManyConns  = 4429
)

// wsAcceptOptions allows websocket connections from the configured origins;
// same-origin connections are always allowed.
func wsAcceptOptions(origins []string) websocket.AcceptOptions {
	return websocket.AcceptOptions{
		Subprotocols:   []string{"graphql-transport-ws"},
		OriginPatterns: origins,
	}
}

// Errors of connection_init; their text is sent to the client.
var (
	errForbiddenConn = errors.New("forbidden")
	errTooManyConns  = errors.New("too many connections for this account")
)

// wsGuard enforces the connection-level limits: connection_init within
// wsInitTimeout (else 4408), at most wsMaxConnsPerAcct connections per
// account (else 4429), and closing a connection whose session expires or is
// revoked.
type wsGuard struct {
	app *app

	mu    sync.Mutex
	conns map[int64]int
	// open holds every open connection, to close them on shutdown.
	open map[*firstReadConn]struct{}
}

type wsConnKey struct{}

// wsConn is one authenticated connection's state.
type wsConn struct {
	accountID int64
	stop      context.CancelFunc
}

// implementation wraps the websocket library so that a connection that has
// not sent connection_init in time is closed with 4408.
func (g *wsGuard) implementation(origins []string) transport.WebsocketImplementation {
	return initDeadline{inner: transport.CoderWebsocketImplementation{AcceptOptions: wsAcceptOptions(origins)}, guard: g}
}

type initDeadline struct {
	inner transport.WebsocketImplementation
	guard *wsGuard
}

func (d initDeadline) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := d.inner.Accept(w, r, o)
	if err != nil {
		return nil, err
	}
	c := &firstReadConn{WebsocketConn: conn, guard: d.guard}
	c.timer = time.AfterFunc(wsInitTimeout, func() {
		_ = conn.WriteClose(closeInitTimeout, "Connection initialisation timeout")
		_ = conn.Close()
	})
	d.guard.mu.Lock()
	d.guard.open[c] = struct{}{}
	d.guard.mu.Unlock()
	return c, nil
}

// firstReadConn stops the init timer once the first message arrives, and
// leaves the guard's set of open connections when closed.
type firstReadConn struct {
	transport.WebsocketConn
	guard *wsGuard
	timer *time.Timer
	once  sync.Once
}

func (c *firstReadConn) NextReader() (int, io.Reader, error) {
	t, r, err := c.WebsocketConn.NextReader()
	c.once.Do(func() { c.timer.Stop() })
	return t, r, err
}

func (c *firstReadConn) SetReadLimit(limit int64) {
	if l, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		l.SetReadLimit(limit)
	}
}

func (c *firstReadConn) Close() error {
	c.timer.Stop()
	c.guard.mu.Lock()
	delete(c.guard.open, c)
	c.guard.mu.Unlock()
	return c.WebsocketConn.Close()
}

// openConnections counts the open websockets.
func (g *wsGuard) openConnections() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.open)
}

// closeAll closes every open connection with 1001 (going away), as the
// server shuts down; clients reconnect to another instance and resume.
func (g *wsGuard) closeAll() {
	g.mu.Lock()
	open := make([]*firstReadConn, 0, len(g.open))
	for c := range g.open {
		open = append(open, c)
	}
	g.mu.Unlock()
	for _, c := range open {
		_ = c.WriteClose(int(websocket.StatusGoingAway), "server shutting down")
	}
}

// init authenticates connection_init's {"authorization": "Bearer …"}: a
// missing or bad token closes with 4403, one connection too many for the
// account with 4429. The connection then lives until its session ends.
func (g *wsGuard) init(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	token, ok := bearerToken(payload.Authorization())
	if !ok {
		return transport.WithWebsocketCloseCode(ctx, closeForbidden), nil, errForbiddenConn
	}
	actor, err := g.app.accounts.Authenticate(ctx, token)
	if err != nil {
		return transport.WithWebsocketCloseCode(ctx, closeForbidden), nil, errForbiddenConn
	}
	g.mu.Lock()
	if g.conns[actor.AccountID] >= wsMaxConnsPerAcct {
		g.mu.Unlock()
		return transport.WithWebsocketCloseCode(ctx, closeTooManyConns), nil, errTooManyConns
	}
	g.conns[actor.AccountID]++
	g.mu.Unlock()

	ctx, stop := context.WithCancel(ctx)
	c := &wsConn{accountID: actor.AccountID, stop: stop}
	ctx = context.WithValue(auth.WithActor(ctx, actor), wsConnKey{}, c)
	ctx = graph.WithSubscriptionLimit(ctx, wsMaxSubscriptions)
	go g.watch(ctx, stop, token, actor.ExpiresAt)
	return ctx, nil, nil
}

// watch ends the connection when its session expires or is revoked
// (sign-out, suspension), checking every SOUDAN_WS_RECHECK.
func (g *wsGuard) watch(ctx context.Context, stop context.CancelFunc, token string, expires time.Time) {
	t := time.NewTicker(g.app.cfg.WSRecheck)
	defer t.Stop()
	for {
		wait := expires.Sub(g.app.now())
		select {
		case <-ctx.Done():
			return
		case <-time.After(max(wait, 0)):
			stop()
			return
		case <-t.C:
			if _, err := g.app.accounts.Authenticate(ctx, token); err != nil && ctx.Err() == nil {
				if apperr.CodeOf(err) == apperr.Unauthenticated {
					stop()
					return
				}
			}
		}
	}
}

// closed releases the connection's slot.
func (g *wsGuard) closed(ctx context.Context, _ int) {
	c, ok := ctx.Value(wsConnKey{}).(*wsConn)
	if !ok {
		return
	}
	c.stop()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.conns[c.accountID]--; g.conns[c.accountID] <= 0 {
		delete(g.conns, c.accountID)
	}
}
