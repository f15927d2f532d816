// Sealed backups: the backup of an encrypted store is written as an age
// file (filippo.io/age, https://age-encryption.org/v1) under the store's
// key, so that a copied backup discloses no more than a copied disk.
//
// age encrypts the stream in 64 KiB chunks with ChaCha20-Poly1305 under a
// random file key, each chunk authenticated and the last one marked, so a
// changed, reordered or cut backup fails to read; the file key is wrapped
// by age's passphrase recipient (scrypt) with the store's key in hex as
// the passphrase. The passphrase is 32 random bytes, so scrypt's work
// factor adds nothing to its strength and is kept small. Only a holder of
// the key can make a sealed backup that opens with it (an age passphrase
// file is authenticated by its passphrase). The standard age tool opens one too:
// `age -d backup > plain` with the key's 64 hex digits as the passphrase.
//
// A backup starts either with age's header line or with backupHeader
// (not sealed), so restore tells them apart before it reads further.

package kv

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// sealedIntro is the first line of every age file.
const sealedIntro = "age-encryption.org/v1\n"

// sealWorkFactor is the scrypt work factor (log2 N) of a sealed backup,
// and the most restore accepts: a backup claiming more is refused rather
// than costing the memory it asks for.
const sealWorkFactor = 10

var (
	// ErrBackupSealed: the backup is encrypted and no key was given.
	ErrBackupSealed = errors.New("the backup is encrypted: give the key it was made with")
	// ErrBackupKey: the backup was sealed with another key (or its
	// header was changed).
	ErrBackupKey = errors.New("the backup was encrypted with another key, or it was changed")
)

// sealTo returns a writer that seals what it is given under key into w;
// closing it writes the last chunk (and does not close w).
func sealTo(w io.Writer, key []byte) (io.WriteCloser, error) {
	r, err := age.NewScryptRecipient(hex.EncodeToString(key))
	if err != nil {
		return nil, fmt.Errorf("seal backup: %w", err)
	}
	r.SetWorkFactor(sealWorkFactor)
	sw, err := age.Encrypt(w, r)
	if err != nil {
		return nil, fmt.Errorf("seal backup: %w", err)
	}
	return sw, nil
}

// unseal returns the plain backup stream of r: r itself when the backup is
// not sealed, else its contents opened with key, whose every chunk is
// checked as it is read (a changed or cut backup fails its read). A sealed
// backup without a key, or with another, fails here, before anything
// reads on.
func unseal(r *bufio.Reader, key []byte) (plain io.Reader, sealed bool, err error) {
	intro, err := r.Peek(len(sealedIntro))
	if err != nil || string(intro) != sealedIntro {
		return r, false, nil // loadBackup checks the plain header
	}
	if len(key) == 0 {
		return nil, true, ErrBackupSealed
	}
	id, err := age.NewScryptIdentity(hex.EncodeToString(key))
	if err != nil {
		return nil, true, fmt.Errorf("open encrypted backup: %w", err)
	}
	id.SetMaxWorkFactor(sealWorkFactor)
	plain, err = age.Decrypt(r, id)
	var noMatch *age.NoIdentityMatchError
	if errors.As(err, &noMatch) {
		return nil, true, ErrBackupKey
	}
	if err != nil {
		return nil, true, fmt.Errorf("damaged encrypted backup: %w", err)
	}
	return plain, true, nil
}
