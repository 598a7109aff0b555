package password

import (
	"encoding/base64"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/argon2"
)

// cheap are inexpensive parameters for tests.
var cheap = Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

func mustHash(t testing.TB, password string, p Params) string {
	t.Helper()
	h, err := Hash(password, p)
	if err != nil {
		t.Fatalf("Hash(%+v) error: %v", p, err)
	}
	return h
}

func TestHashVerify(t *testing.T) {
	tests := []struct {
		name    string
		stored  string // password hashed
		entered string // password verified
		want    bool
	}{
		{"same password", "correct horse battery staple", "correct horse battery staple", true},
		{"wrong password", "correct horse battery staple", "correct horse battery stapler", false},
		{"case differs", "Secret123", "secret123", false},
		{"empty password", "", "", true},
		{"empty entered", "Secret123", "", false},
		{"japanese", "パスワード123", "パスワード123", true},
		{"long", strings.Repeat("x", 10_000), strings.Repeat("x", 10_000), true},
		{"long prefix", strings.Repeat("x", 10_000), strings.Repeat("x", 9_999), false},
		{"nul byte", "a\x00b", "a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			encoded := mustHash(t, tt.stored, cheap)
			got, err := Verify(tt.entered, encoded)
			if err != nil {
				t.Fatalf("Verify() error: %v", err)
			}
			if got != tt.want {
				t.Errorf("Verify() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHashSalted(t *testing.T) {
	a, b := mustHash(t, "same", cheap), mustHash(t, "same", cheap)
	if a == b {
		t.Errorf("Hash() twice = %q both times, want different salts", a)
	}
	for _, h := range []string{a, b} {
		if ok, err := Verify("same", h); !ok || err != nil {
			t.Errorf("Verify(%q) = %v, %v; want true, nil", h, ok, err)
		}
	}
}

// phcPattern matches the PHC string of an argon2id hash.
var phcPattern = regexp.MustCompile(`^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$`)

// phcFields is what a PHC string holds.
type phcFields struct {
	Version                         int
	Memory, Iterations, Parallelism uint64
	SaltLen, KeyLen                 int
}

func parsePHC(t *testing.T, encoded string) phcFields {
	t.Helper()
	m := phcPattern.FindStringSubmatch(encoded)
	if m == nil {
		t.Fatalf("%q does not match %v", encoded, phcPattern)
	}
	num := func(s string) uint64 {
		n, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			t.Fatalf("parsing %q in %q: %v", s, encoded, err)
		}
		return n
	}
	b64 := func(s string) int {
		b, err := base64.RawStdEncoding.DecodeString(s)
		if err != nil {
			t.Fatalf("decoding %q in %q: %v", s, encoded, err)
		}
		return len(b)
	}
	return phcFields{
		Version: int(num(m[1])), Memory: num(m[2]), Iterations: num(m[3]), Parallelism: num(m[4]),
		SaltLen: b64(m[5]), KeyLen: b64(m[6]),
	}
}

func TestHashFormat(t *testing.T) {
	tests := []struct {
		name string
		p    Params
		want phcFields
	}{
		{"cheap", cheap, phcFields{19, 1024, 1, 1, 16, 32}},
		{"other lengths", Params{Memory: 2048, Iterations: 3, Parallelism: 4, SaltLength: 8, KeyLength: 64}, phcFields{19, 2048, 3, 4, 8, 64}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			encoded := mustHash(t, "pw", tt.p)
			if diff := cmp.Diff(tt.want, parsePHC(t, encoded)); diff != "" {
				t.Errorf("Hash() = %q, fields mismatch (-want +got):\n%s", encoded, diff)
			}
			if NeedsRehash(encoded, tt.p) {
				t.Errorf("NeedsRehash(%q, same params) = true, want false", encoded)
			}
		})
	}
}

func TestDefaultParams(t *testing.T) {
	encoded := mustHash(t, "correct horse battery staple", DefaultParams)
	if want := "$argon2id$v=19$m=65536,t=1,p=2$"; !strings.HasPrefix(encoded, want) {
		t.Errorf("Hash(DefaultParams) = %q, want prefix %q", encoded, want)
	}
	want := phcFields{19, 64 * 1024, 1, 2, 16, 32}
	if diff := cmp.Diff(want, parsePHC(t, encoded)); diff != "" {
		t.Errorf("Hash(DefaultParams) fields mismatch (-want +got):\n%s", diff)
	}
	if ok, err := Verify("correct horse battery staple", encoded); !ok || err != nil {
		t.Errorf("Verify(right password) = %v, %v; want true, nil", ok, err)
	}
	if ok, err := Verify("wrong", encoded); ok || err != nil {
		t.Errorf("Verify(wrong password) = %v, %v; want false, nil", ok, err)
	}
	if NeedsRehash(encoded, DefaultParams) {
		t.Errorf("NeedsRehash(DefaultParams hash, DefaultParams) = true, want false")
	}
	if err := DefaultParams.check(); err != nil {
		t.Errorf("DefaultParams.check() = %v, want nil", err)
	}
}

// TestKnownAnswer checks against vectors computed independently: the
// reference implementation's test suite (phc-winner-argon2, src/test.c,
// password "password", salt "somesalt", argon2id v=19), which covers the
// argon2 computation and the PHC encoding together.
func TestKnownAnswer(t *testing.T) {
	tests := []struct {
		name string
		p    Params
		want string
	}{
		{
			"m=256 t=2 p=1",
			Params{Memory: 256, Iterations: 2, Parallelism: 1, SaltLength: 8, KeyLength: 32},
			"$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
		},
		{
			"m=256 t=2 p=2",
			Params{Memory: 256, Iterations: 2, Parallelism: 2, SaltLength: 8, KeyLength: 32},
			"$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hashWithSalt("password", []byte("somesalt"), tt.p); got != tt.want {
				t.Errorf("hashWithSalt() = %q, want %q", got, tt.want)
			}
			if ok, err := Verify("password", tt.want); !ok || err != nil {
				t.Errorf("Verify(reference hash) = %v, %v; want true, nil", ok, err)
			}
			if ok, err := Verify("Password", tt.want); ok || err != nil {
				t.Errorf("Verify(wrong password, reference hash) = %v, %v; want false, nil", ok, err)
			}
		})
	}
}

