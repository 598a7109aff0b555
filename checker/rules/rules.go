// Package rules parses and validates the readiness checker's rules document:
// the versioned JSON policy (end-of-life table, newest patch levels, name
// lists, minimum versions, severities) that the server serves as
// environmentRules and that the checker embeds as a fallback.
//
// The document is data, not code: a policy change needs no new binary.
package rules

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	version "github.com/hashicorp/go-version"
	"golang.org/x/text/unicode/norm"
)

// Embedded is the rules document built into the binary, used when no server
// is given or the server cannot be reached.
//
//go:embed rules.json
var Embedded []byte

// CheckIDs lists every check id, in report order. The ids are part of the
// report schema.
var CheckIDs = []string{
	"os.supported", "os.patched", "firewall.enabled", "antivirus.active",
	"p2p.absent", "apps.unneeded", "recording.absent", "network.secure",
	"network.reachable", "zoom.installed", "browser.current", "camera.present",
}

// Severity says whether a failed check blocks readiness.
type Severity string

// Severities.
const (
	Required Severity = "required"
	Advisory Severity = "advisory"
)

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid rules document")

// ErrExpired is returned by CheckFresh when the document is past expiresAt.
var ErrExpired = errors.New("rules document expired")

// Date is a calendar date written as YYYY-MM-DD; the zero Date means "none".
type Date struct{ time.Time }

// UnmarshalJSON parses "YYYY-MM-DD" or "".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		d.Time = time.Time{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return err
	}
	d.Time = t
	return nil
}

// MarshalJSON writes the date as "YYYY-MM-DD" or "".
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return json.Marshal(d.Format(time.DateOnly))
}

// EOL is one row of the end-of-life table.
type EOL struct {
	Product string `json:"product"` // windows, macos, ubuntu, debian, rhel, ...
	Release string `json:"release"` // Windows build, macOS major, VERSION_ID
	Name    string `json:"name"`
	// Edition is a Windows edition group (consumer, enterprise, ltsc) or "".
	Edition string `json:"edition,omitempty"`
	// End is the end of security support; zero means no date announced.
	End Date `json:"end"`
	// ExtendedEnd is the end of extended support (ESU, Debian LTS), if any.
	ExtendedEnd Date `json:"extendedEnd,omitzero"`
	// ExtendedKind is "esu" (needs paid enrolment the checker cannot see) or
	// "lts" (automatic but partial).
	ExtendedKind string `json:"extendedKind,omitempty"`
}

// UBR is a released Windows cumulative update.
type UBR struct {
	Build    int  `json:"build"`
	UBR      int  `json:"ubr"`
	Released Date `json:"released"`
}

// NameRule maps a label shown to the user to exact executable and package
// names. Names are compared case-insensitively after removing ".exe" and
// ".app"; they are never substrings.
type NameRule struct {
	Label    string   `json:"label"`
	Names    []string `json:"names"`
	Packages []string `json:"packages,omitempty"`
}

// Antivirus is the antivirus policy.
type Antivirus struct {
	AllowMicrosoftDefender bool     `json:"allowMicrosoftDefender"`
	Windows                []string `json:"windows"`
	MacOSApps              []string `json:"macosApps"`
	XProtectMinimum        string   `json:"xprotectMinimum"`
	ClamAVMaxAgeDays       int      `json:"clamavMaxAgeDays"`
	// PaidEquivalent is the office's decision whether the free built-in
	// protection ("xprotect", "clamav") counts as 「有償版相当」 antivirus
	// (Art 5(6)): "yes", "no", or "ask" (the default: WARN, ask the office).
	PaidEquivalent map[string]string `json:"paidEquivalent,omitempty"`
}

// Paid-equivalent decisions.
const (
	PaidYes = "yes"
	PaidNo  = "no"
	PaidAsk = "ask"
)

// PaidEquivalentOf returns the decision for a built-in protection; absent
// means PaidAsk.
func (a Antivirus) PaidEquivalentOf(name string) string {
	switch v := a.PaidEquivalent[name]; v {
	case PaidYes, PaidNo:
		return v
	}
	return PaidAsk
}

// Reachability lists the hosts network.reachable connects to.
type Reachability struct {
	Targets       []string `json:"targets"`
	TimeoutMillis int      `json:"timeoutMillis"`
}

