// Package secret encrypts personal data at rest (SECURITY.md, "Personal
// data") with AES-256-GCM and computes blind indexes for equality lookups of
// encrypted values.
//
// A sealed value is a text token
//
//	v1.<key id>.<base64url(nonce | ciphertext | tag)>
//
// so the key that sealed it travels with it and keys can be rotated: configure
// a new key as current, keep the old ones for opening, and re-seal values for
// which [Keyring.NeedsRotation] reports true.
//
// Every value is sealed with associated data naming where it lives (for
// example "job_seekers.phone"); a token copied to another column, or a token
// whose header was edited, fails to open with [ErrAuth].
//
// Nothing in this package ever puts key material or plaintext in an error.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// KeySize is the length in bytes of every data key (AES-256).
const KeySize = 32

// IndexKeyID is the reserved key id of the blind-index key. A key under this
// id is never used to seal or open values; see [Keyring.Index].
const IndexKeyID = "index"

const (
	tokenVersion = "v1"
	nonceSize    = 12
	tagSize      = 16
	maxKeyIDLen  = 16
)

// ErrUnknownKey reports a token sealed under a key id that the keyring does
// not hold.
var ErrUnknownKey = errors.New("secret: unknown key id")

// ErrMalformed reports a token that is not of the form
// "v1.<key id>.<base64url payload>".
var ErrMalformed = errors.New("secret: malformed token")

// ErrAuth reports a token that failed authentication: it was tampered with,
// sealed under another key of the same id, or sealed with other associated
// data.
var ErrAuth = errors.New("secret: message authentication failed")

// Keyring holds the data keys by id. One key is current (used to seal); all
// can open. A Keyring is immutable and safe for concurrent use.
//
// Formatting a Keyring with the fmt package prints its key ids only.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD // by key id, without IndexKeyID
	// indexPRK is the HKDF-Extract output of the index key: the key of id
	// IndexKeyID if present, else the current key.
	indexPRK []byte
	ids      []string // sorted, for String
}

// NewKeyring returns a keyring holding keys, with current as the key used to
// seal. Each key must be exactly [KeySize] bytes; each id must be 1 to 16
// characters of [A-Za-z0-9_-]; current must be in keys and must not be
// [IndexKeyID]. The keys are copied.
func NewKeyring(current string, keys map[string][]byte) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("secret: no keys")
	}
	k := &Keyring{current: current, aeads: make(map[string]cipher.AEAD, len(keys))}
	for id, key := range keys {
		if !validKeyID(id) {
			return nil, errors.New("secret: invalid key id (want 1-16 characters of A-Z a-z 0-9 _ -)")
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("secret: key %q is %d bytes, want %d", id, len(key), KeySize)
		}
		k.ids = append(k.ids, id)
		if id == IndexKeyID {
			continue
		}
		block, err := aes.NewCipher(key) // copies the key schedule; key is not retained
		if err != nil {
			return nil, fmt.Errorf("secret: key %q: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("secret: key %q: %w", id, err)
		}
		k.aeads[id] = aead
	}
	slices.Sort(k.ids)
	if current == IndexKeyID {
		return nil, fmt.Errorf("secret: key id %q is reserved for the blind index and cannot be current", IndexKeyID)
	}
	if _, ok := k.aeads[current]; !ok {
		return nil, errors.New("secret: the current key id is not among the keys")
	}
	indexKey, ok := keys[IndexKeyID]
	if !ok {
		indexKey = keys[current]
	}
	k.indexPRK = extract(indexKey)
	return k, nil
}

// validKeyID reports whether id is 1 to 16 characters of [A-Za-z0-9_-].
func validKeyID(id string) bool {
	if len(id) == 0 || len(id) > maxKeyIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// CurrentID returns the id of the key that seals new values.
func (k *Keyring) CurrentID() string { return k.current }

// String describes the keyring by its key ids, never by key material.
func (k *Keyring) String() string {
	if k == nil {
		return "secret.Keyring(nil)"
	}
	return fmt.Sprintf("secret.Keyring{current: %s, ids: %s}", k.current, strings.Join(k.ids, ","))
}

// Format implements fmt.Formatter so that no verb (%v, %+v, %#v, %x, ...)
// prints the keyring's fields; every verb prints [Keyring.String].
func (k *Keyring) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(k.String())) }

