// Command repl is aekit's notebook-style Go REPL: Go evaluated by the yaegi
// interpreter, with aekit's packages, gonum and gonum/plot preloaded, and
// the lessons runnable step by step.
//
//	go run ./repl                        # interactive
//	go run ./repl -lesson compression    # run a lesson's steps and exit (CI, class preparation)
//	go run ./repl < cells.go             # run piped cells and exit
//	go run ./repl -resume aekit-out/session-20250101-090000.md   # replay a journal, then go on
//
// Flags:
//
//	-out DIR      the folder pictures and the session's journal go to (default aekit-out); cells see it as out
//	-quick        lessons shrink their data and epochs; cells see it as quick
//	-lesson NAME  run every step of lesson NAME (or of a lesson .go file) and exit;
//	              the first failing step ends it with status 1, naming the step
//	-resume FILE  replay a journal (or any saved notebook) into the new session first
//	-mem SIZE     the most memory the kernel may use (4GB, 512MB; off for no limit);
//	              the default is three quarters of the memory available at start
//	-serve ADDR   show the session live in a browser, as :serve ADDR does: "local"
//	              for 127.0.0.1 on the default port, a port ("8080") for 127.0.0.1,
//	              HOST:PORT (":8080" for every interface: the address then carries
//	              a token, printed once)
//
// Without a terminal on stdin the REPL reads cells from stdin: a cell ends
// when its tokens are complete (no open bracket, no trailing operator,
// comma or dot) at the end of a line; a blank line outside brackets ends
// one too, two blank lines end one in any case. The first failing cell ends
// the run with status 1.
//
// The REPL is two processes of this binary: the front end (package
// internal/frontend) keeps the terminal, the lesson cursor and the
// journal; the kernel (internal/kernel), started with AEKIT_KERNEL set,
// runs the cells through the pipeline (internal/pipeline, the only code
// that knows the interpreter). They speak the protocol of
// internal/protocol. This package is the command line and the wiring.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/aekit/aekit/repl/internal/frontend"
	"github.com/aekit/aekit/repl/internal/kernel"
	"github.com/aekit/aekit/repl/internal/memguard"
	"github.com/aekit/aekit/repl/internal/protocol"
)

func main() {
	if protocol.IsKernel() {
		os.Exit(kernel.Main())
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the front end's program; it returns the exit status.
func run(args []string, stdin *os.File, stdout, stderr *os.File) int {
	flags := flag.NewFlagSet("aekit", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("out", "aekit-out", "the `folder` pictures and the session's journal go to")
	quick := flags.Bool("quick", false, "lessons shrink their data and epochs")
	lesson := flags.String("lesson", "", "run every step of lesson `NAME` (or of a lesson .go file) and exit")
	resume := flags.String("resume", "", "replay the journal `FILE` (or a saved notebook) into the new session first")
	mem := flags.String("mem", "", "the most memory the kernel may use, as `SIZE` (4GB, 512MB, off); default: 3/4 of what is available")
	serve := flags.String("serve", "", "show the session live in a browser on `ADDR`: local (127.0.0.1), a port, or HOST:PORT (a token is then required)")
	flags.Usage = func() {
		fmt.Fprintf(stderr, "usage: repl [-out DIR] [-quick] [-lesson NAME] [-resume FILE] [-mem SIZE] [-serve ADDR]\n")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if flags.NArg() > 0 {
		flags.Usage()
		return 2
	}
	limit := int64(-1)
	if *mem != "" {
		n, err := memguard.Parse(*mem)
		if err != nil {
			fmt.Fprintf(stderr, "-mem: %v\n", err)
			return 2
		}
		limit = n
	}
	// yaegi logs some compile panics with the log package; the REPL
	// explains them itself.
	log.SetOutput(io.Discard)
	cfg := frontend.Config{
		Options: frontend.Options{Out: *out, Quick: *quick, MemoryLimit: limit},
		Lesson:  *lesson,
		Resume:  *resume,
		Serve:   *serve,
	}
	return frontend.Run(cfg, stdin, stdout, stderr)
}
