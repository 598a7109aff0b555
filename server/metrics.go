package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"soudan/internal/mail/replies"
)

// metrics are the Prometheus metrics of one server instance, served on a
// listener of their own (SOUDAN_METRICS_ADDR), never on the public port.
// Labels are bounded: operations are named by their root field (fields of
// the schema, not client-chosen names) and outcomes by error code.
type metrics struct {
	registry   *prometheus.Registry
	operations *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	bookings   *prometheus.CounterVec
}

// bookingFields are the mutations that book a seat, with the kind of
// booking each is.
var bookingFields = map[string]string{
	"requestReservation": "site",
	"createApplication":  "application",
	"bookFollowUp":       "follow_up",
}

// scrapeTimeout bounds the database reads of one scrape.
const scrapeTimeout = 2 * time.Second

func newMetrics(a *app) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "soudan_graphql_operations_total",
			Help: "GraphQL operations by operation (type and root field) and outcome (OK or the first error's code).",
		}, []string{"operation", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "soudan_graphql_operation_duration_seconds",
			Help:    "Time to answer a GraphQL query or mutation, by operation.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"operation"}),
		bookings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "soudan_bookings_total",
			Help: "Booking attempts by kind (site, application, follow_up) and outcome (OK or the error code, e.g. SLOT_FULL).",
		}, []string{"kind", "outcome"}),
	}
	m.registry.MustRegister(m.operations, m.latency, m.bookings,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(a.store.DB(), "soudan"),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "soudan_websocket_connections", Help: "Open websocket connections.",
		}, func() float64 {
			if a.websockets == nil {
				return 0
			}
			return float64(a.websockets.openConnections())
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "soudan_subscriptions", Help: "Live GraphQL subscriptions (queue and job seekers' own events).",
		}, func() float64 { return float64(a.events.Subscribers()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "soudan_access_log_dropped_total",
			Help: "Access-log and audit records lost because the writer's buffer was full.",
		}, func() float64 { return float64(a.recorder.Dropped()) }),
		&databaseCollector{app: a},
	)
	return m
}

// aroundOperations counts every query and mutation by outcome and times it;
// subscriptions are counted when they start.
func (m *metrics) aroundOperations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	name := operationLabel(oc)
	start := time.Now()
	rh := next(ctx)
	if oc.Operation.Operation == ast.Subscription {
		m.operations.WithLabelValues(name, "OK").Inc()
		return rh
	}
	counted := false
	return func(ctx context.Context) *graphql.Response {
		resp := rh(ctx)
		if !counted {
			counted = true
			m.latency.WithLabelValues(name).Observe(time.Since(start).Seconds())
			m.operations.WithLabelValues(name, responseOutcome(resp)).Inc()
		}
		return resp
	}
}

// aroundRootFields counts booking attempts by their outcome.
func (m *metrics) aroundRootFields(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	fc := graphql.GetRootFieldContext(ctx)
	kind, ok := bookingFields[fc.Field.Name]
	if !ok {
		return next(ctx)
	}
	before := len(graphql.GetErrors(ctx))
	res := next(ctx)
	outcome := "OK"
	if errs := graphql.GetErrors(ctx); len(errs) > before {
		outcome = errorCode(errs[before])
	}
	m.bookings.WithLabelValues(kind, outcome).Inc()
	return res
}

// operationLabel names an operation by its type and root field; several
// root fields in one document are counted together as "multiple".
func operationLabel(oc *graphql.OperationContext) string {
	op := string(oc.Operation.Operation)
	var field string
	for _, sel := range oc.Operation.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok {
			return op + " multiple"
		}
		if field != "" {
			return op + " multiple"
		}
		field = f.Name
	}
	return op + " " + field
}

func responseOutcome(resp *graphql.Response) string {
	if resp == nil || len(resp.Errors) == 0 {
		return "OK"
	}
	return errorCode(resp.Errors[0])
}

// errorCode is an error's extensions.code, which the error presenter sets
// on every error.
func errorCode(e *gqlerror.Error) string {
	if code, ok := e.Extensions["code"].(string); ok {
		return code
	}
	return "ERROR"
}

