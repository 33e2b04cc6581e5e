// Package classview is the live view of a REPL session for a class's
// projector: a web page that shows the session as a notebook and follows
// it as it goes — each cell's code (highlighted), what it printed, every
// picture it saved at full resolution, the lesson step it runs, and while
// a cell trains, its progress and a loss curve that grows epoch by epoch —
// and the same page as one self-contained file, a handout.
//
// The front end starts a Server on the session's event bus (:serve); the
// server reads the bus with one events.Feed (the session so far, then
// live), turns each event into a frame of the page's data once, and keeps
// them in a log that each browser reads from its own position over
// Server-Sent Events: a browser that connects late gets the whole session,
// one that reconnects gets what it missed, and a slow one falls behind
// without holding anyone up. Every byte the page needs is embedded in the
// binary (static/): no CDN, no web font, no build step.
//
// Safe by default: the server listens on 127.0.0.1 (and then refuses a
// request whose Host is not a loopback name, against DNS rebinding); on
// any other address every request must carry a random token in its path
// (/t/TOKEN/), or gets 403. It only answers GET and HEAD, sends only the
// pictures the session saved (named by their number, never by a path;
// each checked to be a PNG or GIF inside the session's output folders,
// symbolic links resolved), sets a strict Content-Security-Policy, caps
// its connections and its live clients, and times out clients that stop
// reading. Nothing on the page runs code: the terminal stays the only
// place cells are typed.
package classview

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// DefaultAddr is where :serve listens without an address. When its port
// is taken, the server takes any free port on 127.0.0.1.
const DefaultAddr = "127.0.0.1:8064"

// DefaultMaxClients is how many browsers may follow the session at once.
const DefaultMaxClients = 100

// Config is what a Server serves and where.
type Config struct {
	// Addr is the address to listen on: "" for DefaultAddr, a port alone
	// ("8080") for that port on 127.0.0.1, or HOST:PORT (":8080" for
	// every interface). Any address that is not a loopback one requires
	// the token.
	Addr string

	// Bus is the session's event bus.
	Bus *events.Bus

	// Roots returns the folders the session saves pictures in (its out
	// folder, and any it used before): a picture is sent only when its
	// real path lies inside one of them. It is called from the server's
	// goroutines.
	Roots func() []string

	// Title heads the page ("aekit session").
	Title string

	// Started is when the session started.
	Started time.Time

	// MaxClients caps the browsers following the session at once; 0 means
	// DefaultMaxClients. Those beyond it get 503.
	MaxClients int
}

// Server serves a session's live page. Its methods may be called from
// any goroutine.
type Server struct {
	cfg      Config
	ln       net.Listener
	srv      *http.Server
	hub      *hub
	token    string // "" on a loopback address
	loopback bool
	urls     []string

	clients atomic.Int64  // live event streams
	pics    chan struct{} // a slot per picture being sent
	done    chan struct{} // closed by Close

	mu     sync.Mutex
	feed   *events.Feed
	closed bool
	pumped chan struct{} // closed when the pump has ended

	// Limits, shortened by tests.
	writeTimeout   time.Duration // the longest a write to a client may block
	heartbeat      time.Duration // a comment to idle event streams this often
	minInterval    time.Duration // the shortest time between two writes to an event stream
	feedBuffer     int
	readHeaderTime time.Duration
}

// discardLog swallows the HTTP server's complaints about bad clients:
// they are the clients' business, not the terminal's.
var discardLog = log.New(io.Discard, "", 0)

// Limits of the server.
const (
	maxConns        = 512     // connections open at once; more wait to be accepted
	maxPictureSends = 16      // pictures being sent at once; more wait
	maxHeaderBytes  = 8 << 10 // a request's line and headers
	chunkBytes      = 256 << 10
)

// Start listens on cfg.Addr and serves the session's page until Close.
func Start(cfg Config) (*Server, error) {
	s := newServer(cfg)
	if err := s.listen(); err != nil {
		return nil, err
	}
	s.start()
	return s, nil
}

