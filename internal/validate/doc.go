// Package validate checks and normalises input from outside: the job-seeker
// number, phone number, name, consultation content (相談内容), e-mail address
// and password that people type into forms (CALENDAR.md, "Input formats").
//
// Every function is pure: it takes the raw string and the name of the field
// to report (the GraphQL argument path, for example "input.phone"), and
// returns either the normalised value or an *apperr.Error with code
// [apperr.Validation], that field, a Japanese message a job seeker
// understands and an English alternative. The message never repeats the
// rejected value, so errors are safe to log.
//
// Every input must be valid UTF-8 and is bounded in bytes before any other
// work is done, so a client cannot make the server spend time on a huge
// string.
//
// Where digits are expected (job-seeker and phone numbers), full-width digits
// and punctuation (U+FF01..U+FF5E, U+3000) are read as their ASCII forms, and
// every dash that Japanese input methods produce separates groups of digits:
// "-", U+2010..U+2015 (‐ ‑ ‒ – — ―), U+2212 (−), U+30FC (ー), U+FF70 (ｰ),
// U+FF0D (－) and U+FE63 (﹣). Other look-alikes such as circled digits are
// not digits here.
package validate
