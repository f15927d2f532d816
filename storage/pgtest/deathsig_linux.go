// On Linux a server is killed when the test binary dies without running
// its cleanups (a panic, a timeout, a SIGKILL): no postmaster outlives it.

package pgtest

import "syscall"

func setParentDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
