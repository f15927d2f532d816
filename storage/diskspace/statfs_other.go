//go:build !unix

package diskspace

import "errors"

// Statfs is not measured on this system: the watcher reports the error and
// refuses nothing.
func Statfs(string) (Usage, error) {
	return Usage{}, errors.New("free space is not measured on this system")
}
