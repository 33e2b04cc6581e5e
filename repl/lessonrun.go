package main

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"

	"github.com/aekit/aekit/lessons"
)

// lessonState is the lesson open in a session and the step it is at.
type lessonState struct {
	lesson lessons.Lesson
	pos    int // index of the current step; -1 before the first
}

// stepRef ties a cell to the lesson step it ran, for :save.
type stepRef struct {
	lesson string
	index  int // from 0
	title  string
	text   string
}

// findLesson returns the lesson called name, or the lessons in a .go file
// when name is a path (for instructors writing a new lesson).
func findLesson(name string) (lessons.Lesson, error) {
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
		return lessons.Lesson{}, fmt.Errorf("%s holds no lesson function (func NAME(ctx context.Context, out string, quick bool))", name)
	}
	return ls[0], nil
}

// openLesson makes name the open lesson, before its first step.
func (s *session) openLesson(name string) error {
	l, err := findLesson(name)
	if err != nil {
		return err
	}
	s.lesson = &lessonState{lesson: l, pos: -1}
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

// showStep prints step i's title, text and code.
func (s *session) showStep(i int) {
	l := s.lesson.lesson
	st := l.Steps[i]
	s.out.printf("── %s, step %d/%d: %s ──\n", l.Name, i+1, len(l.Steps), st.Title)
	if st.Text != "" {
		s.out.printf("%s\n", st.Text)
	}
	if st.Code != "" {
		s.out.printf("\n")
		for _, line := range strings.Split(st.Code, "\n") {
			s.out.printf("  │ %s\n", line)
		}
	}
	s.out.printf("\n")
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

// runStep shows step i, evaluates it as a cell and makes it current. It
// then presents the step's exercise, if it has one.
func (s *session) runStep(i int) error {
	if s.lesson == nil {
		return errNoLesson
	}
	l := s.lesson.lesson
	if i < 0 || i >= len(l.Steps) {
		return fmt.Errorf("%s has steps 1 to %d", l.Name, len(l.Steps))
	}
	s.lesson.pos = i
	s.showStep(i)
	st := l.Steps[i]
	if strings.TrimSpace(st.Code) == "" {
		return nil
	}
	ref := &stepRef{lesson: l.Name, index: i, title: st.Title, text: st.Text}
	if err := s.runCell(st.Code, ref); err != nil {
		return &stepFailure{lesson: l.Name, step: i + 1, title: st.Title, err: err}
	}
	for _, ex := range l.Exercises {
		if ex.Step == i {
			s.out.printf("\nexercise: %s\n%s\n(:check when you are done)\n", ex.Title, ex.Text)
		}
	}
	if i == len(l.Steps)-1 {
		s.out.printf("\nThat was the last step of %s. :lessons lists the others.\n", l.Name)
	}
	return nil
}

// runAll runs the steps from the current one's successor to the end,
// stopping at the first failure.
func (s *session) runAll() error {
	if s.lesson == nil {
		return errNoLesson
	}
	for i := s.lesson.pos + 1; i < len(s.lesson.lesson.Steps); i++ {
		if err := s.runStep(i); err != nil {
			return err
		}
	}
	return nil
}

// checkExercise evaluates the Check expression of each exercise of the
// current step (or of the last step before it that has exercises).
func (s *session) checkExercise() error {
	if s.lesson == nil {
		return errNoLesson
	}
	step := -1
	for _, e := range s.lesson.lesson.Exercises {
		if e.Step <= s.lesson.pos && e.Step > step {
			step = e.Step
		}
	}
	if step < 0 {
		return fmt.Errorf("no exercise yet: the exercises come after their steps (:next)")
	}
	for _, ex := range s.lesson.lesson.Exercises {
		if ex.Step != step {
			continue
		}
		ok, err := s.evalBool(ex.Check)
		switch {
		case err != nil:
			s.out.printf("not yet: %s (%s)\n", ex.Title, err)
		case ok:
			s.out.printf("✓ %s\n", ex.Title)
			continue
		default:
			s.out.printf("not yet: %s\n", ex.Title)
		}
		if ex.Hint != "" {
			s.out.printf("  hint: %s\n", strings.ReplaceAll(ex.Hint, "\n", "\n        "))
		}
	}
	return nil
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