// newServer returns a server not yet listening.
func newServer(cfg Config) *Server {
	if cfg.MaxClients <= 0 {
		cfg.MaxClients = DefaultMaxClients
	}
	if cfg.Title == "" {
		cfg.Title = "aekit session"
	}
	if cfg.Roots == nil {
		cfg.Roots = func() []string { return nil }
	}
	return &Server{
		cfg:            cfg,
		hub:            newHub(),
		pics:           make(chan struct{}, maxPictureSends),
		done:           make(chan struct{}),
		pumped:         make(chan struct{}),
		writeTimeout:   10 * time.Second,
		heartbeat:      15 * time.Second,
		minInterval:    100 * time.Millisecond,
		feedBuffer:     1 << 14,
		readHeaderTime: 5 * time.Second,
	}
}

// listen opens the listener and decides on the token.
func (s *Server) listen() error {
	addr, fallback := normalizeAddr(s.cfg.Addr)
	ln, err := net.Listen("tcp", addr)
	if err != nil && fallback {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", addr, err)
	}
	tcp, _ := ln.Addr().(*net.TCPAddr)
	s.loopback = tcp != nil && tcp.IP.IsLoopback()
	if !s.loopback {
		tok, err := newToken()
		if err != nil {
			ln.Close()
			return fmt.Errorf("serve: making the token: %w", err)
		}
		s.token = tok
	}
	s.ln = &limitListener{Listener: ln, sem: make(chan struct{}, maxConns), done: s.done}
	s.urls = pageURLs(tcp, s.token)
	return nil
}

// normalizeAddr returns the address to listen on, and whether another
// port may be taken if its port is busy (only for the default).
func normalizeAddr(addr string) (string, bool) {
	addr = strings.TrimSpace(addr)
	switch {
	case addr == "":
		return DefaultAddr, true
	case isDigits(addr):
		return "127.0.0.1:" + addr, false
	}
	return addr, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// newToken returns 80 random bits as 16 lowercase letters and digits.
func newToken() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return strings.ToLower(base32.StdEncoding.EncodeToString(b)), nil
}

// pageURLs returns the page's URLs: one for a specific address, one per
// interface address (IPv4 first) for an unspecified one.
func pageURLs(tcp *net.TCPAddr, token string) []string {
	if tcp == nil {
		return nil
	}
	path := "/"
	if token != "" {
		path = "/t/" + token + "/"
	}
	port := strconv.Itoa(tcp.Port)
	if !tcp.IP.IsUnspecified() {
		return []string{"http://" + net.JoinHostPort(tcp.IP.String(), port) + path}
	}
	var v4, v6 []string
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() {
				continue
			}
			u := "http://" + net.JoinHostPort(ipn.IP.String(), port) + path
			if ipn.IP.To4() != nil {
				v4 = append(v4, u)
			} else if tcp.IP.To4() == nil {
				v6 = append(v6, u)
			}
		}
	}
	urls := append(v4, v6...)
	if len(urls) == 0 {
		urls = []string{"http://" + net.JoinHostPort("127.0.0.1", port) + path}
	}
	return urls
}

// start begins serving and reading the bus.
func (s *Server) start() {
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.readHeaderTime,
		ReadTimeout:       2 * s.readHeaderTime,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          discardLog,
	}
	s.hub.reset(helloFrame(s.cfg.Title, "live", s.cfg.Started))
	s.mu.Lock()
	s.feed = s.cfg.Bus.Feed(s.feedBuffer)
	feed := s.feed
	s.mu.Unlock()
	go s.pump(feed)
	go s.srv.Serve(s.ln)
}

// pump reads the session's events into the hub. When the feed has had
// to drop events (the pump fell behind, which a fast consumer should not),
// it starts again from the bus's history, in a new generation: the pages
// start again from their hello, complete.
func (s *Server) pump(feed *events.Feed) {
	defer close(s.pumped)
	for {
		dropped := false
		for e := range feed.C {
			s.hub.publish(e)
			if feed.Dropped() > 0 {
				dropped = true
				break
			}
		}
		feed.Close()
		if !dropped {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return
		}
		s.hub.reset(helloFrame(s.cfg.Title, "live", s.cfg.Started))
		s.feed = s.cfg.Bus.Feed(s.feedBuffer)
		feed = s.feed
		s.mu.Unlock()
	}
}

