// Package report holds the readiness checker's result model (statuses, check
// results, the overall verdict and its exit code) and renders it as a
// terminal report or as versioned JSON.
//
// A report carries verdicts, not inventories: evidence strings name the rule
// that matched, never host names, serials, MAC addresses, SSIDs or process
// lists.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// SchemaVersion is the version of the JSON report schema.
const SchemaVersion = 1

// Status is the outcome of one check.
type Status string

// Statuses, from best to worst for display purposes.
const (
	Pass    Status = "PASS"
	Warn    Status = "WARN"
	Fail    Status = "FAIL"
	Unknown Status = "UNKNOWN"
)

// Text is a message in plain Japanese and English.
type Text struct {
	JA string
	EN string
}

// In returns the text in lang ("ja" or "en"); Japanese is the default.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	if t.JA == "" {
		return t.EN
	}
	return t.JA
}

// Result is the outcome of one check.
type Result struct {
	ID       string
	Status   Status
	Required bool
	Summary  Text
	// Evidence is a short, language-neutral technical statement of what was
	// read ("debian 12; security support ended 2026-06-10").
	Evidence string
	Fix      Text // empty when nothing needs fixing
}

// Overall is the whole-run verdict.
type Overall string

// Overall verdicts.
const (
	Ready        Overall = "READY"
	NotReady     Overall = "NOT_READY"
	Warnings     Overall = "WARNINGS"
	Undetermined Overall = "UNKNOWN"
	RulesExpired Overall = "RULES_EXPIRED"
)

// Exit codes (CHECKER.md).
const (
	ExitReady    = 0
	ExitFail     = 1
	ExitWarnings = 2
	ExitUnknown  = 3
	ExitRules    = 4
	// ExitNotSent: a downloaded checker could not send its report (the
	// server refused the upload code, e.g. after the reservation ended,
	// or could not be reached).
	ExitNotSent = 5
	ExitUsage   = 64
)

// Verdict computes the overall verdict. A required FAIL wins over a required
// UNKNOWN, which wins over warnings. An UNKNOWN in an advisory check counts as
// a warning. Results are expected to carry their final status (an advisory
// FAIL already downgraded to WARN by the caller).
func Verdict(results []Result) Overall {
	var fail, unknown, warn bool
	for _, r := range results {
		switch r.Status {
		case Fail:
			if r.Required {
				fail = true
			} else {
				warn = true
			}
		case Unknown:
			if r.Required {
				unknown = true
			} else {
				warn = true
			}
		case Warn:
			warn = true
		case Pass:
		default:
			unknown = true
		}
	}
	switch {
	case fail:
		return NotReady
	case unknown:
		return Undetermined
	case warn:
		return Warnings
	}
	if len(results) == 0 {
		return Undetermined
	}
	return Ready
}

// ExitCode maps a verdict to the process exit code.
func ExitCode(o Overall) int {
	switch o {
	case Ready:
		return ExitReady
	case NotReady:
		return ExitFail
	case Warnings:
		return ExitWarnings
	case RulesExpired:
		return ExitRules
	}
	return ExitUnknown
}

// Report is a complete run.
type Report struct {
	RulesVersion string
	// RulesNote explains where the rules came from and how old they are.
	RulesNote Text
	OS        string // "windows", "darwin", "linux"
	CheckedAt time.Time
	Overall   Overall
	Checks    []Result
}

