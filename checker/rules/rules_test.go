package rules

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestEmbeddedIsValid(t *testing.T) {
	r, err := Parse(Embedded)
	if err != nil {
		t.Fatalf("Parse(Embedded) = %v", err)
	}
	if got := r.SeverityOf("apps.unneeded"); got != Advisory {
		t.Errorf("SeverityOf(apps.unneeded) = %q, want advisory", got)
	}
	if got := r.SeverityOf("no.such.check"); got != Required {
		t.Errorf("SeverityOf(unknown) = %q, want required", got)
	}
}

// mutate parses the embedded document into a generic map, applies f and
// returns the re-encoded document.
func mutate(t *testing.T, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(Embedded, &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		f    func(m map[string]any)
	}{
		{"no version", func(m map[string]any) { m["version"] = "" }},
		{"expires before issued", func(m map[string]any) { m["expiresAt"] = "2020-01-01T00:00:00Z" }},
		{"missing severity", func(m map[string]any) { delete(m["severity"].(map[string]any), "camera.present") }},
		{"bad severity", func(m map[string]any) { m["severity"].(map[string]any)["camera.present"] = "maybe" }},
		{"unknown check", func(m map[string]any) { m["severity"].(map[string]any)["x.y"] = "required" }},
		{"bad zoom version", func(m map[string]any) { m["zoomMinimum"] = "latest" }},
		{"empty p2p", func(m map[string]any) { m["p2p"] = []any{} }},
		{"upper-case name", func(m map[string]any) {
			m["p2p"] = []any{map[string]any{"label": "Share", "names": []any{"Share.exe"}}}
		}},
		{"bad date", func(m map[string]any) {
			m["endOfLife"] = []any{map[string]any{"product": "debian", "release": "12", "end": "June"}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(mutate(t, tt.f))
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse() error = %v, want ErrInvalid", err)
			}
		})
	}
	if _, err := Parse([]byte("{")); !errors.Is(err, ErrInvalid) {
		t.Errorf("Parse(truncated) = %v, want ErrInvalid", err)
	}
}

func TestCheckFresh(t *testing.T) {
	r, err := Parse(Embedded)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.CheckFresh(r.ExpiresAt.Add(-time.Hour)); err != nil {
		t.Errorf("CheckFresh(before expiry) = %v, want nil", err)
	}
	if err := r.CheckFresh(r.ExpiresAt); !errors.Is(err, ErrExpired) {
		t.Errorf("CheckFresh(at expiry) = %v, want ErrExpired", err)
	}
}

func TestMatchIsExact(t *testing.T) {
	r, err := Parse(Embedded)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		names []string
		want  []string
	}{
		{[]string{"ShareX.exe", "SharePoint.exe", "sharex", "Microsoft.SharePoint"}, nil},
		{[]string{"qbittorrent"}, []string{"qBittorrent"}},
		{[]string{`C:\Program Files\Share\Share.exe`}, []string{"Share"}},
		{[]string{"Winny.exe", "bash"}, []string{"Winny"}},
		{[]string{"Transmission.app"}, []string{"Transmission"}},
	}
	for _, tt := range tests {
		if got := Match(r.P2P, tt.names); !cmp.Equal(got, tt.want) {
			t.Errorf("Match(p2p, %q) = %q, want %q", tt.names, got, tt.want)
		}
	}
	if got := Match(r.Recorders, []string{"ShareX.exe"}); !cmp.Equal(got, []string{"ShareX"}) {
		t.Errorf("Match(recorders, ShareX.exe) = %q, want [ShareX]", got)
	}
	if got := MatchPackages(r.P2P, []string{"qbittorrent", "sharutils"}); !cmp.Equal(got, []string{"qBittorrent"}) {
		t.Errorf("MatchPackages = %q, want [qBittorrent]", got)
	}
}
