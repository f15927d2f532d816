// Encryption at rest: the Badger options of an encrypted store, the errors
// that say why a store and a key do not go together, and the rotation of
// the master key (the server stopped).
//
// Badger keeps two tiers of keys: the master key given here encrypts the
// data keys in the store's KEYREGISTRY file, and the data keys (made by
// Badger, a new one every ten days) encrypt every table, value log and
// write-ahead log with AES-CTR. Rotating the master key rewrites only the
// key registry under the new key; the data stays as it is.

package kv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// KeySize is the length of an encryption key: 32 bytes, AES-256.
const KeySize = 32

// indexCacheSize bounds the memory of the decrypted table indexes an
// encrypted store keeps; Badger needs such a cache to read encrypted
// tables (an unencrypted store keeps its indexes mapped instead).
const indexCacheSize = 64 << 20

// dataKeyRotation is how long Badger uses one data key before it makes
// the next (Badger's default).
const dataKeyRotation = 10 * 24 * time.Hour

var (
	// ErrKeyNeeded: the store is encrypted and no key was given.
	ErrKeyNeeded = errors.New("the store is encrypted and no encryption key was given")
	// ErrWrongKey: the store is encrypted with another key.
	ErrWrongKey = errors.New("the encryption key given is not the store's")
	// ErrNotEncrypted: a key was given for a store made without one.
	// Badger refuses it; encrypting such a store is a backup restored
	// with the key (the README says how).
	ErrNotEncrypted = errors.New("the store is not encrypted, but an encryption key was given")
)

// checkKey accepts no key (not encrypted) or one of KeySize bytes.
func checkKey(key []byte) error {
	if len(key) != 0 && len(key) != KeySize {
		return fmt.Errorf("an encryption key has %d bytes, not %d", len(key), KeySize)
	}
	return nil
}

// withKey adds the key to Badger's options; no key leaves them alone.
func withKey(bo badger.Options, key []byte) badger.Options {
	if len(key) == 0 {
		return bo
	}
	return bo.WithEncryptionKey(key).
		WithEncryptionKeyRotationDuration(dataKeyRotation).
		WithIndexCacheSize(indexCacheSize)
}

// explainOpen turns Badger's one answer for every mismatch of store and key
// into the one of ErrKeyNeeded, ErrWrongKey and ErrNotEncrypted that says
// what is wrong, by reading the key registry without a key (read-only).
func explainOpen(dir string, key []byte, err error) error {
	if !errors.Is(err, badger.ErrEncryptionKeyMismatch) {
		return err
	}
	kr, perr := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: dir, ReadOnly: true})
	switch {
	case perr == nil:
		kr.Close()
		if len(key) > 0 {
			return ErrNotEncrypted
		}
		return err
	case !errors.Is(perr, badger.ErrEncryptionKeyMismatch):
		return err
	case len(key) == 0:
		return ErrKeyNeeded
	default:
		return ErrWrongKey
	}
}

// RotateKey re-encrypts the key registry of the store in dir under newKey;
// the store then opens with newKey only. The server must be stopped: the
// store is opened with oldKey first (which proves the key and that nobody
// holds the store, and closes it cleanly), then its directory is locked
// as Badger locks it while the registry is rewritten (Badger writes the
// new registry beside the old and renames it over, so a crash leaves one
// or the other), and last it is opened with newKey to check.
//
// Only the master key changes: the data keys, and so the data files, stay
// as they were, and a copy of the old registry taken before still opens
// them with the old key. A store encrypted anew with fresh data keys is a
// backup restored with the new key.
func RotateKey(dir string, oldKey, newKey []byte) error {
	if len(oldKey) == 0 || len(newKey) == 0 {
		return errors.New("rotate key: both the old and the new key are needed (a store without a key is encrypted by a backup restored with one)")
	}
	for _, k := range [][]byte{oldKey, newKey} {
		if err := checkKey(k); err != nil {
			return fmt.Errorf("rotate key: %w", err)
		}
	}
	if string(oldKey) == string(newKey) {
		return errors.New("rotate key: the new key is the old one")
	}
	if _, err := os.Stat(filepath.Join(dir, badger.KeyRegistryFileName)); err != nil {
		return fmt.Errorf("rotate key: %s holds no store: %w", dir, err)
	}
	quiet := func(k []byte) badger.Options {
		return withKey(badger.DefaultOptions(dir), k).WithLogger(nil)
	}
	db, err := badger.Open(quiet(oldKey))
	if err != nil {
		return fmt.Errorf("rotate key: open %s with the old key: %w", dir, openHint(explainOpen(dir, oldKey, err)))
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("rotate key: close %s: %w", dir, err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return fmt.Errorf("rotate key: %w", err)
	}
	kro := badger.KeyRegistryOptions{Dir: dir, ReadOnly: true, EncryptionKey: oldKey, EncryptionKeyRotationDuration: dataKeyRotation}
	kr, err := badger.OpenKeyRegistry(kro)
	if err == nil {
		kro.ReadOnly, kro.EncryptionKey = false, newKey
		err = badger.WriteKeyRegistry(kr, kro)
	}
	if uerr := unlock(); err == nil {
		err = uerr
	}
	if err != nil {
		return fmt.Errorf("rotate key: rewrite the key registry of %s: %w", dir, err)
	}
	if db, err = badger.Open(quiet(newKey)); err != nil {
		return fmt.Errorf("rotate key: the store does not open with the new key: %w", explainOpen(dir, newKey, err))
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("rotate key: close %s: %w", dir, err)
	}
	return nil
}

// openHint adds to an error opening a store for a maintenance step that
// the server may be holding it, unless the error is about the key.
func openHint(err error) error {
	if errors.Is(err, ErrKeyNeeded) || errors.Is(err, ErrWrongKey) || errors.Is(err, ErrNotEncrypted) {
		return err
	}
	return fmt.Errorf("%w (is the server running? stop it first)", err)
}
