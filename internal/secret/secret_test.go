package secret

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testKey returns a deterministic 32-byte key filled with b.
func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, KeySize) }

func mustKeyring(t testing.TB, current string, keys map[string][]byte) *Keyring {
	t.Helper()
	k, err := NewKeyring(current, keys)
	if err != nil {
		t.Fatalf("NewKeyring(%q) error: %v", current, err)
	}
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	k := mustKeyring(t, "k1", map[string][]byte{"k1": testKey(1)})
	tests := []struct {
		name       string
		plaintext  []byte
		associated []byte
	}{
		{"phone", []byte("+81 90-1234-5678"), []byte("job_seekers.phone")},
		{"empty plaintext", []byte{}, []byte("job_seekers.phone")},
		{"nil plaintext", nil, []byte("x")},
		{"no associated data", []byte("note"), nil},
		{"japanese text", []byte("相談内容：転職について"), []byte("consultations.content")},
		{"binary", []byte{0, 1, 2, 0xff, '.', '\n'}, []byte("t.c")},
		{"long", bytes.Repeat([]byte("a"), 100_000), []byte("t.c")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := k.Seal(tt.plaintext, tt.associated)
			if err != nil {
				t.Fatalf("Seal() error: %v", err)
			}
			if !strings.HasPrefix(token, "v1.k1.") {
				t.Errorf("Seal() = %q, want prefix %q", token, "v1.k1.")
			}
			if len(tt.plaintext) >= 4 && strings.Contains(token, string(tt.plaintext)) {
				t.Errorf("Seal() = %q contains the plaintext", token)
			}
			got, err := k.Open(token, tt.associated)
			if err != nil {
				t.Fatalf("Open() error: %v", err)
			}
			want := tt.plaintext
			if want == nil {
				want = []byte{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Open() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSealStringOpenString(t *testing.T) {
	k := mustKeyring(t, "k1", map[string][]byte{"k1": testKey(1)})
	token, err := k.SealString("09012345678", "job_seekers.phone")
	if err != nil {
		t.Fatalf("SealString() error: %v", err)
	}
	got, err := k.OpenString(token, "job_seekers.phone")
	if err != nil {
		t.Fatalf("OpenString() error: %v", err)
	}
	if got != "09012345678" {
		t.Errorf("OpenString() = %q, want %q", got, "09012345678")
	}
	if got, err := k.OpenString(token, "job_seekers.email"); err == nil || got != "" {
		t.Errorf("OpenString(other column) = %q, %v; want \"\", ErrAuth", got, err)
	}
}

func TestSealRandomNonce(t *testing.T) {
	k := mustKeyring(t, "k1", map[string][]byte{"k1": testKey(1)})
	seen := make(map[string]bool)
	for range 100 {
		token, err := k.SealString("same phone", "job_seekers.phone")
		if err != nil {
			t.Fatalf("SealString() error: %v", err)
		}
		if seen[token] {
			t.Fatalf("SealString() = %q twice for the same plaintext, want a fresh nonce each time", token)
		}
		seen[token] = true
	}
}

func TestOpenErrors(t *testing.T) {
	k := mustKeyring(t, "k1", map[string][]byte{"k1": testKey(1), "k0": testKey(0)})
	token, err := k.SealString("secret note", "companions.note")
	if err != nil {
		t.Fatalf("SealString() error: %v", err)
	}
	_, payload, _ := strings.Cut(strings.TrimPrefix(token, "v1."), ".")
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		t.Fatalf("decoding payload of %q: %v", token, err)
	}
	flip := func(i int) string {
		b := bytes.Clone(raw)
		b[i] ^= 0x01
		return "v1.k1." + base64.RawURLEncoding.EncodeToString(b)
	}
	// Same key material under another id: the header is authenticated.
	sameKeyOtherID := mustKeyring(t, "k9", map[string][]byte{"k9": testKey(1)})
	otherIDToken, err := sameKeyOtherID.SealString("secret note", "companions.note")
	if err != nil {
		t.Fatalf("SealString() error: %v", err)
	}
	_, otherPayload, _ := strings.Cut(strings.TrimPrefix(otherIDToken, "v1."), ".")

	tests := []struct {
		name       string
		token      string
		associated string
		want       error
	}{
		{"wrong associated data", token, "job_seekers.phone", ErrAuth},
		{"empty associated data", token, "", ErrAuth},
		{"tampered nonce", flip(0), "companions.note", ErrAuth},
		{"tampered ciphertext", flip(nonceSize), "companions.note", ErrAuth},
		{"tampered tag", flip(len(raw) - 1), "companions.note", ErrAuth},
		{"truncated payload", "v1.k1." + base64.RawURLEncoding.EncodeToString(raw[:len(raw)-1]), "companions.note", ErrAuth},
		{"header key id swapped", "v1.k1." + otherPayload, "companions.note", ErrAuth},
		{"other key of the keyring", "v1.k0." + payload, "companions.note", ErrAuth},
		{"unknown key id", "v1.k7." + payload, "companions.note", ErrUnknownKey},
		{"index key id", "v1.index." + payload, "companions.note", ErrUnknownKey},
		{"empty", "", "companions.note", ErrMalformed},
		{"version only", "v1", "companions.note", ErrMalformed},
		{"other version", "v2.k1." + payload, "companions.note", ErrMalformed},
		{"no payload", "v1.k1.", "companions.note", ErrMalformed},
		{"no key id", "v1.." + payload, "companions.note", ErrMalformed},
		{"key id too long", "v1.k12345678901234567." + payload, "companions.note", ErrMalformed},
		{"key id bad character", "v1.k*." + payload, "companions.note", ErrMalformed},
		{"padding", token + "==", "companions.note", ErrMalformed},
		{"standard alphabet", "v1.k1." + strings.NewReplacer("-", "+", "_", "/").Replace(payload) + "+/", "companions.note", ErrMalformed},
		{"newline in payload", "v1.k1." + payload[:10] + "\n" + payload[10:], "companions.note", ErrMalformed},
		{"extra dot", token + ".x", "companions.note", ErrMalformed},
		{"shorter than nonce and tag", "v1.k1." + base64.RawURLEncoding.EncodeToString(make([]byte, nonceSize+tagSize-1)), "companions.note", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := k.OpenString(tt.token, tt.associated)
			if !errors.Is(err, tt.want) {
				t.Errorf("OpenString(%q) = %q, %v; want error %v", tt.token, got, err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "secret note") {
				t.Errorf("OpenString(%q) error %q contains the plaintext", tt.token, err)
			}
		})
	}
}

func TestKeyID(t *testing.T) {
	k := mustKeyring(t, "rot-2025_a", map[string][]byte{"rot-2025_a": testKey(1)})
	token, err := k.SealString("x", "t.c")
	if err != nil {
		t.Fatalf("SealString() error: %v", err)
	}
	tests := []struct {
		name    string
		token   string
		want    string
		wantErr error
	}{
		{"sealed token", token, "rot-2025_a", nil},
		{"malformed", "v1.k1", "", ErrMalformed},
		{"bad payload", "v1.k1.!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", "", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := KeyID(tt.token)
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("KeyID(%q) = %q, %v; want %q, %v", tt.token, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestRotation(t *testing.T) {
	k1, k2 := testKey(1), testKey(2)
	a := mustKeyring(t, "k1", map[string][]byte{"k1": k1})
	b, err := ParseKeys("k2:" + base64.StdEncoding.EncodeToString(k2) + ",k1:" + base64.RawURLEncoding.EncodeToString(k1))
	if err != nil {
		t.Fatalf("ParseKeys() error: %v", err)
	}
	if got := b.CurrentID(); got != "k2" {
		t.Fatalf("CurrentID() = %q, want %q", got, "k2")
	}

	old, err := a.SealString("09012345678", "job_seekers.phone")
	if err != nil {
		t.Fatalf("SealString() error: %v", err)
	}
	if a.NeedsRotation(old) {
		t.Errorf("A.NeedsRotation(A's token) = true, want false")
	}
	if !b.NeedsRotation(old) {
		t.Errorf("B.NeedsRotation(A's token) = false, want true")
	}
	plain, err := b.OpenString(old, "job_seekers.phone")
	if err != nil {
		t.Fatalf("B.OpenString(A's token) error: %v", err)
	}
	if plain != "09012345678" {
		t.Errorf("B.OpenString(A's token) = %q, want %q", plain, "09012345678")
	}

	resealed, err := b.SealString(plain, "job_seekers.phone")
	if err != nil {
		t.Fatalf("SealString() error: %v", err)
	}
	if id, err := KeyID(resealed); id != "k2" || err != nil {
		t.Errorf("KeyID(resealed) = %q, %v; want %q, nil", id, err, "k2")
	}
	if b.NeedsRotation(resealed) {
		t.Errorf("B.NeedsRotation(resealed) = true, want false")
	}
	if _, err := a.OpenString(resealed, "job_seekers.phone"); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("A.OpenString(resealed) error = %v, want %v", err, ErrUnknownKey)
	}
	if b.NeedsRotation("garbage") {
		t.Errorf("NeedsRotation(%q) = true, want false", "garbage")
	}
}

func TestNewKeyringErrors(t *testing.T) {
	tests := []struct {
		name    string
		current string
		keys    map[string][]byte
	}{
		{"no keys", "k1", nil},
		{"short key", "k1", map[string][]byte{"k1": make([]byte, 16)}},
		{"long key", "k1", map[string][]byte{"k1": make([]byte, 33)}},
		{"current missing", "k2", map[string][]byte{"k1": testKey(1)}},
		{"empty id", "", map[string][]byte{"": testKey(1)}},
		{"id too long", "k12345678901234567", map[string][]byte{"k12345678901234567": testKey(1)}},
		{"id with dot", "k.1", map[string][]byte{"k.1": testKey(1)}},
		{"id with colon", "k:1", map[string][]byte{"k:1": testKey(1)}},
		{"index as current", IndexKeyID, map[string][]byte{IndexKeyID: testKey(1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if k, err := NewKeyring(tt.current, tt.keys); err == nil {
				t.Errorf("NewKeyring(%q) = %v, nil; want an error", tt.current, k)
			}
		})
	}
}

func TestNewKeyringCopiesKeys(t *testing.T) {
	key := testKey(1)
	k := mustKeyring(t, "k1", map[string][]byte{"k1": key})
	token, err := k.SealString("x", "t.c")
	if err != nil {
		t.Fatalf("SealString() error: %v", err)
	}
	idx := k.Index("p", []byte("v"))
	clear(key)
	if _, err := k.OpenString(token, "t.c"); err != nil {
		t.Errorf("OpenString() after the caller cleared its key: %v", err)
	}
	if got := k.Index("p", []byte("v")); got != idx {
		t.Errorf("Index() after the caller cleared its key = %q, want %q", got, idx)
	}
}

func TestParseKeys(t *testing.T) {
	key, other := testKey(7), testKey(3)
	tests := []struct {
		name        string
		spec        string
		wantCurrent string
		wantKey     []byte // the current key
	}{
		{"single std", base64.StdEncoding.EncodeToString(key), "k1", key},
		{"single raw std", base64.RawStdEncoding.EncodeToString(key), "k1", key},
		{"single url", base64.URLEncoding.EncodeToString(key), "k1", key},
		{"single raw url", base64.RawURLEncoding.EncodeToString(key), "k1", key},
		{"single with newline", base64.StdEncoding.EncodeToString(key) + "\n", "k1", key},
		{"one entry", "main:" + base64.StdEncoding.EncodeToString(key), "main", key},
		{"list with spaces", " k3 : " + base64.StdEncoding.EncodeToString(other) + " , k2:" + base64.RawURLEncoding.EncodeToString(key), "k3", other},
		{"list with index key", "k2:" + base64.StdEncoding.EncodeToString(key) + ",index:" + base64.StdEncoding.EncodeToString(other), "k2", key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParseKeys(tt.spec)
			if err != nil {
				t.Fatalf("ParseKeys() error: %v", err)
			}
			if got := k.CurrentID(); got != tt.wantCurrent {
				t.Errorf("CurrentID() = %q, want %q", got, tt.wantCurrent)
			}
			// The parsed key is the one given: a keyring built from it opens
			// what the parsed one seals.
			token, err := k.SealString("x", "t.c")
			if err != nil {
				t.Fatalf("SealString() error: %v", err)
			}
			direct := mustKeyring(t, tt.wantCurrent, map[string][]byte{tt.wantCurrent: tt.wantKey})
			if _, err := direct.OpenString(token, "t.c"); err != nil {
				t.Errorf("opening with the key given: %v", err)
			}
		})
	}
}

func TestParseKeysErrors(t *testing.T) {
	// Keys whose text must never appear in an error.
	good := base64.StdEncoding.EncodeToString(testKey(0xA5))
	short := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcde")) // 31 bytes
	long := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef0"))
	badB64 := "Zm9vYmFy!!Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9v"
	tests := []struct {
		name   string
		spec   string
		secret []string // substrings that must not appear in the error
	}{
		{"empty", "", nil},
		{"blank", "  \n", nil},
		{"short key", short, []string{short}},
		{"long key", long, []string{long}},
		{"bad base64", badB64, []string{badB64}},
		{"short key in list", "k1:" + short, []string{short}},
		{"bad base64 in list", "k1:" + good + ",k0:" + badB64, []string{good, badB64}},
		{"duplicate ids", "k1:" + good + ",k1:" + good, []string{good}},
		{"empty entry", "k1:" + good + ",", []string{good}},
		{"missing id", "k1:" + good + "," + good, []string{good}},
		{"key and id swapped", good + ":k1", []string{good}},
		{"empty id", ":" + good, []string{good}},
		{"empty key", "k1:", nil},
		{"id too long", "abcdefghijklmnopq:" + good, []string{good, "abcdefghijklmnopq"}},
		{"index first", "index:" + good, []string{good}},
		{"only separators", ",,", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParseKeys(tt.spec)
			if err == nil {
				t.Fatalf("ParseKeys(%q) = %v, nil; want an error", tt.spec, k)
			}
			for _, s := range tt.secret {
				for _, frag := range fragments(s, 8) {
					if strings.Contains(err.Error(), frag) {
						t.Errorf("ParseKeys() error %q contains key text %q", err, frag)
					}
				}
			}
		})
	}
}

// fragments returns the substrings of s of length n.
func fragments(s string, n int) []string {
	var out []string
	for i := 0; i+n <= len(s); i++ {
		out = append(out, s[i:i+n])
	}
	return out
}

func TestKeyringFormatHidesKeys(t *testing.T) {
	key := testKey(0x41) // 'A' bytes: easy to spot
	k := mustKeyring(t, "k1", map[string][]byte{"k1": key, "index": testKey(0x42)})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d", "%q"} {
		got := fmt.Sprintf(verb, k)
		if got != "secret.Keyring{current: k1, ids: index,k1}" {
			t.Errorf("Sprintf(%q, k) = %q, want the key ids only", verb, got)
		}
	}
}

func TestIndex(t *testing.T) {
	k1, k2, ik := testKey(1), testKey(2), testKey(3)
	a := mustKeyring(t, "k1", map[string][]byte{"k1": k1})
	withIndex := mustKeyring(t, "k1", map[string][]byte{"k1": k1, "index": ik})
	rotated := mustKeyring(t, "k2", map[string][]byte{"k2": k2, "k1": k1, "index": ik})
	rotatedNoIndex := mustKeyring(t, "k2", map[string][]byte{"k2": k2, "k1": k1})

	phone := []byte("+819012345678")
	base := a.Index("job_seekers.phone", phone)
	if len(base) != 64 {
		t.Errorf("Index() = %q, want 64 hex digits", base)
	}
	tests := []struct {
		name      string
		got       string
		wantEqual bool
	}{
		{"deterministic", a.Index("job_seekers.phone", phone), true},
		{"other value", a.Index("job_seekers.phone", []byte("+819012345679")), false},
		{"other purpose", a.Index("job_seekers.email", phone), false},
		{"index key instead of current key", withIndex.Index("job_seekers.phone", phone), false},
		{"current key changed without index key", rotatedNoIndex.Index("job_seekers.phone", phone), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got == base; got != tt.wantEqual {
				t.Errorf("Index() = %q, base %q: equal = %v, want %v", tt.got, base, got, tt.wantEqual)
			}
		})
	}
	t.Run("stable across rotation with index key", func(t *testing.T) {
		got := rotated.Index("job_seekers.phone", phone)
		want := withIndex.Index("job_seekers.phone", phone)
		if got != want {
			t.Errorf("Index() after rotation = %q, want %q", got, want)
		}
	})
	t.Run("does not reveal value", func(t *testing.T) {
		if strings.Contains(base, fmt.Sprintf("%x", phone)) {
			t.Errorf("Index() = %q contains the hex value", base)
		}
	})
}

func TestLoadOrCreateKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dev", "data.key")
	k, created, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatalf("LoadOrCreateKeyFile() error: %v", err)
	}
	if !created {
		t.Errorf("LoadOrCreateKeyFile() created = false, want true for a new path")
	}
	if got := k.CurrentID(); got != DefaultKeyID {
		t.Errorf("CurrentID() = %q, want %q", got, DefaultKeyID)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("Stat() error: %v", err)
	}
	if runtime.GOOS != "windows" {
		if got := info.Mode().Perm(); got != 0o600 {
			t.Errorf("key file mode = %v, want %v", got, os.FileMode(0o600))
		}
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatalf("ReadDir() error: %v", err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the key file (no temporary file left)", len(entries))
	}

	token, err := k.SealString("x", "t.c")
	if err != nil {
		t.Fatalf("SealString() error: %v", err)
	}
	again, created, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatalf("second LoadOrCreateKeyFile() error: %v", err)
	}
	if created {
		t.Errorf("second LoadOrCreateKeyFile() created = true, want false")
	}
	if _, err := again.OpenString(token, "t.c"); err != nil {
		t.Errorf("second keyring cannot open the first one's token: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("ReadFile() error: %v", err)
	}
	if _, err := ParseKeys(string(data)); err != nil {
		t.Errorf("key file content is not a valid SOUDAN_DATA_KEY: %v", err)
	}
}

func TestLoadOrCreateKeyFileRace(t *testing.T) {
	for round := range 20 {
		path := filepath.Join(t.TempDir(), "data.key")
		const n = 8
		var (
			wg       sync.WaitGroup
			keyrings [n]*Keyring
			created  [n]bool
			errs     [n]error
		)
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				keyrings[i], created[i], errs[i] = LoadOrCreateKeyFile(path)
			})
		}
		close(start)
		wg.Wait()

		creators := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d: LoadOrCreateKeyFile() error: %v", round, errs[i])
			}
			if created[i] {
				creators++
			}
		}
		if creators != 1 {
			t.Errorf("round %d: %d callers report created, want 1", round, creators)
		}
		want := keyrings[0].Index("check", []byte("same key"))
		for i := 1; i < n; i++ {
			if got := keyrings[i].Index("check", []byte("same key")); got != want {
				t.Errorf("round %d: keyring %d has another key than keyring 0 (index %q, want %q)", round, i, got, want)
			}
		}
	}
}

func TestLoadOrCreateKeyFileBadContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.key")
	const content = "k1:c2hvcnQ=\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatalf("WriteFile() error: %v", err)
	}
	if _, _, err := LoadOrCreateKeyFile(path); err == nil {
		t.Errorf("LoadOrCreateKeyFile(bad file) error = nil, want an error")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("ReadFile() error: %v", err)
	}
	if string(data) != content {
		t.Errorf("bad key file was changed to %q, want it left as %q", data, content)
	}
}

func TestConcurrentUse(t *testing.T) {
	k := mustKeyring(t, "k1", map[string][]byte{"k1": testKey(1)})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				want := fmt.Sprintf("value %d/%d", i, j)
				token, err := k.SealString(want, "t.c")
				if err != nil {
					t.Errorf("SealString() error: %v", err)
					return
				}
				got, err := k.OpenString(token, "t.c")
				if err != nil || got != want {
					t.Errorf("OpenString() = %q, %v; want %q, nil", got, err, want)
					return
				}
				_ = k.Index("p", []byte(want))
			}
		})
	}
	wg.Wait()
}

func FuzzOpen(f *testing.F) {
	k, err := NewKeyring("k1", map[string][]byte{"k1": testKey(1), "k2": testKey(2)})
	if err != nil {
		f.Fatal(err)
	}
	token, err := k.SealString("09012345678", "job_seekers.phone")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		token, "", "v1", "v1.", "v1..", "v1.k1.", "v1.k2." + token[6:], "v1.k1.\n", "v1.zz.AAAA",
		"v1.k1." + strings.Repeat("A", 38), "v2.k1.AAAA", token + "=", token[:len(token)-1],
	} {
		f.Add(seed, "job_seekers.phone")
	}
	f.Fuzz(func(t *testing.T, token, associated string) {
		plain, err := k.Open(token, []byte(associated))
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownKey) && !errors.Is(err, ErrAuth) {
				t.Errorf("Open(%q) error = %v, want one of the sentinel errors", token, err)
			}
			return
		}
		// Whatever opens must have been produced under the right header.
		id, kerr := KeyID(token)
		if kerr != nil {
			t.Errorf("Open(%q) succeeded but KeyID() error: %v", token, kerr)
		}
		if id != "k1" && id != "k2" {
			t.Errorf("Open(%q) succeeded with key id %q", token, id)
		}
		_ = plain
		_ = k.NeedsRotation(token)
	})
}

func BenchmarkSeal(b *testing.B) {
	k := mustKeyring(b, "k1", map[string][]byte{"k1": testKey(1)})
	phone := []byte("+81-90-1234-5678 ext") // 20 bytes
	ad := []byte("job_seekers.phone")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Seal(phone, ad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	k := mustKeyring(b, "k1", map[string][]byte{"k1": testKey(1)})
	phone := []byte("+81-90-1234-5678 ext") // 20 bytes
	ad := []byte("job_seekers.phone")
	token, err := k.Seal(phone, ad)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Open(token, ad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIndex(b *testing.B) {
	k := mustKeyring(b, "k1", map[string][]byte{"k1": testKey(1)})
	phone := []byte("+819012345678")
	b.ReportAllocs()
	for b.Loop() {
		_ = k.Index("job_seekers.phone", phone)
	}
}
