// Backup and restore of the whole database: Badger's backup stream behind
// a header, sealed under the store's key when it has one (seal.go).

package kv

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Backup writes a full copy of the database to w, read from one snapshot
// in its backend's format behind that format's header; it keeps serving
// meanwhile. The backup of an encrypted store is sealed
// under its key.
func (d *DB) Backup(ctx context.Context, w io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	out := io.Writer(w)
	var sealed io.WriteCloser
	if d.key != nil {
		var err error
		if sealed, err = sealTo(w, d.key); err != nil {
			return err
		}
		out = sealed
	}
	if err := d.b.Backup(ctx, out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if sealed != nil {
		if err := sealed.Close(); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	return nil
}

// errNoDirLock: this system cannot lock a store's directory as Badger
// does (lock_other.go).
var errNoDirLock = errors.New("locking a store's directory needs a Unix system; rotate the key by a backup restored with the new key")

// Restore replaces the store in dir with the backup read from r. The server
// must be stopped. The backup is loaded into a new directory first, so a
// bad backup leaves the store as it was; then the directories are swapped.
// The restored store gets a new epoch, so every client's cursor is reset
// with the reason "restored" and the clients send again what the backup
// lacks.
//
// With a key, the restored store is encrypted with it, and a sealed backup
// is opened with it; a backup that is not sealed restores too (that is how
// a store made without a key becomes encrypted). Without a key, a sealed
// backup is refused. A backup sealed with another key, or changed, is
// refused before the store is touched.
func Restore(ctx context.Context, dir string, key []byte, r io.Reader) error {
	if dir == "" {
		return errors.New("restore: no data directory given")
	}
	if err := checkKey(key); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Hold the store's lock while loading, so a running server is noticed
	// before anything is touched. The current store's key does not
	// matter: it is replaced.
	release := func() error { return nil }
	if _, err := os.Stat(dir); err == nil {
		unlock, err := lockDir(dir)
		if errors.Is(err, errNoDirLock) {
			unlock, err = openToLock(dir, key)
		}
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		release = func() error {
			u := unlock
			unlock = func() error { return nil }
			return u()
		}
	}
	defer release()
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	plain, _, err := unseal(br, key)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmp := dir + ".restore"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("restore: clear %s: %w", tmp, err)
	}
	db, err := badger.Open(withKey(badger.DefaultOptions(tmp), key).WithSyncWrites(true).WithLogger(nil))
	if err != nil {
		return fmt.Errorf("restore: open %s: %w", tmp, err)
	}
	err = loadBackup(ctx, db, plain)
	if err == nil {
		err = db.Update(func(txn *badger.Txn) error {
			if _, err := txn.Get([]byte(keyServerID)); err != nil {
				return fmt.Errorf("not a Fieldbook backup: %w", err)
			}
			return txn.Set([]byte(keyEpoch), []byte(RandomHex(8)))
		})
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("restore: load backup: %w", err)
	}
	if err := release(); err != nil {
		return fmt.Errorf("restore: close %s: %w", dir, err)
	}
	old := fmt.Sprintf("%s.old-%d", dir, time.Now().UnixNano())
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("restore: move the old store aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("restore: move the restored store to %s (the old one is in %s): %w", dir, old, err)
	}
	if err := syncDir(filepath.Dir(dir)); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("restore: remove the old store %s: %w", old, err)
	}
	return nil
}

// openToLock holds dir by opening the store in it, where its directory
// cannot be locked otherwise.
func openToLock(dir string, key []byte) (func() error, error) {
	db, err := badger.Open(withKey(badger.DefaultOptions(dir), key).WithLogger(nil))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, openHint(explainOpen(dir, key, err)))
	}
	return db.Close, nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// backupHeader starts every backup of a Badger store, so that restore
// refuses anything else before it touches a store. After it comes Badger's
// backup stream, then endOfFrames and the SHA-256 of the stream: restore
// checks it before the restored store replaces the old one.
// oldBackupHeader starts the backups made before the checksum, which
// still restore.
const (
	backupHeader    = "FIELDBOOK BACKUP 3\n"
	oldBackupHeader = "FIELDBOOK BACKUP 1\n"
)

