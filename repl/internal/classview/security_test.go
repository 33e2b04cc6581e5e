package classview

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// secret is what the files outside the output folder hold: no answer may
// contain it.
const secret = "TOPSECRET-outside-the-out-folder"

// refusalFixture is a session whose output folder holds a real picture,
// a symbolic link to a file outside it, a link to a folder outside it and
// a text file named like a picture; and whose pictures (as the kernel
// would report them) include each of these and a file outside.
func refusalFixture(t *testing.T) (bus *events.Bus, out string) {
	t.Helper()
	dir := t.TempDir()
	out = filepath.Join(dir, "out")
	outside := filepath.Join(dir, "outside")
	writePNG(t, filepath.Join(out, "real.png"), 20, 10)
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	// The file outside starts like a PNG: only where it is keeps it out.
	if err := os.WriteFile(filepath.Join(outside, "secret.png"), []byte("\x89PNG\r\n\x1a\n"+secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "x.png"), []byte("\x89PNG\r\n\x1a\n"+secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(out, "evil.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(out, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "fake.png"), []byte("not a picture at all, "+secret), 0o644); err != nil {
		t.Fatal(err)
	}
	bus = events.NewBus()
	bus.Publish(events.Event{Kind: events.CellStart, Cell: 1, Code: `check(plots.Grid{}.Save(picture("real.png")))`})
	for _, p := range []string{
		filepath.Join(out, "real.png"),               // 0: served
		filepath.Join(out, "evil.png"),               // 1: a link to a file outside
		filepath.Join(out, "linkdir", "x.png"),       // 2: through a link to a folder outside
		filepath.Join(out, "fake.png"),               // 3: not a PNG or GIF
		filepath.Join(outside, "secret.png"),         // 4: outside the out folder
		filepath.Join(out, "gone.png"),               // 5: never there
		filepath.Join(out, "..", "outside", "x.png"), // 6: a path that climbs out
	} {
		bus.Publish(events.Event{Kind: events.Picture, Cell: 1, Path: p, Format: "png"})
	}
	bus.Publish(events.Event{Kind: events.CellEnd, Cell: 1, OK: true})
	return bus, out
}

// TestRefusals is the security table: on an address that is not a
// loopback one, every request needs the token; no path from a request
// reaches the file system (traversals, encoded and double-encoded,
// absolute paths); pictures leading out of the output folder through
// links, or that are not pictures, are refused; oversized and malformed
// requests and methods other than GET are refused. Each answer is checked
// for its status and for the secret, and the session's stream still works
// afterwards.
func TestRefusals(t *testing.T) {
	t.Parallel()
	bus, out := refusalFixture(t)
	s := testServer(t, "0.0.0.0:0", bus, []string{out}, func(s *Server) { s.cfg.MaxClients = 2 })
	if !s.NeedsToken() {
		t.Fatal("a server on 0.0.0.0 needs no token")
	}
	addr := hostPort(s)
	tok := "/t/" + s.token
	long := strings.Repeat("a", 20<<10)
	get := func(path string) string {
		return "GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n"
	}
	cases := []struct {
		name   string
		req    string
		status int
	}{
		{"the page with its token", get(tok + "/"), 200},
		{"the token without its slash", get(tok), 301},
		{"a picture the session saved", get(tok + "/pic/0/real.png"), 200},
		{"no token", get("/"), 403},
		{"no token, a picture", get("/pic/0/real.png"), 403},
		{"no token, the event stream", get("/events"), 403},
		{"a wrong token", get("/t/aaaaaaaaaaaaaaaa/"), 403},
		{"the token cut short", get("/t/" + s.token[:8] + "/"), 403},
		{"the token in the query", get("/?t=" + s.token), 403},
		{"no token, a traversal", get("/../../etc/passwd"), 403},
		{"a link to a file outside the out folder", get(tok + "/pic/1/evil.png"), 403},
		{"a picture through a link to a folder outside", get(tok + "/pic/2/x.png"), 403},
		{"a text file named .png", get(tok + "/pic/3/fake.png"), 403},
		{"a picture outside the out folder", get(tok + "/pic/4/secret.png"), 403},
		{"a picture that is gone", get(tok + "/pic/5/gone.png"), 404},
		{"a picture path that climbs out", get(tok + "/pic/6/x.png"), 403},
		{"../ after a picture", get(tok + "/pic/0/../../../outside/secret.png"), 400},
		{"../ at the top", get(tok + "/../outside/secret.png"), 400},
		{"%2e%2e", get(tok + "/pic/%2e%2e/%2e%2e/outside/secret.png"), 400},
		{"%2E%2E%2F", get(tok + "/pic/0/%2E%2E%2F%2E%2E%2Foutside%2Fsecret.png"), 400},
		{"double-encoded %252e%252e", get(tok + "/pic/%252e%252e/%252e%252e/outside/secret.png"), 400},
		{"double-encoded %252f", get(tok + "/pic/0/..%252f..%252foutside%252fsecret.png"), 400},
		{"a backslash", get(tok + "/pic/0/..\\..\\outside\\secret.png"), 400},
		{"%5c", get(tok + "/pic/0/..%5c..%5csecret.png"), 400},
		{"a NUL", get(tok + "/pic/0/real.png%00.txt"), 400},
		{"an absolute path", get(tok + "//etc/passwd"), 404},
		{"an absolute path as a picture", get(tok + "/pic//etc/passwd"), 404},
		{"an absolute path as a picture's name", get(tok + "/pic/0//etc/passwd"), 404},
		{"another picture's name", get(tok + "/pic/0/evil.png"), 404},
		{"a file of the out folder by name", get(tok + "/real.png"), 404},
		{"a number past the pictures", get(tok + "/pic/99/x.png"), 404},
		{"a huge number", get(tok + "/pic/99999999999999999999/x.png"), 404},
		{"a negative number", get(tok + "/pic/-1/x.png"), 404},
		{"a file of the binary", get(tok + "/static/app.js"), 404},
		{"POST", "POST " + tok + "/ HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello", 405},
		{"PUT a picture", "PUT " + tok + "/pic/0/real.png HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx", 405},
		{"DELETE", "DELETE " + tok + "/pic/0/real.png HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 405},
		{"HEAD of the event stream", "HEAD " + tok + "/events HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 405},
		{"a body of 10 GB announced", "POST " + tok + "/events HTTP/1.1\r\nHost: h\r\nContent-Length: 10000000000\r\nConnection: close\r\n\r\nxx", 405},
		{"a 20 kB path", get(tok + "/" + long), 431},
		{"a 20 kB header", "GET " + tok + "/ HTTP/1.1\r\nHost: h\r\nX-Big: " + long + "\r\n\r\n", 431},
		{"a malformed request line", "GARBAGE\r\n\r\n", 400},
		{"HTTP/1.1 without Host", "GET " + tok + "/ HTTP/1.1\r\n\r\n", 400},
		{"a bad header line", "GET " + tok + "/ HTTP/1.1\r\nHost: h\r\nno colon here\r\n\r\n", 400},
		{"a bad Content-Length", "GET " + tok + "/ HTTP/1.1\r\nHost: h\r\nContent-Length: -5\r\n\r\n", 400},
	}
	for _, c := range cases {
		status, _, body := rawRequest(t, addr, c.req)
		if status != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.name, status, c.status, strings.TrimSpace(body))
		}
		if strings.Contains(body, secret) {
			t.Errorf("%s: the answer holds the secret", c.name)
		}
	}

	// Too many viewers: the third gets 503.
	a := openSSE(t, base(s)+"events", "")
	b := openSSE(t, base(s)+"events", "")
	if status, _, _ := rawRequest(t, addr, get(tok+"/events")); status != 503 {
		t.Errorf("a third viewer of two: status %d, want 503", status)
	}
	// The session is unharmed: its stream goes on for the viewers, and
	// the pictures it saved are still sent.
	a.until(5*time.Second, func(f frame) bool { return f.K == "cell-end" })
	bus.Publish(events.Event{Kind: events.Output, Cell: 2, Text: "after the refusals"})
	a.until(2*time.Second, func(f frame) bool { return f.Text == "after the refusals" })
	b.until(2*time.Second, func(f frame) bool { return f.Text == "after the refusals" })
	if status, h, _ := rawRequest(t, addr, get(tok+"/pic/0/real.png")); status != 200 || h.Get("Content-Type") != "image/png" {
		t.Errorf("the picture after the refusals: %d %s", status, h.Get("Content-Type"))
	}
}

// TestLoopbackHost: on a loopback address no token is needed, but a
// request must name the host by a loopback name: a page on another site
// that reaches 127.0.0.1 through DNS rebinding is refused.
func TestLoopbackHost(t *testing.T) {
	bus, out := refusalFixture(t)
	s := testServer(t, "127.0.0.1:0", bus, []string{out}, nil)
	if s.NeedsToken() {
		t.Fatal("a loopback server needs a token")
	}
	addr := hostPort(s)
	_, port, _ := net.SplitHostPort(addr)
	for host, want := range map[string]int{
		"127.0.0.1:" + port:       200,
		"localhost:" + port:       200,
		"[::1]:" + port:           200,
		"LOCALHOST":               200,
		"evil.example:" + port:    403,
		"127.0.0.1.evil.example":  403,
		"192.168.1.10:" + port:    403,
		"localhost.evil.example:": 403,
	} {
		status, _, _ := rawRequest(t, addr, fmt.Sprintf("GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", host))
		if status != want {
			t.Errorf("Host %s: status %d, want %d", host, status, want)
		}
	}
	// And the token's paths mean nothing here.
	if status, _, _ := rawRequest(t, addr, "GET /t/x/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"); status != 404 {
		t.Errorf("a token path on loopback: %d, want 404", status)
	}
}

// TestHeaders: every answer carries a strict Content-Security-Policy and
// the headers that keep the page out of frames, referrers and sniffing.
func TestHeaders(t *testing.T) {
	bus, out := refusalFixture(t)
	s := testServer(t, "127.0.0.1:0", bus, []string{out}, nil)
	for _, path := range []string{"", "app.js", "app.css", "icon.svg", "pic/0/real.png", "nothing"} {
		status, h, _ := rawRequest(t, hostPort(s), "GET /"+path+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
		if path != "nothing" && status != 200 {
			t.Errorf("/%s: %d", path, status)
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("/%s: the CSP %q lacks %s", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") || strings.Contains(csp, "http") || strings.Contains(csp, "*") {
			t.Errorf("/%s: the CSP %q allows too much", path, csp)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
			if h.Get(k) != v {
				t.Errorf("/%s: %s is %q, want %q", path, k, h.Get(k), v)
			}
		}
	}
}

// TestSlowClientNeverBlocks: a client that asks for the event stream and
// never reads holds up neither the session (publishing stays instant)
// nor the other viewers (they get each event well within the write
// timeout a blocked write would cost them: within a second, as a rule),
// and is dropped once a write to it has blocked for the write timeout.
func TestSlowClientNeverBlocks(t *testing.T) {
	t.Parallel()
	bus := events.NewBus()
	const writeTimeout = 4 * time.Second
	s := testServer(t, "127.0.0.1:0", bus, nil, func(s *Server) { s.writeTimeout = writeTimeout })
	addr := hostPort(s)
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if tcp, ok := slow.(*net.TCPConn); ok {
		tcp.SetReadBuffer(4 << 10) // a small window: the server's writes block soon
	}
	fmt.Fprintf(slow, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
	fast := openSSE(t, base(s)+"events", "")
	fast.until(5*time.Second, func(f frame) bool { return f.K == "hello" })
	for deadline := time.Now().Add(5 * time.Second); s.Clients() < 2; {
		if time.Now().After(deadline) {
			t.Fatalf("%d clients connected, want 2", s.Clients())
		}
		time.Sleep(10 * time.Millisecond)
	}

	// 40 cells of 256 kB of output each: 10 MB the slow client never reads.
	line := strings.Repeat("x", 1023) + "\n"
	var slowest time.Duration
	var latencies []time.Duration
	for c := 1; c <= 40; c++ {
		for i := 0; i < 256; i++ {
			t0 := time.Now()
			bus.Publish(events.Event{Kind: events.Output, Cell: c, Text: line})
			slowest = max(slowest, time.Since(t0))
		}
		t0 := time.Now()
		bus.Publish(events.Event{Kind: events.CellEnd, Cell: c, OK: true})
		slowest = max(slowest, time.Since(t0))
		want := c
		start := time.Now()
		fast.until(10*time.Second, func(f frame) bool { return f.K == "cell-end" && f.Cell == want })
		latencies = append(latencies, time.Since(start))
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	median, worst := latencies[len(latencies)/2], latencies[len(latencies)-1]
	t.Logf("the fast viewer got each cell's 256 kB and its end %s after it was published (median; %s at worst)", median, worst)
	if median > time.Second || worst > writeTimeout*3/4 {
		t.Errorf("the fast viewer waited %s (median), %s at worst: the slow one holds it up", median, worst)
	}
	// A publisher held up by the slow client would wait the write timeout;
	// a busy machine's scheduler costs a few milliseconds.
	t.Logf("publishing an event took %s at most", slowest)
	if slowest > writeTimeout/8 {
		t.Errorf("publishing an event took up to %s with a client that does not read", slowest)
	}
	// The slow client is dropped after the write timeout.
	for deadline := time.Now().Add(3 * writeTimeout); s.Clients() > 1; {
		if time.Now().After(deadline) {
			t.Fatalf("%d clients after the write timeout, want 1: the slow one was not dropped", s.Clients())
		}
		time.Sleep(20 * time.Millisecond)
	}
	bus.Publish(events.Event{Kind: events.Output, Cell: 41, Text: "still live"})
	fast.until(2*time.Second, func(f frame) bool { return f.Text == "still live" })
}

// TestSlowHeaders: a client that opens a connection and sends nothing,
// or half a request, is closed after the header timeout.
func TestSlowHeaders(t *testing.T) {
	t.Parallel()
	s := testServer(t, "127.0.0.1:0", events.NewBus(), nil, func(s *Server) { s.readHeaderTime = 300 * time.Millisecond })
	for _, partial := range []string{"", "GET / HTTP/1.1\r\nHost: loc"} {
		c, err := net.Dial("tcp", hostPort(s))
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte(partial))
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		buf := make([]byte, 512)
		for {
			if _, err := c.Read(buf); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					t.Errorf("after %q the server kept the connection open for 5 s", partial)
				}
				break
			}
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("after %q the connection closed after %s", partial, d)
		}
		c.Close()
	}
	// The server still answers.
	if status, _, _ := rawRequest(t, hostPort(s), "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"); status != 200 {
		t.Errorf("after slow clients: %d", status)
	}
}
