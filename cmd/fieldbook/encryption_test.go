// Encryption at rest through the real command: a child server started with
// a key writes a customer through the HTTP API, and after it stops no file
// of its data directory, nor its backups, holds the customer's name; the
// same without a key does (so the scan can fail). Wrong and missing keys
// keep the server from starting, backups restore only with their key, and
// a rotated key opens the store while the old one no longer does.

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook"
	"fieldbook/storage"
	"fieldbook/sync/crdt"
)

// customerName is the distinctive text the tests look for, as UTF-8. Only
// a customer's name is written: it needs no consent record.
const customerName = "庄晓蝶 Zhuang-Xiaodie-7Q9Z"

const testPassword = "a long password"

// writeKeyFile writes key to a file readable by its owner only, as hex or
// base64, and returns its path.
func writeKeyFile(t *testing.T, key []byte, asBase64 bool) string {
	t.Helper()
	text := hex.EncodeToString(key)
	if asBase64 {
		text = base64.StdEncoding.EncodeToString(key)
	}
	path := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(path, []byte(text+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// addUsers adds agent "zhuang" of team 一队 and admin "boss" through the
// user add command, with the key arguments given.
func addUsers(t *testing.T, dir string, keyArgs ...string) {
	t.Helper()
	for _, u := range [][]string{{"--username", "zhuang", "--role", "agent", "--team", "一队"}, {"--username", "boss", "--role", "admin"}} {
		args := append(append([]string{"user", "add", "--data", dir}, u...), keyArgs...)
		if out, err := runCmd(t, testPassword+"\n", args...); err != nil {
			t.Fatalf("user add: %v\n%s", err, out)
		}
	}
}

// serving starts the child server and waits until it serves.
func serving(t *testing.T, env []string, args ...string) (*child, string) {
	t.Helper()
	addr := freeAddr(t)
	c := startChildEnv(t, env, append([]string{"serve", "--addr", addr}, args...)...)
	for deadline := time.Now().Add(time.Minute); health(addr) != 200; time.Sleep(10 * time.Millisecond) {
		select {
		case err := <-c.done:
			t.Fatalf("the server exited (%v)\nstderr:\n%s", err, c.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not become healthy\nstderr:\n%s", c.stderr.String())
		}
	}
	return c, "http://" + addr
}

// stop sends SIGTERM and waits for a clean exit.
func (c *child) stop(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := c.wait(t); err != nil {
		t.Fatalf("serve stopped with %v\nstderr:\n%s", err, c.stderr.String())
	}
}

// refusesToStart runs serve and checks that it exits with an error whose
// message holds want, without ever serving.
func refusesToStart(t *testing.T, want string, env []string, args ...string) string {
	t.Helper()
	c := startChildEnv(t, env, append([]string{"serve", "--addr", freeAddr(t)}, args...)...)
	err := c.wait(t)
	if err == nil || !strings.Contains(c.stderr.String(), want) {
		t.Fatalf("serve exited with %v, want an error saying %q\nstderr:\n%s", err, want, c.stderr.String())
	}
	if strings.Contains(c.stdout.String(), "Fieldbook is at") {
		t.Fatalf("the server served:\n%s", c.stdout.String())
	}
	return c.stderr.String()
}

// call sends a request with a JSON body (nil for none) and returns the
// answer's body, failing the test on any status but 200.
func call(t *testing.T, method, url, token string, body any) []byte {
	t.Helper()
	status, got := send(t, method, url, token, body)
	if status != 200 {
		t.Fatalf("%s %s: %d %s", method, url, status, got)
	}
	return got
}

func login(t *testing.T, base, username string) string {
	t.Helper()
	var pair struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(call(t, "POST", base+"/api/auth/login", "", map[string]string{"username": username, "password": testPassword}), &pair); err != nil {
		t.Fatal(err)
	}
	return pair.AccessToken
}

// writeCustomer pushes a new customer named customerName as agent zhuang.
func writeCustomer(t *testing.T, base string) {
	t.Helper()
	const client = "encryption-test-phone"
	change := map[string]any{"seq": 1, "collection": "customers", "id": uuid.NewString(),
		"hlc": crdt.MakeStamp(time.Now().UnixMilli(), 0, client), "fields": map[string]any{"name": customerName}}
	var answer struct {
		Results []fieldbook.Result `json:"results"`
	}
	body := call(t, "POST", base+"/api/sync", login(t, base, "zhuang"), map[string]any{"protocol": 1, "client_id": client, "changes": []any{change}})
	if err := json.Unmarshal(body, &answer); err != nil || len(answer.Results) != 1 || answer.Results[0].Status != fieldbook.StatusApplied {
		t.Fatalf("the push was not applied: %s", body)
	}
}

// pullsCustomer reports whether agent zhuang's pull (a new phone) brings
// the customer.
func pullsCustomer(t *testing.T, base string) bool {
	t.Helper()
	body := call(t, "POST", base+"/api/sync", login(t, base, "zhuang"), map[string]any{"protocol": 1, "client_id": "encryption-test-new-phone"})
	return bytes.Contains(body, []byte(customerName))
}

// serveAndWrite starts the server on dir, writes the customer, takes the
// backup an admin downloads, scans dir while the server still runs (its
// write-ahead log holds the customer then), and stops the server.
func serveAndWrite(t *testing.T, dir string, env []string, args ...string) (httpBackup []byte, whileServing []string) {
	t.Helper()
	c, base := serving(t, env, append([]string{"--data", dir}, args...)...)
	writeCustomer(t, base)
	httpBackup = call(t, "GET", base+"/api/admin/backup", login(t, base, "boss"), nil)
	whileServing = filesWithName(t, dir)
	c.stop(t)
	return httpBackup, whileServing
}

// filesWithName returns the files under dir whose bytes hold a word of the
// customer's name, failing the test when there are no files at all.
// Badger compresses its tables with Snappy, which may put a reference to
// the same bytes elsewhere in place of a part of the name, so each word is
// looked for on its own.
func filesWithName(t *testing.T, dir string) []string {
	t.Helper()
	words := strings.Fields(customerName)
	var found []string
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		held, err := wordsIn(path, words)
		for _, w := range held {
			found = append(found, filepath.Base(path)+" ("+w+")")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no files under %s", dir)
	}
	return found
}

// Linux's lseek whences that find a sparse file's data (a running Badger
// keeps a 2 GiB value log and a 128 MiB write-ahead log, mostly holes).
const (
	seekData = 3
	seekHole = 4
)

// wordsIn returns the words the file holds, reading it in pieces that
// overlap by a word's length and only where it has data (all of it where
// the file system cannot tell).
func wordsIn(path string, words []string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	longest := 0
	for _, w := range words {
		longest = max(longest, len(w))
	}
	held := map[string]bool{}
	buf := make([]byte, 1<<20)
	scan := func(from, to int64) error {
		for off := from; off < to; {
			n, err := f.ReadAt(buf[:min(int64(len(buf)), to-off)], off)
			for _, w := range words {
				if bytes.Contains(buf[:n], []byte(w)) {
					held[w] = true
				}
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			if n == 0 || off+int64(n) >= to {
				return nil
			}
			off += int64(max(n-longest+1, 1))
		}
		return nil
	}
	if _, err := f.Seek(0, seekData); err != nil && !errors.Is(err, syscall.ENXIO) {
		err = scan(0, info.Size()) // no SEEK_DATA here: read it all
		return keys(held, words), err
	}
	for pos := int64(0); pos < info.Size(); {
		start, err := f.Seek(pos, seekData)
		if errors.Is(err, syscall.ENXIO) {
			break // holes to the end
		}
		if err != nil {
			return nil, err
		}
		end, err := f.Seek(start, seekHole)
		if err != nil {
			return nil, err
		}
		if err := scan(start, end); err != nil {
			return nil, err
		}
		pos = end
	}
	return keys(held, words), nil
}

// keys returns the words that held marks, in the order of words.
func keys(held map[string]bool, words []string) []string {
	var out []string
	for _, w := range words {
		if held[w] {
			out = append(out, w)
		}
	}
	return out
}

func cliBackup(t *testing.T, args ...string) []byte {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), append([]string{"backup"}, args...), nil, &out, &errOut); err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut.String())
	}
	return out.Bytes()
}

func cliRestore(backup []byte, args ...string) (string, error) {
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"restore"}, args...), bytes.NewReader(backup), &out, &out)
	return out.String(), err
}

