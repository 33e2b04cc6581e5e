//go:build unix

package kernel

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/aekit/aekit/repl/internal/protocol"
)

// stdioGuard keeps the kernel's stdout and stderr (one pipe to the front
// end) working whatever a cell does to them: a cell may close os.Stdout,
// or set it to something else, and the session must not go silent. After
// each cell it puts file descriptors 1 and 2 back on the pipe and
// os.Stdout and os.Stderr back to their files, then writes the sync
// marker.
type stdioGuard struct {
	saved          [3]int // duplicates of descriptors 1 and 2 (index 1, 2)
	stat           [3]unix.Stat_t
	stdout, stderr *os.File // the original files, kept from the collector
}

func newStdioGuard() (*stdioGuard, error) {
	g := &stdioGuard{stdout: os.Stdout, stderr: os.Stderr}
	for _, fd := range []int{1, 2} {
		d, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 10)
		if err != nil {
			return nil, fmt.Errorf("keeping a copy of file descriptor %d: %v", fd, err)
		}
		g.saved[fd] = d
		if err := unix.Fstat(fd, &g.stat[fd]); err != nil {
			return nil, fmt.Errorf("file descriptor %d: %v", fd, err)
		}
	}
	return g, nil
}

// restore puts descriptors 1 and 2 and os.Stdout and os.Stderr back.
func (g *stdioGuard) restore() {
	for _, fd := range []int{1, 2} {
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err == nil && st.Dev == g.stat[fd].Dev && st.Ino == g.stat[fd].Ino {
			continue
		}
		unix.Dup2(g.saved[fd], fd)
	}
	// A new *os.File only for a closed one: an open one dropped would
	// close its descriptor when the collector finalizes it.
	if isClosed(g.stdout) {
		g.stdout = os.NewFile(1, "/dev/stdout")
	}
	if isClosed(g.stderr) {
		g.stderr = os.NewFile(2, "/dev/stderr")
	}
	os.Stdout, os.Stderr = g.stdout, g.stderr
}

// isClosed reports whether f was closed.
func isClosed(f *os.File) bool {
	_, err := f.Stat()
	return err != nil
}

// afterCell is Config.AfterCell: restore, then mark the end of the cell's
// output on the pipe.
func (g *stdioGuard) afterCell(cell uint64) {
	g.restore()
	unix.Write(1, protocol.SyncMarker(cell))
}
