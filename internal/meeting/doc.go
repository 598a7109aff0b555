// Package meeting hands out the Zoom meeting of a confirmed reservation
// (DESIGN.md, Art 4): its meeting ID, passcode and join URL. The details are
// shown only to the reserving job seeker and to staff, and only once the
// reservation is confirmed; that rule belongs to the callers.
//
// # Providers
//
// Without a [Provider], each booth (seat) of an office has one fixed Zoom
// room that an administrator configures ([Booth], [NormalizeBooth]); the
// booking service hands out the room of the seat a reservation takes, and
// the room outlives the reservation.
//
// [ZoomProvider] makes one scheduled meeting per reservation through the
// Zoom REST API with a Server-to-Server OAuth app, and deletes it again when
// the reservation is cancelled. It is the safer setting: a passcode is never
// shared between sessions.
//
// # Errors
//
// A provider that cannot be reached, answers 5xx or rate-limits us (429)
// returns an error for which errors.Is(err, apperr.ErrUnavailable) holds,
// with a Japanese and an English message for people. Everything else (bad
// credentials, a request Zoom rejects with 4xx) is a configuration or
// programming error and is returned as a plain error, which the API reports
// as INTERNAL. Errors never contain the client secret or an access token.
//
// Meeting details contain no personal data: topics are generic (for example
// "オンライン職業相談") and nothing about the job seeker is sent to Zoom.
package meeting