const ageIntro = "age-encryption.org/v1\n"

func TestAServerWithAKeyLeavesNoNameInItsFiles(t *testing.T) {
	keyA, keyB := bytes.Repeat([]byte{0xa7}, 32), bytes.Repeat([]byte{0x3c}, 32)
	fileA, fileB := writeKeyFile(t, keyA, false), writeKeyFile(t, keyB, true)
	dir := filepath.Join(t.TempDir(), "data")
	addUsers(t, dir, "--encryption-key-file", fileA)

	// The key from the environment, by file.
	httpBackup, whileServing := serveAndWrite(t, dir, []string{"FIELDBOOK_ENCRYPTION_KEY_FILE=" + fileA})
	if len(whileServing) > 0 {
		t.Fatalf("while serving, the data directory's %v hold the customer's name", whileServing)
	}
	if got := filesWithName(t, dir); len(got) > 0 {
		t.Fatalf("the data directory's %v hold the customer's name", got)
	}
	backup := cliBackup(t, "--data", dir, "--encryption-key-file", fileA)
	for name, b := range map[string][]byte{"GET /api/admin/backup": httpBackup, "fieldbook backup": backup} {
		if !bytes.HasPrefix(b, []byte(ageIntro)) || bytes.Contains(b, []byte("庄晓蝶")) || bytes.Contains(b, []byte("Zhuang-Xiaodie")) {
			t.Errorf("%s is not sealed (%d bytes, starting %q)", name, len(b), b[:min(len(b), 30)])
		}
	}

	// A missing or wrong key keeps the server from starting, and says so;
	// the key itself is in no message.
	out := refusesToStart(t, "the store is encrypted and no encryption key was given", nil, "--data", dir)
	out += refusesToStart(t, "the encryption key given is not the store's", []string{envKey + "=" + hex.EncodeToString(keyB)}, "--data", dir)
	if strings.Contains(out, hex.EncodeToString(keyB)) || strings.Contains(out, hex.EncodeToString(keyA)) {
		t.Fatalf("a key is in the output:\n%s", out)
	}

	// The backups restore with their key only, and a refused restore
	// touches nothing.
	restored := filepath.Join(t.TempDir(), "restored")
	if _, err := cliRestore(backup, "--data", restored); !errors.Is(err, storage.ErrBackupSealed) {
		t.Fatalf("restore without a key: %v", err)
	}
	if _, err := cliRestore(httpBackup, "--data", restored, "--encryption-key-file", fileB); !errors.Is(err, storage.ErrBackupKey) {
		t.Fatalf("restore with another key: %v", err)
	}
	if _, err := os.Stat(restored); !os.IsNotExist(err) {
		t.Fatalf("a refused restore made %s (%v)", restored, err)
	}
	t.Setenv(envKey, hex.EncodeToString(keyA)) // the key itself, from the environment
	if out, err := cliRestore(httpBackup, "--data", restored); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	os.Unsetenv(envKey)
	if got := filesWithName(t, restored); len(got) > 0 {
		t.Fatalf("the restored store's %v hold the customer's name", got)
	}

	// Rotation: the store then opens with the new key (base64 this time)
	// and not the old.
	if out, err := runCmd(t, "", "rotate-key", "--data", restored, "--old-key-file", fileA, "--new-key-file", fileB); err != nil {
		t.Fatalf("rotate-key: %v\n%s", err, out)
	}
	refusesToStart(t, "the encryption key given is not the store's", nil, "--data", restored, "--encryption-key-file", fileA)
	c, base := serving(t, nil, "--data", restored, "--encryption-key-file", fileB)
	if !pullsCustomer(t, base) {
		t.Fatal("after restore and rotation the customer is gone")
	}
	c.stop(t)
}

