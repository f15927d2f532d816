//go:build unix

// The lock of a store's directory for the maintenance steps that must not
// run beside a server (rotate-key, restore), taken as Badger takes it: an
// exclusive flock on the directory itself, so a server starting meanwhile
// fails to open the store, and a running one makes the lock fail.

package kv

import (
	"fmt"
	"os"
	"syscall"
)

// lockDir locks dir as Badger does and returns the function that unlocks it.
func lockDir(dir string) (unlock func() error, err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s (is the server running? stop it first): %w", dir, err)
	}
	return f.Close, nil
}