// databaseCollector reads, at each scrape, what only the database knows:
// the mail outbox's backlog and how far this instance's event tailer is
// behind the events table.
type databaseCollector struct{ app *app }

var (
	outboxDepthDesc = prometheus.NewDesc("soudan_mail_outbox_pending",
		"Mails in the outbox that are neither sent nor given up.", nil, nil)
	outboxAgeDesc = prometheus.NewDesc("soudan_mail_outbox_oldest_age_seconds",
		"Age of the oldest mail still to be sent (0 when none).", nil, nil)
	tailerLagDesc = prometheus.NewDesc("soudan_event_tailer_lag_events",
		"Events written to the database that this instance has not yet delivered to its subscribers.", nil, nil)
	tailerReadAgeDesc = prometheus.NewDesc("soudan_event_tailer_last_read_age_seconds",
		"Seconds since this instance's event tailer last read the events table without error.", nil, nil)
	repliesLeftDesc = prometheus.NewDesc("soudan_mail_replies_left_for_staff",
		"Messages the last poll of the office's mailbox (SOUDAN_IMAP_URL) left unread for staff: mail that confirms nothing.", nil, nil)
	repliesPollAgeDesc = prometheus.NewDesc("soudan_mail_replies_last_poll_age_seconds",
		"Seconds since an instance last read the office's mailbox without error.", nil, nil)
	scrapeErrorsDesc = prometheus.NewDesc("soudan_metrics_database_errors",
		"1 when the last scrape could not read the database (the figures above are then missing).", nil, nil)
)

func (c *databaseCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepthDesc
	ch <- outboxAgeDesc
	ch <- tailerLagDesc
	ch <- tailerReadAgeDesc
	ch <- repliesLeftDesc
	ch <- repliesPollAgeDesc
	ch <- scrapeErrorsDesc
}

func (c *databaseCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	now := time.Now()
	if last := c.app.events.LastRead(); !last.IsZero() {
		ch <- prometheus.MustNewConstMetric(tailerReadAgeDesc, prometheus.GaugeValue, now.Sub(last).Seconds())
	}
	failed := 0.0
	// The watermark is read before the last seq, so that the lag is never
	// negative.
	delivered := c.app.events.Watermark()
	if last, err := c.app.store.LastEventSeq(ctx); err == nil {
		ch <- prometheus.MustNewConstMetric(tailerLagDesc, prometheus.GaugeValue, float64(max(last-delivered, 0)))
	} else {
		failed = 1
	}
	if pending, oldest, err := c.app.store.OutboxBacklog(ctx); err == nil {
		age := 0.0
		if !oldest.IsZero() {
			age = max(c.app.now().Sub(oldest).Seconds(), 0)
		}
		ch <- prometheus.MustNewConstMetric(outboxDepthDesc, prometheus.GaugeValue, float64(pending))
		ch <- prometheus.MustNewConstMetric(outboxAgeDesc, prometheus.GaugeValue, age)
	} else {
		failed = 1
	}
	if c.app.replies != nil {
		if polled, left, err := c.app.store.InboxStatus(ctx, replies.LeaseName); err != nil {
			failed = 1
		} else if !polled.IsZero() {
			ch <- prometheus.MustNewConstMetric(repliesLeftDesc, prometheus.GaugeValue, float64(left))
			ch <- prometheus.MustNewConstMetric(repliesPollAgeDesc, prometheus.GaugeValue, max(c.app.now().Sub(polled).Seconds(), 0))
		}
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrorsDesc, prometheus.GaugeValue, failed)
}

// serveMetrics serves /metrics on addr until the returned function is
// called.
func serveMetrics(addr string, m *metrics, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on SOUDAN_METRICS_ADDR %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		Timeout: 2 * scrapeTimeout, MaxRequestsInFlight: 4,
	}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Info("serving metrics", "addr", ln.Addr().String())
	go func() { _ = srv.Serve(ln) }()
	return func() { _ = srv.Close() }, nil
}
