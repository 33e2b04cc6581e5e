package frontend

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// get fetches url and returns its status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// streamUntil reads the event stream at url until a line holds want.
func streamUntil(t *testing.T, url, want string, d time.Duration) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	found := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if strings.Contains(sc.Text(), want) {
				found <- true
				return
			}
		}
		found <- false
	}()
	select {
	case ok := <-found:
		if !ok {
			t.Fatalf("the stream at %s ended without %q", url, want)
		}
	case <-time.After(d):
		t.Fatalf("no %q on the stream at %s within %s", want, url, d)
	}
}

// TestServe: :serve prints the page's address on 127.0.0.1; the page and
// its stream show the session; :serve again says where it is; :serve off
// stops it and the session goes on as before.
func TestServe(t *testing.T) {
	ts := newTestSession(t)
	ts.ok(`x := 41`)
	out, err := ts.cmd(":serve 127.0.0.1:0")
	m := servingRe.FindStringSubmatch(out)
	if err != nil || m == nil || !strings.HasPrefix(m[1], "http://127.0.0.1:") {
		t.Fatalf(":serve: %v\n%s", err, out)
	}
	url := m[1]
	if status, body := get(t, url); status != 200 || !strings.Contains(body, `<script src="app.js"`) {
		t.Errorf("the page: %d\n%s", status, body)
	}
	streamUntil(t, url+"events", `["","x := "],["n","41"]`, 5*time.Second)
	ts.ok(`fmt.Println("y is", x+1)`)
	streamUntil(t, url+"events", `y is 42`, 5*time.Second)
	if out, _ := ts.cmd(":serve"); !strings.Contains(out, "already serving the session at "+url) {
		t.Errorf(":serve again: %q", out)
	}
	if !waitFor(2*time.Second, func() bool { return ts.Viewers() == 0 }) || ts.ServeURL() != url {
		t.Errorf("ServeURL %q, Viewers %d", ts.ServeURL(), ts.Viewers())
	}
	if out, _ := ts.cmd(":serve off"); !strings.Contains(out, "the live page is stopped; the session goes on") {
		t.Errorf(":serve off: %q", out)
	}
	if _, err := http.Get(url); err == nil {
		t.Error("the page still answers after :serve off")
	}
	if out, _ := ts.cmd(":serve off"); !strings.Contains(out, "not being served") {
		t.Errorf(":serve off twice: %q", out)
	}
	if out := ts.ok("x + 2"); !strings.Contains(out, "43") {
		t.Errorf("after :serve off, x + 2 printed %q", out)
	}
	// :help lists it.
	if out, _ := ts.cmd(":help"); !strings.Contains(out, ":serve [ADDR|off]") {
		t.Error(":help does not list :serve")
	}
}

var tokenRe = regexp.MustCompile(`http://\S+:(\d+)/t/([a-z2-7]{16})/`)

// TestServeToken: on every interface, the address carries a token,
// printed once; requests without it are refused, and the session does
// not notice.
func TestServeToken(t *testing.T) {
	ts := newTestSession(t)
	out, err := ts.cmd(":serve 0.0.0.0:0")
	m := tokenRe.FindStringSubmatch(out)
	if err != nil || m == nil || !strings.Contains(out, "a token that keeps others out, shown only now") {
		t.Fatalf(":serve 0.0.0.0:0: %v\n%s", err, out)
	}
	port, token := m[1], m[2]
	local := "http://127.0.0.1:" + port
	if status, _ := get(t, local+"/"); status != 403 {
		t.Errorf("without the token: %d, want 403", status)
	}
	if status, _ := get(t, local+"/t/"+token+"/"); status != 200 {
		t.Errorf("with the token: %d, want 200", status)
	}
	again, _ := ts.cmd(":serve")
	if strings.Contains(again, token) || !strings.Contains(again, "already serving on") {
		t.Errorf(":serve again shows the token, or no note: %q", again)
	}
	if out := ts.ok("1 + 1"); !strings.Contains(out, "2") {
		t.Errorf("1 + 1 printed %q", out)
	}
}

// TestServeRefusalsLeaveSessionAlone: against a real session, refused
// requests (no picture by path, traversals, a symbolic link out of the
// out folder, a client that never reads) change nothing: the next cells
// run, and their pictures are served.
func TestServeRefusalsLeaveSessionAlone(t *testing.T) {
	ts := newTestSession(t)
	outside := filepath.Join(ts.dir, "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.png"), []byte("\x89PNG\r\n\x1a\nTOPSECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := ts.cmd(":serve 127.0.0.1:0")
	m := servingRe.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf(":serve: %s", out)
	}
	url := m[1]
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	// A cell makes a symbolic link in the out folder that leads outside:
	// the kernel reports it as a picture, the page refuses it.
	ts.ok(fmt.Sprintf(`check(os.MkdirAll(out, 0o755))
check(os.Symlink(%q, filepath.Join(out, "evil.png")))`, filepath.Join(outside, "secret.png")))
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fmt.Fprintf(slow, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n") // and never reads
	for path, want := range map[string]int{
		"pic/0/evil.png":                       403,
		"pic/0/..%2f..%2foutside%2fsecret.png": 400,
		"pic/%2e%2e/outside/secret.png":        400,
		"../outside/secret.png":                400,
		"evil.png":                             404,
		"pic/1/x.png":                          404,
	} {
		status, body := get(t, url+path)
		if status != want || strings.Contains(body, "TOPSECRET") {
			t.Errorf("%s: %d, want %d (%s)", path, status, want, strings.TrimSpace(body))
		}
	}
	start := time.Now()
	ts.ok(`p := plot.New()
l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}})
check(err)
p.Add(l)
check(p.Save(200, 100, picture("line.png")))`)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("a cell took %s with a client that does not read", d)
	}
	if status, _ := get(t, url+"pic/1/line.png"); status != 200 {
		t.Errorf("the new picture: %d", status)
	}
}

// TestSaveHandout: :save FILE.html writes the page with its pictures
// inside; it will not replace a file unless told with :save!.
func TestSaveHandout(t *testing.T) {
	ts := newTestSession(t)
	ts.ok(`fmt.Println("handout line")`)
	ts.ok(`p := plot.New()
l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}})
check(err)
p.Add(l)
check(p.Save(200, 100, picture("line.png")))`)
	path := filepath.Join(ts.dir, "handouts", "class.html")
	out, err := ts.cmd(":save " + path)
	if err != nil || !regexp.MustCompile(`saved 2 cells and 1 picture to \S+class.html \(\d+ kB, one file`).MatchString(out) {
		t.Fatalf(":save: %v\n%s", err, out)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "handout line") || !strings.Contains(string(b), `"src":"data:image/png;base64,`) {
		t.Fatalf("the handout: %v\n%.300s", err, b)
	}
	out, err = ts.cmd(":save " + path)
	if err == nil || !strings.Contains(out, "exists; :save! "+path+" replaces it") {
		t.Errorf(":save over a handout: %v %q", err, out)
	}
	ts.ok(`fmt.Println("one more")`)
	if _, err := ts.cmd(":save! " + path); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	if !strings.Contains(string(b), "one more") {
		t.Error(":save! did not replace the handout")
	}
	if out, err := ts.cmd(":save " + filepath.Join(ts.dir, "x.txt")); err == nil || !strings.Contains(out, "FILE.html for a web page") {
		t.Errorf(":save x.txt: %v %q", err, out)
	}
}
