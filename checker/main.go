// Command checker is the readiness checker a job seeker runs on their own PC
// before an online counselling session (Art 2(2), 5, 12(2), 12(4) of the
// terms). It runs every check of CHECKER.md in parallel, prints a report in
// plain Japanese (or English with --lang en) or JSON, and exits with
// 0 ready, 1 a required check failed, 2 warnings only, 3 some required check
// unknown, 4 rules expired or unreadable, 64 usage error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"soudan/checker/checks"
	"soudan/checker/probe"
	"soudan/checker/report"
	"soudan/checker/rules"
)

func main() {
	exe, _ := os.Executable()
	code := run(context.Background(), os.Args[1:], env{
		stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin,
		host: probe.Host{Env: probe.Live()}, now: time.Now, goos: runtime.GOOS,
		embedded: rules.Embedded, fetch: fetchRules, getenv: os.Getenv,
		exe: exe, buildServer: buildServer, doubleClick: startedByDoubleClick(),
		pause: func(lang string) {
			fmt.Fprintln(os.Stdout, "\n"+report.Text{JA: "何かキーを押すと閉じます。", EN: "Press any key to close."}.In(lang))
			waitForKey(os.Stdin)
		},
	})
	os.Exit(code)
}

// env is everything run touches, so tests can replace it.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	host           probe.Collector
	now            func() time.Time
	embedded       []byte
	fetch          func(ctx context.Context, server string) ([]byte, error)
	opts           *checks.Options
	goos           string // runtime.GOOS; tests pretend to be another OS
	getenv         func(string) string
	// exe is the checker's own path: a downloaded checker carries its
	// upload code in its file name.
	exe string
	// buildServer is the server built into a release (main.buildServer).
	buildServer string
	// doubleClick: started from Explorer, the window closes at exit.
	doubleClick bool
	// pause keeps the window open until a key is pressed; nil: never.
	pause func(lang string)
}

func run(ctx context.Context, args []string, e env) int {
	o, exit, done := parseArgs(args, e)
	if done {
		return exit
	}
	if (o.code != "" || e.doubleClick) && !o.yes && e.pause != nil {
		defer e.pause(o.lang)
	}
	if o.explain != "" {
		c, ok := checks.Find(o.explain)
		if !ok {
			fmt.Fprintf(e.stderr, "checker: unknown check %q; known: %s\n", o.explain, strings.Join(rules.CheckIDs, ", "))
			return report.ExitUsage
		}
		fmt.Fprintf(e.stdout, "%s\n%s\n", c.ID, c.Explain.In(o.lang))
		return 0
	}
	return check(ctx, o, e)
}

// runOptions are the command line, with the upload code of the file name.
type runOptions struct {
	lang, server, explain, submit, token, code string
	asJSON, yes                                bool
}

