package main

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/aekit/aekit/lessons"
)

// lessonState is the lesson open in a session and the step it is at.
type lessonState struct {
	lesson   lessons.Lesson
	pos      int          // index of the current step; -1 before the first
	furthest int          // index of the furthest step run since :open (or :reset); -1 before the first
	solved   map[int]bool // the exercises :check found solved, by index
	shown    map[int]bool // the exercises whose text has been shown, by index
}

// stepRef ties a cell to the lesson step it ran, for :save.
type stepRef struct {
	lesson string
	index  int // from 0
	title  string
	text   string
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
func (s *session) openLesson(name string) error {
	l, err := findLesson(name)
	if err != nil {
		return err
	}
	s.lesson = &lessonState{lesson: l, pos: -1, furthest: -1, solved: map[int]bool{}, shown: map[int]bool{}}
	s.out.printf("%s — %s\n", l.Name, l.Title)
	s.out.printf("goal: %s\n", l.Goal)
	for i, st := range l.Steps {
		s.out.printf("  %d. %s\n", i+1, st.Title)
	}
	s.out.printf(":next runs step 1, :all runs them all, :show shows a step without running it.\n")
	return nil
}

// errNoLesson is returned by the step commands without an open lesson.
var errNoLesson = fmt.Errorf("no lesson is open: :lessons lists them, :open NAME opens one")

// showStep prints step i's title, text and code (the step's own, or the
// code as a setting changed it).
func (s *session) showStep(i int, code string) {
	l := s.lesson.lesson
	st := l.Steps[i]
	s.out.printf("── %s, step %d/%d: %s ──\n", l.Name, i+1, len(l.Steps), st.Title)
	if st.Text != "" {
		s.out.printf("%s\n", st.Text)
	}
	if code != "" {
		s.out.printf("\n")
		for _, line := range strings.Split(code, "\n") {
			s.out.printf("  │ %s\n", line)
		}
	}
	s.out.printf("\n")
}

// showExtras prints, for :show, the knobs of step i and the exercises
// that follow it.
func (s *session) showExtras(i int) {
	if knobs, err := stepKnobs(s.lesson.lesson.Steps[i].Code); err == nil {
		if lit := literalKnobs(knobs); lit != "" {
			s.out.printf("knobs: %s (:step %d NAME=VALUE runs the step with another value)\n", lit, i+1)
		}
	} // else the step shows its own syntax error when it runs
	for k, ex := range s.lesson.lesson.Exercises {
		if ex.Step == i {
			s.out.printf("\n")
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

func (e *stepFailure) Error() string {
	msg := e.err.Error()
	if p, ok := e.err.(*problem); ok {
		msg = p.headline()
	}
	return fmt.Sprintf("lesson %s, step %d %q: %s", e.lesson, e.step, e.title, msg)
}

// runStep shows step i, evaluates it as a cell and makes it current. The
// settings, if any, change the step's knobs for this run: the changed
// lines are shown first. It then presents the step's exercises, if it has
// any.
func (s *session) runStep(i int, sets []setting) error {
	if s.lesson == nil {
		return errNoLesson
	}
	l := s.lesson.lesson
	if i < 0 || i >= len(l.Steps) {
		return fmt.Errorf("%s has steps 1 to %d", l.Name, len(l.Steps))
	}
	st := l.Steps[i]
	code := st.Code
	if len(sets) > 0 {
		changed, changes, err := applySettings(code, sets)
		if err != nil {
			return fmt.Errorf("step %d: %v", i+1, err)
		}
		code = changed
		s.out.printf("step %d with %s:\n", i+1, settingsString(sets))
		for _, c := range changes {
			if c.note != "" {
				s.out.printf("  %s   (was: %s; %s)\n", c.new, c.old, c.note)
			} else {
				s.out.printf("  %s   (was: %s)\n", c.new, c.old)
			}
		}
	}
	s.lesson.pos = i
	s.lesson.furthest = max(s.lesson.furthest, i)
	s.showStep(i, code)
	if strings.TrimSpace(code) == "" {
		return nil
	}
	ref := &stepRef{lesson: l.Name, index: i, title: st.Title, text: st.Text}
	if err := s.runCell(code, ref); err != nil {
		return &stepFailure{lesson: l.Name, step: i + 1, title: st.Title, err: err}
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
		s.lesson.shown[k] = true
		s.out.printf("\n")
		s.showExercise(k)
	}
	if len(again) > 0 {
		s.out.printf("\nexercises: %s (:show repeats them, :check checks them)\n", strings.Join(again, ", "))
	}
	if i == len(l.Steps)-1 {
		s.out.printf("\nThat was the last step of %s. :lessons lists the others.\n", l.Name)
	}
	return nil
}

// showExercise prints exercise k: its title, its text and the commands to
// type.
func (s *session) showExercise(k int) {
	ex := s.lesson.lesson.Exercises[k]
	s.out.printf("exercise %d: %s\n%s\n", k+1, ex.Title, ex.Text)
	if len(ex.Try) == 0 {
		s.out.printf("(:check when you are done)\n")
		return
	}
	s.out.printf("type:\n")
	for _, c := range ex.Try {
		s.out.printf("  %s\n", c)
	}
}

// settingsString formats settings as the learner typed them.
func settingsString(sets []setting) string {
	parts := make([]string, len(sets))
	for i, st := range sets {
		parts[i] = st.name + "=" + st.value
	}
	return strings.Join(parts, " ")
}

// runAll runs the steps from the current one's successor to the end,
// stopping at the first failure.
func (s *session) runAll() error {
	if s.lesson == nil {
		return errNoLesson
	}
	for i := s.lesson.pos + 1; i < len(s.lesson.lesson.Steps); i++ {
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
func (s *session) checkExercise(arg string) error {
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
		s.out.printf("%d of %d exercises done", done, len(open))
		if n := len(l.Exercises) - len(open); n > 0 {
			s.out.printf(" (%d more after later steps)", n)
		}
		s.out.printf("; :check N checks exercise N alone\n")
	}
	return nil
}

// checkOne evaluates exercise k's Check and prints the verdict; with
// remember, an exercise solved before counts as solved. It reports
// whether the exercise counts as solved.
func (s *session) checkOne(k int, remember bool) bool {
	ex := s.lesson.lesson.Exercises[k]
	ok, err := s.evalBool(ex.Check)
	switch {
	case err == nil && ok:
		s.lesson.solved[k] = true
		s.out.printf("✓ %s (exercise %d)\n", ex.Title, k+1)
		return true
	case remember && s.lesson.solved[k]:
		s.out.printf("✓ %s (exercise %d, solved earlier)\n", ex.Title, k+1)
		return true
	case err != nil:
		s.out.printf("not yet: %s (exercise %d: %s)\n", ex.Title, k+1, err)
	default:
		s.out.printf("not yet: %s (exercise %d)\n", ex.Title, k+1)
	}
	if ex.Hint != "" {
		s.out.printf("  hint: %s\n", strings.ReplaceAll(ex.Hint, "\n", "\n        "))
	}
	return false
}

// evalBool evaluates a boolean expression in the session.
func (s *session) evalBool(expr string) (bool, error) {
	v, err := s.evalRaw(context.Background(), ";"+expr)
	if err != nil {
		p := explain(err, piece{line: 1}, "")
		p.line = 0
		return false, fmt.Errorf("%s", p.msg)
	}
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.Bool {
		return false, fmt.Errorf("the check %q is not a boolean", expr)
	}
	return v.Bool(), nil
}
