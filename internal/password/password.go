// Package password hashes and verifies account passwords with argon2id
// (SECURITY.md, "Accounts"), stored as PHC strings such as
//
//	$argon2id$v=19$m=65536,t=1,p=2$<salt>$<key>
//
// where salt and key are unpadded standard base64, as written by the
// reference implementation. The parameters travel in the string, so hashes
// made with older parameters still verify; [NeedsRehash] tells when to store
// a new hash after a successful sign-in.
//
// Each hash with [DefaultParams] allocates 64 MiB for a few tens of
// milliseconds. Callers must bound how many run at once (for example with a
// semaphore sized to the CPUs) so that a burst of sign-ins cannot exhaust
// memory.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters and lengths.
//
// Limits, which [Hash] enforces and [Verify] applies to the parameters read
// from a stored hash so that a tampered string cannot make the server spend
// unbounded memory or time: Memory from 8×Parallelism KiB to 1 GiB
// (1048576 KiB), Iterations 1 to 16, Parallelism 1 to 16, SaltLength 8 to 64
// bytes, KeyLength 16 to 64 bytes.
type Params struct {
	Memory      uint32 // memory in KiB
	Iterations  uint32 // passes over the memory (argon2's t)
	Parallelism uint8  // lanes and threads (argon2's p)
	SaltLength  uint32 // bytes of random salt
	KeyLength   uint32 // bytes of derived key
}

// DefaultParams are the parameters for new hashes: 64 MiB, 1 pass, 2 lanes,
// a 16-byte salt and a 32-byte key.
//
// They exceed the OWASP Password Storage Cheat Sheet's argon2id
// configuration "m=47104 (46 MiB), t=1, p=1" — one of its equivalent
// minimums, along with m=19456 (19 MiB), t=2, p=1
// (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id)
// — with more memory for the same single pass. The second lane does not
// lower an attacker's cost (the same memory is filled and the same blocks are
// computed) but lets the server compute a hash on two cores in about half the
// time.
var DefaultParams = Params{Memory: 64 * 1024, Iterations: 1, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// ErrMalformed reports a stored hash that is not an argon2id PHC string this
// package accepts, including one whose parameters are out of bounds.
var ErrMalformed = errors.New("password: malformed hash")

// ErrInvalidParams reports parameters outside the limits documented on
// [Params].
var ErrInvalidParams = errors.New("password: invalid parameters")

const (
	maxMemory      = 1 << 20 // KiB: 1 GiB
	maxIterations  = 16
	maxParallelism = 16
	minSaltLength  = 8
	maxSaltLength  = 64
	minKeyLength   = 16
	maxKeyLength   = 64

	// maxEncodedLen bounds the input Verify parses; a valid string at the
	// limits above is about 210 bytes.
	maxEncodedLen = 512

	prefix = "$argon2id$"
)

// check returns an error describing why p is outside the limits, or nil.
func (p Params) check() error {
	switch {
	case p.Parallelism < 1 || p.Parallelism > maxParallelism:
		return fmt.Errorf("parallelism %d not in [1, %d]", p.Parallelism, maxParallelism)
	case p.Memory < 8*uint32(p.Parallelism) || p.Memory > maxMemory:
		return fmt.Errorf("memory %d KiB not in [8×parallelism, %d]", p.Memory, maxMemory)
	case p.Iterations < 1 || p.Iterations > maxIterations:
		return fmt.Errorf("iterations %d not in [1, %d]", p.Iterations, maxIterations)
	case p.SaltLength < minSaltLength || p.SaltLength > maxSaltLength:
		return fmt.Errorf("salt length %d not in [%d, %d]", p.SaltLength, minSaltLength, maxSaltLength)
	case p.KeyLength < minKeyLength || p.KeyLength > maxKeyLength:
		return fmt.Errorf("key length %d not in [%d, %d]", p.KeyLength, minKeyLength, maxKeyLength)
	}
	return nil
}

// Hash returns the argon2id PHC string of password under p with a fresh
// random salt. It returns an error wrapping [ErrInvalidParams] if p is
// outside the limits documented on [Params].
func Hash(password string, p Params) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalidParams, err)
	}
	salt := make([]byte, p.SaltLength)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: reading random salt: %w", err)
	}
	return hashWithSalt(password, salt, p), nil
}

// hashWithSalt returns the PHC string of password under p and salt. p must be
// valid and salt of any length allowed.
func hashWithSalt(password string, salt []byte, p Params) string {
	key := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
	return encode(p, salt, key)
}

