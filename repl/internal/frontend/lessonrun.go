package frontend

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/cell"
	"github.com/aekit/aekit/repl/internal/events"
	"github.com/aekit/aekit/repl/internal/protocol"
)

// lessonState is the lesson open in a session and the step it is at.
type lessonState struct {
	lesson   lessons.Lesson
	openedAs string           // what :open was given: a name, a number or a .go file
	pos      int              // index of the current step; -1 before the first
	furthest int              // index of the furthest step run since :open (or :reset); -1 before the first
	done     map[int]bool     // the steps whose last run finished
	broken   int              // the step whose last run did not finish, -1 when none
	why      string           // how it did not finish: "was interrupted" or "failed"
	runs     []stepRun        // every run of a step since :open (or :reset), in order
	solved   map[int]bool     // the exercises :check found solved, by index
	shown    map[int]bool     // the exercises whose text has been shown, by index
	shownAt  map[int]int      // len(runs) when exercise k was first shown
	before   map[int]string   // exercise k's Answer when it was first shown, if it evaluated then
	missing  map[int][]string // the names exercise k's Check needed that were not defined when it was shown
}

// newLessonState returns the state of lesson l, before its first step.
func newLessonState(l lessons.Lesson) *lessonState {
	return &lessonState{lesson: l, pos: -1, furthest: -1, broken: -1,
		done: map[int]bool{}, solved: map[int]bool{}, shown: map[int]bool{},
		shownAt: map[int]int{}, before: map[int]string{}, missing: map[int][]string{}}
}

// A stepRun is one run of a lesson step.
type stepRun struct {
	step    int            // index
	sets    []cell.Setting // the settings it ran with
	variant string         // what its pictures' names say it ran with ("codeSize=8"), "" for the step as written
	ok      bool           // it finished
}

// findLesson returns the lesson called name, the lesson numbered name in
// :lessons, or the first lesson in a .go file when name is a path (for
// instructors writing a new lesson).
func findLesson(name string) (lessons.Lesson, error) {
	if n, err := strconv.Atoi(name); err == nil {
		all, err := lessons.All()
		if err != nil {
			return lessons.Lesson{}, err
		}
		if n < 1 || n > len(all) {
			return lessons.Lesson{}, fmt.Errorf("no lesson %d: :lessons numbers them 1 to %d", n, len(all))
		}
		return all[n-1], nil
	}
	if !strings.HasSuffix(name, ".go") {
		return lessons.Find(name)
	}
	src, err := os.ReadFile(name)
	if err != nil {
		return lessons.Lesson{}, err
	}
	ls, err := lessons.Parse(name, src)
	if err != nil {
		return lessons.Lesson{}, err
	}
	if len(ls) == 0 {
		return lessons.Lesson{}, fmt.Errorf("%s holds no lesson function (func NAME(ctx context.Context, quick bool))", name)
	}
	return ls[0], nil
}

// openLesson makes name the open lesson, before its first step.
func (s *Session) openLesson(name string) error {
	l, err := findLesson(name)
	if err != nil {
		return err
	}
	s.lesson = newLessonState(l)
	s.lesson.openedAs = name
	s.publish(events.Event{Kind: events.Command, Cell: s.cells, Text: ":open " + name})
	s.term.printf("%s — %s\n", l.Name, l.Title)
	s.term.printf("goal: %s\n", l.Goal)
	for i, st := range l.Steps {
		s.term.printf("  %d. %s\n", i+1, st.Title)
	}
	s.term.printf(":next runs step 1, :all runs them all, :show shows a step without running it.\n")
	return nil
}

// errNoLesson is returned by the step commands without an open lesson.
var errNoLesson = fmt.Errorf("no lesson is open: :lessons lists them, :open NAME opens one")

// showStep prints step i's title, text and code (the step's own, or the
// code as a setting changed it).
func (s *Session) showStep(i int, code string) {
	l := s.lesson.lesson
	st := l.Steps[i]
	s.term.printf("── %s, step %d/%d: %s ──\n", l.Name, i+1, len(l.Steps), st.Title)
	if st.Text != "" {
		s.term.printf("%s\n", st.Text)
	}
	if code != "" {
		s.term.printf("\n")
		for _, line := range strings.Split(code, "\n") {
			s.term.printf("  │ %s\n", expandTabs(line, 4))
		}
	}
	s.term.printf("\n")
}

