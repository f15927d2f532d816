//go:build !unix

package kv

import (
	"errors"
	"os"

	"github.com/dgraph-io/ristretto/v2/z"
)

// tableCopy maps the table file, as Badger does.
func tableCopy(name string) (*z.MmapFile, error) {
	mf, err := z.OpenMmapFile(name, os.O_RDONLY, 0)
	if errors.Is(err, z.NewFile) {
		err = nil
	}
	return mf, err
}
