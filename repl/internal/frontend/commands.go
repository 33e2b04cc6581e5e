package frontend

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/cell"
	"github.com/aekit/aekit/repl/internal/events"
	"github.com/aekit/aekit/repl/internal/memguard"
	"github.com/aekit/aekit/repl/internal/protocol"
)

// A command is a notebook command: a line starting with ":".
type command struct {
	name string // without the colon
	args string // argument synopsis for :help
	help string // one line
	run  func(s *Session, arg string) error
}

// ErrQuit ends the REPL: :quit returns it.
var ErrQuit = errors.New("quit")

// commands is the table :help prints, in its order.
var commands []command

func init() {
	commands = []command{
		{"help", "", "list the commands", (*Session).cmdHelp},
		{"lessons", "", "the lessons: title, goal and number of steps", (*Session).cmdLessons},
		{"open", "NAME", "open a lesson: a name or number from :lessons, or a .go file", (*Session).cmdOpen},
		{"next", "", "run the next step of the lesson", func(s *Session, _ string) error { return s.step(+1, nil) }},
		{"prev", "", "go back one step and show it (:run runs it)", (*Session).cmdPrev},
		{"run", "[NAME=VALUE…]", "run the current step again; NAME=VALUE sets NAME := VALUE", (*Session).cmdRun},
		{"redo", "[NAME=VALUE…]", "the same as :run", (*Session).cmdRun},
		{"step", "N [NAME=VALUE…]", "run step N; :step 2 codeSize=8 runs it with codeSize := 8", (*Session).cmdStep},
		{"show", "", "the current step's text, code, knobs and exercises", (*Session).cmdShow},
		{"all", "", "run the rest of the lesson", func(s *Session, _ string) error { return s.runAll() }},
		{"check", "[N]", "check the exercises of the steps run so far, or exercise N", (*Session).cmdCheck},
		{"vars", "", "the names defined so far: types and short values", (*Session).cmdVars},
		{"doc", "[NAME]", "documentation: :doc ae, :doc ae.NewSymmetric, :doc ae.Model.Fit, :doc m.Fit for a variable m", (*Session).cmdDoc},
		{"plots", "", "the pictures saved this session, newest first", (*Session).cmdPlots},
		{"load", "FILE", "run a saved notebook's cells (FILE.md), or a Go file (a package main program: its declarations, then main)", (*Session).cmdLoad},
		{"save", "FILE", "save the session: FILE.md a Markdown notebook with its pictures, FILE.html one web page with them inside (not over a file that exists)", (*Session).cmdSave},
		{"save!", "FILE", "the same, replacing the file if it exists", (*Session).cmdSaveReplace},
		{"serve", "[ADDR|off]", "show the session live in a browser, for a projector (127.0.0.1 unless ADDR); :serve off stops it", (*Session).cmdServe},
		{"out", "DIR", "save pictures in DIR from now on (sets out)", (*Session).cmdOut},
		{"reset", "", "start afresh: a new kernel, every name forgotten (the out folder and the journal stay)", (*Session).cmdReset},
		{"restart", "", "the same as :reset", (*Session).cmdReset},
		{"replay", "", "a new kernel that runs again the cells that succeeded since the last :reset", (*Session).cmdReplay},
		{"resume", "FILE.md", "a new session from a journal (or any notebook): its cells and lesson steps run again", (*Session).cmdResume},
		{"time", "", "toggle printing how long each cell takes", (*Session).cmdTime},
		{"quit", "", "leave the REPL (Ctrl-D does too)", func(*Session, string) error { return ErrQuit }},
	}
}

// lookupCommand finds a command by name.
func lookupCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// IsCommand reports whether a line that starts a cell is a ":" command.
func IsCommand(line string) bool {
	return strings.HasPrefix(strings.TrimSpace(line), ":")
}

// Command runs a ":" line. It returns ErrQuit for :quit, and the command's
// error after printing it.
func (s *Session) Command(line string) error {
	line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), ":"))
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	c, ok := lookupCommand(name)
	if !ok {
		err := fmt.Errorf("unknown command :%s (:help lists them)", name)
		s.term.printf("%s\n", err)
		return err
	}
	if c.args != "" && !strings.HasPrefix(c.args, "[") && arg == "" {
		err := fmt.Errorf("usage: :%s %s", c.name, c.args)
		s.term.printf("%s\n", err)
		return err
	}
	err := c.run(s, arg)
	if err != nil && err != ErrQuit {
		var sf *stepFailure
		var p *protocol.Problem
		var cd *cellDeath
		if !errors.As(err, &sf) && !errors.As(err, &p) && !errors.As(err, &cd) {
			s.term.printf("error: %s\n", err) // cells print their own problems
		}
	}
	return err
}

