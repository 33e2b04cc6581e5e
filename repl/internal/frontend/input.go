package frontend

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/chzyer/readline"
	"golang.org/x/term"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/cell"
)

const (
	promptMain = "aekit> "
	promptMore = "   ... "
)

// Config is what the REPL's command line asks for.
type Config struct {
	Options
	Lesson string // run every step of this lesson and exit
	Resume string // replay this journal first
	Serve  string // show the session live on this address ("local" for the default); "" for no live page
}

// Run is the REPL: a session reading cells from the terminal, from stdin
// when it is not a terminal, or running a lesson. It returns the exit
// status.
func Run(cfg Config, stdin *os.File, stdout, stderr *os.File) int {
	readLines := cfg.Lesson == "" && term.IsTerminal(int(stdin.Fd()))
	cfg.Interactive = term.IsTerminal(int(stdout.Fd()))
	s, err := New(cfg.Options, stdout)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer s.Close()

	// Ctrl-C while a cell runs arrives as SIGINT (readline has left raw
	// mode; the kernel, in a process group of its own, does not get it).
	// Outside a cell, a terminal's Ctrl-C goes to readline; a batch run
	// stops.
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt)
	defer signal.Stop(sigc)
	go func() {
		for range sigc {
			if !s.Interrupt() && !readLines {
				fmt.Fprintln(stderr, "interrupted")
				os.Exit(130)
			}
		}
	}()

	if cfg.Serve != "" {
		if err := s.Serve(cfg.Serve); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if cfg.Resume != "" {
		if err := s.Resume(cfg.Resume); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	switch {
	case cfg.Lesson != "":
		return s.BatchLesson(cfg.Lesson, stderr)
	case readLines:
		return s.Interactive(stdin, stdout)
	default:
		return s.Piped(stdin, stderr)
	}
}

// banner is the two lines an interactive session starts with.
func (s *Session) banner() string {
	first := "NAME"
	if all, err := lessons.All(); err == nil && len(all) > 0 {
		first = all[0].Name
	}
	return fmt.Sprintf("aekit: Go with ae, datasets, plots, mat and plot loaded, no imports needed; pictures go to %s/\n"+
		"Type :lessons, then :open %s to start a lesson, or :help for the commands. Ctrl-D quits.\n", s.opts.Out, first)
}

// Interactive reads cells with readline until Ctrl-D or :quit.
func (s *Session) Interactive(stdin, stdout *os.File) int {
	var current atomic.Pointer[readline.Instance] // for the filter, which runs on readline's goroutine
	cfg := &readline.Config{
		Prompt:          promptMain,
		HistoryFile:     historyPath(),
		AutoComplete:    completer{s},
		InterruptPrompt: "^C",
		EOFPrompt:       "",
		Stdout:          stdout,
		// Ctrl-C with the completion menu open clears the line at once,
		// as it does without the menu (readline would only close it).
		FuncFilterInputRune: func(r rune) (rune, bool) {
			if rl := current.Load(); r == readline.CharInterrupt && rl != nil && rl.Operation.IsInCompleteMode() {
				rl.Operation.ExitCompleteMode(true)
			}
			return r, true
		},
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	current.Store(rl)
	defer rl.Close()
	// Text written while readline shows its prompt (a kernel that died
	// between cells) is drawn above the prompt.
	s.term.setPrompt(rl.Stdout())
	defer s.term.setPrompt(nil)
	s.term.printf("%s", s.banner())
	var cr cell.Reader
	for n := 1; ; n++ {
		if cr.Pending() {
			rl.SetPrompt(promptMore)
		} else {
			rl.SetPrompt(promptMain)
		}
		s.term.endLine()
		s.term.setPrompting(true)
		line, err := rl.Readline()
		s.term.setPrompting(false)
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			cr.Take() // Ctrl-C while editing clears the cell
			continue
		case errors.Is(err, io.EOF):
			return 0
		case err != nil:
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if !cr.Pending() && IsCommand(line) {
			if err := s.Command(line); errors.Is(err, ErrQuit) {
				return 0
			}
			continue
		}
		if cr.Add(line, n) {
			s.RunCell(cr.Take())
		}
	}
}

// Piped runs the cells and commands read from r; the first failure ends
// it with status 1 and a line on stderr naming the cell.
func (s *Session) Piped(r io.Reader, stderr io.Writer) int {
	br := bufio.NewReader(r)
	var cr cell.Reader
	cells := 0
	runPending := func() int {
		if !cr.Pending() {
			return 0
		}
		first := cr.First()
		cells++
		if err := s.RunCell(cr.Take()); err != nil {
			fmt.Fprintf(stderr, "cell %d (input line %d): %s\n", cells, first, headlineOf(err))
			return 1
		}
		return 0
	}
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if line == "" && err != nil {
			break
		}
		line = strings.TrimRight(line, "\r\n")
		if !cr.Pending() && IsCommand(line) {
			cerr := s.Command(line)
			if errors.Is(cerr, ErrQuit) {
				return 0
			}
			if cerr != nil {
				fmt.Fprintf(stderr, "input line %d: %s: %s\n", n, strings.TrimSpace(line), headlineOf(cerr))
				return 1
			}
			continue
		}
		if cr.Add(line, n) {
			if st := runPending(); st != 0 {
				return st
			}
		}
		if err != nil {
			break
		}
	}
	return runPending()
}

// BatchLesson runs every step of a lesson; the first failing step ends it
// with status 1 and a line on stderr naming the step.
func (s *Session) BatchLesson(name string, stderr io.Writer) int {
	if err := s.openLesson(name); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := s.runAll(); err != nil {
		fmt.Fprintln(stderr, headlineOf(err))
		return 1
	}
	return 0
}

// historyPath is where readline keeps the history across sessions:
// $XDG_STATE_HOME/aekit/history, or ~/.aekit_history.
func historyPath() string {
	if dir := os.Getenv("XDG_STATE_HOME"); dir != "" {
		d := filepath.Join(dir, "aekit")
		if err := os.MkdirAll(d, 0o700); err == nil {
			return filepath.Join(d, "history")
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".aekit_history")
}
