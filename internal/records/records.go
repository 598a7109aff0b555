// Package records keeps what the terms allow the office to record (Art 7)
// and what the law asks it to account for (Art 8): an access log of every
// operation, an audit of staff reads of job seekers' personal data, and
// usage statistics that never identify a person or a device.
package records

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
)

// Access is one operation in the access log.
type Access struct {
	ID        int64
	At        time.Time
	AccountID *int64
	Role      string // JOB_SEEKER, COUNSELOR, ADMIN or ANONYMOUS
	Operation string // e.g. "mutation requestReservation"
	Outcome   string // OK or the error code
	IP        string
	UserAgent string
	// Device is the readiness checker's OS summary, for checker uploads.
	Device string
}

// Read is one staff read of a job seeker's personal fields.
type Read struct {
	ID          int64
	At          time.Time
	StaffID     int64
	JobSeekerID int64
	Operation   string
}

// Store keeps the records.
type Store interface {
	AddAccesses(ctx context.Context, as []Access) error
	AddReads(ctx context.Context, rs []Read) error
	Accesses(ctx context.Context, f AccessFilter, beforeID int64, limit int) ([]Access, error)
	Reads(ctx context.Context, jobSeekerID int64, from, to time.Time, beforeID int64, limit int) ([]Read, error)
	// Purge deletes access records and readiness details older than before.
	Purge(ctx context.Context, before time.Time) (int64, error)
	// Usage counts an office's reservations in [from, to): by status, and
	// by local start hour.
	Usage(ctx context.Context, officeID int64, from, to time.Time) (Usage, error)
}

// AccessFilter selects access records.
type AccessFilter struct {
	From, To  time.Time
	AccountID int64
	Outcome   string
}

// Usage is aggregates only (Art 7(2)).
type Usage struct {
	Reservations, Completed, Cancelled, NoShows, Expired int
	// ByHour counts reservations per local start hour.
	ByHour map[int]int
}

// MinBand is the smallest count shown in a per-hour band; smaller counts
// are suppressed so that no one can be picked out.
const MinBand = 3

// Recorder writes access and audit records in the background, in batches,
// so that recording never slows a request; when its buffer is full a record
// is dropped and counted rather than blocking.
type Recorder struct {
	Store Store
	Log   *slog.Logger

	once    sync.Once
	access  chan Access
	reads   chan Read
	mu      sync.Mutex
	dropped int
}

func (r *Recorder) init() {
	r.once.Do(func() {
		r.access = make(chan Access, 4096)
		r.reads = make(chan Read, 4096)
	})
}

// Access records an operation.
func (r *Recorder) Access(a Access) {
	r.init()
	select {
	case r.access <- a:
	default:
		r.drop()
	}
}

// Read records a staff read of a job seeker's personal data.
func (r *Recorder) Read(rd Read) {
	r.init()
	select {
	case r.reads <- rd:
	default:
		r.drop()
	}
}

// Dropped counts the records lost because the buffer was full.
func (r *Recorder) Dropped() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dropped
}

func (r *Recorder) drop() {
	r.mu.Lock()
	r.dropped++
	r.mu.Unlock()
}

// Run writes the records until ctx ends, then flushes what is buffered.
func (r *Recorder) Run(ctx context.Context) {
	r.init()
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			r.flush(context.WithoutCancel(ctx))
			return
		case <-t.C:
			r.flush(ctx)
		}
	}
}

// Flush writes what is buffered now.
func (r *Recorder) Flush(ctx context.Context) { r.init(); r.flush(ctx) }

func (r *Recorder) flush(ctx context.Context) {
	var as []Access
	var rs []Read
	for len(as) < 1000 {
		select {
		case a := <-r.access:
			as = append(as, a)
			continue
		default:
		}
		break
	}
	for len(rs) < 1000 {
		select {
		case rd := <-r.reads:
			rs = append(rs, rd)
			continue
		default:
		}
		break
	}
	if len(as) > 0 {
		if err := r.Store.AddAccesses(ctx, as); err != nil {
			r.Log.Warn("writing the access log", "records", len(as), "err", err)
		}
	}
	if len(rs) > 0 {
		if err := r.Store.AddReads(ctx, rs); err != nil {
			r.Log.Warn("writing the audit log", "records", len(rs), "err", err)
		}
	}
}

// Service answers the administrators' questions about the records.
type Service struct {
	Store    Store
	Location *time.Location
}

// Page is one page of records, newest first.
type Page[T any] struct {
	Items       []T
	HasNextPage bool
}

// AccessLog lists access records, newest first (ADMIN only).
func (s *Service) AccessLog(ctx context.Context, f AccessFilter, first int, beforeID int64) (Page[Access], error) {
	if _, err := auth.RequireAdmin(ctx); err != nil {
		return Page[Access]{}, err
	}
	if first < 1 || first > 100 {
		return Page[Access]{}, apperr.Invalid("first", "first は 1 から 100 までです。", "first must be between 1 and 100")
	}
	rows, err := s.Store.Accesses(ctx, f, beforeID, first+1)
	if err != nil {
		return Page[Access]{}, err
	}
	p := Page[Access]{Items: rows}
	if len(rows) > first {
		p.Items, p.HasNextPage = rows[:first], true
	}
	return p, nil
}

// AuditLog lists staff reads of one job seeker's data (ADMIN only).
func (s *Service) AuditLog(ctx context.Context, jobSeekerID int64, from, to calendar.Date, first int, beforeID int64) (Page[Read], error) {
	if _, err := auth.RequireAdmin(ctx); err != nil {
		return Page[Read]{}, err
	}
	if first < 1 || first > 100 {
		return Page[Read]{}, apperr.Invalid("first", "first は 1 から 100 までです。", "first must be between 1 and 100")
	}
	rows, err := s.Store.Reads(ctx, jobSeekerID, from.In(s.Location), to.AddDays(1).In(s.Location), beforeID, first+1)
	if err != nil {
		return Page[Read]{}, err
	}
	p := Page[Read]{Items: rows}
	if len(rows) > first {
		p.Items, p.HasNextPage = rows[:first], true
	}
	return p, nil
}

// Statistics are the usage aggregates of a period.
type Statistics struct {
	From, To                                             calendar.Date
	Reservations, Completed, Cancelled, NoShows, Expired int
	// ByHour lists hour bands with at least MinBand reservations.
	ByHour []HourCount
}

// HourCount is the reservations starting in one local hour.
type HourCount struct{ Hour, Count int }

// UsageStatistics returns aggregates only (ADMIN only, Art 7(2)): counts by
// outcome and by start hour, with hours of fewer than MinBand
// reservations left out.
func (s *Service) UsageStatistics(ctx context.Context, from, to calendar.Date) (Statistics, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return Statistics{}, err
	}
	if from.After(to) || calendar.DaysBetween(from, to) > 400 {
		return Statistics{}, apperr.Invalid("to", "期間は400日以内で、終了日は開始日以降にしてください。",
			fmt.Sprintf("the period must run forwards and cover at most %d days", 400))
	}
	u, err := s.Store.Usage(ctx, actor.OfficeID, from.In(s.Location), to.AddDays(1).In(s.Location))
	if err != nil {
		return Statistics{}, err
	}
	st := Statistics{From: from, To: to, Reservations: u.Reservations, Completed: u.Completed,
		Cancelled: u.Cancelled, NoShows: u.NoShows, Expired: u.Expired}
	for h := 0; h < 24; h++ {
		if n := u.ByHour[h]; n >= MinBand {
			st.ByHour = append(st.ByHour, HourCount{Hour: h, Count: n})
		}
	}
	return st, nil
}
