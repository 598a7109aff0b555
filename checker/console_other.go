//go:build !windows

package main

// startedByDoubleClick is false outside Windows: terminals stay open.
func startedByDoubleClick() bool { return false }