// showExtras prints, for :show, the knobs of step i and the exercises
// that follow it.
func (s *Session) showExtras(i int) {
	if knobs, err := cell.Knobs(s.lesson.lesson.Steps[i].Code); err == nil {
		if lit := cell.LiteralKnobs(knobs); lit != "" {
			s.term.printf("knobs: %s (:step %d NAME=VALUE runs the step with another value)\n", lit, i+1)
		}
	} // else the step shows its own syntax error when it runs
	for k, ex := range s.lesson.lesson.Exercises {
		if ex.Step == i {
			s.term.printf("\n")
			s.showExercise(k)
		}
	}
}

// stepFailure is a lesson step that failed, named as batch mode reports it.
type stepFailure struct {
	lesson string
	step   int // from 1
	title  string
	err    error
}

// Error names the lesson, the step and the problem, in one line.
func (e *stepFailure) Error() string {
	msg := e.err.Error()
	if p, ok := e.err.(*protocol.Problem); ok {
		msg = p.Headline()
	}
	return fmt.Sprintf("lesson %s, step %d %q: %s", e.lesson, e.step, e.title, msg)
}

// runStep shows step i, evaluates it as a cell and makes it current. The
// settings, if any, change the step's knobs for this run: the changed
// lines are shown first. It then presents the step's exercises, if it has
// any.
//
// A step runs only when every step before it finished its last run: a
// step never runs on what an interrupted or failed one left half-made.
// A step that does not finish stays the current step, and :next runs it
// again.
func (s *Session) runStep(i int, sets []cell.Setting) error {
	if s.lesson == nil {
		return errNoLesson
	}
	l := s.lesson.lesson
	if i < 0 || i >= len(l.Steps) {
		return fmt.Errorf("%s has steps 1 to %d", l.Name, len(l.Steps))
	}
	st := l.Steps[i]
	code := st.Code
	var changes []cell.Change
	if len(sets) > 0 {
		var err error
		var changed string
		changed, changes, err = cell.ApplySettings(code, sets)
		if err != nil {
			return fmt.Errorf("step %d: %v", i+1, err)
		}
		code = changed
	}
	for j := 0; j < i; j++ {
		if s.lesson.done[j] {
			continue
		}
		if j == s.lesson.broken {
			return fmt.Errorf("step %d %s before it finished, and step %d would run on what it left: :step %d runs it again", j+1, s.lesson.why, i+1, j+1)
		}
		return fmt.Errorf("step %d has not run yet, and step %d needs what it makes: :step %d runs it (:next runs the steps in order)", j+1, i+1, j+1)
	}
	if len(sets) > 0 {
		s.term.printf("step %d with %s:\n", i+1, cell.SettingsString(sets))
		for _, c := range changes {
			if c.Note != "" {
				s.term.printf("  %s   (was: %s; %s)\n", c.New, c.Old, c.Note)
			} else {
				s.term.printf("  %s   (was: %s)\n", c.New, c.Old)
			}
		}
	}
	s.lesson.pos = i
	s.lesson.furthest = max(s.lesson.furthest, i)
	s.showStep(i, code)
	run := stepRun{step: i, sets: sets, variant: s.lesson.variantFor(i, sets)}
	if strings.TrimSpace(code) != "" {
		step := s.stepEvent(i, sets, run.variant)
		if err := s.runCell(code, step).err(); err != nil {
			return s.stepFailed(i, run, err)
		}
	}
	s.stepDone(i, run)
	return nil
}

// stepEvent describes step i of the open lesson run with sets, for the
// cell that runs it.
func (s *Session) stepEvent(i int, sets []cell.Setting, variant string) *events.Step {
	l := s.lesson.lesson
	st := l.Steps[i]
	step := &events.Step{Lesson: l.Name, Index: i, Count: len(l.Steps), Title: st.Title, Text: st.Text,
		Settings: cell.SettingsString(sets), Variant: variant}
	if strings.HasSuffix(s.lesson.openedAs, ".go") {
		step.File = s.lesson.openedAs
	}
	return step
}

// stepFailed records that step i did not finish (err says how) and
// returns the error the step command reports.
func (s *Session) stepFailed(i int, run stepRun, err error) error {
	l := s.lesson.lesson
	s.lesson.done[i] = false
	s.lesson.broken = i
	s.lesson.why = "failed"
	if p, ok := err.(*protocol.Problem); ok && p.Kind == "interrupted" {
		s.lesson.why = "was interrupted"
	}
	s.lesson.runs = append(s.lesson.runs, run)
	if s.opts.Interactive || s.lesson.why == "was interrupted" {
		s.term.printf("step %d %s before it finished; it stays the current step: :next runs it again.\n", i+1, s.lesson.why)
	}
	return &stepFailure{lesson: l.Name, step: i + 1, title: l.Steps[i].Title, err: err}
}