// TestHashWithSaltMatchesIDKey derives the key with argon2.IDKey directly and
// encodes it by hand.
func TestHashWithSaltMatchesIDKey(t *testing.T) {
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("s3cret"), salt, cheap.Iterations, cheap.Memory, cheap.Parallelism, cheap.KeyLength)
	want := "$argon2id$v=19$m=1024,t=1,p=1$" +
		base64.RawStdEncoding.EncodeToString(salt) + "$" + base64.RawStdEncoding.EncodeToString(key)
	if got := hashWithSalt("s3cret", salt, cheap); got != want {
		t.Errorf("hashWithSalt() = %q, want %q", got, want)
	}
}

func TestHashInvalidParams(t *testing.T) {
	tests := []struct {
		name string
		p    Params
	}{
		{"zero", Params{}},
		{"memory below 8 per lane", Params{Memory: 15, Iterations: 1, Parallelism: 2, SaltLength: 16, KeyLength: 32}},
		{"memory over 1 GiB", Params{Memory: 1<<20 + 1, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}},
		{"no iterations", Params{Memory: 1024, Iterations: 0, Parallelism: 1, SaltLength: 16, KeyLength: 32}},
		{"too many iterations", Params{Memory: 1024, Iterations: 17, Parallelism: 1, SaltLength: 16, KeyLength: 32}},
		{"no parallelism", Params{Memory: 1024, Iterations: 1, Parallelism: 0, SaltLength: 16, KeyLength: 32}},
		{"too much parallelism", Params{Memory: 1024, Iterations: 1, Parallelism: 17, SaltLength: 16, KeyLength: 32}},
		{"short salt", Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 7, KeyLength: 32}},
		{"long salt", Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 65, KeyLength: 32}},
		{"short key", Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 15}},
		{"long key", Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 65}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Hash("pw", tt.p)
			if !errors.Is(err, ErrInvalidParams) {
				t.Errorf("Hash(%+v) = %q, %v; want error %v", tt.p, got, err, ErrInvalidParams)
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	const salt, key = "c29tZXNhbHQ", "nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"
	valid := "$argon2id$v=19$m=256,t=2,p=1$" + salt + "$" + key
	if ok, err := Verify("password", valid); !ok || err != nil {
		t.Fatalf("Verify(valid) = %v, %v; want true, nil", ok, err)
	}
	phc := func(version, params, salt, key string) string {
		return "$argon2id$" + version + "$" + params + "$" + salt + "$" + key
	}
	tests := []struct {
		name    string
		encoded string
	}{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", strings.Replace(valid, "argon2id", "argon2i", 1)},
		{"argon2d", strings.Replace(valid, "argon2id", "argon2d", 1)},
		{"prefix only", "$argon2id$"},
		{"missing key", phc("v=19", "m=256,t=2,p=1", salt, "")[:len(valid)-len(key)-1]},
		{"empty key", phc("v=19", "m=256,t=2,p=1", salt, "")},
		{"empty salt", phc("v=19", "m=256,t=2,p=1", "", key)},
		{"extra field", valid + "$x"},
		{"trailing dollar", valid + "$"},
		{"no version", "$argon2id$m=256,t=2,p=1$" + salt + "$" + key},
		{"version 16", phc("v=16", "m=256,t=2,p=1", salt, key)},
		{"version with leading zero", phc("v=019", "m=256,t=2,p=1", salt, key)},
		{"parameters reordered", phc("v=19", "t=2,m=256,p=1", salt, key)},
		{"parameter missing", phc("v=19", "m=256,t=2", salt, key)},
		{"extra parameter", phc("v=19", "m=256,t=2,p=1,x=1", salt, key)},
		{"keyid parameter", phc("v=19", "m=256,t=2,p=1,keyid=AA", salt, key)},
		{"space", phc("v=19", "m=256, t=2,p=1", salt, key)},
		{"sign", phc("v=19", "m=+256,t=2,p=1", salt, key)},
		{"negative", phc("v=19", "m=256,t=-2,p=1", salt, key)},
		{"leading zero", phc("v=19", "m=0256,t=2,p=1", salt, key)},
		{"hex number", phc("v=19", "m=0x100,t=2,p=1", salt, key)},
		{"empty number", phc("v=19", "m=,t=2,p=1", salt, key)},
		{"uint32 overflow", phc("v=19", "m=4294967296,t=2,p=1", salt, key)},
		{"memory over 1 GiB", phc("v=19", "m=1048577,t=2,p=1", salt, key)},
		{"memory 4 GiB", phc("v=19", "m=4194304,t=1,p=1", salt, key)},
		{"memory below 8 per lane", phc("v=19", "m=15,t=2,p=2", salt, key)},
		{"zero iterations", phc("v=19", "m=256,t=0,p=1", salt, key)},
		{"too many iterations", phc("v=19", "m=256,t=1000000,p=1", salt, key)},
		{"zero parallelism", phc("v=19", "m=256,t=2,p=0", salt, key)},
		{"parallelism 255", phc("v=19", "m=4096,t=2,p=255", salt, key)},
		{"parallelism over uint8", phc("v=19", "m=4096,t=2,p=256", salt, key)},
		{"short salt", phc("v=19", "m=256,t=2,p=1", "c29tZXNh", key)},
		{"long salt", phc("v=19", "m=256,t=2,p=1", strings.Repeat("A", 88), key)},
		{"short key", phc("v=19", "m=256,t=2,p=1", salt, key[:20])},
		{"long key", phc("v=19", "m=256,t=2,p=1", salt, strings.Repeat("A", 88))},
		{"padded key", valid + "="},
		{"url alphabet", strings.ReplaceAll(valid, "/", "_")},
		{"non-canonical base64", phc("v=19", "m=256,t=2,p=1", "c29tZXNhbHR", key)},
		{"newline in key", phc("v=19", "m=256,t=2,p=1", salt, key[:10]+"\n"+key[10:])},
		{"too long", valid + strings.Repeat("A", 600)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := Verify("password", tt.encoded)
			if ok || !errors.Is(err, ErrMalformed) {
				t.Errorf("Verify(%q) = %v, %v; want false, %v", tt.encoded, ok, err, ErrMalformed)
			}
			if !NeedsRehash(tt.encoded, DefaultParams) {
				t.Errorf("NeedsRehash(%q) = false, want true for a malformed hash", tt.encoded)
			}
		})
	}
}

