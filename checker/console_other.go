//go:build !windows

package main

import (
	"bufio"
	"io"
)

// startedByDoubleClick is false outside Windows: terminals stay open.
func startedByDoubleClick() bool { return false }

// waitForKey waits for Enter (a terminal reads whole lines).
func waitForKey(in io.Reader) { _, _ = bufio.NewReader(in).ReadString('\n') }