// stepDone records that step i finished, and presents its exercises.
func (s *Session) stepDone(i int, run stepRun) {
	l := s.lesson.lesson
	run.ok = true
	s.lesson.runs = append(s.lesson.runs, run)
	s.lesson.done[i] = true
	if s.lesson.broken == i {
		s.lesson.broken = -1
	}
	var again []string
	for k, ex := range l.Exercises {
		if ex.Step != i {
			continue
		}
		if s.lesson.shown[k] {
			again = append(again, fmt.Sprintf("%d %s", k+1, ex.Title))
			continue
		}
		s.firstShow(k)
		s.term.printf("\n")
		s.showExercise(k)
	}
	if len(again) > 0 {
		s.term.printf("\nexercises: %s (:show repeats them, :check checks them)\n", strings.Join(again, ", "))
	}
	if i == len(l.Steps)-1 {
		s.term.printf("\nThat was the last step of %s. :lessons lists the others.\n", l.Name)
	}
}

// variantFor returns the variant of a run of step i with sets: the
// variant of the latest run of an earlier step (the steps after
// `:step 2 codeSize=8` run on its model, and their pictures say so), and
// the settings of this run.
func (ls *lessonState) variantFor(i int, sets []cell.Setting) string {
	inherited := ""
	for r := len(ls.runs) - 1; r >= 0; r-- {
		if ls.runs[r].step < i {
			inherited = ls.runs[r].variant
			break
		}
	}
	own := cell.SettingsString(sets)
	switch {
	case inherited == "":
		return own
	case own == "":
		return inherited
	}
	return inherited + " " + own
}

// firstShow records what exercise k's answer and check stand at when the
// learner first sees it.
func (s *Session) firstShow(k int) {
	ls := s.lesson
	ex := ls.lesson.Exercises[k]
	ls.shown[k] = true
	ls.shownAt[k] = len(ls.runs)
	if ex.Answer != "" {
		if v, err := s.evalString(ex.Answer); err == nil {
			ls.before[k] = v
		}
	}
	ls.missing[k] = cell.UndefinedIn(ex.Check, s.knownNow())
}

// showExercise prints exercise k: its title, its text and the commands to
// type.
func (s *Session) showExercise(k int) {
	ex := s.lesson.lesson.Exercises[k]
	s.term.printf("exercise %d: %s\n%s\n", k+1, ex.Title, ex.Text)
	if len(ex.Try) == 0 {
		s.term.printf("(:check when you are done)\n")
		return
	}
	s.term.printf("type:\n")
	for _, c := range ex.Try {
		s.term.printf("  %s\n", c)
	}
}

// runAll runs the steps from the current one's successor to the end,
// stopping at the first failure.
func (s *Session) runAll() error {
	if s.lesson == nil {
		return errNoLesson
	}
	for i := s.lesson.nextStep(); i < len(s.lesson.lesson.Steps); i++ {
		if err := s.runStep(i, nil); err != nil {
			return err
		}
	}
	return nil
}

// checkExercise evaluates the Check expression of every exercise that
// follows a step run since the lesson was opened (or of exercise arg, a
// number), and prints ✓ or "not yet" and the hint for each. An exercise
// solved once stays solved for a plain :check, though later cells may have
// changed what its Check sees.
func (s *Session) checkExercise(arg string) error {
	if s.lesson == nil {
		return errNoLesson
	}
	l := s.lesson.lesson
	if len(l.Exercises) == 0 {
		return fmt.Errorf("%s has no exercises", l.Name)
	}
	if arg != "" {
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || n > len(l.Exercises) {
			return fmt.Errorf("usage: :check [N], N an exercise number: %s has exercises 1 to %d", l.Name, len(l.Exercises))
		}
		ex := l.Exercises[n-1]
		if ex.Step > s.lesson.furthest {
			return fmt.Errorf("exercise %d comes after step %d: run the steps up to it first (:step %d)", n, ex.Step+1, ex.Step+1)
		}
		s.checkOne(n-1, false)
		return nil
	}
	var open []int
	for k, ex := range l.Exercises {
		if ex.Step <= s.lesson.furthest {
			open = append(open, k)
		}
	}
	if len(open) == 0 {
		return fmt.Errorf("no exercise yet: the exercises come after their steps (:next)")
	}
	done := 0
	for _, k := range open {
		if s.checkOne(k, true) {
			done++
		}
	}
	if len(open) > 1 {
		s.term.printf("%d of %d exercises done", done, len(open))
		if n := len(l.Exercises) - len(open); n > 0 {
			s.term.printf(" (%d more after later steps)", n)
		}
		s.term.printf("; :check N checks exercise N alone\n")
	}
	return nil
}