// Rules is a parsed rules document.
type Rules struct {
	Version         string              `json:"version"`
	IssuedAt        time.Time           `json:"issuedAt"`
	ExpiresAt       time.Time           `json:"expiresAt"`
	Note            string              `json:"note,omitempty"`
	Severity        map[string]Severity `json:"severity"`
	WindowsEditions map[string]string   `json:"windowsEditions"`
	EndOfLife       []EOL               `json:"endOfLife"`
	WindowsUBR      []UBR               `json:"windowsUBR"`
	PatchGraceDays  int                 `json:"patchGraceDays"`
	MacOSLatest     map[string]string   `json:"macosLatest"`
	Antivirus       Antivirus           `json:"antivirus"`
	P2P             []NameRule          `json:"p2p"`
	RemoteControl   []NameRule          `json:"remoteControl"`
	Recorders       []NameRule          `json:"recorders"`
	ZoomMinimum     string              `json:"zoomMinimum"`
	Browsers        map[string]string   `json:"browsers"`
	Reachability    Reachability        `json:"reachability"`
}

// Parse decodes and validates a rules document. Unknown fields are ignored so
// that older binaries accept newer documents.
func Parse(b []byte) (Rules, error) {
	var r Rules
	if err := json.Unmarshal(b, &r); err != nil {
		return Rules{}, fmt.Errorf("rules: parse: %w: %w", ErrInvalid, err)
	}
	if err := r.Validate(); err != nil {
		return Rules{}, err
	}
	return r, nil
}