// URL returns the page's address, with its token when one is needed.
// A server listening on every interface has one per address: URL returns
// the first, URLs all.
func (s *Server) URL() string {
	if len(s.urls) == 0 {
		return ""
	}
	return s.urls[0]
}

// URLs returns the page's addresses.
func (s *Server) URLs() []string { return append([]string(nil), s.urls...) }

// Addr returns the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// NeedsToken reports whether requests must carry the token: the server
// listens on an address that is not a loopback one.
func (s *Server) NeedsToken() bool { return s.token != "" }

// Clients returns the number of browsers following the session now.
func (s *Server) Clients() int { return int(s.clients.Load()) }

// Close stops the server: the browsers following the session see it end
// and keep what they show. The session is not touched.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	feed := s.feed
	s.mu.Unlock()
	close(s.done)
	if feed != nil {
		feed.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	<-s.pumped
	return err
}

// ServeHTTP answers a request: the token (when one is needed) or a
// loopback Host, then the page, its script and style, the event stream,
// or a picture.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Content-Security-Policy", liveCSP)

	path := r.URL.Path
	if s.token != "" {
		rest, ok := s.checkToken(path)
		if !ok {
			refuse(w, http.StatusForbidden, "this page needs the address with its token, as :serve printed it")
			return
		}
		if rest == "" { // /t/TOKEN without its slash: the page's relative links need it
			http.Redirect(w, r, "/t/"+s.token+"/", http.StatusMovedPermanently)
			return
		}
		path = rest
	} else if !loopbackHost(r.Host) {
		refuse(w, http.StatusForbidden, "this page answers only to localhost, 127.0.0.1 or [::1]")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		refuse(w, http.StatusMethodNotAllowed, "the page is read-only: GET and HEAD only")
		return
	}
	if badPath(path) || badPath(r.URL.RawPath) {
		refuse(w, http.StatusBadRequest, "bad path")
		return
	}
	switch {
	case path == "/" || path == "/index.html":
		s.serveStatic(w, r, "index.html")
	case path == "/app.js" || path == "/app.css" || path == "/icon.svg":
		s.serveStatic(w, r, path[1:])
	case path == "/events":
		if r.Method != http.MethodGet {
			h.Set("Allow", "GET")
			refuse(w, http.StatusMethodNotAllowed, "the event stream is GET only")
			return
		}
		s.serveEvents(w, r)
	case strings.HasPrefix(path, "/pic/"):
		s.servePicture(w, r, path[len("/pic/"):])
	default:
		refuse(w, http.StatusNotFound, "not found")
	}
}

// checkToken returns the path after /t/TOKEN when path starts with it.
func (s *Server) checkToken(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/t/")
	if !ok {
		return "", false
	}
	tok, rest, slash := strings.Cut(rest, "/")
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) != 1 {
		return "", false
	}
	if !slash {
		return "", true
	}
	return "/" + rest, true
}

// loopbackHost reports whether a request's Host names this machine by a
// loopback name: what a page loaded from another site through DNS
// rebinding cannot send.
func loopbackHost(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// badPath reports whether a path holds what no address of the page
// holds: a dot or dot-dot segment, a backslash, a NUL, or an encoded
// dot, slash, backslash or NUL (a double-encoded one arrives decoded once,
// as one of these).
func badPath(p string) bool {
	if strings.ContainsAny(p, "\\\x00") {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return true
		}
	}
	l := strings.ToLower(p)
	for _, enc := range []string{"%2e", "%2f", "%5c", "%00"} {
		if strings.Contains(l, enc) {
			return true
		}
	}
	return false
}

// refuse answers with status and a line of text.
func refuse(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}

// serveStatic sends an embedded file.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request, name string) {
	f, ok := staticFiles[name]
	if !ok {
		refuse(w, http.StatusNotFound, "not found")
		return
	}
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(3 * s.writeTimeout))
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", f.etag)
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(f.data)
}

