//go:build unix && !linux

// Elsewhere on Unix there is no parent-death signal: a server outlives a
// test binary that dies without running its cleanups.

package pgtest

import "syscall"

func setParentDeathSignal(*syscall.SysProcAttr) {}
