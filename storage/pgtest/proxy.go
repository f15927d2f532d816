// Proxy: a TCP proxy on loopback that a test cuts and restores, to put
// between a primary and its standbys (or between servers and a database)
// and prove what a broken link does.

package pgtest

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// Proxy forwards every TCP connection made to its loopback port to a
// target address, until cut. It is closed, and its connections with it,
// when the test that made it ends. Its methods are safe for concurrent use.
type Proxy struct {
	ln net.Listener
	wg sync.WaitGroup // the accept loop and every connection's goroutine

	mu     sync.Mutex
	target string
	cut    bool
	closed bool
	conns  map[net.Conn]struct{} // both ends of every open connection
}

// NewProxy listens on a free loopback port and forwards to target
// (host:port), e.g. a Cluster's Addr.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("pgtest: a port for a proxy to %s: %v", target, err)
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

// Addr is the proxy's host:port on loopback, to connect to instead of the
// target (e.g. a standby's Via).
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Cut closes every connection through the proxy, both ends, and closes
// each new one as soon as it is accepted, until Restore. Once Cut returns,
// no byte passes.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	p.closeAll()
}

// Restore lets connections through again (those Cut closed stay closed:
// the clients make new ones).
func (p *Proxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = false
}

// SetTarget sends the connections made from now on to addr; those already
// open stay with the old target (Cut first to move every client).
func (p *Proxy) SetTarget(addr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.target = addr
}

// close stops the proxy: no more connections, the open ones closed.
func (p *Proxy) close() {
	p.mu.Lock()
	p.closed = true
	p.closeAll()
	p.mu.Unlock()
	p.ln.Close()
	p.wg.Wait()
}

// closeAll closes every tracked connection; p.mu is held.
func (p *Proxy) closeAll() {
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			time.Sleep(10 * time.Millisecond) // out of descriptors, say: back off, then go on
			continue
		}
		p.wg.Add(1)
		go p.serve(client)
	}
}

// serve forwards one connection both ways until either side closes it, or
// the proxy is cut or closed.
func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	target, ok := p.track(client)
	if !ok {
		return
	}
	server, err := net.DialTimeout("tcp", target, 5*time.Second)
	if err != nil {
		p.untrack(client)
		client.Close()
		return
	}
	if _, ok := p.track(server); !ok {
		p.untrack(client)
		client.Close()
		return
	}
	done := make(chan struct{}, 2)
	go func() { io.Copy(server, client); done <- struct{}{} }()
	go func() { io.Copy(client, server); done <- struct{}{} }()
	<-done // one way ended: end both
	client.Close()
	server.Close()
	<-done
	p.untrack(client)
	p.untrack(server)
}

// track records an open end, and returns the target to dial, unless the
// proxy is cut or closed: then it closes c instead.
func (p *Proxy) track(c net.Conn) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut || p.closed {
		c.Close()
		return "", false
	}
	p.conns[c] = struct{}{}
	return p.target, true
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, c)
}
