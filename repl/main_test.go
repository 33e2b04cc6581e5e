package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/aekit/aekit/repl/internal/kernel"
	"github.com/aekit/aekit/repl/internal/protocol"
)

// The test binary doubles as the REPL and as its kernel: scripts run it as
// "aekit" (testscript.Main), the pty tests start it with AEKIT_REPL_MAIN=1,
// and each REPL starts its kernel as the same binary with
// protocol.KernelEnv set. No separate build is needed.
func TestMain(m *testing.M) {
	if protocol.IsKernel() {
		os.Exit(kernel.Main())
	}
	if os.Getenv("AEKIT_REPL_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	testscript.Main(m, map[string]func(){
		"aekit": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// fixtures is the folder of the lesson fixtures.
func fixtures(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "lessons", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
