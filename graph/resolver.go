// Package graph is soudan's GraphQL adapter: the schema (*.graphqls), the
// gqlgen-generated executor and models, and thin resolvers that convert
// input, call one domain method and convert the result. Rules, SQL and error
// texts live in the domain packages; errors reach clients only through the
// presenter in errors.go.
package graph

//go:generate go tool gqlgen generate

import (
	"context"
	"log/slog"
	"time"

	"soudan/internal/account"
	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/checkerdl"
	"soudan/internal/envrules"
	"soudan/internal/events"
	"soudan/internal/office"
	"soudan/internal/records"
)

// Resolver is the dependency root of the resolvers, built once by the server.
// The request context carries only request-scoped values (the signed-in
// actor), never dependencies.
type Resolver struct {
	Offices  *office.Service
	Accounts *account.Service
	Bookings *booking.Service
	// AccountBatch reads accounts in batches for the per-request loaders.
	AccountBatch AccountBatcher
	// Events fans queue events out to subscriptions; EventLog replays the
	// stored ones a subscriber missed.
	Events   *events.Broker
	EventLog EventLog
	// Rules is the readiness checker's rules document.
	Rules envrules.Document
	// Downloads serves the checker's release builds (nil: none).
	Downloads *checkerdl.Service
	// Records answers the administrators' questions about usage; Recorder
	// writes the audit of staff reads (nil: none).
	Records  *records.Service
	Recorder *records.Recorder
	Log      *slog.Logger
	Now      func() time.Time
}

// EventLog reads stored queue events.
type EventLog interface {
	EventsOfDay(ctx context.Context, officeID int64, d calendar.Date, after, upTo int64) ([]booking.Event, error)
}
