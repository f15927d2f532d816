//go:build !unix

// Off Unix the package compiles but starts nothing: Start skips the test
// (or fails it where PostgreSQL is required) before any of these is used.

package pgtest

import (
	"errors"
	"os/exec"
	"syscall"
)

const supported = false

type account struct{ uid, gid int }

var errUnsupported = errors.New("pgtest needs a Unix system")

func serverUser() (*account, error)             { return nil, errUnsupported }
func sysProcAttr(*account) *syscall.SysProcAttr { return nil }
func spawn(*exec.Cmd, func()) (*process, error) { return nil, errUnsupported }
func interrupt(int) error                       { return errUnsupported }
func killServer(int) ([]int, error)             { return nil, errUnsupported }
func anyAlive([]int) bool                       { return false }
