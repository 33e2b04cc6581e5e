package frontend

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/aekit/aekit/repl/internal/classview"
)

// Serve starts the session's live page (package classview) on addr ("" or
// "local" for 127.0.0.1 on classview's default port) and prints its
// address. A server already running on another address is stopped first.
// The page only shows the session: stopping it, or closing the browser,
// changes nothing.
func (s *Session) Serve(addr string) error {
	if addr == "local" || addr == "localhost" {
		addr = ""
	}
	s.vmu.Lock()
	old := s.view
	s.vmu.Unlock()
	if old != nil {
		if addr == "" || addr == old.Addr() {
			s.sayServing(old, false)
			return nil
		}
		s.stopServing()
		s.term.printf("stopped the page on %s\n", where(old))
	}
	srv, err := classview.Start(classview.Config{
		Addr:    addr,
		Bus:     s.bus,
		Roots:   s.pictureRoots,
		Title:   "aekit session, " + s.started.Format("2006-01-02 15:04"),
		Started: s.started,
	})
	if err != nil {
		return err
	}
	s.vmu.Lock()
	s.view = srv
	s.vmu.Unlock()
	s.sayServing(srv, true)
	return nil
}

// sayServing prints where the page is. A token is shown once, when the
// server starts.
func (s *Session) sayServing(srv *classview.Server, started bool) {
	switch {
	case !srv.NeedsToken():
		verb := "serving"
		if !started {
			verb = "already serving"
		}
		s.term.printf("%s the session at %s (this computer only; :serve off stops it)\n", verb, srv.URL())
	case started:
		s.term.printf("serving the session on %s, to the network; each address carries a token that keeps others out, shown only now:\n", where(srv))
		for _, u := range srv.URLs() {
			s.term.printf("  %s\n", u)
		}
		s.term.printf(":serve off stops it; starting it again makes a new token\n")
	default:
		s.term.printf("already serving on %s (its address, with the token, was shown when it started; :serve off, then :serve ADDR, makes a new one)\n", where(srv))
	}
}

// where says where a server listens: "127.0.0.1:8064", or "every
// interface, port 8064".
func where(srv *classview.Server) string {
	host, port, err := net.SplitHostPort(srv.Addr())
	if err != nil {
		return srv.Addr()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return "every interface, port " + port
	}
	return srv.Addr()
}

// stopServing stops the live page, if it runs, and reports whether it did.
func (s *Session) stopServing() bool {
	s.vmu.Lock()
	srv := s.view
	s.view = nil
	s.vmu.Unlock()
	if srv == nil {
		return false
	}
	srv.Close()
	return true
}

// Viewers returns the number of browsers following the session, -1 when
// it is not served.
func (s *Session) Viewers() int {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	if s.view == nil {
		return -1
	}
	return s.view.Clients()
}

// ServeURL returns the live page's address, "" when it is not served.
func (s *Session) ServeURL() string {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	if s.view == nil {
		return ""
	}
	return s.view.URL()
}

func (s *Session) cmdServe(arg string) error {
	if strings.EqualFold(arg, "off") {
		if s.stopServing() {
			s.term.printf("the live page is stopped; the session goes on\n")
		} else {
			s.term.printf("the session is not being served (:serve starts it)\n")
		}
		return nil
	}
	return s.Serve(arg)
}

// noteOut remembers a folder the session saves pictures in: the live page
// and the handout send pictures from these folders only.
func (s *Session) noteOut(dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	s.vmu.Lock()
	defer s.vmu.Unlock()
	for _, d := range s.outs {
		if d == abs {
			return
		}
	}
	s.outs = append(s.outs, abs)
}

// pictureRoots returns the folders the session has saved pictures in.
func (s *Session) pictureRoots() []string {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	return append([]string(nil), s.outs...)
}

// saveHandout writes the session as one self-contained web page, with
// its pictures inside (package classview). A file that exists is replaced
// only when replace is true (:save!), atomically.
func (s *Session) saveHandout(path string, replace bool) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err == nil && !replace {
		return fmt.Errorf("save: %s exists; :save! %s replaces it", path, path)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	st, err := classview.WriteHandout(abs, s.bus.History(), classview.HandoutOptions{
		Title:   "aekit session, " + s.started.Format("2006-01-02 15:04"),
		Started: s.started,
		Roots:   s.pictureRoots(),
	})
	if err != nil {
		return fmt.Errorf("save: %w", err)
	}
	pics := fmt.Sprintf("%d pictures", st.Pictures)
	if st.Pictures == 1 {
		pics = "1 picture"
	}
	s.term.printf("saved %s and %s to %s (%s, one file: it opens in any browser, offline)\n", cellsWord(st.Cells), pics, path, formatSize(st.Bytes))
	for _, l := range st.Left {
		s.term.printf("  left out: %s\n", l)
	}
	return nil
}

// formatSize writes a file size in kB or MB.
func formatSize(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d kB", (n+512)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