// Validate reports the first structural problem in r, wrapping ErrInvalid.
// It does not look at the clock; see CheckFresh.
func (r Rules) Validate() error {
	for _, check := range []func() error{
		r.validateDates, r.validateSeverity, r.validateEndOfLife, r.validateVersions, r.validateNameLists, r.validateProbes,
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// invalid is an error wrapping ErrInvalid.
func invalid(format string, args ...any) error {
	return fmt.Errorf("rules: %w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// validateDates checks the version and the validity period.
func (r Rules) validateDates() error {
	if strings.TrimSpace(r.Version) == "" {
		return invalid("version is empty")
	}
	if r.IssuedAt.IsZero() || r.ExpiresAt.IsZero() {
		return invalid("issuedAt and expiresAt are required")
	}
	if !r.ExpiresAt.After(r.IssuedAt) {
		return invalid("expiresAt %s is not after issuedAt %s", r.ExpiresAt.Format(time.RFC3339), r.IssuedAt.Format(time.RFC3339))
	}
	return nil
}

// validateSeverity checks that every check, and only known ones, has a severity.
func (r Rules) validateSeverity() error {
	for _, id := range CheckIDs {
		switch r.Severity[id] {
		case Required, Advisory:
		default:
			return invalid("severity of %s must be required or advisory, got %q", id, r.Severity[id])
		}
	}
	for id := range r.Severity {
		if !known(id) {
			return invalid("severity for unknown check %q", id)
		}
	}
	return nil
}

// validateEndOfLife checks the support periods and the Windows patch levels.
func (r Rules) validateEndOfLife() error {
	if len(r.EndOfLife) == 0 {
		return invalid("endOfLife is empty")
	}
	for i, e := range r.EndOfLife {
		if e.Product == "" || e.Release == "" {
			return invalid("endOfLife[%d]: product and release are required", i)
		}
		if !e.ExtendedEnd.IsZero() {
			if e.ExtendedKind != "esu" && e.ExtendedKind != "lts" {
				return invalid("endOfLife[%d]: extendedKind must be esu or lts", i)
			}
			if !e.ExtendedEnd.After(e.End.Time) {
				return invalid("endOfLife[%d]: extendedEnd before end", i)
			}
		}
	}
	for i, u := range r.WindowsUBR {
		if u.Build <= 0 || u.UBR <= 0 || u.Released.IsZero() {
			return invalid("windowsUBR[%d]: build, ubr and released are required", i)
		}
	}
	if r.PatchGraceDays < 0 {
		return invalid("patchGraceDays is negative")
	}
	return nil
}

// validateVersions checks that every minimum version parses.
func (r Rules) validateVersions() error {
	for major, v := range r.MacOSLatest {
		if _, err := version.NewVersion(v); err != nil {
			return invalid("macosLatest[%s]: %v", major, err)
		}
	}
	for _, v := range []struct{ name, v string }{{"zoomMinimum", r.ZoomMinimum}, {"antivirus.xprotectMinimum", r.Antivirus.XProtectMinimum}} {
		if _, err := version.NewVersion(v.v); err != nil {
			return invalid("%s %q: %v", v.name, v.v, err)
		}
	}
	for b, v := range r.Browsers {
		if _, err := version.NewVersion(v); err != nil {
			return invalid("browsers[%s] %q: %v", b, v, err)
		}
	}
	return nil
}

// validateNameLists checks the lists of programs matched by name.
func (r Rules) validateNameLists() error {
	for _, list := range []struct {
		name  string
		rules []NameRule
	}{{"p2p", r.P2P}, {"remoteControl", r.RemoteControl}, {"recorders", r.Recorders}} {
		if len(list.rules) == 0 {
			return invalid("%s is empty", list.name)
		}
		for i, n := range list.rules {
			if n.Label == "" || len(n.Names) == 0 {
				return invalid("%s[%d]: label and names are required", list.name, i)
			}
			for _, name := range n.Names {
				if NormalizeName(name) == "" || NormalizeName(name) != strings.ToLower(strings.TrimSpace(name)) {
					return invalid("%s[%d]: name %q must be a lower-case executable name without extension", list.name, i, name)
				}
			}
		}
	}
	return nil
}

// validateProbes checks the antivirus and reachability settings.
func (r Rules) validateProbes() error {
	for k, v := range r.Antivirus.PaidEquivalent {
		if (k != "xprotect" && k != "clamav") || (v != PaidYes && v != PaidNo && v != PaidAsk) {
			return invalid("antivirus.paidEquivalent[%s] = %q: keys xprotect, clamav; values yes, no, ask", k, v)
		}
	}
	if r.Antivirus.ClamAVMaxAgeDays <= 0 {
		return invalid("antivirus.clamavMaxAgeDays must be positive")
	}
	if len(r.Reachability.Targets) == 0 || r.Reachability.TimeoutMillis <= 0 {
		return invalid("reachability needs targets and a positive timeoutMillis")
	}
	return nil
}

// CheckFresh returns an error wrapping ErrExpired when now is at or past
// r.ExpiresAt.
func (r Rules) CheckFresh(now time.Time) error {
	if !now.Before(r.ExpiresAt) {
		return fmt.Errorf("rules: version %s expired on %s: %w", r.Version, r.ExpiresAt.Format(time.DateOnly), ErrExpired)
	}
	return nil
}

// SeverityOf returns the severity of check id; unknown ids are Required so
// that a gap in the document never hides a failure.
func (r Rules) SeverityOf(id string) Severity {
	if s, ok := r.Severity[id]; ok {
		return s
	}
	return Required
}

// NormalizeName puts an executable or bundle name in Unicode NFC (macOS
// file names are decomposed), lower-cases it and removes a
// trailing ".exe" or ".app" and any directory part. It is the only
// normalisation applied before exact comparison.
func NormalizeName(name string) string {
	n := norm.NFC.String(strings.TrimSpace(name))
	if i := strings.LastIndexAny(n, `/\`); i >= 0 {
		n = n[i+1:]
	}
	n = strings.ToLower(n)
	n = strings.TrimSuffix(n, ".exe")
	n = strings.TrimSuffix(n, ".app")
	return n
}

// Match returns the labels of the rules whose names exactly match one of
// names (after NormalizeName), sorted in rule order and without duplicates.
func Match(list []NameRule, names []string) []string {
	have := make(map[string]bool, len(names))
	for _, n := range names {
		have[NormalizeName(n)] = true
	}
	var out []string
	for _, r := range list {
		for _, n := range r.Names {
			if have[NormalizeName(n)] {
				out = append(out, r.Label)
				break
			}
		}
	}
	return out
}

// MatchPackages is Match over installed package ids (exact, case-insensitive).
func MatchPackages(list []NameRule, pkgs []string) []string {
	have := make(map[string]bool, len(pkgs))
	for _, p := range pkgs {
		have[strings.ToLower(strings.TrimSpace(p))] = true
	}
	var out []string
	for _, r := range list {
		for _, p := range r.Packages {
			if have[strings.ToLower(p)] {
				out = append(out, r.Label)
				break
			}
		}
	}
	return out
}

func known(id string) bool {
	for _, c := range CheckIDs {
		if c == id {
			return true
		}
	}
	return false
}