// record publishes a command that changes the session, for the journal.
func (s *Session) record(line string) {
	s.publish(events.Event{Kind: events.Command, Cell: s.cells, Text: line})
}

func (s *Session) cmdHelp(string) error {
	s.term.printf("Type Go: declarations and statements run as you enter them; an expression's value is printed.\n")
	s.term.printf("Each cell is checked as Go first: what the Go compiler would reject is refused, in its words.\n")
	r := s.readyInfo()
	if r != nil {
		s.term.printf("Packages without import: %s.\n", strings.Join(r.Packages, ", "))
		s.term.printf("Predefined:\n")
		for _, p := range r.Predefined {
			s.term.printf("  %-6s %s\n", p.Name, p.Doc)
		}
	}
	s.term.printf("Commands:\n")
	width := 0
	for _, c := range commands {
		width = max(width, utf8.RuneCountInString(synopsis(c)))
	}
	for _, c := range commands {
		syn := synopsis(c)
		s.term.printf("  %s%s %s\n", syn, strings.Repeat(" ", width-utf8.RuneCountInString(syn)), c.help)
	}
	s.term.printf("\nTab completes names and members (ae.<Tab>, m.<Tab>). Ctrl-C stops a running cell (training stops within a batch)\n")
	s.term.printf("or clears the one being typed. A cell that has not stopped %d s after Ctrl-C is in code that does not watch ctx:\n", int(stopAfter.Seconds()))
	s.term.printf("Ctrl-C again then replaces the kernel and replays the cells that succeeded.\n")
	s.term.printf("\nThe cells run in a kernel, a process of their own. If a cell kills it (a stack overflow, too much memory), the REPL\n")
	s.term.printf("says why, starts a new one and replays the cells that succeeded (not the failed or interrupted ones).\n")
	if s.limit > 0 {
		s.term.printf("Memory guard: the kernel may use %s (this machine has %s); -mem SIZE changes it, -mem off removes it.\n", memguard.Format(s.limit), memguard.Format(s.machine.Total))
	} else {
		s.term.printf("Memory guard: off (-mem SIZE sets one).\n")
	}
	if p := s.JournalPath(); p != "" {
		s.term.printf("Journal: %s, a notebook of every cell, written as each ends; -resume FILE replays it.\n", p)
	} else if s.journal != nil {
		s.term.printf("Journal: every cell is added to %s/session-….md as it ends; -resume FILE replays it.\n", s.opts.Out)
	}
	if r != nil {
		s.term.printf("%s\n", r.Unsupported)
	}
	return nil
}

// readyInfo returns what the kernel said of itself, starting it if need
// be; nil when there is no kernel.
func (s *Session) readyInfo() *protocol.Ready {
	s.kmu.Lock()
	defer s.kmu.Unlock()
	if _, err := s.kernel(); err != nil {
		return nil
	}
	return s.ready
}

// synopsis is a command with its arguments, as :help shows it.
func synopsis(c command) string {
	return strings.TrimSpace(":" + c.name + " " + c.args)
}

func (s *Session) cmdLessons(string) error {
	all, err := lessons.All()
	if err != nil {
		return err
	}
	if len(all) == 0 {
		s.term.printf("This build has no lessons yet. :open FILE.go opens a lesson file.\n")
		return nil
	}
	width := 0
	for _, l := range all {
		width = max(width, len(l.Name))
	}
	indent := strings.Repeat(" ", width+6)
	for i, l := range all {
		s.term.printf("%2d. %-*s  %s (%d steps)\n", i+1, width, l.Name, l.Title, len(l.Steps))
		for _, line := range wrap("goal: "+l.Goal, 78-len(indent)) {
			s.term.printf("%s%s\n", indent, line)
		}
	}
	s.term.printf("\n:open %s starts the first; :open NAME opens any.\n", all[0].Name)
	return nil
}

// wrap breaks text into lines of at most width runes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func (s *Session) cmdOpen(arg string) error { return s.openLesson(arg) }

// step moves by delta steps (0: the current one again) and runs the step
// with the settings.
func (s *Session) step(delta int, sets []cell.Setting) error {
	if s.lesson == nil {
		return errNoLesson
	}
	i := s.lesson.pos + delta
	if delta == 0 && i < 0 {
		i = 0
	}
	if delta > 0 {
		i = s.lesson.nextStep()
		if i == s.lesson.pos {
			s.term.printf("step %d %s before it finished: running it again.\n", i+1, s.lesson.why)
		}
	}
	if i >= len(s.lesson.lesson.Steps) {
		return fmt.Errorf("%s has no more steps (:step N goes back to one)", s.lesson.lesson.Name)
	}
	return s.runStep(i, sets)
}

