//go:build unix

// The processes of an instance on Unix: run as the postgres user when the
// test runs as root, stopped with SIGINT, crashed with SIGKILL to the
// postmaster and every process it started, watched until they are gone.

package pgtest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// supported says whether this system can run the instances.
const supported = true

// account is the OS user the servers run as.
type account struct{ uid, gid int }

// serverUser is the postgres user when the test runs as root (PostgreSQL
// refuses to run as root), and nil (the current user) otherwise.
func serverUser() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL refuses to run as root and there is no postgres user to run it as "+
			"(Debian's postgresql package creates it: apt-get install postgresql): %w", err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return nil, fmt.Errorf("the postgres user's uid %q: %w", u.Uid, err)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return nil, fmt.Errorf("the postgres user's gid %q: %w", u.Gid, err)
	}
	return &account{uid: uid, gid: gid}, nil
}

// sysProcAttr runs a binary as owner (with none of root's groups).
func sysProcAttr(owner *account) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{}
	if owner != nil {
		a.Credential = &syscall.Credential{Uid: uint32(owner.uid), Gid: uint32(owner.gid)}
	}
	setParentDeathSignal(a)
	return a
}

// spawn starts cmd from a goroutine locked to its OS thread until cmd
// exits: the parent-death signal (Linux) follows the thread that started
// the child, so that thread must live as long as the server. after runs
// once cmd has exited, before done is closed.
func spawn(cmd *exec.Cmd, after func()) (*process, error) {
	p := &process{done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		p.pid = cmd.Process.Pid
		started <- nil
		p.err = cmd.Wait()
		after()
		close(p.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("starting %s: %w", cmd.Path, err)
	}
	return p, nil
}

// interrupt sends SIGINT to the postmaster: PostgreSQL's fast shutdown.
func interrupt(pid int) error {
	if err := syscall.Kill(pid, syscall.SIGINT); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("SIGINT to %d: %w", pid, err)
	}
	return nil
}

// killServer crashes a postmaster and what it started, and returns the
// processes it started. PostgreSQL makes each of them the leader of a
// session of its own (so the postmaster can signal what they run), so
// they are found by their parent: the postmaster is stopped first, so that
// it forks no more, then each of them and its group is killed, then the
// postmaster.
func killServer(pid int) ([]int, error) {
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil && !errors.Is(err, syscall.ESRCH) {
		return nil, fmt.Errorf("SIGSTOP to %d: %w", pid, err)
	}
	started := children(pid)
	for _, child := range started {
		_ = syscall.Kill(-child, syscall.SIGKILL) // its group, if it leads one; else ESRCH
		_ = syscall.Kill(child, syscall.SIGKILL)  // gone already: ESRCH
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return nil, fmt.Errorf("SIGKILL to %d: %w", pid, err)
	}
	return started, nil
}

// children are the processes whose parent is pid, from /proc (none
// without it).
func children(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var found []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if _, parent, ok := procStat(child); ok && parent == pid {
			found = append(found, child)
		}
	}
	return found
}

// anyAlive says whether one of pids still runs. A zombie does not count:
// it holds no memory, and where PID 1 does not reap orphans (as in some
// containers) it never goes.
func anyAlive(pids []int) bool {
	for _, pid := range pids {
		if state, _, ok := procStat(pid); ok && state != "Z" && state != "X" {
			return true
		}
	}
	return false
}

// procStat is the state and parent of a process, from /proc/PID/stat; ok
// is false when it is gone (or there is no /proc).
func procStat(pid int) (state string, parent int, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", 0, false
	}
	// pid (comm) state ppid …; comm may hold spaces and parentheses.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 2 {
		return "", 0, false
	}
	parent, err = strconv.Atoi(fields[1])
	if err != nil {
		return "", 0, false
	}
	return fields[0], parent, true
}