func TestAServerWithoutAKeyLeavesTheNameInItsFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	addUsers(t, dir)
	httpBackup, whileServing := serveAndWrite(t, dir, nil)
	// What the other test finds nowhere is here: the scan can fail.
	if len(whileServing) == 0 {
		t.Fatal("while serving, the unencrypted store's files hold no word of the customer's name")
	}
	t.Logf("while serving: %v", whileServing)
	if got := filesWithName(t, dir); len(got) == 0 {
		t.Fatal("the unencrypted store's files hold no word of the customer's name")
	} else {
		t.Logf("stopped: %v", got)
	}
	for name, b := range map[string][]byte{"GET /api/admin/backup": httpBackup, "fieldbook backup": cliBackup(t, "--data", dir)} {
		if !bytes.HasPrefix(b, []byte("FIELDBOOK BACKUP 3\n")) || !bytes.Contains(b, []byte(customerName)) {
			t.Errorf("%s is not the plain backup holding the name", name)
		}
	}
	// A key for a store made without one is refused, with what to do.
	key := writeKeyFile(t, bytes.Repeat([]byte{1}, 32), false)
	refusesToStart(t, "the store is not encrypted, but an encryption key was given: to encrypt it", nil, "--data", dir, "--encryption-key-file", key)

	// Encrypting it as the README says: a backup without the key,
	// restored over the store with it.
	if out, err := cliRestore(cliBackup(t, "--data", dir), "--data", dir, "--encryption-key-file", key); err != nil {
		t.Fatalf("restore with a key: %v\n%s", err, out)
	}
	if got := filesWithName(t, dir); len(got) > 0 {
		t.Fatalf("the store restored with a key has the name in %v", got)
	}
	refusesToStart(t, "the store is encrypted and no encryption key was given", nil, "--data", dir)
	c, base := serving(t, nil, "--data", dir, "--encryption-key-file", key)
	if !pullsCustomer(t, base) {
		t.Fatal("the customer did not survive the move to an encrypted store")
	}
	c.stop(t)
}

