//go:build !windows

package checks

import "syscall"

var (
	refusedErrnos     = []error{syscall.ECONNREFUSED}
	unreachableErrnos = []error{syscall.ENETUNREACH, syscall.EHOSTUNREACH, syscall.ENETDOWN}
	timedOutErrnos    = []error{syscall.ETIMEDOUT}
)
