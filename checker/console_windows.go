package main

import (
	"io"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

var procGetConsoleProcessList = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetConsoleProcessList")

// startedByDoubleClick reports whether this process is the only one attached
// to its console, which is the case when Explorer started it.
func startedByDoubleClick() bool {
	if procGetConsoleProcessList.Find() != nil {
		return false
	}
	var pids [2]uint32
	n, _, _ := procGetConsoleProcessList.Call(uintptr(unsafe.Pointer(&pids[0])), 2)
	return n == 1
}

// waitForKey waits for one key press: the console's line and echo modes are
// switched off while it reads, so any key (not only Enter) closes.
func waitForKey(in io.Reader) {
	h := windows.Handle(os.Stdin.Fd())
	var mode uint32
	if windows.GetConsoleMode(h, &mode) == nil {
		_ = windows.SetConsoleMode(h, mode&^(windows.ENABLE_LINE_INPUT|windows.ENABLE_ECHO_INPUT))
		defer windows.SetConsoleMode(h, mode)
	}
	var b [1]byte
	_, _ = in.Read(b[:])
}