// checkOne checks exercise k and prints the verdict; with remember, an
// exercise solved before counts as solved. It reports whether the
// exercise counts as solved.
//
// An exercise that asks for steps to be run (its Try lines hold :step,
// :next or :run) is solved only when they ran, in that order, after the
// setting it names: its Check alone could hold on the numbers of an
// earlier run. A hint comes only after an attempt: once the learner has
// run the exercise's first step, or (for an exercise without one) defined
// the names its Check needs, or run with a setting a step that defines a
// name its Check uses.
func (s *Session) checkOne(k int, remember bool) bool {
	ex := s.lesson.lesson.Exercises[k]
	if why := s.chainMissing(k); why != "" {
		if remember && s.lesson.solved[k] {
			s.term.printf("✓ %s (exercise %d, solved earlier)\n", ex.Title, k+1)
			return true
		}
		s.term.printf("not yet: %s (exercise %d): %s\n", ex.Title, k+1, why)
		return false
	}
	ok, err := s.evalBool(ex.Check)
	switch {
	case err == nil && ok:
		s.lesson.solved[k] = true
		s.term.printf("✓ %s (exercise %d)\n", ex.Title, k+1)
		s.printAnswer(k)
		return true
	case remember && s.lesson.solved[k]:
		s.term.printf("✓ %s (exercise %d, solved earlier)\n", ex.Title, k+1)
		return true
	case err != nil && !s.attempted(k):
		s.term.printf("not yet: %s (exercise %d)\n", ex.Title, k+1)
		return false
	case err != nil:
		s.term.printf("not yet: %s (exercise %d: %s)\n", ex.Title, k+1, err)
	default:
		s.term.printf("not yet: %s (exercise %d)\n", ex.Title, k+1)
	}
	if ex.Hint != "" && s.attempted(k) {
		s.term.printf("  hint: %s\n", strings.ReplaceAll(ex.Hint, "\n", "\n        "))
	}
	return false
}

// printAnswer prints exercise k's Answer: what it is now and, when it was
// different when the exercise was shown, what it was then.
func (s *Session) printAnswer(k int) {
	ex := s.lesson.lesson.Exercises[k]
	if ex.Answer == "" {
		return
	}
	now, err := s.evalString(ex.Answer)
	if err != nil {
		return
	}
	if before, ok := s.lesson.before[k]; ok && before != now {
		s.term.printf("  before: %s\n  now:    %s\n", before, now)
		return
	}
	s.term.printf("  %s\n", now)
}

// A tryStep is one step run an exercise's Try lines ask for.
type tryStep struct {
	step  int      // index
	names []string // the settings' names
	cmd   string   // the command, as the exercise writes it
}

// tryChain returns the step runs exercise ex's Try lines ask for, in
// order; none for an exercise whose Try is only :check.
func tryChain(ex lessons.Exercise, steps int) []tryStep {
	var out []tryStep
	cur := ex.Step
	for _, c := range ex.Try {
		f := strings.Fields(c)
		switch f[0] {
		case ":step":
			if len(f) < 2 {
				continue
			}
			n, err := strconv.Atoi(f[1])
			if err != nil {
				continue
			}
			cur = n - 1
			sets, _ := cell.ParseSettings(strings.Join(f[2:], " "))
			var names []string
			for _, st := range sets {
				names = append(names, st.Name)
			}
			out = append(out, tryStep{cur, names, c})
		case ":next":
			cur++
			out = append(out, tryStep{cur, nil, c})
		case ":all":
			for cur+1 < steps {
				cur++
				out = append(out, tryStep{cur, nil, c})
			}
		case ":run", ":redo":
			sets, _ := cell.ParseSettings(strings.Join(f[1:], " "))
			var names []string
			for _, st := range sets {
				names = append(names, st.Name)
			}
			out = append(out, tryStep{cur, names, c})
		}
	}
	return out
}

