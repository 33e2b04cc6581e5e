package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aekit/aekit/lessons"
)

// A command is a notebook command: a line starting with ":".
type command struct {
	name string // without the colon
	args string // argument synopsis for :help
	help string // one line
	run  func(s *session, arg string) error
}

// errQuit ends the REPL.
var errQuit = errors.New("quit")

// commands is the table :help prints, in its order.
var commands []command

func init() {
	commands = []command{
		{"help", "", "list the commands", (*session).cmdHelp},
		{"lessons", "", "the lessons: title, goal and number of steps", (*session).cmdLessons},
		{"open", "NAME", "open a lesson: a name or number from :lessons, or a .go file", (*session).cmdOpen},
		{"next", "", "run the next step of the lesson", func(s *session, _ string) error { return s.step(+1, nil) }},
		{"prev", "", "go back one step and show it (:run runs it)", (*session).cmdPrev},
		{"run", "[NAME=VALUE…]", "run the current step again; NAME=VALUE sets NAME := VALUE", (*session).cmdRun},
		{"redo", "[NAME=VALUE…]", "the same as :run", (*session).cmdRun},
		{"step", "N [NAME=VALUE…]", "run step N; :step 2 codeSize=8 runs it with codeSize := 8", (*session).cmdStep},
		{"show", "", "the current step's text, code, knobs and exercises", (*session).cmdShow},
		{"all", "", "run the rest of the lesson", func(s *session, _ string) error { return s.runAll() }},
		{"check", "[N]", "check the exercises of the steps run so far, or exercise N", (*session).checkExercise},
		{"vars", "", "the names defined so far: types and short values", (*session).cmdVars},
		{"doc", "[NAME]", "documentation: :doc ae, :doc ae.NewSymmetric, :doc ae.Model.Fit, :doc m.Fit for a variable m", (*session).cmdDoc},
		{"plots", "", "the pictures saved this session, newest first", (*session).cmdPlots},
		{"load", "FILE", "run a saved notebook's cells (FILE.md), or a Go file (a package main program: its declarations, then main)", (*session).cmdLoad},
		{"save", "FILE.md", "save the session as a Markdown notebook with its pictures (not over a file that exists)", (*session).cmdSave},
		{"save!", "FILE.md", "the same, replacing FILE.md if it exists", (*session).cmdSaveReplace},
		{"out", "DIR", "save pictures in DIR from now on (sets out)", (*session).cmdOut},
		{"reset", "", "start afresh: forget every name (the out folder stays)", (*session).cmdReset},
		{"time", "", "toggle printing how long each cell takes", (*session).cmdTime},
		{"quit", "", "leave the REPL (Ctrl-D does too)", func(*session, string) error { return errQuit }},
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

// command runs a ":" line. It returns errQuit for :quit, and the command's
// error after printing it.
func (s *session) command(line string) error {
	line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), ":"))
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	c, ok := lookupCommand(name)
	if !ok {
		err := fmt.Errorf("unknown command :%s (:help lists them)", name)
		s.out.printf("%s\n", err)
		return err
	}
	if c.args != "" && !strings.HasPrefix(c.args, "[") && arg == "" {
		err := fmt.Errorf("usage: :%s %s", c.name, c.args)
		s.out.printf("%s\n", err)
		return err
	}
	err := c.run(s, arg)
	if err != nil && err != errQuit {
		var sf *stepFailure
		var p *problem
		if !errors.As(err, &sf) && !errors.As(err, &p) {
			s.out.printf("error: %s\n", err) // cells print their own problems
		}
	}
	return err
}

func (s *session) cmdHelp(string) error {
	s.out.printf("Type Go: declarations and statements run as you enter them; an expression's value is printed.\n")
	s.out.printf("Each cell is checked as Go first: what the Go compiler would reject is refused, in its words.\n")
	s.out.printf("Packages without import: %s.\n", strings.Join(s.preludeNames(), ", "))
	s.out.printf("Predefined:\n")
	for _, p := range predefined {
		s.out.printf("  %-6s %s\n", p.name, p.doc)
	}
	s.out.printf("Commands:\n")
	width := 0
	for _, c := range commands {
		width = max(width, utf8.RuneCountInString(synopsis(c)))
	}
	for _, c := range commands {
		syn := synopsis(c)
		s.out.printf("  %s%s %s\n", syn, strings.Repeat(" ", width-utf8.RuneCountInString(syn)), c.help)
	}
	s.out.printf("\nTab completes names and members (ae.<Tab>, m.<Tab>). Ctrl-C stops a running cell or clears the one being typed.\n")
	s.out.printf("Not available in yaegi v0.16.1: top-level `v, ok := …` (assign with = instead), `for i := range n`, range over functions, min/max/clear, generics from packages.\n")
	return nil
}

// synopsis is a command with its arguments, as :help shows it.
func synopsis(c command) string {
	return strings.TrimSpace(":" + c.name + " " + c.args)
}

// preludeNames lists the packages imported into every session.
func (s *session) preludeNames() []string {
	var names []string
	for _, p := range preludePackages {
		if _, ok := s.imports[p.Name]; ok {
			names = append(names, p.Name)
		}
	}
	return names
}

