package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aekit/aekit/internal/pngcheck"
	"github.com/aekit/aekit/lessons"
)

// TestLessonsRunQuick runs every step of every lesson of this build in the
// REPL, as `repl -lesson NAME -quick` does in CI: the lessons are written
// in the Go that yaegi v0.16.1 runs, and the REPL runs all of it. Every
// step saves at least one picture named LESSON-STEP-…png (the step's
// number from 1), and each one decodes and is not blank.
//
// Then, in the same session, it solves every exercise the way its text
// says: for each exercise in order, enter its Solution (the learner's own
// answer, when the text leaves one to find) and type its Try commands; the
// :check among them must say ✓, and the Check must hold. Every Try
// command must be a REPL command the text names in backquotes, and the
// last must be :check.
func TestLessonsRunQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("trains small models")
	}
	all, err := lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		t.Run(l.Name, func(t *testing.T) {
			ts := newTestSession(t)
			if err := ts.openLesson(l.Name); err != nil {
				t.Fatal(err)
			}
			if err := ts.runAll(); err != nil {
				t.Fatalf("%v\noutput:\n%s", err, ts.buf.String())
			}
			byStep := map[int][]string{}
			for _, c := range ts.cells {
				if c.step != nil && c.step.lesson == l.Name {
					byStep[c.step.index] = append(byStep[c.step.index], c.pngs...)
				}
			}
			for i, st := range l.Steps {
				pngs := byStep[i]
				if len(pngs) == 0 {
					t.Errorf("step %d %q saved no picture", i+1, st.Title)
				}
				prefix := fmt.Sprintf("%s-%d-", l.Name, i+1)
				for _, p := range pngs {
					if !strings.HasPrefix(filepath.Base(p), prefix) {
						t.Errorf("step %d %q saved %s: want a name starting %s", i+1, st.Title, filepath.Base(p), prefix)
					}
					if err := pngcheck.NonBlank(p); err != nil {
						t.Errorf("step %d %q: %v", i+1, st.Title, err)
					}
				}
			}

			checkExerciseTexts(t, l)
			for k, ex := range l.Exercises {
				key := l.Name + "/" + ex.Title
				if why, ok := fullOnly[key]; ok {
					t.Logf("exercise %d %q is checked at full settings only: %s", k+1, ex.Title, why)
					continue
				}
				solveExercise(t, ts, k, ex, holdsAtQuick[key] != "")
			}
		})
	}
}

// fullOnly lists the exercises whose Check cannot pass at -quick's sizes,
// as "lesson/exercise title", with the reason. TestLessonsRunQuick skips
// them; TestLessonExercisesFull
// checks them at the lesson's full settings, unless -short.
var fullOnly = map[string]string{
	// After 3 epochs instead of 30 the detector scores some 3s below
	// many 1s: no quantile flags every 3 with precision 0.3 (at 0.95,
	// recall 1 and precision 0.19; at 0.97, recall 0.82). At full
	// settings 0.985 gives recall 1 and precision 0.61.
	"anomaly/Catch them all": "needs the detector trained for 30 epochs",
}

// holdsAtQuick lists the exercises whose Check already holds at -quick's
// sizes before the learner does anything, with the reason. Any other
// exercise must start out "not yet". TestLessonExercisesFull checks them
// at full settings too, where they must start out "not yet".
var holdsAtQuick = map[string]string{
	// Quick mode trains 10 epochs instead of 150: epochsSmall is already
	// below 150 and the validation loss has not turned up yet.
	"loss/Stop early": "10 epochs do not overfit",
}

