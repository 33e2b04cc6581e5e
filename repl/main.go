// Command repl is aekit's notebook-style Go REPL: Go evaluated by the yaegi
// interpreter, with aekit's packages, gonum and gonum/plot preloaded, and
// the lessons runnable step by step.
//
//	go run ./repl                        # interactive
//	go run ./repl -lesson compression    # run a lesson's steps and exit (CI, class preparation)
//	go run ./repl < cells.go             # run piped cells and exit
//
// Flags:
//
//	-out DIR      the folder pictures go to (default aekit-out); cells see it as out
//	-quick        lessons shrink their data and epochs; cells see it as quick
//	-lesson NAME  run every step of lesson NAME (or of a lesson .go file) and exit;
//	              the first failing step ends it with status 1, naming the step
//
// Without a terminal on stdin the REPL reads cells from stdin: a cell ends
// when its tokens are complete (no open bracket, no trailing operator,
// comma or dot) at the end of a line; a blank line outside brackets ends
// one too, two blank lines end one in any case. The first failing cell ends
// the run with status 1.
//
// Only this package knows the interpreter; every other aekit package is
// plain Go, exposed to cells through the tables in internal/symbols.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"

	"golang.org/x/term"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program; it returns the exit status.
func run(args []string, stdin *os.File, stdout, stderr *os.File) int {
	flags := flag.NewFlagSet("aekit", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("out", "aekit-out", "the `folder` pictures go to")
	quick := flags.Bool("quick", false, "lessons shrink their data and epochs")
	lesson := flags.String("lesson", "", "run every step of lesson `NAME` (or of a lesson .go file) and exit")
	flags.Usage = func() {
		fmt.Fprintf(stderr, "usage: repl [-out DIR] [-quick] [-lesson NAME]\n")
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
	// yaegi logs some compile panics with the log package; the REPL
	// explains them itself.
	log.SetOutput(io.Discard)

	readLines := *lesson == "" && term.IsTerminal(int(stdin.Fd()))
	interactive := term.IsTerminal(int(stdout.Fd()))
	s, err := newSession(options{out: *out, quick: *quick}, stdout, interactive)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}

	// Ctrl-C while a cell runs arrives as SIGINT (readline has left raw
	// mode) and cancels the cell's context. Outside a cell, a terminal's
	// Ctrl-C goes to readline; a batch run stops.
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt)
	defer signal.Stop(sigc)
	go func() {
		for range sigc {
			if !s.interrupt() && !readLines {
				fmt.Fprintln(stderr, "interrupted")
				os.Exit(130)
			}
		}
	}()

	switch {
	case *lesson != "":
		return s.batchLesson(*lesson, stderr)
	case readLines:
		return s.interactiveLoop(stdin, stdout)
	default:
		return s.pipedLoop(stdin, stderr)
	}
}
