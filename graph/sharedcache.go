package graph

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"golang.org/x/sync/singleflight"
)

// SharedCache answers a query whose root fields are all the same for every
// caller (availableSlots) with the data of an identical earlier query, as
// long as nothing it depends on can have changed. Slot browsing is the
// busiest read of the site and most of its cost is building the response,
// so a repeated request costs a map lookup instead.
//
// An answer is used only while the version it was computed under is still
// current and it is younger than TTL. The version is the caller's Version
// (the event watermark: every committed change of a reservation on any
// instance) together with Invalidate calls (this instance's own commits and
// office changes, at once). TTL bounds what no version sees: the clock
// moving past a notice deadline, or office settings changed on another
// instance (which that instance's office cache also takes TTL to see).
// Errors are never cached, and concurrent identical misses are computed
// once.
type SharedCache struct {
	// Fields are the root Query fields whose results do not depend on the
	// caller; an operation with any other root field (but __typename) is
	// not cached.
	Fields map[string]bool
	// Version reports the state the answers are computed from; nil means
	// only Invalidate changes it.
	Version func() int64
	// TTL is the longest an answer is used.
	TTL time.Duration
	// MaxEntries, MaxEntryBytes and MaxBytes (all entries together) bound
	// the memory held: distinct queries cannot make it grow further.
	MaxEntries    int
	MaxEntryBytes int
	MaxBytes      int

	generation atomic.Int64
	hits       atomic.Int64
	misses     atomic.Int64
	flight     singleflight.Group

	mu      sync.Mutex
	entries map[[sha256.Size]byte]sharedEntry
	bytes   int // held by entries
}

type sharedEntry struct {
	version sharedVersion
	at      time.Time
	data    json.RawMessage
}

type sharedVersion struct{ external, generation int64 }

// Invalidate makes every answer computed so far stale.
func (c *SharedCache) Invalidate() { c.generation.Add(1) }

// Stats reports how many cacheable operations were answered from the cache
// and how many were computed.
func (c *SharedCache) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

// Size reports the entries held and their bytes.
func (c *SharedCache) Size() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}

func (c *SharedCache) version() sharedVersion {
	v := sharedVersion{generation: c.generation.Load()}
	if c.Version != nil {
		v.external = c.Version()
	}
	return v
}

// AroundOperations is the gqlgen operation interceptor.
func (c *SharedCache) AroundOperations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if !c.cacheable(oc) {
		return next(ctx)
	}
	key, ok := sharedKey(oc)
	if !ok {
		return next(ctx)
	}
	// The version is read before computing: a change during the
	// computation leaves the entry already stale, never wrongly fresh.
	ver := c.version()
	if data, ok := c.lookup(key, ver); ok {
		c.hits.Add(1)
		return single(&graphql.Response{Data: data})
	}
	c.misses.Add(1)
	var own *graphql.Response
	flightKey := fmt.Sprintf("%x/%d/%d", key, ver.external, ver.generation)
	v, _, _ := c.flight.Do(flightKey, func() (any, error) {
		own = next(ctx)(ctx)
		if own != nil && len(own.Errors) == 0 && own.HasNext == nil && len(own.Data) <= c.MaxEntryBytes {
			c.store(key, sharedEntry{version: ver, at: time.Now(), data: own.Data})
			return own.Data, nil
		}
		return nil, nil
	})
	if own != nil { // this caller computed it
		return single(own)
	}
	if data, _ := v.(json.RawMessage); data != nil {
		return single(&graphql.Response{Data: data})
	}
	// The shared computation failed (for instance its caller went away):
	// compute this caller's own answer.
	return next(ctx)
}

func single(r *graphql.Response) graphql.ResponseHandler {
	var done bool
	return func(context.Context) *graphql.Response {
		if done {
			return nil
		}
		done = true
		return r
	}
}

func (c *SharedCache) lookup(key [sha256.Size]byte, ver sharedVersion) (json.RawMessage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.version != ver || time.Since(e.at) >= c.TTL {
		return nil, false
	}
	return e.data, true
}

func (c *SharedCache) store(key [sha256.Size]byte, e sharedEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[[sha256.Size]byte]sharedEntry{}
	}
	c.remove(key)
	full := func() bool { return len(c.entries) >= c.MaxEntries || c.bytes+len(e.data) > c.MaxBytes }
	if full() {
		for k, old := range c.entries {
			if old.version != e.version || time.Since(old.at) >= c.TTL {
				c.remove(k)
			}
		}
		for k := range c.entries { // still full: make room
			if !full() {
				break
			}
			c.remove(k)
		}
	}
	if full() { // larger than MaxBytes on its own
		return
	}
	c.entries[key] = e
	c.bytes += len(e.data)
}

func (c *SharedCache) remove(key [sha256.Size]byte) {
	if old, ok := c.entries[key]; ok {
		c.bytes -= len(old.data)
		delete(c.entries, key)
	}
}

// cacheable reports whether every root selection of a query is a field in
// Fields, and nothing in it defers or streams part of the response.
func (c *SharedCache) cacheable(oc *graphql.OperationContext) bool {
	op := oc.Operation
	if op == nil || op.Operation != ast.Query || len(op.SelectionSet) == 0 || c.MaxEntries <= 0 || c.MaxBytes <= 0 || c.TTL <= 0 {
		return false
	}
	shared := false
	for _, sel := range op.SelectionSet {
		f, ok := sel.(*ast.Field)
		switch {
		case !ok:
			return false
		case c.Fields[f.Name]:
			shared = true
		case f.Name != "__typename":
			return false
		}
	}
	return shared && onlyIncludeSkip(op.SelectionSet, 0)
}

// onlyIncludeSkip reports whether a selection set uses no directive but
// @include and @skip (whose effect the variables in the key decide).
func onlyIncludeSkip(set ast.SelectionSet, depth int) bool {
	if depth > 32 {
		return false
	}
	plain := func(ds ast.DirectiveList) bool {
		for _, d := range ds {
			if d.Name != "include" && d.Name != "skip" {
				return false
			}
		}
		return true
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if !plain(s.Directives) || !onlyIncludeSkip(s.SelectionSet, depth+1) {
				return false
			}
		case *ast.InlineFragment:
			if !plain(s.Directives) || !onlyIncludeSkip(s.SelectionSet, depth+1) {
				return false
			}
		case *ast.FragmentSpread:
			if !plain(s.Directives) || s.Definition == nil || !onlyIncludeSkip(s.Definition.SelectionSet, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// sharedKey identifies an operation by its text, name and variables.
func sharedKey(oc *graphql.OperationContext) ([sha256.Size]byte, bool) {
	vars, err := json.Marshal(oc.Variables) // map keys are sorted
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	h := sha256.New()
	h.Write([]byte(oc.RawQuery))
	h.Write([]byte{0})
	h.Write([]byte(oc.OperationName))
	h.Write([]byte{0})
	h.Write(vars)
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key, true
}
