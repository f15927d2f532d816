// Command fieldbook runs the Fieldbook server and its maintenance
// commands (docs/api.md): serve, user add, backup, restore, check, migrate,
// new-epoch and rotate-key.
// Every flag can also be set by an environment variable FIELDBOOK_<FLAG>,
// e.g. FIELDBOOK_ADDR for --addr; the store's encryption key may also be
// given itself in FIELDBOOK_ENCRYPTION_KEY (keys.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	_ "time/tzdata" // team time zones work on machines without zoneinfo
)

func main() {
	// The server makes short-lived JSON buffers at a high rate over a small
	// heap: a higher GC target trades some memory for CPU (BENCHMARKS.md).
	// GOGC, when set, wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "fieldbook:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `usage:
  fieldbook serve [--addr 127.0.0.1:8080] [--data ./data | --store postgres://…] [--demo] [--encryption-key-file F] [--min-free 256MiB|5%]
  fieldbook user add --data DIR|--store URL --username U --role agent|supervisor|admin [--team NAME] [--name N] [--encryption-key-file F]  (password on stdin)
  fieldbook backup --data DIR|--store URL [--encryption-key-file F] > file
  fieldbook restore --data DIR|--store URL [--encryption-key-file F] < file
  fieldbook check --data DIR [--encryption-key-file F]  (every checksum of a stopped store)
  fieldbook migrate --store URL
  fieldbook new-epoch --store URL  (after a promotion that may have lost commits)
  fieldbook rotate-key --data DIR --old-key-file A --new-key-file B
Every flag may also be set as FIELDBOOK_<FLAG>, e.g. FIELDBOOK_ADDR; the
encryption key (64 hex digits or base64 of 32 bytes) also as FIELDBOOK_ENCRYPTION_KEY.`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "user":
		if len(args) < 2 || args[1] != "add" {
			fmt.Fprintln(stderr, usage)
			return errUsage
		}
		return userAdd(ctx, args[2:], stdin, stdout, stderr)
	case "backup":
		return backup(ctx, args[1:], stdout, stderr)
	case "restore":
		return restore(ctx, args[1:], stdin, stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], stdout, stderr)
	case "new-epoch":
		return newEpoch(ctx, args[1:], stdout, stderr)
	case "check":
		return check(ctx, args[1:], stdout, stderr)
	case "rotate-key":
		return rotateKey(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

// parse parses args into fs after taking defaults from FIELDBOOK_<FLAG>
// environment variables; the command line wins over the environment.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "FIELDBOOK_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("%w: %s=%q: %v", errUsage, name, v, err)
			}
		}
	})
	if envErr != nil {
		return envErr
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	return nil
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("%w: --log-level %q: %v", errUsage, level, err)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}