func TestVerifyTampered(t *testing.T) {
	encoded := mustHash(t, "pw", cheap)
	i := strings.LastIndexByte(encoded, '$')
	key, err := base64.RawStdEncoding.DecodeString(encoded[i+1:])
	if err != nil {
		t.Fatalf("decoding key of %q: %v", encoded, err)
	}
	key[0] ^= 1
	tampered := encoded[:i+1] + base64.RawStdEncoding.EncodeToString(key)
	if ok, err := Verify("pw", tampered); ok || err != nil {
		t.Errorf("Verify(tampered key) = %v, %v; want false, nil", ok, err)
	}
	otherParams := strings.Replace(encoded, "t=1,", "t=2,", 1)
	if ok, err := Verify("pw", otherParams); ok || err != nil {
		t.Errorf("Verify(tampered parameters) = %v, %v; want false, nil", ok, err)
	}
}

func TestNeedsRehash(t *testing.T) {
	encoded := mustHash(t, "pw", cheap)
	with := func(f func(p *Params)) Params {
		p := cheap
		f(&p)
		return p
	}
	tests := []struct {
		name    string
		encoded string
		p       Params
		want    bool
	}{
		{"same params", encoded, cheap, false},
		{"more memory", encoded, with(func(p *Params) { p.Memory = 2048 }), true},
		{"less memory", encoded, with(func(p *Params) { p.Memory = 512 }), true},
		{"more iterations", encoded, with(func(p *Params) { p.Iterations = 2 }), true},
		{"more parallelism", encoded, with(func(p *Params) { p.Parallelism = 2 }), true},
		{"longer salt", encoded, with(func(p *Params) { p.SaltLength = 32 }), true},
		{"shorter key", encoded, with(func(p *Params) { p.KeyLength = 16 }), true},
		{"default params", encoded, DefaultParams, true},
		{"malformed", "not a hash", cheap, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NeedsRehash(tt.encoded, tt.p); got != tt.want {
				t.Errorf("NeedsRehash(%q, %+v) = %v, want %v", tt.encoded, tt.p, got, tt.want)
			}
		})
	}
}