// JSONCheck is one check in the JSON report.
type JSONCheck struct {
	ID       string `json:"id"`
	Status   Status `json:"status"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Evidence string `json:"evidence"`
	Fix      string `json:"fix"`
}

// JSONReport is the versioned JSON report schema.
type JSONReport struct {
	SchemaVersion int         `json:"schemaVersion"`
	RulesVersion  string      `json:"rulesVersion"`
	OS            string      `json:"os"`
	CheckedAt     string      `json:"checkedAt"`
	Overall       Overall     `json:"overall"`
	Lang          string      `json:"lang"`
	Checks        []JSONCheck `json:"checks"`
}

// ToJSON converts r into the JSON schema, with texts in lang.
func (r Report) ToJSON(lang string) JSONReport {
	out := JSONReport{
		SchemaVersion: SchemaVersion,
		RulesVersion:  r.RulesVersion,
		OS:            r.OS,
		CheckedAt:     r.CheckedAt.UTC().Format(time.RFC3339),
		Overall:       r.Overall,
		Lang:          lang,
		Checks:        []JSONCheck{},
	}
	for _, c := range r.Checks {
		sev := "advisory"
		if c.Required {
			sev = "required"
		}
		out.Checks = append(out.Checks, JSONCheck{
			ID: c.ID, Status: c.Status, Severity: sev,
			Summary: c.Summary.In(lang), Evidence: c.Evidence, Fix: c.Fix.In(lang),
		})
	}
	return out
}

// WriteJSON writes r as indented JSON.
func (r Report) WriteJSON(w io.Writer, lang string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r.ToJSON(lang))
}

var overallText = map[Overall]Text{
	Ready:        {"準備ができています。このパソコンでオンライン職業相談を受けられます。", "Ready: this PC meets the rules for the session."},
	NotReady:     {"準備ができていません。下の「対処方法」を見て、対処してください。", "Not ready: fix the items below before the session."},
	Warnings:     {"オンライン職業相談は受けられますが、注意があります。下をお読みください。", "Ready with warnings: please read the notes below."},
	Undetermined: {"確認できない項目があります。当ハローワークにお問い合わせください。", "Some required items could not be checked; please ask the staff."},
	RulesExpired: {"確認ルールが古くなっています。新しい確認ツールをダウンロードしてください。", "The rules are out of date; download a new checker."},
}

var statusLabel = map[Status]Text{
	Pass:    {"OK", "PASS"},
	Warn:    {"注意", "WARN"},
	Fail:    {"NG", "FAIL"},
	Unknown: {"不明", "UNKNOWN"},
}

// checkLabels name each check for people: Japanese in the Japanese report,
// the id in the English one.
var checkLabels = map[string]string{
	"os.supported":      "OSのサポート期間",
	"os.patched":        "OSの更新",
	"firewall.enabled":  "ファイアウォール",
	"antivirus.active":  "ウイルス対策ソフト",
	"p2p.absent":        "ファイル共有ソフト",
	"apps.unneeded":     "不要なソフト",
	"recording.absent":  "録画ソフト",
	"network.secure":    "Wi-Fiの安全性",
	"network.reachable": "インターネット接続",
	"zoom.installed":    "Zoom",
	"browser.current":   "ブラウザー",
	"camera.present":    "カメラ",
}

// Label is the name of check id shown to people.
func Label(id string) Text {
	if ja, ok := checkLabels[id]; ok {
		return Text{JA: ja, EN: id}
	}
	return Text{JA: id, EN: id}
}

// DateJA writes a date as 2026年11月27日.
func DateJA(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// OverallText is the one-line explanation of an overall verdict.
func OverallText(o Overall) Text { return overallText[o] }

// WriteText writes the human-readable report: one line per check, then the
// fixes, then the overall verdict.
func (r Report) WriteText(w io.Writer, lang string) error {
	var b strings.Builder
	title := Text{"オンライン職業相談の準備チェック", "Readiness check"}
	if lang == "en" {
		fmt.Fprintf(&b, "%s (rules %s, %s)\n", title.EN, r.RulesVersion, r.CheckedAt.Format("2006-01-02 15:04"))
	} else {
		fmt.Fprintf(&b, "%s（ルール %s、%s %s）\n", title.JA, r.RulesVersion, DateJA(r.CheckedAt), r.CheckedAt.Format("15:04"))
	}
	if n := r.RulesNote.In(lang); n != "" {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	b.WriteString("\n")
	for _, c := range r.Checks {
		name := Label(c.ID).In(lang)
		fmt.Fprintf(&b, "[%s] %s %s\n", pad(statusLabel[c.Status].In(lang), 7), pad(name, 18), c.Summary.In(lang))
		if c.Evidence != "" && c.Status != Pass {
			open, closing := "(", ")"
			if lang != "en" {
				open, closing = "（", "）"
			}
			fmt.Fprintf(&b, "          %s %s%s%s\n", pad("", 18), open, c.Evidence, closing)
		}
	}
	var fixes []Result
	for _, c := range r.Checks {
		if c.Status != Pass && c.Fix.In(lang) != "" {
			fixes = append(fixes, c)
		}
	}
	if len(fixes) > 0 {
		fmt.Fprintf(&b, "\n%s\n", Text{"対処方法：", "How to fix:"}.In(lang))
		for i, c := range fixes {
			sep := ": "
			if lang != "en" {
				sep = "："
			}
			fmt.Fprintf(&b, "%d. %s%s%s\n", i+1, Label(c.ID).In(lang), sep, c.Fix.In(lang))
		}
	}
	fmt.Fprintf(&b, "\n%s\n", OverallText(r.Overall).In(lang))
	_, err := io.WriteString(w, b.String())
	return err
}

// pad right-pads s to width terminal cells, counting non-ASCII runes as two.
func pad(s string, width int) string {
	w := 0
	for _, r := range s {
		if r < 0x80 {
			w++
		} else {
			w += 2
		}
	}
	if w >= width {
		return s
	}
	return s + strings.Repeat(" ", width-w)
}
