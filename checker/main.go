// Command checker is the readiness checker a job seeker runs on their own PC
// before an online counselling session (Art 2(2), 5, 12(4) of the terms).
//
// This build carries no checks yet: it says so plainly and exits with 3
// ("some required check unknown"), never claiming that a PC is ready.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit codes (CHECKER.md).
const (
	exitUnknown = 3
	exitUsage   = 64
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("checker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "ja", "report language: ja or en")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	switch *lang {
	case "ja":
		fmt.Fprintln(stdout, "この版の確認ツールには、まだ確認項目がありません。パソコンの準備ができているかどうかは判定できません。")
	case "en":
		fmt.Fprintln(stdout, "This build of the readiness checker has no checks yet; it cannot tell whether this PC is ready.")
	default:
		fmt.Fprintf(stderr, "checker: --lang must be ja or en\n")
		return exitUsage
	}
	return exitUnknown
}
