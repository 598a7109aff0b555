// Command server runs soudan: the GraphQL API, its websocket subscriptions
// and the background workers. With no configuration it serves on :8080 from
// an embedded SQLite file; SOUDAN_DB=mysql://... uses MySQL.
//
// Usage:
//
//	server                        run the server (migrating the database first)
//	server migrate                apply pending migrations and exit
//	server import-holidays FILE   import the Cabinet Office syukujitsu.csv
//	server create-admin -email E -password P
//	server rotate-key             re-encrypt personal data under the current key
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// defaultGCPercent is the server's GOGC when the environment sets none. A
// request allocates much and keeps little, and the heap that stays is
// small: collecting after the heap grows by 400 % instead of Go's 100 %
// took a fifth off the servers' CPU per booking in the load tool
// (BENCHMARKS.md), for a heap that peaks at up to five times what stays.
// GOGC and GOMEMLIMIT in the environment decide as usual.
const defaultGCPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  server                                   run the server
  server migrate                           apply pending database migrations
  server import-holidays FILE              import the Cabinet Office syukujitsu.csv (Shift_JIS)
  server create-admin -email E -password P create an administrator
  server rotate-key                        re-encrypt personal data under the first key of SOUDAN_DATA_KEY
Configuration is read from SOUDAN_* environment variables; see README.md.`

// run is the whole program behind main, with its inputs passed in so that
// tests can drive it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg)
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate":
		return migrate(ctx, cfg, log, stdout)
	case "import-holidays":
		return importHolidays(ctx, cfg, log, args, stdout)
	case "create-admin":
		return createAdmin(ctx, cfg, log, args, stdout)
	case "rotate-key":
		return rotateKey(ctx, cfg, log, stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
}
