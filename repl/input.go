package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/chzyer/readline"

	"github.com/aekit/aekit/lessons"
)

const (
	promptMain = "aekit> "
	promptMore = "   ... "
)

// cellReader gathers input lines into cells.
type cellReader struct {
	lines  []string
	blanks int // consecutive blank lines at the end
	first  int // input line number of the cell's first line
}

// add adds a line and reports whether the cell is complete: its tokens
// say so; or the line is blank and no bracket, raw string or comment is
// open; or it is the second blank line in a row.
func (c *cellReader) add(line string, lineNo int) bool {
	blank := strings.TrimSpace(line) == ""
	if len(c.lines) == 0 {
		if blank {
			return false
		}
		c.first = lineNo
	}
	c.lines = append(c.lines, line)
	if !blank {
		c.blanks = 0
		return !incomplete(c.src())
	}
	c.blanks++
	return c.blanks >= 2 || !openBracket(c.src())
}

// src is the cell so far.
func (c *cellReader) src() string { return strings.Join(c.lines, "\n") }

// pending reports whether a cell has been started.
func (c *cellReader) pending() bool { return len(c.lines) > 0 }

// take returns the cell and starts a new one.
func (c *cellReader) take() string {
	s := strings.TrimRight(c.src(), "\n\t ")
	c.lines, c.blanks = nil, 0
	return s
}

// isCommand reports whether a line that starts a cell is a ":" command.
func isCommand(line string) bool {
	return strings.HasPrefix(strings.TrimSpace(line), ":")
}

// banner is the two lines an interactive session starts with.
func (s *session) banner() string {
	first := "NAME"
	if all, err := lessons.All(); err == nil && len(all) > 0 {
		first = all[0].Name
	}
	return fmt.Sprintf("aekit: Go with ae, datasets, plots, mat and plot loaded, no imports needed; pictures go to %s/\n"+
		"Type :lessons, then :open %s to start a lesson, or :help for the commands. Ctrl-D quits.\n", s.opts.out, first)
}

// interactiveLoop reads cells with readline until Ctrl-D or :quit.
func (s *session) interactiveLoop(stdin, stdout *os.File) int {
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
	s.out.printf("%s", s.banner())
	var cr cellReader
	for n := 1; ; n++ {
		if cr.pending() {
			rl.SetPrompt(promptMore)
		} else {
			rl.SetPrompt(promptMain)
		}
		line, err := rl.Readline()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			cr.take() // Ctrl-C while editing clears the cell
			continue
		case errors.Is(err, io.EOF):
			return 0
		case err != nil:
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if !cr.pending() && isCommand(line) {
			if err := s.command(line); errors.Is(err, errQuit) {
				return 0
			}
			continue
		}
		if cr.add(line, n) {
			s.runCell(cr.take(), nil)
		}
	}
}

// pipedLoop runs the cells and commands read from r; the first failure ends
// it with status 1 and a line on stderr naming the cell.
func (s *session) pipedLoop(r io.Reader, stderr io.Writer) int {
	br := bufio.NewReader(r)
	var cr cellReader
	cells := 0
	runPending := func() int {
		if !cr.pending() {
			return 0
		}
		first := cr.first
		cells++
		if err := s.runCell(cr.take(), nil); err != nil {
			msg := err.Error()
			if p, ok := err.(*problem); ok {
				msg = p.headline()
			}
			fmt.Fprintf(stderr, "cell %d (input line %d): %s\n", cells, first, msg)
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
		if !cr.pending() && isCommand(line) {
			cerr := s.command(line)
			if errors.Is(cerr, errQuit) {
				return 0
			}
			if cerr != nil {
				fmt.Fprintf(stderr, "input line %d: %s: %s\n", n, strings.TrimSpace(line), headlineOf(cerr))
				return 1
			}
			continue
		}
		if cr.add(line, n) {
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

// headlineOf returns an error's first line.
func headlineOf(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// batchLesson runs every step of a lesson; the first failing step ends it
// with status 1 and a line on stderr naming the step.
func (s *session) batchLesson(name string, stderr io.Writer) int {
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
