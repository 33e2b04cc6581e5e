package classview

import (
	"bufio"
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// testServer starts a server on addr for bus, with pictures served from
// roots, changed by tweak before it starts.
func testServer(t *testing.T, addr string, bus *events.Bus, roots []string, tweak func(*Server)) *Server {
	t.Helper()
	s := newServer(Config{Addr: addr, Bus: bus, Roots: func() []string { return roots }, Started: time.Now()})
	if tweak != nil {
		tweak(s)
	}
	if err := s.listen(); err != nil {
		t.Fatal(err)
	}
	s.start()
	t.Cleanup(func() { s.Close() })
	return s
}

// base returns the server's address on loopback with its token path: the
// prefix every request needs.
func base(s *Server) string {
	_, port, _ := net.SplitHostPort(s.Addr())
	p := "/"
	if s.token != "" {
		p = "/t/" + s.token + "/"
	}
	return "http://127.0.0.1:" + port + p
}

// hostPort returns the loopback address to dial.
func hostPort(s *Server) string {
	_, port, _ := net.SplitHostPort(s.Addr())
	return "127.0.0.1:" + port
}

// rawRequest sends req as it is, bytes on a TCP connection (so that no
// client cleans its path), and returns the response's status and body.
func rawRequest(t *testing.T, addr, req string) (int, http.Header, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatalf("writing %q: %v", req, err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("reading the answer to %.80q: %v", req, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, resp.Header, string(b)
}

// sseClient reads an event stream.
type sseClient struct {
	t    *testing.T
	resp *http.Response
	r    *bufio.Reader
	last string // the last event id seen
}

// openSSE opens the event stream at url, with a Last-Event-ID when id is
// not "".
func openSSE(t *testing.T, url, id string) *sseClient {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if id != "" {
		req.Header.Set("Last-Event-ID", id)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		t.Fatalf("GET %s: %s: %s", url, resp.Status, b)
	}
	c := &sseClient{t: t, resp: resp, r: bufio.NewReader(resp.Body)}
	t.Cleanup(c.close)
	return c
}

func (c *sseClient) close() { c.resp.Body.Close() }

// next returns the next frame, within d.
func (c *sseClient) next(d time.Duration) (frame, bool) {
	c.t.Helper()
	type res struct {
		f   frame
		err error
	}
	ch := make(chan res, 1)
	go func() {
		var data []byte
		for {
			line, err := c.r.ReadString('\n')
			if err != nil {
				ch <- res{err: err}
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "id: "):
				c.last = line[4:]
			case strings.HasPrefix(line, "data: "):
				data = append(data, line[6:]...)
			case line == "" && data != nil:
				var f frame
				err := json.Unmarshal(data, &f)
				ch <- res{f, err}
				return
			}
		}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			c.t.Logf("the stream: %v", r.err)
			return frame{}, false
		}
		return r.f, true
	case <-time.After(d):
		c.t.Fatalf("no frame within %s", d)
		return frame{}, false
	}
}

// until reads frames until one satisfies ok, within d, and returns them all.
func (c *sseClient) until(d time.Duration, ok func(frame) bool) []frame {
	c.t.Helper()
	deadline := time.Now().Add(d)
	var fs []frame
	for {
		f, more := c.next(time.Until(deadline))
		if !more {
			c.t.Fatalf("the stream ended after %d frames", len(fs))
		}
		fs = append(fs, f)
		if ok(f) {
			return fs
		}
	}
}

// writePNG writes a small PNG.
func writePNG(t *testing.T, path string, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeGIF writes a two-frame GIF.
func writeGIF(t *testing.T, path string) []byte {
	t.Helper()
	pal := color.Palette{color.Black, color.White}
	a := &gif.GIF{}
	for i := 0; i < 2; i++ {
		f := image.NewPaletted(image.Rect(0, 0, 8, 8), pal)
		f.SetColorIndex(i, i, 1)
		a.Image = append(a.Image, f)
		a.Delay = append(a.Delay, 50)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, a); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