func TestParseKey(t *testing.T) {
	key := bytes.Repeat([]byte{0xbe}, 32)
	for _, text := range []string{hex.EncodeToString(key), strings.ToUpper(hex.EncodeToString(key)), " " + base64.StdEncoding.EncodeToString(key) + "\n"} {
		if got, err := parseKey(text, "test"); err != nil || !bytes.Equal(got, key) {
			t.Errorf("%q: %x, %v", text, got, err)
		}
	}
	for _, text := range []string{"", "secret", hex.EncodeToString(key[:16]), hex.EncodeToString(key) + "00", base64.StdEncoding.EncodeToString(key[:24]), string(key)} {
		_, err := parseKey(text, "test")
		if !errors.Is(err, errUsage) {
			t.Errorf("%q was accepted (%v)", text, err)
		} else if text != "" && strings.Contains(err.Error(), text) {
			t.Errorf("the error shows the key: %v", err)
		}
	}
	// One key, from one place.
	t.Setenv(envKey, hex.EncodeToString(key))
	if _, err := runCmd(t, "", "backup", "--data", t.TempDir(), "--encryption-key-file", writeKeyFile(t, key, false)); !errors.Is(err, errUsage) {
		t.Errorf("a key file and %s at once: %v", envKey, err)
	}
	// A key file others may read is used, with a warning.
	loose := writeKeyFile(t, key, false)
	if err := os.Chmod(loose, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Unsetenv(envKey)
	var warn bytes.Buffer
	if got, err := readKeyFile(loose, &warn); err != nil || !bytes.Equal(got, key) || !strings.Contains(warn.String(), "chmod 600") {
		t.Errorf("a key file of mode 644: %x, %v, warning %q", got, err, warn.String())
	}
}
