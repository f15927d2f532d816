// The encryption key of the store, from configuration: --encryption-key-file
// (or FIELDBOOK_ENCRYPTION_KEY_FILE, as every flag) names a file holding it,
// or FIELDBOOK_ENCRYPTION_KEY holds the key itself (there is no such flag:
// a key on the command line would show in the process list). A key is 32
// bytes written as 64 hex digits (`openssl rand -hex 32`) or in standard
// base64 (`openssl rand -base64 32`); surrounding white space is ignored.
// No key leaves the store unencrypted. The key is never logged nor put in
// an error. Also the rotate-key command.

package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"fieldbook/storage"
)

// envKey is the environment variable that may hold the key itself.
const envKey = "FIELDBOOK_ENCRYPTION_KEY"

// keyFlag registers --encryption-key-file on fs; the function it returns,
// called after parse, gives the configured key (nil for none).
func keyFlag(fs *flag.FlagSet, stderr io.Writer) func() ([]byte, error) {
	file := fs.String("encryption-key-file", "", "file holding the store's encryption key (64 hex digits or base64 of 32 bytes); default: "+envKey+", else not encrypted")
	return func() ([]byte, error) {
		text, inEnv := os.LookupEnv(envKey)
		switch {
		case *file != "" && inEnv:
			return nil, fmt.Errorf("%w: both --encryption-key-file and %s are set: give the key once", errUsage, envKey)
		case *file != "":
			return readKeyFile(*file, stderr)
		case inEnv:
			return parseKey(text, envKey)
		}
		return nil, nil
	}
}

// parseKeyed parses args into fs (parse) and then reads the key that
// keyOf, from keyFlag on fs, names.
func parseKeyed(fs *flag.FlagSet, args []string, stderr io.Writer, keyOf func() ([]byte, error)) ([]byte, error) {
	if err := parse(fs, args, stderr); err != nil {
		return nil, err
	}
	return keyOf()
}

// readKeyFile reads the key in path, warning when others may read it.
func readKeyFile(path string, stderr io.Writer) ([]byte, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the encryption key: %w", err)
	}
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(stderr, "fieldbook: warning: the key file %s may be read by other users (chmod 600 %s)\n", path, path)
	}
	return parseKey(string(text), path)
}

// parseKey decodes a key written as hex or base64; its errors name where
// the key came from, never the key.
func parseKey(text, from string) ([]byte, error) {
	s := strings.TrimSpace(text)
	if len(s) == 2*storage.KeySize {
		if key, err := hex.DecodeString(s); err == nil {
			return key, nil
		}
	}
	if key, err := base64.StdEncoding.DecodeString(s); err == nil && len(key) == storage.KeySize {
		return key, nil
	}
	return nil, fmt.Errorf("%w: the encryption key in %s is not %d bytes written as %d hex digits or in base64 (make one with: openssl rand -hex 32)",
		errUsage, from, storage.KeySize, 2*storage.KeySize)
}

// explainKeyError adds to a store's key error what the operator can do.
func explainKeyError(err error) error {
	switch {
	case errors.Is(err, storage.ErrKeyNeeded):
		return fmt.Errorf("%w: give its key with --encryption-key-file or %s", err, envKey)
	case errors.Is(err, storage.ErrNotEncrypted):
		return fmt.Errorf("%w: to encrypt it, take a backup without the key and restore it with the key (README, \"Privacy and security\")", err)
	case errors.Is(err, storage.ErrBackupSealed):
		return fmt.Errorf("%w (--encryption-key-file or %s)", err, envKey)
	}
	return err
}

// isKeyError reports whether err says the store and the key do not go
// together.
func isKeyError(err error) bool {
	return errors.Is(err, storage.ErrKeyNeeded) || errors.Is(err, storage.ErrWrongKey) || errors.Is(err, storage.ErrNotEncrypted)
}

// rotateKey is the rotate-key command: the store then opens with the new
// key only (the server stopped).
func rotateKey(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("rotate-key", flag.ContinueOnError)
	data := fs.String("data", "./data", "the store's directory")
	oldFile := fs.String("old-key-file", "", "file holding the store's current key")
	newFile := fs.String("new-key-file", "", "file holding the new key")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if *oldFile == "" || *newFile == "" {
		return fmt.Errorf("%w: rotate-key needs --old-key-file and --new-key-file", errUsage)
	}
	oldKey, err := readKeyFile(*oldFile, stderr)
	if err != nil {
		return err
	}
	newKey, err := readKeyFile(*newFile, stderr)
	if err != nil {
		return err
	}
	if err := storage.RotateKey(*data, oldKey, newKey); err != nil {
		return explainKeyError(err)
	}
	fmt.Fprintf(stdout, "%s now opens with the key in %s only; keep the old key as long as you keep backups made with it\n", *data, *newFile)
	return nil
}