// chainMissing returns what is still to do of the step runs exercise k
// asks for, "" when they are done: the first must be the latest run of
// its step, finished, with its settings; each later one the latest run of
// its step, finished, after the one before.
func (s *Session) chainMissing(k int) string {
	ls := s.lesson
	chain := tryChain(ls.lesson.Exercises[k], len(ls.lesson.Steps))
	if len(chain) == 0 {
		return ""
	}
	last := func(step int) int {
		for r := len(ls.runs) - 1; r >= 0; r-- {
			if ls.runs[r].step == step {
				return r
			}
		}
		return -1
	}
	r0 := last(chain[0].step)
	if r0 < 0 || !ls.runs[r0].ok || !hasSettings(ls.runs[r0].sets, chain[0].names) {
		return fmt.Sprintf("type `%s` first", chain[0].cmd)
	}
	prev := r0
	for _, c := range chain[1:] {
		r := last(c.step)
		if r <= prev || !ls.runs[r].ok {
			return fmt.Sprintf("after `%s`, step %d must run again too (`%s`)", chain[0].cmd, c.step+1, c.cmd)
		}
		prev = r
	}
	return ""
}

// hasSettings reports whether sets sets every name.
func hasSettings(sets []cell.Setting, names []string) bool {
	for _, n := range names {
		found := false
		for _, st := range sets {
			found = found || st.Name == n
		}
		if !found {
			return false
		}
	}
	return true
}

// attempted reports whether the learner has made an attempt at exercise
// k since it was shown (see checkOne).
func (s *Session) attempted(k int) bool {
	ls := s.lesson
	ex := ls.lesson.Exercises[k]
	from, ok := ls.shownAt[k]
	if !ok {
		return false
	}
	if chain := tryChain(ex, len(ls.lesson.Steps)); len(chain) > 0 {
		for _, r := range ls.runs[from:] {
			if r.step == chain[0].step {
				return true
			}
		}
		return false
	}
	uses := cell.IdentSet(ex.Check)
	for _, r := range ls.runs[from:] {
		if len(r.sets) > 0 && intersects(cell.Defines(ls.lesson.Steps[r.step].Code), uses) {
			return true
		}
	}
	missing := ls.missing[k]
	if len(missing) == 0 {
		return false
	}
	known := s.knownNow()
	for _, n := range missing {
		if !known(n) {
			return false
		}
	}
	return true
}

// knownNow returns a function that reports whether the session defines a
// name, from the kernel's list of names now.
func (s *Session) knownNow() func(string) bool {
	set := map[string]bool{"__aekit": true}
	if r, err := s.query(protocol.QNames, ""); err == nil {
		for _, n := range r.List {
			set[n] = true
		}
	}
	return func(n string) bool { return set[n] }
}

// evalString evaluates a string expression in the session.
func (s *Session) evalString(expr string) (string, error) {
	r, err := s.query(protocol.QEvalString, expr)
	if err != nil {
		return "", err
	}
	if r.Err != "" {
		return "", errors.New(r.Err)
	}
	return r.Text, nil
}

// evalBool evaluates a boolean expression in the session.
func (s *Session) evalBool(expr string) (bool, error) {
	r, err := s.query(protocol.QEvalBool, expr)
	if err != nil {
		return false, err
	}
	if r.Err != "" {
		return false, errors.New(r.Err)
	}
	return r.Bool, nil
}

// nextStep returns the index of the step :next runs: the current step
// again when its last run did not finish, else the one after it.
func (ls *lessonState) nextStep() int {
	if ls.pos >= 0 && ls.broken == ls.pos {
		return ls.pos
	}
	return ls.pos + 1
}

// expandTabs replaces the tabs of a line of code with spaces, to the next
// multiple of width: a listing then lines up the same on every terminal,
// whatever its tab stops, and never mixes tabs with the spaces the
// listing's margin and the lesson's own alignment use.
func expandTabs(line string, width int) string {
	if !strings.Contains(line, "\t") {
		return line
	}
	var b strings.Builder
	col := 0
	for _, r := range line {
		if r == '\t' {
			n := width - col%width
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// parseSettingsQuiet parses settings a journal recorded.
func parseSettingsQuiet(s string) ([]cell.Setting, error) {
	return cell.ParseSettings(s)
}
