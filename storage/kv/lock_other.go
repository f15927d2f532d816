//go:build !unix

// Where there is no flock, a maintenance step cannot lock a store's
// directory the way Badger does: restore opens the store itself instead
// (Badger's own lock, which needs the store's key), and rotate-key is not
// offered.

package kv

// lockDir is not available here.
func lockDir(string) (func() error, error) { return nil, errNoDirLock }
