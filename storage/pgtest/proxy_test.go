// Tests of the proxy on plain TCP: it forwards, Cut closes what is open
// and refuses what comes, Restore lets it through again, SetTarget moves
// new connections.

package pgtest

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

func TestProxyCutAndRestore(t *testing.T) {
	p := NewProxy(t, echoServer(t, "a:"))
	conn := dial(t, p.Addr())
	if got := roundTrip(t, conn, "hello"); got != "a:hello" {
		t.Fatalf("through the proxy: %q", got)
	}

	p.Cut()
	if err := readsEOF(conn); err != nil {
		t.Errorf("an open connection after Cut: %v", err)
	}
	refused := dial(t, p.Addr()) // accepted by the kernel, closed by the proxy
	if err := readsEOF(refused); err != nil {
		t.Errorf("a new connection while cut: %v", err)
	}

	p.Restore()
	again := dial(t, p.Addr())
	if got := roundTrip(t, again, "back"); got != "a:back" {
		t.Errorf("after Restore: %q", got)
	}

	p.SetTarget(echoServer(t, "b:"))
	if got := roundTrip(t, again, "same"); got != "a:same" {
		t.Errorf("an open connection after SetTarget: %q, want it left with the old target", got)
	}
	if got := roundTrip(t, dial(t, p.Addr()), "moved"); got != "b:moved" {
		t.Errorf("a new connection after SetTarget: %q", got)
	}
}

// echoServer answers each line with prefix+line, until the test ends.
func echoServer(t testing.TB, prefix string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if _, err := io.WriteString(c, prefix+line); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func dial(t testing.TB, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// roundTrip sends a line and returns the answer's line.
func roundTrip(t testing.TB, c net.Conn, line string) string {
	t.Helper()
	if err := c.SetDeadline(time.Now().Add(testTimeout)); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(c, line+"\n"); err != nil {
		t.Fatalf("writing %q: %v", line, err)
	}
	got, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the answer to %q: %v", line, err)
	}
	return strings.TrimSuffix(got, "\n")
}

// readsEOF is nil when the peer has closed c (a guard deadline aside).
func readsEOF(c net.Conn) error {
	if err := c.SetReadDeadline(time.Now().Add(testTimeout)); err != nil {
		return err
	}
	var b [1]byte
	n, err := c.Read(b[:])
	if n == 0 && err == io.EOF {
		return nil
	}
	if err == nil {
		return io.ErrUnexpectedEOF // data where a close was wanted
	}
	// A reset also shows the connection closed.
	if strings.Contains(err.Error(), "connection reset") {
		return nil
	}
	return err
}