// Seal encrypts plaintext under the current key with a random 12-byte nonce
// and returns the token "v1.<key id>.<base64url(nonce|ciphertext|tag)>".
// associated is authenticated but not encrypted: it binds the value to where
// it is stored (for example "job_seekers.phone") and must be given again to
// [Keyring.Open]. Sealing the same plaintext twice gives different tokens.
//
// Random nonces are safe for up to about 2^32 values sealed under one key;
// rotate long before that.
func (k *Keyring) Seal(plaintext, associated []byte) (string, error) {
	aead := k.aeads[k.current]
	header := tokenVersion + "." + k.current + "."
	buf := make([]byte, nonceSize, nonceSize+len(plaintext)+tagSize)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("secret: reading random nonce: %w", err)
	}
	buf = aead.Seal(buf, buf[:nonceSize], plaintext, additionalData(header, associated))
	return header + base64.RawURLEncoding.EncodeToString(buf), nil
}

// Open decrypts a token made by [Keyring.Seal] with the same associated data.
// It returns an error wrapping [ErrMalformed] for a token that does not
// parse, [ErrUnknownKey] for a key id the keyring does not hold, and [ErrAuth]
// when authentication fails.
func (k *Keyring) Open(token string, associated []byte) ([]byte, error) {
	id, raw, err := parseToken(token)
	if err != nil {
		return nil, err
	}
	aead, ok := k.aeads[id]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownKey, id)
	}
	header := tokenVersion + "." + id + "."
	plaintext, err := aead.Open(nil, raw[:nonceSize], raw[nonceSize:], additionalData(header, associated))
	if err != nil {
		return nil, ErrAuth
	}
	if plaintext == nil {
		plaintext = []byte{}
	}
	return plaintext, nil
}

// SealString is [Keyring.Seal] for string plaintext and associated data.
func (k *Keyring) SealString(plaintext, associated string) (string, error) {
	return k.Seal([]byte(plaintext), []byte(associated))
}

// OpenString is [Keyring.Open] returning the plaintext as a string.
func (k *Keyring) OpenString(token, associated string) (string, error) {
	p, err := k.Open(token, []byte(associated))
	if err != nil {
		return "", err
	}
	return string(p), nil
}

// KeyID returns the id of the key that sealed token, without opening it. It
// returns an error wrapping [ErrMalformed] if token does not parse.
func KeyID(token string) (string, error) {
	id, _, err := parseToken(token)
	if err != nil {
		return "", err
	}
	return id, nil
}

// NeedsRotation reports whether token was sealed under a key other than the
// current one, so that it should be opened and sealed again. It returns false
// for a malformed token, which no keyring can open.
func (k *Keyring) NeedsRotation(token string) bool {
	id, err := KeyID(token)
	return err == nil && id != k.current
}

// additionalData returns the GCM additional data for a token: its header
// "v1.<key id>." followed by the caller's associated data. The header ends
// with the one '.' it can hold after the id, so the concatenation is
// unambiguous.
func additionalData(header string, associated []byte) []byte {
	ad := make([]byte, 0, len(header)+len(associated))
	ad = append(ad, header...)
	return append(ad, associated...)
}

// parseToken splits "v1.<key id>.<payload>", checks the version and the key
// id, and decodes payload, which must be canonical unpadded base64url of at
// least a nonce and a tag.
func parseToken(token string) (id string, raw []byte, err error) {
	version, rest, ok := strings.Cut(token, ".")
	if !ok || version != tokenVersion {
		return "", nil, ErrMalformed
	}
	id, payload, ok := strings.Cut(rest, ".")
	if !ok || !validKeyID(id) {
		return "", nil, ErrMalformed
	}
	// The decoder skips '\r' and '\n'; refuse them so each payload has one
	// spelling.
	if base64.RawURLEncoding.DecodedLen(len(payload)) < nonceSize+tagSize || strings.ContainsAny(payload, "\r\n") {
		return "", nil, ErrMalformed
	}
	raw, err = base64.RawURLEncoding.Strict().DecodeString(payload)
	if err != nil {
		return "", nil, ErrMalformed
	}
	return id, raw, nil
}
