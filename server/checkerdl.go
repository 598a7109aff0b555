package main

import (
	"fmt"
	"os"

	"soudan/internal/checkerdl"
)

// newCheckerDownloads serves the release directory SOUDAN_CHECKER_DIR
// (written by `go run ./cmd/release`); unset, the server offers no builds.
func newCheckerDownloads(a *app) (*checkerdl.Service, error) {
	dir := a.cfg.CheckerDir
	if dir != "" {
		fi, err := os.Stat(dir)
		if err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("SOUDAN_CHECKER_DIR %q is not a directory", dir)
		}
	}
	s := &checkerdl.Service{Dir: dir, PublicURL: a.cfg.PublicURL, Store: a.store, Bookings: a.bookings, Now: a.now, Log: a.log}
	if dir != "" {
		a.log.Info("checker downloads", "builds", len(s.Available()))
	}
	return s, nil
}
