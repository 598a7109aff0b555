package checks

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// Winsock reports its own errno values (WSAECONNREFUSED …) as well as the
// syscall package's.
var (
	refusedErrnos     = []error{syscall.ECONNREFUSED, windows.WSAECONNREFUSED}
	unreachableErrnos = []error{syscall.ENETUNREACH, syscall.EHOSTUNREACH, windows.WSAENETUNREACH, windows.WSAEHOSTUNREACH, windows.WSAENETDOWN}
	timedOutErrnos    = []error{syscall.ETIMEDOUT, windows.WSAETIMEDOUT}
)