func (s *Session) cmdRun(arg string) error {
	sets, err := cell.ParseSettings(arg)
	if err != nil {
		return err
	}
	return s.step(0, sets)
}

func (s *Session) cmdPrev(string) error {
	if s.lesson == nil {
		return errNoLesson
	}
	if s.lesson.pos <= 0 {
		return fmt.Errorf("already at the first step")
	}
	s.lesson.pos--
	s.record(":prev")
	s.showStep(s.lesson.pos, s.lesson.lesson.Steps[s.lesson.pos].Code)
	return nil
}

func (s *Session) cmdStep(arg string) error {
	num, rest, _ := strings.Cut(arg, " ")
	n, err := strconv.Atoi(num)
	if err != nil {
		return fmt.Errorf("usage: :step N [NAME=VALUE…], N a step number")
	}
	sets, err := cell.ParseSettings(rest)
	if err != nil {
		return err
	}
	return s.runStep(n-1, sets)
}

func (s *Session) cmdShow(string) error {
	if s.lesson == nil {
		return errNoLesson
	}
	i := max(s.lesson.pos, 0)
	s.showStep(i, s.lesson.lesson.Steps[i].Code)
	s.showExtras(i)
	return nil
}

func (s *Session) cmdCheck(arg string) error {
	err := s.checkExercise(arg)
	if err == nil {
		s.record(strings.TrimSpace(":check " + arg))
	}
	return err
}

func (s *Session) cmdVars(string) error {
	r, err := s.query(protocol.QVars, "")
	if err != nil {
		return err
	}
	s.term.printf("%s", r.Text)
	return nil
}

func (s *Session) cmdDoc(arg string) error {
	r, err := s.query(protocol.QDoc, arg)
	if err != nil {
		return err
	}
	if r.Err != "" {
		return errors.New(r.Err)
	}
	s.term.printf("%s", r.Text)
	return nil
}

func (s *Session) cmdPlots(string) error {
	plots := append([]string(nil), s.plots...)
	if len(plots) == 0 {
		s.term.printf("No pictures yet this session; they are saved in %s.\n", s.opts.Out)
		return nil
	}
	seen := map[string]bool{}
	var newest []string
	for i := len(plots) - 1; i >= 0; i-- {
		if !seen[plots[i]] {
			seen[plots[i]] = true
			newest = append(newest, plots[i])
		}
	}
	for _, p := range newest {
		s.term.printf("  %s\n", p)
	}
	if s.opts.Interactive {
		s.preview(newest[:1])
	}
	return nil
}

func (s *Session) cmdLoad(arg string) error {
	if strings.EqualFold(filepath.Ext(arg), ".md") {
		return s.loadNotebook(arg)
	}
	return s.loadProgram(arg)
}

func (s *Session) cmdSave(arg string) error { return s.save(arg, false) }

func (s *Session) cmdSaveReplace(arg string) error { return s.save(arg, true) }

func (s *Session) save(path string, replace bool) error {
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".html" || ext == ".htm" {
		return s.saveHandout(path, replace)
	}
	n, err := s.saveNotebook(path, replace)
	if err != nil {
		return err
	}
	s.term.printf("saved %s to %s\n", cellsWord(n), path)
	return nil
}

func (s *Session) cmdOut(arg string) error {
	r, err := s.query(protocol.QSetOut, arg)
	if err != nil {
		return err
	}
	if r.Err != "" {
		return errors.New(r.Err)
	}
	s.opts.Out = arg
	s.noteOut(arg)
	s.kmu.Lock()
	s.log = append(s.log, logEntry{setOut: arg})
	s.kmu.Unlock()
	s.record(":out " + arg)
	s.term.printf("pictures go to %s\n", arg)
	return nil
}

func (s *Session) cmdReset(string) error {
	if err := s.restart(); err != nil {
		return err
	}
	if s.lesson != nil {
		ls := newLessonState(s.lesson.lesson)
		ls.openedAs = s.lesson.openedAs
		s.lesson = ls
	}
	s.record(":reset")
	s.term.printf("fresh interpreter: every name is gone; pictures still go to %s\n", s.opts.Out)
	return nil
}

func (s *Session) cmdReplay(string) error {
	s.kmu.Lock()
	defer s.kmu.Unlock()
	s.replaceKernel("")
	return nil
}

func (s *Session) cmdResume(arg string) error {
	return s.Resume(arg)
}

func (s *Session) cmdTime(string) error {
	s.timing = !s.timing
	if s.timing {
		s.term.printf("timing on\n")
	} else {
		s.term.printf("timing off\n")
	}
	return nil
}

// intersects reports whether any of names is in set.
func intersects(names []string, set map[string]bool) bool {
	for _, n := range names {
		if set[n] {
			return true
		}
	}
	return false
}
