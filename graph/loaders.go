package graph

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"

	"soudan/internal/account"
	"soudan/internal/auth"
	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/office"
	"soudan/internal/records"
)

// AccountBatcher reads many accounts in one query.
type AccountBatcher interface {
	AccountsByIDs(ctx context.Context, ids []int64) (map[int64]account.Account, error)
}

// loaders batch and cache the reads of one request, so that a list of N
// reservations costs a fixed number of queries, not N.
type loaders struct {
	accounts  *dataloadgen.Loader[int64, account.Account]
	readiness *dataloadgen.Loader[int64, *booking.ReadinessReport]

	auditMu sync.Mutex
	audited map[int64]bool

	todayOnce sync.Once
	today     calendar.Date

	termsOnce sync.Once
	terms     map[int64]office.TermsVersion
	current   office.TermsVersion
	termsErr  error
}

type loadersKey struct{}

// LoaderMiddleware gives every request its own loaders.
func LoaderMiddleware(res *Resolver, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), loadersKey{}, res.newLoaders())))
	})
}

// loadersFor returns the request's loaders; outside a request (tests,
// websockets without the middleware) it returns fresh ones.
func (r *Resolver) loadersFor(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return l
	}
	return r.newLoaders()
}

func (r *Resolver) newLoaders() *loaders {
	wait := dataloadgen.WithWait(time.Millisecond)
	return &loaders{
		accounts:  dataloadgen.NewMappedLoader(r.AccountBatch.AccountsByIDs, wait),
		readiness: dataloadgen.NewMappedLoader(r.readinessByIDs, wait),
	}
}

// readinessByIDs maps every id to its report, nil when it has none.
func (r *Resolver) readinessByIDs(ctx context.Context, ids []int64) (map[int64]*booking.ReadinessReport, error) {
	found, err := r.Bookings.ReadinessOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*booking.ReadinessReport, len(ids))
	for _, id := range ids {
		if rep, ok := found[id]; ok {
			out[id] = &rep
		} else {
			out[id] = nil
		}
	}
	return out, nil
}

// termsVersion returns a terms version by id, reading the office's versions
// once per request.
func (r *Resolver) termsVersion(ctx context.Context, id int64) (office.TermsVersion, office.TermsVersion, error) {
	l := r.loadersFor(ctx)
	l.termsOnce.Do(func() {
		var all []office.TermsVersion
		all, l.current, l.termsErr = r.Offices.TermsVersions(ctx)
		l.terms = make(map[int64]office.TermsVersion, len(all))
		for _, t := range all {
			l.terms[t.ID] = t
		}
	})
	if l.termsErr != nil {
		return office.TermsVersion{}, office.TermsVersion{}, l.termsErr
	}
	return l.terms[id], l.current, nil
}

// today is the office's date, read once per request.
func (r *Resolver) today(ctx context.Context) calendar.Date {
	l := r.loadersFor(ctx)
	l.todayOnce.Do(func() { l.today = r.Accounts.Today(ctx) })
	return l.today
}

// prefetchPeople reads, in one query each, the job seekers and counselors
// and the readiness reports of a list of reservations into the request's
// loaders, so that resolving them
// field by field costs nothing more, however the fields are scheduled.
func (r *Resolver) prefetchPeople(ctx context.Context, rows []booking.Reservation) error {
	if len(rows) == 0 {
		return nil
	}
	seen := make(map[int64]bool, len(rows))
	var ids []int64
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, res := range rows {
		add(res.JobSeekerID)
		if res.CounselorID != nil {
			add(*res.CounselorID)
		}
	}
	found, err := r.AccountBatch.AccountsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	l := r.loadersFor(ctx)
	for id, a := range found {
		l.accounts.Prime(id, a)
	}
	resIDs := make([]int64, len(rows))
	for i, res := range rows {
		resIDs[i] = res.ID
	}
	reports, err := r.readinessByIDs(ctx, resIDs)
	if err != nil {
		return err
	}
	for id, rep := range reports {
		l.readiness.Prime(id, rep)
	}
	return nil
}

// auditRead records, once per request, that a staff member read a job
// seeker's personal fields (Art 8). Job seekers reading their own data are
// not recorded. The resolver that decides to return the fields calls it;
// the converters never do.
func (r *Resolver) auditRead(ctx context.Context, jobSeekerID int64) {
	actor, ok := auth.ActorFrom(ctx)
	if r.Recorder == nil || !ok || !actor.Role.Staff() {
		return
	}
	l := r.loadersFor(ctx)
	l.auditMu.Lock()
	if l.audited == nil {
		l.audited = map[int64]bool{}
	}
	seen := l.audited[jobSeekerID]
	l.audited[jobSeekerID] = true
	l.auditMu.Unlock()
	if seen {
		return
	}
	op := "unknown"
	if oc := graphql.GetOperationContext(ctx); oc != nil && oc.Operation != nil {
		op = string(oc.Operation.Operation) + " " + RootFields(oc)
	}
	r.Recorder.Read(records.Read{At: r.Now(), StaffID: actor.AccountID, JobSeekerID: jobSeekerID, Operation: op})
}

// auditAccount audits a staff read of an account that holds a job seeker's
// personal fields (see auditRead).
func (r *Resolver) auditAccount(ctx context.Context, a account.Account) {
	if a.JobSeeker != nil {
		r.auditRead(ctx, a.ID)
	}
}

// RootFields names an operation's root fields, e.g. "queue,booths": the
// operation as the access and audit logs record it.
func RootFields(oc *graphql.OperationContext) string {
	var names []string
	for _, sel := range oc.Operation.SelectionSet {
		if f, ok := sel.(*ast.Field); ok {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, ",")
}
