//go:build unix

package diskspace

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Statfs measures the filesystem that holds dir: the bytes an unprivileged
// writer may still use (not the blocks kept for root) and its size.
func Statfs(dir string) (Usage, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return Usage{}, fmt.Errorf("statfs %s: %w", dir, err)
	}
	bs := uint64(st.Bsize)
	return Usage{Free: uint64(st.Bavail) * bs, Total: uint64(st.Blocks) * bs}, nil
}
