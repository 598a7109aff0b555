package secret

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DefaultKeyID is the key id given to a SOUDAN_DATA_KEY that is a single key
// without an id.
const DefaultKeyID = "k1"

// maxKeyFileSize bounds what LoadOrCreateKeyFile reads.
const maxKeyFileSize = 64 << 10

// ParseKeys returns the keyring described by spec, the value of the
// environment variable SOUDAN_DATA_KEY. spec is either
//
//   - one base64 key of 32 bytes (standard or URL-safe alphabet, padded or
//     not), which gets the id [DefaultKeyID]; or
//   - a comma-separated list "id:base64,id:base64,…" whose first key is
//     current and the others only open older values (rotation). An entry of
//     id [IndexKeyID] is the blind-index key (see [Keyring.Index]) and cannot
//     come first.
//
// Surrounding white space is ignored. Errors name entries by position and
// never contain key material.
func ParseKeys(spec string) (*Keyring, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, errors.New("secret: SOUDAN_DATA_KEY is empty")
	}
	if !strings.ContainsAny(spec, ":,") {
		key, err := decodeKey(spec)
		if err != nil {
			return nil, fmt.Errorf("secret: SOUDAN_DATA_KEY: %w", err)
		}
		return NewKeyring(DefaultKeyID, map[string][]byte{DefaultKeyID: key})
	}
	var current string
	keys := make(map[string][]byte)
	entryOf := make(map[string]int)
	for i, entry := range strings.Split(spec, ",") {
		n := i + 1
		entry = strings.TrimSpace(entry)
		if entry == "" {
			return nil, fmt.Errorf("secret: SOUDAN_DATA_KEY entry %d is empty", n)
		}
		id, encoded, ok := strings.Cut(entry, ":")
		if !ok {
			return nil, fmt.Errorf("secret: SOUDAN_DATA_KEY entry %d: want id:base64-key", n)
		}
		id = strings.TrimSpace(id)
		if !validKeyID(id) {
			// Do not echo the id: a mistyped spec may put key text here.
			return nil, fmt.Errorf("secret: SOUDAN_DATA_KEY entry %d: invalid key id (want 1-16 characters of A-Z a-z 0-9 _ -)", n)
		}
		if prev, dup := entryOf[id]; dup {
			return nil, fmt.Errorf("secret: SOUDAN_DATA_KEY entry %d: duplicate key id %q (also entry %d)", n, id, prev)
		}
		key, err := decodeKey(strings.TrimSpace(encoded))
		if err != nil {
			return nil, fmt.Errorf("secret: SOUDAN_DATA_KEY entry %d (key id %q): %w", n, id, err)
		}
		if current == "" {
			current = id
		}
		entryOf[id] = n
		keys[id] = key
	}
	return NewKeyring(current, keys)
}

// decodeKey decodes a base64 key of KeySize bytes. Its errors never contain
// the input.
func decodeKey(s string) ([]byte, error) {
	if s == "" {
		return nil, errors.New("empty key")
	}
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding,
		base64.URLEncoding, base64.RawURLEncoding,
	} {
		key, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("key is %d bytes, want %d", len(key), KeySize)
		}
		return key, nil
	}
	return nil, errors.New("key is not valid base64 (standard or URL-safe alphabet)")
}

// LoadOrCreateKeyFile is for development only. It returns the keyring in the
// file at path, which holds a SOUDAN_DATA_KEY-style spec (see [ParseKeys]).
// If the file does not exist, it creates it with a fresh random key of id
// [DefaultKeyID], mode 0600, creating missing directories with mode 0700, and
// reports created. Creation is atomic and exclusive: the key is written to a
// temporary file that is then hard-linked to path, which fails if path exists
// (unlike rename, which would replace it), so processes racing to create the
// file all end with the same key and no reader sees a partial file. The file
// system must support hard links.
func LoadOrCreateKeyFile(path string) (k *Keyring, created bool, err error) {
	k, err = loadKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return k, false, err
	}

	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false, fmt.Errorf("secret: generating key: %w", err)
	}
	spec := DefaultKeyID + ":" + base64.StdEncoding.EncodeToString(key)
	k, err = ParseKeys(spec)
	if err != nil {
		return nil, false, err
	}

	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("secret: creating key file: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, false, fmt.Errorf("secret: creating key file: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the link, path keeps the content
	err = writeAndClose(tmp, []byte(spec+"\n"))
	if err != nil {
		return nil, false, fmt.Errorf("secret: creating key file: %w", err)
	}
	switch err := os.Link(tmp.Name(), path); {
	case err == nil:
		syncDir(dir)
		return k, true, nil
	case errors.Is(err, fs.ErrExist):
		// Another process created it first: use its key.
		k, err = loadKeyFile(path)
		return k, false, err
	default:
		return nil, false, fmt.Errorf("secret: creating key file: %w", err)
	}
}

// loadKeyFile parses the key file at path. The error wraps fs.ErrNotExist
// if there is no file.
func loadKeyFile(path string) (*Keyring, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("secret: key file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("secret: key file: %w", err)
	}
	if len(data) > maxKeyFileSize {
		return nil, fmt.Errorf("secret: key file %s is larger than %d bytes", path, maxKeyFileSize)
	}
	k, err := ParseKeys(string(data))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return k, nil
}

// writeAndClose sets f to mode 0600, writes data, syncs and closes f.
func writeAndClose(f *os.File, data []byte) error {
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a new directory entry durable, where the platform allows.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
