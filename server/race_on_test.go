//go:build race

package main

// The end-to-end tests build the server with the race detector when they
// run with it, so that races in the server process fail them too.
func init() { buildFlags = append(buildFlags, "-race") }