// TestDummyHash checks that DummyVerify does the work of a real Verify: its
// hash parses, with the parameters asked for.
func TestDummyHash(t *testing.T) {
	tests := []struct {
		name string
		p    Params
		want Params
	}{
		{"default", DefaultParams, DefaultParams},
		{"cheap", cheap, cheap},
		{"invalid falls back to default", Params{}, DefaultParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, _, err := decode(dummyHash(tt.p))
			if err != nil {
				t.Fatalf("decode(dummyHash()) error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("dummyHash() params mismatch (-want +got):\n%s", diff)
			}
		})
	}
	DummyVerifyWith("pw", cheap) // must not panic
}

func FuzzVerify(f *testing.F) {
	for _, seed := range []string{
		"$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
		"$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc",
		"$argon2id$v=19$m=1048576,t=16,p=16$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
		"$argon2id$v=19$m=4294967295,t=4294967295,p=255$$",
		"$argon2id$v=19$m=,t=,p=$$",
		"$argon2id$v=19$$$$",
		"$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8",
		"$argon2id$",
		"",
	} {
		f.Add("password", seed)
	}
	f.Fuzz(func(t *testing.T, password, encoded string) {
		p, _, _, err := decode(encoded)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("decode(%q) error = %v, want %v", encoded, err, ErrMalformed)
			}
		} else if p.Memory > 4096 || p.Iterations > 2 {
			// Valid but too costly to run at fuzzing speed.
			return
		}
		ok, err := Verify(password, encoded)
		if err != nil && ok {
			t.Errorf("Verify(%q) = true, %v; want false with an error", encoded, err)
		}
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Errorf("Verify(%q) error = %v, want %v", encoded, err, ErrMalformed)
		}
		_ = NeedsRehash(encoded, cheap)
	})
}

func BenchmarkHash(b *testing.B) {
	for _, bc := range []struct {
		name string
		p    Params
	}{
		{"DefaultParams", DefaultParams},
		{"OWASP_m19456_t2_p1", Params{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Hash("correct horse battery staple", bc.p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N), "ms/op")
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	encoded := mustHash(b, "correct horse battery staple", DefaultParams)
	for b.Loop() {
		if _, err := Verify("correct horse battery staple", encoded); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDummyVerify(b *testing.B) {
	for b.Loop() {
		DummyVerify("correct horse battery staple")
	}
}