// endOfFrames is the length no frame of Badger's stream has: it marks the
// end of the stream and the checksum that follows.
const endOfFrames = ^uint64(0)

// maxFrame bounds one frame of Badger's backup stream. Badger's Load
// allocates whatever length a frame claims, so a damaged backup could
// otherwise exhaust memory instead of failing.
const maxFrame = 256 << 20

// writeBadgerBackup writes backupHeader, Badger's backup stream of db and
// the stream's checksum.
func writeBadgerBackup(db *badger.DB, w io.Writer) error {
	if _, err := io.WriteString(w, backupHeader); err != nil {
		return err
	}
	sum := sha256.New()
	if _, err := db.Backup(io.MultiWriter(w, sum), 0); err != nil {
		return err
	}
	var end [8]byte
	binary.LittleEndian.PutUint64(end[:], endOfFrames)
	if _, err := w.Write(end[:]); err != nil {
		return err
	}
	_, err := w.Write(sum.Sum(nil))
	return err
}

func loadBackup(ctx context.Context, db *badger.DB, r io.Reader) (err error) {
	header := make([]byte, len(backupHeader))
	if _, err := io.ReadFull(r, header); err != nil || string(header) != backupHeader && string(header) != oldBackupHeader {
		return errors.New("not a Fieldbook backup (the header is missing)")
	}
	f := &frameReader{ctx: ctx, r: r, sum: sha256.New(), summed: string(header) == backupHeader}
	defer func() {
		// A damaged stream can make Badger's loader panic: it is an error
		// like any other damage, and the half-loaded copy is removed.
		if p := recover(); p != nil {
			err = fmt.Errorf("damaged backup: the loader failed: %v", p)
		}
	}()
	if err := db.Load(f, 256); err != nil {
		return err
	}
	if f.summed && !f.verified {
		return errors.New("damaged backup: it ends before its checksum (truncated?)")
	}
	return nil
}

// frameReader passes Badger's backup stream through, checking each frame's
// length and adding up the stream's checksum, and stops when ctx ends. It
// reads a frame's whole length before Badger sees any of it, so that the
// end of the frames is never half passed on.
type frameReader struct {
	ctx     context.Context
	r       io.Reader
	size    [8]byte
	pending []byte // bytes of the current length not yet passed on
	payload uint64 // bytes left in the current frame
	// summed says the stream ends with its checksum; sum adds up what it
	// passed, and verified is set once the checksum matched.
	summed   bool
	sum      hash.Hash
	verified bool
}

func (f *frameReader) Read(p []byte) (int, error) {
	if err := f.ctx.Err(); err != nil {
		return 0, err
	}
	if len(f.pending) > 0 {
		n := copy(p, f.pending)
		f.pending = f.pending[n:]
		return n, nil
	}
	if f.payload > 0 {
		if uint64(len(p)) > f.payload {
			p = p[:f.payload]
		}
		n, err := f.r.Read(p)
		f.payload -= uint64(n)
		f.sum.Write(p[:n])
		if err == io.EOF && f.payload > 0 {
			err = io.ErrUnexpectedEOF
		}
		return n, err
	}
	if f.verified {
		return 0, io.EOF
	}
	if _, err := io.ReadFull(f.r, f.size[:]); err != nil {
		if err == io.EOF {
			return 0, io.EOF // between frames: the stream's end
		}
		return 0, fmt.Errorf("damaged backup: %w", err)
	}
	length := binary.LittleEndian.Uint64(f.size[:])
	if f.summed && length == endOfFrames {
		// What follows is the checksum of everything before.
		want := make([]byte, sha256.Size)
		if _, err := io.ReadFull(f.r, want); err != nil {
			return 0, errors.New("damaged backup: its checksum is cut short")
		}
		if !bytes.Equal(want, f.sum.Sum(nil)) {
			return 0, errors.New("damaged backup: its checksum does not match its contents")
		}
		f.verified = true
		return 0, io.EOF
	}
	if length > maxFrame {
		return 0, fmt.Errorf("damaged backup: a frame claims %d bytes", length)
	}
	f.sum.Write(f.size[:])
	f.payload = length
	n := copy(p, f.size[:])
	f.pending = f.size[n:]
	return n, nil
}
