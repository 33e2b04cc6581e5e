package lessons

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aekit/aekit/internal/pngcheck"
)

// lessonFuncs is every lesson of the package, by name: the compiled form of
// what the REPL runs step by step.
var lessonFuncs = map[string]func(ctx context.Context, quick bool){
	"compression": compression,
	"loss":        loss,
	"latent":      latent,
	"denoising":   denoising,
	"anomaly":     anomaly,
	"encoder":     encoder,
	"generative":  generative,
}

// TestLessonsParse checks the lessons as the REPL sees them: each
// parses, has a goal, at least three steps and two or three exercises,
// each exercise with a Check.
func TestLessonsParse(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range all {
		names = append(names, l.Name)
	}
	sort.Strings(names)
	var want []string
	for name := range lessonFuncs {
		want = append(want, name)
	}
	sort.Strings(want)
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("All() gives lessons %v, want %v", names, want)
	}
	for _, l := range all {
		if l.Goal == "" || l.Title == "" {
			t.Errorf("%s: title %q, goal %q", l.Name, l.Title, l.Goal)
		}
		if len(l.Steps) < 3 {
			t.Errorf("%s has %d steps, want at least 3", l.Name, len(l.Steps))
		}
		if n := len(l.Exercises); n < 2 || n > 3 {
			t.Errorf("%s has %d exercises, want 2 or 3", l.Name, n)
		}
		for _, ex := range l.Exercises {
			if ex.Check == "" || ex.Text == "" || ex.Hint == "" {
				t.Errorf("%s: exercise %q: text %q, check %q, hint %q", l.Name, ex.Title, ex.Text, ex.Check, ex.Hint)
			}
		}
		for i, st := range l.Steps {
			if st.Text == "" {
				t.Errorf("%s, step %d %q has no explanation", l.Name, i+1, st.Title)
			}
		}
	}
}

// pictureCall matches a call of picture in a lesson's source, with the
// name it is given: picture("digits.png").
var pictureCall = regexp.MustCompile(`picture\("([^"]+)"\)`)

// expectedPNGs returns the picture files each step of lesson l saves, read
// from the step's code (picture("digits.png") in step 1 of lesson
// compression saves compression-1-digits.png), and checks that every step
// saves at least one, each a PNG or a GIF, none twice.
func expectedPNGs(t *testing.T, l Lesson) []string {
	t.Helper()
	var names []string
	seen := map[string]bool{}
	for i, st := range l.Steps {
		found := 0
		for _, m := range pictureCall.FindAllStringSubmatch(st.Code, -1) {
			name := StepPicture(l.Name, i, m[1])
			if !strings.HasSuffix(name, ".png") && !strings.HasSuffix(name, ".gif") {
				t.Errorf("%s, step %d saves %s: want a PNG (or a GIF, an animation)", l.Name, i+1, m[1])
			}
			if seen[name] {
				t.Errorf("%s, step %d saves %s twice", l.Name, i+1, m[1])
			}
			seen[name] = true
			names = append(names, name)
			found++
		}
		if found == 0 {
			t.Errorf("%s, step %d %q saves no picture", l.Name, i+1, st.Title)
		}
	}
	return names
}

// runLesson runs lesson name compiled, with its pictures going to dir, and
// returns what it printed.
func runLesson(t *testing.T, name, dir string, quick bool) string {
	t.Helper()
	pictureFolder = dir
	defer func() { pictureFolder = "." }()
	return runQuiet(t, func() { lessonFuncs[name](context.Background(), quick) })
}

// runQuiet runs f with os.Stdout captured, and returns what it printed.
func runQuiet(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	defer func() {
		os.Stdout = saved
		w.Close()
	}()
	f()
	os.Stdout = saved
	w.Close()
	return <-done
}

// TestLessonsQuick runs every lesson's compiled function in quick mode and
// checks the pictures it promises: each exists, decodes and is not blank,
// and nothing else is saved. The REPL's tests run the same lessons through
// the interpreter.
func TestLessonsQuick(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		t.Run(l.Name, func(t *testing.T) {
			want := expectedPNGs(t, l)
			dir := t.TempDir()
			start := time.Now()
			printed := runLesson(t, l.Name, dir, true)
			t.Logf("quick run: %.1f s", time.Since(start).Seconds())
			if strings.Contains(printed, "NaN") || strings.Contains(printed, "Inf") {
				t.Errorf("the lesson printed NaN or Inf:\n%s", printed)
			}
			for _, name := range want {
				if err := pngcheck.NonBlank(filepath.Join(dir, name)); err != nil {
					t.Error(err)
				}
			}
			got, err := filepath.Glob(filepath.Join(dir, "*"))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				var base []string
				for _, g := range got {
					base = append(base, filepath.Base(g))
				}
				t.Errorf("saved %v, want exactly %v", base, want)
			}
		})
	}
}

// TestLessonsFull runs each lesson at its default settings, as a learner
// does, and checks it stays under a minute. Skipped with -short, and
// unless AEKIT_FULL_LESSONS is set: six full lessons take a few minutes
// of CPU.
func TestLessonsFull(t *testing.T) {
	if testing.Short() || os.Getenv("AEKIT_FULL_LESSONS") == "" {
		t.Skip("set AEKIT_FULL_LESSONS=1 to run every lesson at full settings")
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		t.Run(l.Name, func(t *testing.T) {
			dir := t.TempDir()
			start := time.Now()
			printed := runLesson(t, l.Name, dir, false)
			took := time.Since(start)
			t.Logf("full run: %.1f s\n%s", took.Seconds(), printed)
			for _, name := range expectedPNGs(t, l) {
				if err := pngcheck.NonBlank(filepath.Join(dir, name)); err != nil {
					t.Error(err)
				}
			}
			if took > time.Minute {
				t.Errorf("%s took %v at full settings, want under a minute", l.Name, took)
			}
		})
	}
}
