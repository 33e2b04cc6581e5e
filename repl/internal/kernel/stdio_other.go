//go:build !unix

package kernel

import (
	"os"

	"github.com/aekit/aekit/repl/internal/protocol"
)

// stdioGuard, where file descriptors cannot be duplicated, only writes the
// sync marker after each cell.
type stdioGuard struct{}

func newStdioGuard() (*stdioGuard, error) { return &stdioGuard{}, nil }

// afterCell is Config.AfterCell.
func (g *stdioGuard) afterCell(cell uint64) {
	os.Stdout.Write(protocol.SyncMarker(cell))
}