// TestLessonExercisesFull solves, at the lessons' full settings, the
// exercises that cannot be solved at -quick's sizes or that hold there from
// the start (about 10 s); with AEKIT_FULL_LESSONS set, every exercise of
// every lesson (about a minute).
func TestLessonExercisesFull(t *testing.T) {
	if testing.Short() {
		t.Skip("trains models at the lessons' full settings")
	}
	every := os.Getenv("AEKIT_FULL_LESSONS") != ""
	all, err := lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		var todo []int
		for k, ex := range l.Exercises {
			key := l.Name + "/" + ex.Title
			if fullOnly[key] != "" || holdsAtQuick[key] != "" || every {
				todo = append(todo, k)
			}
		}
		if len(todo) == 0 {
			continue
		}
		t.Run(l.Name, func(t *testing.T) {
			start := time.Now()
			ts := newTestSession(t)
			ts.opts.quick = false
			if err := ts.reset(); err != nil {
				t.Fatal(err)
			}
			if err := ts.openLesson(l.Name); err != nil {
				t.Fatal(err)
			}
			if err := ts.runAll(); err != nil {
				t.Fatalf("%v\noutput:\n%s", err, ts.buf.String())
			}
			for _, k := range todo {
				solveExercise(t, ts, k, l.Exercises[k], false)
			}
			t.Logf("%.1f s at full settings", time.Since(start).Seconds())
		})
	}
}

// checkExerciseTexts checks that each exercise tells the learner what to
// type: every Try command is a REPL command, the text names it in
// backquotes, and the last one is :check.
func checkExerciseTexts(t *testing.T, l lessons.Lesson) {
	t.Helper()
	for k, ex := range l.Exercises {
		if len(ex.Try) == 0 {
			t.Errorf("exercise %d %q has no Try lines", k+1, ex.Title)
			continue
		}
		for _, c := range ex.Try {
			name := strings.Fields(strings.TrimPrefix(c, ":"))[0]
			if _, ok := lookupCommand(name); !ok {
				t.Errorf("exercise %d %q: Try %q is not a REPL command", k+1, ex.Title, c)
			}
			if !strings.Contains(strings.Join(strings.Fields(ex.Text), " "), "`"+c+"`") {
				t.Errorf("exercise %d %q: the text does not name `%s`:\n%s", k+1, ex.Title, c, ex.Text)
			}
		}
		if last := ex.Try[len(ex.Try)-1]; last != ":check" {
			t.Errorf("exercise %d %q: the last Try is %q, want :check", k+1, ex.Title, last)
		}
	}
}

// solveExercise enters exercise k's solution and Try commands in ts and
// checks that :check says ✓ and that the Check holds. Unless holds, the
// Check must not hold before.
func solveExercise(t *testing.T, ts *testSession, k int, ex lessons.Exercise, holds bool) {
	t.Helper()
	ok, err := ts.evalBool(ex.Check)
	if err == nil && ok && !holds {
		t.Errorf("exercise %d %q: Check %q holds before the learner does anything", k+1, ex.Title, ex.Check)
	}
	for _, sol := range ex.Solution {
		var out string
		var err error
		if strings.HasPrefix(sol, ":") {
			out, err = ts.cmd(sol)
		} else {
			out, err = ts.cell(sol)
		}
		if err != nil {
			t.Fatalf("exercise %d %q: solution %q: %v\n%s", k+1, ex.Title, sol, err, out)
		}
	}
	checked := false
	for _, c := range ex.Try {
		out, err := ts.cmd(c)
		if err != nil {
			t.Fatalf("exercise %d %q: %s: %v\n%s", k+1, ex.Title, c, err, out)
		}
		if strings.HasPrefix(c, ":check") {
			checked = true
			want := fmt.Sprintf("✓ %s (exercise %d)", ex.Title, k+1)
			if !strings.Contains(out, want) {
				t.Errorf("exercise %d %q: %s printed\n%s\nwant %q", k+1, ex.Title, c, out, want)
			}
		}
	}
	if !checked {
		t.Errorf("exercise %d %q: no :check among its Try commands", k+1, ex.Title)
	}
	ok, err = ts.evalBool(ex.Check)
	if err != nil || !ok {
		t.Errorf("exercise %d %q: after its commands, Check %q = %v, %v", k+1, ex.Title, ex.Check, ok, err)
	}
}