// servePicture sends picture N, addressed as /pic/N/NAME: its number in
// the session and its file's base name. Nothing of the request but the
// number chooses the file.
func (s *Server) servePicture(w http.ResponseWriter, r *http.Request, rest string) {
	num, name, ok := strings.Cut(rest, "/")
	if !ok || !isDigits(num) || len(num) > 9 {
		refuse(w, http.StatusNotFound, "no such picture")
		return
	}
	i, _ := strconv.Atoi(num)
	p, ok := s.hub.picture(i)
	if !ok || name != p.name {
		refuse(w, http.StatusNotFound, "no such picture")
		return
	}
	select {
	case s.pics <- struct{}{}:
		defer func() { <-s.pics }()
	case <-r.Context().Done():
		return
	case <-time.After(3 * s.writeTimeout):
		w.Header().Set("Retry-After", "2")
		refuse(w, http.StatusServiceUnavailable, "busy sending pictures; try again")
		return
	}
	f, _, ctype, err := openPicture(p, s.cfg.Roots())
	if err != nil {
		// The reason (where a link leads, say) is for the terminal, not
		// for the network.
		switch status := statusOf(err); status {
		case http.StatusForbidden:
			refuse(w, status, "this picture is not sent: only the PNGs and GIFs in the session's output folder are")
		case http.StatusNotFound:
			refuse(w, status, "no such picture")
		default:
			refuse(w, status, "this picture cannot be read")
		}
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		refuse(w, http.StatusNotFound, "no such picture")
		return
	}
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(3 * s.writeTimeout))
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, p.name, info.ModTime(), f)
}

// serveEvents is the event stream of one browser: the session from the
// position its Last-Event-ID says (from the start for a new one), then
// the events as they come, at most one write per minInterval, a comment
// every heartbeat, until the browser goes, the server closes, or a write
// blocks longer than writeTimeout (a client that stopped reading).
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if n := s.clients.Add(1); n > int64(s.cfg.MaxClients) {
		s.clients.Add(-1)
		w.Header().Set("Retry-After", "10")
		refuse(w, http.StatusServiceUnavailable, fmt.Sprintf("this session already has %d viewers, the most it takes", s.cfg.MaxClients))
		return
	}
	defer s.clients.Add(-1)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	gen, pos := parseLastEventID(r.Header.Get("Last-Event-ID"))
	progSeq := -1
	write := func(b []byte) error {
		rc.SetWriteDeadline(time.Now().Add(s.writeTimeout))
		_, err := w.Write(b)
		return err
	}
	flush := func() error {
		rc.SetWriteDeadline(time.Now().Add(s.writeTimeout))
		return rc.Flush()
	}
	if err := write([]byte("retry: 2000\n\n")); err != nil {
		return
	}
	beat := time.NewTicker(s.heartbeat)
	defer beat.Stop()
	var last time.Time
	for {
		evs, g, next, prog, seq, more := s.hub.since(gen, pos, progSeq)
		gen = g
		pending := 0
		for _, ev := range evs {
			if err := write(ev); err != nil {
				return
			}
			if pending += len(ev); pending >= chunkBytes {
				if err := flush(); err != nil {
					return
				}
				pending = 0
			}
		}
		pos = next
		if prog != nil {
			if err := write(prog); err != nil {
				return
			}
		}
		progSeq = seq
		if len(evs) > 0 || prog != nil {
			if err := flush(); err != nil {
				return
			}
			last = time.Now()
		}
		select {
		case <-more:
		case <-beat.C:
			if err := write([]byte(": ping\n\n")); err != nil {
				return
			}
			if err := flush(); err != nil {
				return
			}
			continue
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
		// Gather what comes in a burst into one write.
		if wait := s.minInterval - time.Since(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			case <-s.done:
				t.Stop()
				return
			}
		}
	}
}

// parseLastEventID reads an event id "GEN-INDEX": the stream goes on
// after INDEX of generation GEN. Anything else starts from the beginning.
func parseLastEventID(id string) (gen, next int) {
	g, i, ok := strings.Cut(id, "-")
	if !ok || !isDigits(g) || !isDigits(i) || len(g) > 9 || len(i) > 9 {
		return -1, 0
	}
	gen, _ = strconv.Atoi(g)
	n, _ := strconv.Atoi(i)
	return gen, n + 1
}

// limitListener accepts at most cap(sem) connections at once: more wait
// in the system's queue until one closes.
type limitListener struct {
	net.Listener
	sem  chan struct{}
	done chan struct{}
}

// Accept waits for a free slot, then for a connection.
func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

// limitConn gives its slot back when closed.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

// Close closes the connection and frees its slot.
func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