func (s *session) cmdLessons(string) error {
	all, err := lessons.All()
	if err != nil {
		return err
	}
	if len(all) == 0 {
		s.out.printf("This build has no lessons yet. :open FILE.go opens a lesson file.\n")
		return nil
	}
	width := 0
	for _, l := range all {
		width = max(width, len(l.Name))
	}
	indent := strings.Repeat(" ", width+6)
	for i, l := range all {
		s.out.printf("%2d. %-*s  %s (%d steps)\n", i+1, width, l.Name, l.Title, len(l.Steps))
		for _, line := range wrap("goal: "+l.Goal, 78-len(indent)) {
			s.out.printf("%s%s\n", indent, line)
		}
	}
	s.out.printf("\n:open %s starts the first; :open NAME opens any.\n", all[0].Name)
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

func (s *session) cmdOpen(arg string) error { return s.openLesson(arg) }

// step moves by delta steps (0: the current one again) and runs the step
// with the settings.
func (s *session) step(delta int, sets []setting) error {
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
			s.out.printf("step %d %s before it finished: running it again.\n", i+1, s.lesson.why)
		}
	}
	if i >= len(s.lesson.lesson.Steps) {
		return fmt.Errorf("%s has no more steps (:step N goes back to one)", s.lesson.lesson.Name)
	}
	return s.runStep(i, sets)
}

func (s *session) cmdRun(arg string) error {
	sets, err := parseSettings(arg)
	if err != nil {
		return err
	}
	return s.step(0, sets)
}

func (s *session) cmdPrev(string) error {
	if s.lesson == nil {
		return errNoLesson
	}
	if s.lesson.pos <= 0 {
		return fmt.Errorf("already at the first step")
	}
	s.lesson.pos--
	s.showStep(s.lesson.pos, s.lesson.lesson.Steps[s.lesson.pos].Code)
	return nil
}

func (s *session) cmdStep(arg string) error {
	num, rest, _ := strings.Cut(arg, " ")
	n, err := strconv.Atoi(num)
	if err != nil {
		return fmt.Errorf("usage: :step N [NAME=VALUE…], N a step number")
	}
	sets, err := parseSettings(rest)
	if err != nil {
		return err
	}
	return s.runStep(n-1, sets)
}

func (s *session) cmdShow(string) error {
	if s.lesson == nil {
		return errNoLesson
	}
	i := max(s.lesson.pos, 0)
	s.showStep(i, s.lesson.lesson.Steps[i].Code)
	s.showExtras(i)
	return nil
}

func (s *session) cmdVars(string) error {
	g := s.globals()
	names := make([]string, 0, len(g))
	for k := range g {
		names = append(names, k)
	}
	sort.Strings(names)
	var funcs, types []string
	for k := range s.funcs {
		funcs = append(funcs, k)
	}
	sort.Strings(funcs)
	for k := range s.types {
		types = append(types, k)
	}
	sort.Strings(types)
	// The name column is as wide as the longest name (up to a limit, past
	// which a name gets a line of its own), so that columns line up.
	const maxName = 24
	width := 10
	for _, list := range [][]string{names, funcs, types} {
		for _, k := range list {
			if n := utf8.RuneCountInString(k); n > width && n <= maxName {
				width = n
			}
		}
	}
	name := func(k string) string {
		if utf8.RuneCountInString(k) > width {
			return k + "\n  " + strings.Repeat(" ", width)
		}
		return k + strings.Repeat(" ", width-utf8.RuneCountInString(k))
	}
	for _, k := range names {
		v := g[k]
		t := "?"
		if v.IsValid() {
			t = v.Type().String()
			if v.Kind() == reflect.Interface && !v.IsNil() && v.Type().NumMethod() == 0 {
				t = v.Elem().Type().String()
			}
		}
		val := firstLine(show(v))
		s.out.printf("  %s %-22s %s\n", name(k), shorten(t, 22), shorten(val, 60))
	}
	for _, k := range funcs {
		s.out.printf("  %s %s\n", name(k), s.funcs[k])
	}
	for _, k := range types {
		s.out.printf("  %s type %s\n", name(k), s.types[k])
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (s *session) cmdPlots(string) error {
	s.mu.Lock()
	plots := append([]string(nil), s.plots...)
	s.mu.Unlock()
	if len(plots) == 0 {
		s.out.printf("No pictures yet this session; they are saved in %s.\n", s.opts.out)
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
		s.out.printf("  %s\n", p)
	}
	if s.interactive {
		s.preview(newest[0], previewCols)
	}
	return nil
}

func (s *session) cmdLoad(arg string) error {
	if strings.EqualFold(filepath.Ext(arg), ".md") {
		return s.loadNotebook(arg)
	}
	return s.loadProgram(arg)
}

func (s *session) cmdSave(arg string) error { return s.save(arg, false) }

func (s *session) cmdSaveReplace(arg string) error { return s.save(arg, true) }

func (s *session) save(path string, replace bool) error {
	n, err := s.saveNotebook(path, replace)
	if err != nil {
		return err
	}
	s.out.printf("saved %d cell%s to %s\n", n, plural(n), path)
	return nil
}

func (s *session) cmdOut(arg string) error {
	if err := s.setOut(arg); err != nil {
		return err
	}
	s.out.printf("pictures go to %s\n", arg)
	return nil
}

func (s *session) cmdReset(string) error {
	if err := s.reset(); err != nil {
		return err
	}
	if s.lesson != nil {
		s.lesson = newLessonState(s.lesson.lesson)
	}
	s.out.printf("fresh interpreter: every name is gone; pictures still go to %s\n", s.opts.out)
	return nil
}

func (s *session) cmdTime(string) error {
	s.timing = !s.timing
	if s.timing {
		s.out.printf("timing on\n")
	} else {
		s.out.printf("timing off\n")
	}
	return nil
}
