package frontend

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aekit/aekit/lessons"
)

// twoExercises is a lesson with an exercise after each of its two steps.
const twoExercises = `package lessons

// two: two steps, two exercises.
//
// Goal: test :check.
func two(ctx context.Context, quick bool) {
	// Step: First
	a := 1
	fmt.Println("a is", a)

	// Exercise: Make a two
	// Run step 1 with a=2: ` + "`:step 1 a=2`" + `, then ` + "`:check`" + `.
	// Try: :step 1 a=2
	// Try: :check
	// Check: a == 2
	// Hint: a=2.

	// Step: Second
	b := a * 10
	fmt.Println("b is", b)

	// Exercise: Make b big
	// Make b at least 100.
	// Check: b >= 100
	// Hint: b=100.
}
`

// TestCheckOpenExercises: :check checks every exercise of the steps run
// so far, even after going back to an earlier step; :check N checks one.
func TestCheckOpenExercises(t *testing.T) {
	ts := newTestSession(t)
	file := filepath.Join(ts.dir, "two.go")
	if err := os.WriteFile(file, []byte(twoExercises), 0o644); err != nil {
		t.Fatal(err)
	}
	type want struct {
		line string
		has  []string
		not  []string
	}
	for _, c := range []want{
		{line: ":open " + file},
		{line: ":check", has: []string{"no exercise yet"}},
		{line: ":next", has: []string{"a is 1", "exercise 1: Make a two\nRun step 1 with a=2", "type:\n  :step 1 a=2\n  :check\n"}},
		// No hint before an attempt.
		{line: ":check", has: []string{"not yet: Make a two (exercise 1): type `:step 1 a=2` first\n"}, not: []string{"hint", "exercise 2", "exercises done"}},
		{line: ":check 2", has: []string{"exercise 2 comes after step 2"}},
		{line: ":next", has: []string{"b is 10", "exercise 2: Make b big\nMake b at least 100.\n(:check when you are done)"}},
		// Back at step 1, both exercises stay open.
		{line: ":step 1 a=2", has: []string{"a is 2", "exercises: 1 Make a two (:show repeats them"}, not: []string{"Run step 1 with a=2"}},
		{line: ":show", has: []string{"knobs: a = 1", "exercise 1: Make a two\nRun step 1"}},
		{line: ":check", has: []string{"✓ Make a two (exercise 1)\n", "not yet: Make b big (exercise 2)\n", "1 of 2 exercises done"}, not: []string{"hint: b=100."}},
		{line: ":check 2", has: []string{"not yet: Make b big (exercise 2)"}, not: []string{"exercise 1", "hint"}},
		// Running its step with a setting is an attempt: now the hint.
		{line: ":step 2 b=a*5", has: []string{"b is 10"}},
		{line: ":check 2", has: []string{"not yet: Make b big (exercise 2)\n  hint: b=100."}},
		{line: ":step 2 b=a*50", has: []string{"b is 100"}},
		{line: ":step 1", has: []string{"a is 1"}},
		// Exercise 1 was solved before: a plain :check remembers it; :check 1
		// says how things stand now.
		{line: ":check", has: []string{"✓ Make a two (exercise 1, solved earlier)", "✓ Make b big (exercise 2)", "2 of 2 exercises done"}},
		{line: ":check 1", has: []string{"not yet: Make a two (exercise 1)"}},
		{line: ":reset"},
		{line: ":check", has: []string{"no exercise yet"}},
	} {
		out, _ := ts.cmd(c.line)
		for _, h := range c.has {
			if !strings.Contains(out, h) {
				t.Errorf("%s printed:\n%s\nwant %q", c.line, out, h)
			}
		}
		for _, n := range c.not {
			if strings.Contains(out, n) {
				t.Errorf("%s printed:\n%s\nwant no %q", c.line, out, n)
			}
		}
	}
}

// TestBannerAndLessons: the banner names the first lesson of the course,
// and :lessons lists the lessons in course order with title, goal and
// number of steps.
func TestBannerAndLessons(t *testing.T) {
	ts := newTestSession(t)
	if b := ts.banner(); !strings.Contains(b, ":open compression ") {
		t.Errorf("banner:\n%s\nwant :open compression", b)
	}
	out, err := ts.cmd(":lessons")
	if err != nil {
		t.Fatal(err)
	}
	// The number of steps is each lesson's own: lessons grow.
	all, err := lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	steps := map[string]string{}
	for _, l := range all {
		steps[l.Name] = fmt.Sprintf("(%d steps)", len(l.Steps))
	}
	want := []struct{ name, title, goal, steps string }{
		{"compression", "what an autoencoder is", "goal: train a small autoencoder", steps["compression"]},
		{"loss", "the loss is the difference", "goal: compute a loss by hand", steps["loss"]},
		{"latent", "dimensionality reduction", "goal: squeeze digits into 2 numbers", steps["latent"]},
		{"denoising", "an autoencoder that removes noise", "goal: add noise to digits", steps["denoising"]},
		{"anomaly", "finding what does not belong", "goal: train on a set of 1s", steps["anomaly"]},
		{"encoder", "the encoder at work", "goal: use an autoencoder's code", steps["encoder"]},
	}
	rest := out
	for i, w := range want {
		head := fmt.Sprintf("%d. %s ", i+1, w.name)
		at := strings.Index(rest, head)
		if at < 0 {
			t.Fatalf(":lessons: %q missing or out of order:\n%s", head, out)
		}
		rest = rest[at:]
		entry := rest
		if next := strings.Index(rest, fmt.Sprintf("%d. ", i+2)); next >= 0 {
			entry = rest[:next]
		}
		for _, s := range []string{w.title, w.goal, w.steps} {
			if !strings.Contains(entry, s) {
				t.Errorf(":lessons entry for %s lacks %q:\n%s", w.name, s, entry)
			}
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > 100 {
			t.Errorf(":lessons line of %d characters: %q", n, line)
		}
	}
	if !strings.Contains(out, ":open compression starts the first") {
		t.Errorf(":lessons does not say how to start:\n%s", out)
	}
	if out, err := ts.cmd(":open 2"); err != nil || !strings.HasPrefix(out, "loss — ") {
		t.Errorf(":open 2: %v\n%s", err, out)
	}
	all, err = lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	n := len(all)
	if out, err := ts.cmd(fmt.Sprintf(":open %d", n+1)); err == nil || !strings.Contains(out, fmt.Sprintf("no lesson %d: :lessons numbers them 1 to %d", n+1, n)) {
		t.Errorf(":open %d: %v\n%s", n+1, err, out)
	}
}
