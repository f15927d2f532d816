// Tests of encryption at rest, sealed backups and key rotation, against
// real Badger directories: what the files hold, what each mismatch of store
// and key answers, and that nothing refused touches the store.

package kv

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secretText is what the tests look for in the files: text a customer's
// name could be, in UTF-8.
const secretText = "庄晓蝶 Zhuang-Xiaodie-7Q9Z"

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, KeySize) }

// openT opens dir with key, failing the test on an error.
func openT(t *testing.T, dir string, key []byte) *DB {
	t.Helper()
	db, err := Open(Options{Dir: dir, EncryptionKey: key})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	return db
}

// writeSecret stores n values holding secretText (enough of them for
// Badger to write tables, a value log and its write-ahead log) and closes
// the store, which flushes it to its tables.
func writeSecret(t *testing.T, dir string, key []byte) {
	t.Helper()
	db := openT(t, dir, key)
	err := db.Do(context.Background(), func(tx *Tx) error {
		tx.Set([]byte("c/secret"), []byte(`{"name":"`+secretText+`"}`))
		// A value past Badger's value threshold goes to the value log.
		tx.Set([]byte("c/large"), []byte(strings.Repeat(secretText, 1<<16)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// readSecret reports whether the store in dir, opened with key, holds the
// value writeSecret wrote.
func readSecret(t *testing.T, dir string, key []byte) {
	t.Helper()
	db := openT(t, dir, key)
	defer db.Close()
	err := db.View(context.Background(), func(v *View) error {
		got, found, err := v.Get([]byte("c/secret"))
		if err != nil || !found || !strings.Contains(string(got), secretText) {
			t.Errorf("the value read back is %q (found %v, %v)", got, found, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// filesHolding returns the files under dir whose bytes hold text.
func filesHolding(t *testing.T, dir, text string) []string {
	t.Helper()
	var found []string
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(text)) {
			found = append(found, filepath.Base(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no files under %s", dir)
	}
	return found
}

func TestEncryptedStoreHoldsNoPlaintext(t *testing.T) {
	plain, encrypted := t.TempDir(), t.TempDir()
	writeSecret(t, plain, nil)
	writeSecret(t, encrypted, testKey(1))
	// The scan can fail: the store without a key holds the text.
	if got := filesHolding(t, plain, secretText); len(got) == 0 {
		t.Fatal("the unencrypted store's files do not hold the text: the scan proves nothing")
	}
	if got := filesHolding(t, encrypted, secretText); len(got) > 0 {
		t.Fatalf("the encrypted store's files %v hold the text in the clear", got)
	}
	readSecret(t, encrypted, testKey(1))
}

func TestAStoreAndAKeyThatDoNotGoTogether(t *testing.T) {
	plain, encrypted := t.TempDir(), t.TempDir()
	writeSecret(t, plain, nil)
	writeSecret(t, encrypted, testKey(1))
	for _, c := range []struct {
		name string
		dir  string
		key  []byte
		want error
	}{
		{"encrypted, no key", encrypted, nil, ErrKeyNeeded},
		{"encrypted, another key", encrypted, testKey(2), ErrWrongKey},
		{"not encrypted, a key", plain, testKey(1), ErrNotEncrypted},
	} {
		db, err := Open(Options{Dir: c.dir, EncryptionKey: c.key})
		if !errors.Is(err, c.want) {
			if db != nil {
				db.Close()
			}
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := Open(Options{Dir: t.TempDir(), EncryptionKey: testKey(1)[:16]}); err == nil || !strings.Contains(err.Error(), "not 32") {
		t.Errorf("a 16-byte key: %v", err)
	}
	// Nothing refused changed a store: each opens as before.
	readSecret(t, plain, nil)
	readSecret(t, encrypted, testKey(1))
}

func TestSealedBackup(t *testing.T) {
	ctx := context.Background()
	key := testKey(1)
	src := t.TempDir()
	writeSecret(t, src, key)
	db := openT(t, src, key)
	var sealed bytes.Buffer
	if err := db.Backup(ctx, &sealed); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if !bytes.HasPrefix(sealed.Bytes(), []byte(sealedIntro)) {
		t.Fatalf("the backup of an encrypted store starts with %q", sealed.Bytes()[:min(40, sealed.Len())])
	}
	if bytes.Contains(sealed.Bytes(), []byte(secretText)) || bytes.Contains(sealed.Bytes(), []byte(backupHeader)) {
		t.Fatal("the sealed backup holds plaintext")
	}

	// The target: a store of its own, which every refused restore leaves
	// as it was.
	dst := filepath.Join(t.TempDir(), "store")
	other := openT(t, dst, key)
	if err := other.Do(ctx, func(tx *Tx) error { tx.Set([]byte("c/mine"), []byte("kept")); return nil }); err != nil {
		t.Fatal(err)
	}
	other.Close()
	kept := func(t *testing.T) {
		t.Helper()
		db := openT(t, dst, key)
		defer db.Close()
		db.View(ctx, func(v *View) error {
			if _, found, err := v.Get([]byte("c/mine")); !found || err != nil {
				t.Errorf("a refused restore changed the store (%v)", err)
			}
			return nil
		})
	}
	b := sealed.Bytes()
	flipped := bytes.Clone(b)
	flipped[len(b)/2] ^= 0x01
	headerFlipped := bytes.Clone(b)
	headerFlipped[len(sealedIntro)+20] ^= 0x01
	// age's payload: after the header's last line, a 16-byte nonce, then
	// chunks of 64 KiB and a 16-byte tag; the last chunk is marked.
	mac := bytes.Index(b, []byte("\n--- "))
	payload := mac + 1 + bytes.IndexByte(b[mac+1:], '\n') + 1 + 16
	atChunk := payload + 10*(64<<10+16)
	if atChunk >= len(b) {
		t.Fatalf("the backup has %d bytes: too few chunks to cut", len(b))
	}
	for _, c := range []struct {
		name   string
		key    []byte
		backup []byte
		want   error // nil: any error
	}{
		{"no key", nil, b, ErrBackupSealed},
		{"another key", testKey(2), b, ErrBackupKey},
		{"a byte of the data changed", key, flipped, nil},
		{"a byte of the header changed", key, headerFlipped, nil},
		{"cut short", key, b[:len(b)-100], nil},
		{"cut at a chunk's end", key, b[:atChunk], nil},
	} {
		err := Restore(ctx, dst, c.key, bytes.NewReader(c.backup))
		if err == nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: restore answered %v, want %v", c.name, err, c.want)
		}
		kept(t)
	}
	if _, err := os.Stat(dst + ".restore"); !os.IsNotExist(err) {
		t.Errorf("a refused restore left %s.restore (%v)", dst, err)
	}

	if err := Restore(ctx, dst, key, bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	readSecret(t, dst, key)
	if got := filesHolding(t, dst, secretText); len(got) > 0 {
		t.Fatalf("the restored store's files %v hold the text in the clear", got)
	}
}

func TestAPlainBackupRestores(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	writeSecret(t, src, nil)
	db := openT(t, src, nil)
	var plain bytes.Buffer
	if err := db.Backup(ctx, &plain); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if !bytes.HasPrefix(plain.Bytes(), []byte(backupHeader)) {
		t.Fatal("the backup of a store without a key is not the plain stream")
	}
	// Without a key, as before.
	dst := filepath.Join(t.TempDir(), "store")
	if err := Restore(ctx, dst, nil, bytes.NewReader(plain.Bytes())); err != nil {
		t.Fatal(err)
	}
	readSecret(t, dst, nil)
	// With a key: the store it makes is encrypted (how a store made
	// without a key becomes encrypted).
	enc := filepath.Join(t.TempDir(), "store")
	if err := Restore(ctx, enc, testKey(3), bytes.NewReader(plain.Bytes())); err != nil {
		t.Fatal(err)
	}
	readSecret(t, enc, testKey(3))
	if got := filesHolding(t, enc, secretText); len(got) > 0 {
		t.Fatalf("the store restored with a key has %v in the clear", got)
	}
}

func TestRotateKey(t *testing.T) {
	dir := t.TempDir()
	oldKey, newKey := testKey(1), testKey(2)
	writeSecret(t, dir, oldKey)

	if err := RotateKey(dir, testKey(9), newKey); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("rotating from a wrong key: %v", err)
	}
	if err := RotateKey(dir, oldKey, oldKey); err == nil {
		t.Fatal("rotating to the same key was accepted")
	}
	if err := RotateKey(dir, nil, newKey); err == nil {
		t.Fatal("rotating from no key was accepted")
	}
	if err := RotateKey(t.TempDir(), oldKey, newKey); err == nil {
		t.Fatal("rotating an empty directory was accepted")
	}
	// Not while the store is open.
	db := openT(t, dir, oldKey)
	if err := RotateKey(dir, oldKey, newKey); err == nil || !strings.Contains(err.Error(), "server running") {
		t.Fatalf("rotating an open store: %v", err)
	}
	db.Close()
	readSecret(t, dir, oldKey)

	if err := RotateKey(dir, oldKey, newKey); err != nil {
		t.Fatal(err)
	}
	readSecret(t, dir, newKey)
	if _, err := Open(Options{Dir: dir, EncryptionKey: oldKey}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("the old key after rotation: %v, want ErrWrongKey", err)
	}
	if got := filesHolding(t, dir, secretText); len(got) > 0 {
		t.Fatalf("after rotation %v hold the text in the clear", got)
	}
	// The store goes on working under the new key, and rotates again.
	db = openT(t, dir, newKey)
	if err := db.Do(context.Background(), func(tx *Tx) error { tx.Set([]byte("c/after"), []byte(secretText)); return nil }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := RotateKey(dir, newKey, testKey(3)); err != nil {
		t.Fatal(err)
	}
	readSecret(t, dir, testKey(3))
}

// A plain backup carries the checksum of its contents: 8 bytes changed
// anywhere in its data, or the backup cut short, is refused before the
// store is touched, and leaves no <dir>.restore behind; the backup as made
// restores, and so does one of the format before the checksum.
func TestADamagedPlainBackupIsRefused(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	db := openT(t, src, nil)
	if err := db.Do(ctx, func(tx *Tx) error {
		for i := range 500 {
			tx.Set(fmt.Appendf(nil, "c/%04d", i), bytes.Repeat([]byte{'v'}, 200))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	if err := db.Backup(ctx, &plain); err != nil {
		t.Fatal(err)
	}
	db.Close()
	b := plain.Bytes()
	dst := filepath.Join(t.TempDir(), "store")
	target := openT(t, dst, nil)
	if err := target.Do(ctx, func(tx *Tx) error { tx.Set([]byte("c/mine"), []byte("kept")); return nil }); err != nil {
		t.Fatal(err)
	}
	target.Close()
	holds := func(key string) bool {
		t.Helper()
		db := openT(t, dst, nil)
		defer db.Close()
		var found bool
		db.View(ctx, func(v *View) (err error) {
			_, found, err = v.Get([]byte(key))
			return err
		})
		return found
	}
	for _, at := range []int{len(backupHeader) + 20, len(b) / 3, len(b) / 2, len(b) - 40} {
		damaged := bytes.Clone(b)
		for i := range 8 {
			damaged[at+i] ^= 0x5a
		}
		if err := Restore(ctx, dst, nil, bytes.NewReader(damaged)); err == nil {
			t.Errorf("8 bytes changed at %d of %d: restored", at, len(b))
		}
		if _, err := os.Stat(dst + ".restore"); !os.IsNotExist(err) {
			t.Errorf("a refused restore left %s.restore (%v)", dst, err)
		}
	}
	if err := Restore(ctx, dst, nil, bytes.NewReader(b[:len(b)-sha256.Size-8])); err == nil {
		t.Error("a backup without its checksum: restored")
	}
	if !holds("c/mine") {
		t.Fatal("a refused restore changed the store")
	}
	if err := Restore(ctx, dst, nil, bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	if holds("c/mine") || !holds("c/0499") {
		t.Fatal("the restore did not replace the store with the backup")
	}
	// The format before the checksum: the old header, the stream, no sum.
	old := append([]byte(oldBackupHeader), b[len(backupHeader):len(b)-sha256.Size-8]...)
	if err := Restore(ctx, dst, nil, bytes.NewReader(old)); err != nil {
		t.Fatalf("a backup made before the checksum: %v", err)
	}
}
