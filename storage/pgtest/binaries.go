// Where the PostgreSQL binaries are, and what a test does without them:
// skip where nothing asks for PostgreSQL, fail where CI does.

package pgtest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// minMajor is the oldest PostgreSQL the package runs (Debian 12's).
const minMajor = 15

// debianBinaries is where Debian and Ubuntu install each major version.
const debianBinaries = "/usr/lib/postgresql/*/bin"

// binaries is one PostgreSQL installation.
type binaries struct {
	dir     string
	version string // as postgres --version says it, e.g. "15.14"
}

// installHint is the message of a machine without PostgreSQL.
const installHint = "PostgreSQL is not installed: apt-get install postgresql " +
	"(Debian 12 installs PostgreSQL 15 in /usr/lib/postgresql/15/bin), " +
	"or put a directory with initdb, postgres and pg_basebackup (PostgreSQL 15 or newer) on PATH"

// findBinaries looks in /usr/lib/postgresql/*/bin, the newest version
// first, then beside postgres on PATH (and beside what it links to), for a
// complete installation of PostgreSQL 15 or newer.
func findBinaries() (binaries, error) {
	dirs, _ := filepath.Glob(debianBinaries) // the pattern is valid: the only error Glob returns
	sort.Slice(dirs, func(i, j int) bool { return majorOfDir(dirs[i]) > majorOfDir(dirs[j]) })
	if p, err := exec.LookPath("postgres"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
		// A link on PATH to an installation whose other binaries are not.
		if real, err := filepath.EvalSymlinks(p); err == nil && filepath.Dir(real) != filepath.Dir(p) {
			dirs = append(dirs, filepath.Dir(real))
		}
	}
	var rejected []string
	for _, dir := range dirs {
		b, err := checkBinaries(dir)
		if err == nil {
			return b, nil
		}
		rejected = append(rejected, err.Error())
	}
	if len(rejected) == 0 {
		return binaries{}, errors.New(installHint)
	}
	return binaries{}, fmt.Errorf("%s (found: %s)", installHint, strings.Join(rejected, "; "))
}

// majorOfDir is the version in /usr/lib/postgresql/VERSION/bin, 0 if none.
func majorOfDir(dir string) int {
	n, err := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	if err != nil {
		return 0
	}
	return n
}

var versionPattern = regexp.MustCompile(`\(PostgreSQL\) (\d+)(\.\d+)?`)

// checkBinaries says whether dir holds every binary the package runs, of
// a recent enough version.
func checkBinaries(dir string) (binaries, error) {
	for _, name := range [...]string{"initdb", "postgres", "pg_basebackup"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
			return binaries{}, fmt.Errorf("%s has no %s", dir, name)
		}
	}
	out, err := exec.Command(filepath.Join(dir, "postgres"), "--version").Output()
	if err != nil {
		return binaries{}, fmt.Errorf("%s/postgres --version: %w", dir, err)
	}
	m := versionPattern.FindStringSubmatch(string(out))
	if m == nil {
		return binaries{}, fmt.Errorf("%s/postgres --version said %q", dir, strings.TrimSpace(string(out)))
	}
	if major, _ := strconv.Atoi(m[1]); major < minMajor {
		return binaries{}, fmt.Errorf("%s is PostgreSQL %s%s, older than %d", dir, m[1], m[2], minMajor)
	}
	return binaries{dir: dir, version: m[1] + m[2]}, nil
}

// required says whether a test must fail, not skip, without PostgreSQL:
// when FIELDBOOK_REQUIRE_POSTGRES or CI is set, as the browser tests do
// with Chromium.
func required(getenv func(string) string) bool {
	return getenv("FIELDBOOK_REQUIRE_POSTGRES") != "" || getenv("CI") != ""
}

// absent ends t for want of PostgreSQL: a skip, or a failure where it is
// required.
func absent(t testing.TB, why string) {
	t.Helper()
	if required(os.Getenv) {
		t.Fatalf("pgtest: %s (FIELDBOOK_REQUIRE_POSTGRES or CI is set: failing, not skipping)", why)
	}
	t.Skipf("pgtest: %s; skipping (FIELDBOOK_REQUIRE_POSTGRES=1 makes this a failure)", why)
}
