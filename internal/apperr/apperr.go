// Package apperr is soudan's error model: a small set of codes that every
// domain package returns and that the GraphQL layer maps, in one place, to
// extensions.code. A message for people is always Japanese, with an English
// alternative; internal details never travel inside an *Error.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error for clients. The values are the extensions.code
// strings of the API (DESIGN.md, "Error codes").
type Code string

// The error codes of the API.
const (
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	NotFound        Code = "NOT_FOUND"
	Validation      Code = "VALIDATION"
	NotEligible     Code = "NOT_ELIGIBLE"
	Suspended       Code = "SUSPENDED"
	TermsOutdated   Code = "TERMS_OUTDATED"
	OfficeClosed    Code = "OFFICE_CLOSED"
	OutsideHours    Code = "OUTSIDE_HOURS"
	TooLate         Code = "TOO_LATE"
	TooFar          Code = "TOO_FAR"
	SlotFull        Code = "SLOT_FULL"
	AlreadyBooked   Code = "ALREADY_BOOKED"
	Conflict        Code = "CONFLICT"
	RateLimited     Code = "RATE_LIMITED"
	QueryTooComplex Code = "QUERY_TOO_COMPLEX"
	Unavailable     Code = "UNAVAILABLE"
	Internal        Code = "INTERNAL"
)

// Error is an error a client may see. Message is Japanese, En its English
// alternative. Field names the offending input for Validation errors.
type Error struct {
	Code    Code
	Message string
	En      string
	Field   string
	// RetryAfter, for RateLimited, is when trying again may succeed.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s (%s): %s", e.Code, e.Field, e.En)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.En)
}

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, apperr.New(apperr.NotFound, "", "")) and the sentinels
// below work on wrapped errors.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && (t.Field == "" || t.Field == e.Field)
}

// New returns an *Error with the given code and messages.
func New(code Code, ja, en string) *Error {
	return &Error{Code: code, Message: ja, En: en}
}

// Invalid returns a Validation error for one input field.
func Invalid(field, ja, en string) *Error {
	return &Error{Code: Validation, Message: ja, En: en, Field: field}
}

// CodeOf returns the code of the first *Error in err's chain, or Internal
// when there is none (or err is nil: callers check for nil first).
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the first *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Sentinels for errors.Is checks on the code alone.
var (
	ErrNotFound     = &Error{Code: NotFound}
	ErrForbidden    = &Error{Code: Forbidden}
	ErrConflict     = &Error{Code: Conflict}
	ErrValidation   = &Error{Code: Validation}
	ErrUnavailable  = &Error{Code: Unavailable}
	ErrUnauthorized = &Error{Code: Unauthenticated}
)
