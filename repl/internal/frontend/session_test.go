package frontend

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandsComplete: :help lists every command, each on one line, and
// every command works (in an order that gives each one something to do).
func TestCommandsComplete(t *testing.T) {
	ts := newTestSession(t)
	help, err := ts.cmd(":help")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands {
		if !strings.Contains(help, "\n  :"+c.name+" ") {
			t.Errorf(":help does not list :%s:\n%s", c.name, help)
		}
	}
	lesson := filepath.Join(fixtures(t), "basics.go")
	load := filepath.Join(ts.dir, "load.go")
	if err := os.WriteFile(load, []byte("package main\n\nimport \"fmt\"\n\nfunc loaded() int { return 7 }\n\nvar fromFile = loaded()\n\nfmt.Println(\"loaded\", fromFile)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := []struct {
		line, want string
	}{
		{":lessons", ""},
		{":open " + lesson, "basics — a tiny lesson"},
		{":show", "knobs: rows = 4 (:step 1 NAME=VALUE"},
		{":next", "rows: 2"},
		{":next", "saved "},
		{":prev", "step 1/3: Make a matrix"},
		{":run", "rows: 2"},
		{":redo rows=3", "rows: 3"},
		{":step 2", "step 2/3: Draw it"},
		{":all", "total: 3"},
		{":check", "not yet: Six bright pixels (exercise 1)"},
		{":step 1 rows=6", "  rows := 6   (was: rows := 4)"},
		{":all", "total: 6"},
		{":check 1", "✓ Six bright pixels (exercise 1)"},
		{":vars", "total"},
		{":doc ae.NewSymmetric", "func NewSymmetric(sizes []int,"},
		{":plots", "basics-2-rows.png"},
		{":load " + load, "loaded 7"},
		{":save " + filepath.Join(ts.dir, "nb.md"), "saved 10 cells to"},
		{":save! " + filepath.Join(ts.dir, "nb.md"), "saved 10 cells to"},
		{":out " + filepath.Join(ts.dir, "other"), "pictures go to"},
		{":serve 127.0.0.1:0", "serving the session at http://127.0.0.1:"},
		{":serve off", "the live page is stopped"},
		{":save " + filepath.Join(ts.dir, "class.html"), "saved 10 cells and 3 pictures to"},
		{":time", "timing on"},
		{":replay", ""},
		{":reset", "fresh interpreter"},
		{":restart", "fresh interpreter"},
		{":resume " + filepath.Join(ts.dir, "nb.md"), "resumed "},
		{":help", ":quit"},
	}
	tested := map[string]bool{}
	for _, r := range runs {
		out, err := ts.cmd(r.line)
		if err != nil {
			t.Errorf("%s: %v\n%s", r.line, err, out)
			continue
		}
		if !strings.Contains(out, r.want) {
			t.Errorf("%s printed:\n%s\nwant %q", r.line, out, r.want)
		}
		tested[strings.Fields(r.line)[0][1:]] = true
	}
	if err := ts.Command(":quit"); !errors.Is(err, ErrQuit) {
		t.Errorf(":quit returned %v", err)
	}
	tested["quit"] = true
	for _, c := range commands {
		if !tested[c.name] {
			t.Errorf("command :%s is not tested", c.name)
		}
	}
	// After :resume the notebook's cells are back; after :reset the
	// names are gone and the out folder stays.
	if _, err := ts.cmd(":reset"); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.cell("total"); err == nil {
		t.Error("total survived :reset")
	}
	if got := ts.ok("out"); !strings.Contains(got, filepath.Join(ts.dir, "other")) {
		t.Errorf("out after :reset = %q", got)
	}
}

func TestCommandErrors(t *testing.T) {
	ts := newTestSession(t)
	for _, c := range []struct{ line, want string }{
		{":nosuch", "unknown command :nosuch"},
		{":open", "usage: :open NAME"},
		{":open nosuch", `no lesson "nosuch"`},
		{":next", "no lesson is open"},
		{":check", "no lesson is open"},
		{":step x", "usage: :step N"},
		{":step 1 rows=6", "no lesson is open"},
		{":run rows=6", "no lesson is open"},
		{":check 1", "no lesson is open"},
		{":load /nonexistent/x.go", "no such file"},
		{":save notes.txt", "name it FILE.md"},
	} {
		out, err := ts.cmd(c.line)
		if err == nil {
			t.Errorf("%s: no error", c.line)
			continue
		}
		if !strings.Contains(out, c.want) {
			t.Errorf("%s printed %q, want %q", c.line, out, c.want)
		}
	}
	if _, err := ts.cmd(":open " + filepath.Join(fixtures(t), "broken.go")); err != nil {
		t.Fatal(err)
	}
	if out, err := ts.cmd(":check"); err == nil || !strings.Contains(out, "broken has no exercises") {
		t.Errorf(":check in a lesson without exercises: err %v, printed %q", err, out)
	}
	if _, err := ts.cmd(":open " + filepath.Join(fixtures(t), "basics.go")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ line, want string }{
		{":check", "no exercise yet"},
		{":check 1", "exercise 1 comes after step 3: run the steps up to it first (:step 3)"},
		{":check 2", "usage: :check [N], N an exercise number: basics has exercises 1 to 1"},
		{":check x", "usage: :check [N]"},
		{":prev", "already at the first step"},
		{":step 9", "basics has steps 1 to 3"},
		{":step 1 nosuch=3", "step 1: nosuch is not declared at the top of this step; its knobs: rows = 4"},
		{":step 3 rows=3", "step 3: rows is not declared at the top of this step; it has no knobs"},
		{":step 1 rows", `"rows": want NAME=VALUE, e.g. codeSize=8`},
		{":step 1 rows=)", "rows=): the value is not a Go expression"},
		{":run rows=)", "rows=): the value is not a Go expression"},
	} {
		out, err := ts.cmd(c.line)
		if err == nil || !strings.Contains(out, c.want) {
			t.Errorf("%s: err %v, printed %q, want %q", c.line, err, out, c.want)
		}
	}
}

// TestPictureVariants: a step run with a setting, and the steps after it,
// save their pictures under names that say so, beside the pictures of the
// step as written.
func TestPictureVariants(t *testing.T) {
	ts := newTestSession(t)
	for _, line := range []string{":open " + filepath.Join(fixtures(t), "basics.go"), ":all", ":step 1 rows=3", ":next", ":step 1", ":next"} {
		if out, err := ts.cmd(line); err != nil {
			t.Fatalf("%s: %v\n%s", line, err, out)
		}
	}
	var names []string
	for _, p := range ts.plots {
		names = append(names, filepath.Base(p))
	}
	want := []string{"basics-2-rows.png", "basics-2-rows-rows=3.png", "basics-2-rows.png"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("pictures %v, want %v", names, want)
	}
}

// TestOutFolderLazy: the out folder is made when a cell (or the journal)
// needs it, so that :out DIR leaves no empty default folder behind.
func TestOutFolderLazy(t *testing.T) {
	ts := newTestSessionOpts(t, Options{Quick: true}) // with a journal
	def := ts.opts.Out
	if _, err := os.Stat(def); err == nil {
		t.Fatalf("%s exists before any cell needs it", def)
	}
	other := filepath.Join(ts.dir, "other")
	if _, err := ts.cmd(":out " + other); err != nil {
		t.Fatal(err)
	}
	ts.ok("x := 1")
	ts.ok(`p := picture("a.png")`)
	if _, err := os.Stat(def); err == nil {
		t.Errorf("%s was made after :out %s", def, other)
	}
	if info, err := os.Stat(other); err != nil || !info.IsDir() {
		t.Errorf(":out %s: %v", other, err)
	}
	if j := ts.JournalPath(); filepath.Dir(j) != other {
		t.Errorf("the journal is %s, want it in %s", j, other)
	}
}

// TestListingIndentation: a step's code is listed with spaces only, a tab
// as four, so that it lines up the same on every terminal.
func TestListingIndentation(t *testing.T) {
	ts := newTestSession(t)
	if _, err := ts.cmd(":open " + filepath.Join(fixtures(t), "basics.go")); err != nil {
		t.Fatal(err)
	}
	out, err := ts.cmd(":show")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "\t") {
		t.Errorf(":show lists tabs:\n%s", out)
	}
	if !strings.Contains(out, "  │ if quick {\n  │     rows = 2\n  │ }\n") {
		t.Errorf(":show does not indent the body of an if by four spaces:\n%s", out)
	}
}

// TestComplete: commands complete here, Go names in the kernel; readline
// gets the rest of each candidate.
func TestComplete(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("counter := 1\nm := mat.NewDense(2, 3, nil)")
	for _, c := range []struct {
		line, word string
		want       []string
	}{
		{":op", ":op", []string{":open"}},
		{":re", ":re", []string{":redo", ":replay", ":reset", ":restart", ":resume"}},
		{":open comp", "comp", []string{"compression"}},
		{":doc ae.NewS", "ae.NewS", []string{"ae.NewSymmetric"}},
		{"fmt.Println(cou", "cou", []string{"counter"}},
		{"m.Di", "Di", []string{"DiagView", "Dims", "DivElem"}},
	} {
		word, cands := ts.Complete(c.line)
		if word != c.word || strings.Join(cands, " ") != strings.Join(c.want, " ") {
			t.Errorf("Complete(%q) = %q, %v; want %q, %v", c.line, word, cands, c.word, c.want)
		}
	}
	rest, n := completer{ts.Session}.Do([]rune("ae.NewS"), 7)
	if n != 4 || len(rest) != 1 || string(rest[0]) != "ymmetric" {
		t.Errorf("Do = %q, %d", rest, n)
	}
}
