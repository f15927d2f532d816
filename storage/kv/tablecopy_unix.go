//go:build unix

package kv

import (
	"fmt"
	"io"
	"os"

	"github.com/dgraph-io/ristretto/v2/z"
	"golang.org/x/sys/unix"
)

// tableCopy reads a table file into memory of its own, for verifyTable:
// a file mapped into memory faults (SIGBUS, which ends the process) on a
// page that a truncation took away, and Badger truncates a table before it
// deletes it after a compaction; a read only comes up short. The memory is
// an anonymous mapping, which the MmapFile's Close unmaps.
func tableCopy(name string) (*z.MmapFile, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if fi.Size() == 0 {
		f.Close()
		return nil, errShrunk // truncated, to be deleted
	}
	data, err := unix.Mmap(-1, 0, int(fi.Size()), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("memory for %s: %w", name, err)
	}
	if _, err := f.ReadAt(data, 0); err != nil {
		unix.Munmap(data)
		f.Close()
		if err == io.EOF {
			err = errShrunk
		}
		return nil, err
	}
	return &z.MmapFile{Data: data, Fd: f}, nil
}