// parseArgs reads the command line; done means run ends at once with exit
// (usage errors, --version).
func parseArgs(args []string, e env) (o runOptions, exit int, done bool) {
	fs := flag.NewFlagSet("checker", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&o.lang, "lang", "ja", "report language: ja or en")
	fs.BoolVar(&o.asJSON, "json", false, "print the report as JSON")
	fs.StringVar(&o.server, "server", "", "office server URL; fetch the current rules from URL/graphql")
	fs.StringVar(&o.explain, "explain", "", "explain what check `ID` reads and why")
	fs.StringVar(&o.submit, "submit", "", "upload the report for reservation `ID` (needs --server and --token)")
	fs.StringVar(&o.token, "token", "", "access token for --submit (default $SOUDAN_TOKEN)")
	fs.BoolVar(&o.yes, "yes", false, "consent to sending without asking, and close without waiting for a key")
	version := fs.Bool("version", false, "print the server built into this checker and exit")
	if err := fs.Parse(args); err != nil {
		return o, report.ExitUsage, true
	}
	if *version {
		fmt.Fprintf(e.stdout, "soudan-check server=%s\n", e.buildServer)
		return o, 0, true
	}
	if e.exe != "" {
		base := e.exe
		if i := strings.LastIndexAny(base, `/\`); i >= 0 {
			base = base[i+1:]
		}
		o.code = codeFromName(base)
	}
	if o.server == "" {
		o.server = e.buildServer
	}
	if o.token == "" && e.getenv != nil {
		o.token = e.getenv("SOUDAN_TOKEN")
	}
	var usage string
	switch {
	case o.submit != "" && (o.server == "" || o.token == ""):
		usage = "checker: --submit needs --server and --token"
	case fs.NArg() > 0:
		usage = fmt.Sprintf("checker: unexpected argument %q", fs.Arg(0))
	case o.lang != "ja" && o.lang != "en":
		usage = "checker: --lang must be ja or en"
	}
	if usage != "" {
		fmt.Fprintln(e.stderr, usage)
		return o, report.ExitUsage, true
	}
	return o, 0, false
}

// check runs the checks, prints the report and uploads it when asked.
func check(ctx context.Context, o runOptions, e env) int {
	now := e.now()
	r, note, err := loadRules(ctx, e, o.server, now)
	if err != nil {
		msg := report.Text{
			JA: "確認ルールが読めないか、期限が切れています。新しい確認ツールをダウンロードしてください。",
			EN: "The rules are unreadable or expired; download a new checker.",
		}
		fmt.Fprintf(e.stderr, "%s\n(%v)\n", msg.In(o.lang), err)
		if o.asJSON {
			rep := report.Report{RulesVersion: r.Version, OS: e.goos, CheckedAt: now, Overall: report.RulesExpired}
			rep.WriteJSON(e.stdout, o.lang)
		}
		return report.ExitRules
	}
	opts := checks.DefaultOptions
	if e.opts != nil {
		opts = *e.opts
	}
	if o.code != "" && !o.asJSON {
		fmt.Fprintf(e.stdout, "%s\n\n", report.Text{
			JA: fmt.Sprintf("この確認ツールは、あなたのオンライン職業相談のご予約用です（送信コード %s）。確認のあと、結果をハローワークに送信できます。", o.code),
			EN: fmt.Sprintf("This checker belongs to your reservation (upload code %s); after the check you can send the result to Hello Work.", o.code)}.In(o.lang))
	}
	results := checks.RunAll(ctx, checks.Deps{Rules: r, Host: e.host, Now: now, Server: o.server, GOOS: e.goos}, checks.All(), opts)
	rep := report.Report{
		RulesVersion: r.Version, RulesNote: note, OS: e.goos,
		CheckedAt: now, Overall: report.Verdict(results), Checks: results,
	}
	if o.asJSON {
		err = rep.WriteJSON(e.stdout, o.lang)
	} else {
		err = rep.WriteText(e.stdout, o.lang)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "checker: write report: %v\n", err)
	}
	switch {
	case o.submit != "":
		upload(ctx, e, rep, o.lang, o.server, o.token, o.submit, o.yes)
	case o.code != "":
		if !uploadWithCode(ctx, e, rep, o.lang, o.server, o.code, o.yes) {
			return report.ExitNotSent
		}
	}
	return report.ExitCode(rep.Overall)
}

// loadRules fetches the server's rules when server is set and falls back to
// the embedded copy. It fails when the chosen document is unreadable or
// expired.
func loadRules(ctx context.Context, e env, server string, now time.Time) (rules.Rules, report.Text, error) {
	if server != "" && e.fetch != nil {
		fctx, cancel := context.WithTimeout(ctx, 4*time.Second)
		b, err := e.fetch(fctx, server)
		cancel()
		if err == nil {
			r, perr := rules.Parse(b)
			if perr == nil && r.CheckFresh(now) == nil {
				return r, report.Text{JA: "ルールはサーバーから取得しました。", EN: "Rules fetched from the server."}, nil
			}
			err = errors.Join(perr, r.CheckFresh(now))
		}
		r, note, ferr := loadEmbedded(e, now)
		if ferr != nil {
			return r, note, ferr
		}
		note.JA = "サーバーからルールを取得できなかったので、内蔵のルールを使いました。" + note.JA
		note.EN = fmt.Sprintf("Could not fetch the rules from the server (%v); using the built-in rules. ", err) + note.EN
		return r, note, nil
	}
	return loadEmbedded(e, now)
}

func loadEmbedded(e env, now time.Time) (rules.Rules, report.Text, error) {
	r, err := rules.Parse(e.embedded)
	if err != nil {
		return r, report.Text{}, err
	}
	if err := r.CheckFresh(now); err != nil {
		return r, report.Text{}, err
	}
	days := int(now.Sub(r.IssuedAt).Hours() / 24)
	return r, report.Text{
		JA: fmt.Sprintf("内蔵のルール（%s発行、%d日前）を使いました。", report.DateJA(r.IssuedAt), days),
		EN: fmt.Sprintf("Using the built-in rules issued %s (%d days ago).", r.IssuedAt.Format("2006-01-02"), days),
	}, nil
}

// upload shows the exact JSON to be sent, asks for consent (unless yes) and
// posts it. Failures are reported on stderr; the exit code stays the
// verdict's.
func upload(ctx context.Context, e env, rep report.Report, lang, server, token, reservation string, yes bool) {
	sub := newSubmission(rep, lang)
	shown, _ := json.MarshalIndent(sub, "", "  ")
	fmt.Fprintf(e.stdout, "\n%s\n%s\n", report.Text{JA: "送信する内容（結果だけで、パソコンの中身は送りません）：",
		EN: "This is what will be sent (verdicts only, nothing about what is on the PC):"}.In(lang), shown)
	q := report.Text{JA: "ハローワークに送信しますか？ [y/N] ", EN: "Send this report to Hello Work? [y/N] "}.In(lang)
	if !yes && (e.stdin == nil || !confirm(e.stdin, e.stderr, q)) {
		fmt.Fprintln(e.stderr, report.Text{JA: "送信しませんでした。", EN: "Not sent."}.In(lang))
		return
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := submitReport(sctx, server, token, reservation, sub); err != nil {
		fmt.Fprintf(e.stderr, "%s\n%s\n", report.Text{JA: "送信できませんでした。", EN: "The report could not be sent."}.In(lang), serverMessage(err, lang))
		return
	}
	fmt.Fprintln(e.stderr, report.Text{JA: "送信しました。", EN: "Sent."}.In(lang))
}