// encode formats a PHC string.
func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("%sv=%d$m=%d,t=%d,p=%d$%s$%s", prefix, argon2.Version,
		p.Memory, p.Iterations, p.Parallelism,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// Verify reports whether password matches encoded, a PHC string made by
// [Hash], comparing keys in constant time. The parameters are read from
// encoded. The error, which wraps [ErrMalformed], is only for a string that
// does not parse or whose parameters are outside the limits documented on
// [Params]; a wrong password is ok == false with a nil error.
func Verify(password, encoded string) (ok bool, err error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters other than p
// (stronger or weaker), or does not parse, so that the password should be
// hashed again with p and stored after it has been verified.
func NeedsRehash(encoded string, p Params) bool {
	got, _, _, err := decode(encoded)
	return err != nil || got != p
}

// DummyVerify spends the time of a [Verify] of password against a hash made
// with [DefaultParams], and discards the result. Call it on sign-in when the
// e-mail is unknown, so that an unknown e-mail and a wrong password take
// similar time.
func DummyVerify(password string) {
	DummyVerifyWith(password, DefaultParams)
}

// DummyVerifyWith is [DummyVerify] for hashes made with p, for deployments
// that configure parameters other than [DefaultParams]. Invalid p falls back
// to DefaultParams.
func DummyVerifyWith(password string, p Params) {
	_, _ = Verify(password, dummyHash(p))
}

// dummyHash returns a well-formed PHC string under p (or DefaultParams if p
// is invalid) with an all-zero salt and key, which no password matches in
// practice and which costs a Verify exactly what a real hash under p costs.
func dummyHash(p Params) string {
	if p.check() != nil {
		p = DefaultParams
	}
	return encode(p, make([]byte, p.SaltLength), make([]byte, p.KeyLength))
}

// decode parses a PHC string "$argon2id$v=19$m=M,t=T,p=P$salt$key" strictly
// (fields in this order, decimal numbers without sign or leading zeros,
// canonical unpadded base64) and checks its parameters.
func decode(encoded string) (p Params, salt, key []byte, err error) {
	if len(encoded) > maxEncodedLen {
		return Params{}, nil, nil, fmt.Errorf("%w: longer than %d bytes", ErrMalformed, maxEncodedLen)
	}
	rest, ok := strings.CutPrefix(encoded, prefix)
	if !ok {
		return Params{}, nil, nil, fmt.Errorf("%w: not an argon2id PHC string", ErrMalformed)
	}
	fields := strings.Split(rest, "$")
	if len(fields) != 4 {
		return Params{}, nil, nil, fmt.Errorf("%w: want 5 $-separated fields", ErrMalformed)
	}
	if fields[0] != "v="+strconv.Itoa(argon2.Version) {
		return Params{}, nil, nil, fmt.Errorf("%w: unsupported version (want v=%d)", ErrMalformed, argon2.Version)
	}
	var parallelism uint32
	ptrs := [...]*uint32{&p.Memory, &p.Iterations, &parallelism}
	names := [...]string{"m=", "t=", "p="}
	params := strings.Split(fields[1], ",")
	if len(params) != len(names) {
		return Params{}, nil, nil, fmt.Errorf("%w: want parameters m=,t=,p=", ErrMalformed)
	}
	for i, s := range params {
		digits, ok := strings.CutPrefix(s, names[i])
		if !ok {
			return Params{}, nil, nil, fmt.Errorf("%w: want parameters m=,t=,p=", ErrMalformed)
		}
		if *ptrs[i], ok = parseDecimal(digits); !ok {
			return Params{}, nil, nil, fmt.Errorf("%w: bad number in parameter %s", ErrMalformed, names[i])
		}
	}
	if parallelism > maxParallelism {
		return Params{}, nil, nil, fmt.Errorf("%w: parallelism %d over %d", ErrMalformed, parallelism, maxParallelism)
	}
	p.Parallelism = uint8(parallelism)
	if salt, ok = decodeBase64(fields[2]); !ok {
		return Params{}, nil, nil, fmt.Errorf("%w: bad base64 salt", ErrMalformed)
	}
	if key, ok = decodeBase64(fields[3]); !ok {
		return Params{}, nil, nil, fmt.Errorf("%w: bad base64 key", ErrMalformed)
	}
	p.SaltLength, p.KeyLength = uint32(len(salt)), uint32(len(key))
	if err := p.check(); err != nil {
		return Params{}, nil, nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return p, salt, key, nil
}

// parseDecimal parses a canonical decimal uint32: digits only, no leading
// zero unless the number is 0.
func parseDecimal(s string) (uint32, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err == nil
}

// decodeBase64 decodes canonical unpadded standard base64. The decoder skips
// '\r' and '\n', which are refused so that each value has one spelling.
func decodeBase64(s string) ([]byte, bool) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, false
	}
	b, err := base64.RawStdEncoding.Strict().DecodeString(s)
	return b, err == nil
}
