package frontend

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSaveNotebook: :save writes each cell's code, its output and its
// pictures as links that resolve from the notebook's own folder.
func TestSaveNotebook(t *testing.T) {
	ts := newTestSession(t)
	if _, err := ts.cmd(":open " + filepath.Join(fixtures(t), "basics.go")); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.cmd(":all"); err != nil {
		t.Fatal(err)
	}
	ts.ok("fmt.Println(\"free cell with ``` fences\")")
	ts.cell("y := nosuch") // a failing cell is kept too
	ts.ok(`p := plot.New()
l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}})
check(err)
p.Add(l)
check(os.MkdirAll(filepath.Join(out, "sub"), 0o755))
check(p.Save(120, 90, filepath.Join(out, "sub", "two lines.png")))
check(p.Save(120, 90, filepath.Join(out, "b.png")))`)

	md := filepath.Join(ts.dir, "notes", "deep", "session.md")
	out, err := ts.cmd(":save " + md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "saved 6 cells") {
		t.Errorf(":save printed %q", out)
	}
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	nb := string(b)
	for _, want := range []string{
		"## basics, step 1: Make a matrix\n\nA matrix holds one image per row.\nHere each row has three pixels.\n\n```go\nrows := 4\n",
		"```text\nrows: 2\n```",
		"```text\ntotal: 2\n```",
		"````go\nfmt.Println(\"free cell with ``` fences\")\n````",
		"```go failed\ny := nosuch\n```\n\n*This cell failed (error: line 1: undefined: nosuch); :load skips it.*\n\n```text\nerror: line 1: undefined: nosuch\n",
	} {
		if !strings.Contains(nb, want) {
			t.Errorf("notebook lacks %q:\n%s", want, nb)
		}
	}
	links := regexp.MustCompile(`!\[([^\]]*)\]\(<?([^)>]*)>?\)`).FindAllStringSubmatch(nb, -1)
	if len(links) != 3 {
		t.Fatalf("notebook has %d image links, want 3:\n%s", len(links), nb)
	}
	for _, l := range links {
		if filepath.IsAbs(l[2]) {
			t.Errorf("link %q is absolute", l[2])
		}
		p := filepath.Join(filepath.Dir(md), filepath.FromSlash(l[2]))
		if _, err := os.Stat(p); err != nil {
			t.Errorf("link %q: %v", l[2], err)
		}
	}
	if !strings.Contains(nb, "(<../../out/sub/two lines.png>)") {
		t.Errorf("a path with a space is not wrapped in <>:\n%s", nb)
	}
	if strings.Contains(nb, "\x1b") {
		t.Error("the notebook holds terminal escapes")
	}
}

// TestSaveNotebookReplaces: a second :save replaces the notebook whole,
// leaving no temporary file, and a :save that fails leaves it as it was.
func TestSaveNotebookReplaces(t *testing.T) {
	ts := newTestSession(t)
	ts.ok(`fmt.Println("first")`)
	dir := filepath.Join(ts.dir, "notes")
	md := filepath.Join(dir, "s.md")
	if _, err := ts.cmd(":save " + md); err != nil {
		t.Fatal(err)
	}
	ts.ok(`fmt.Println("second")`)
	if out, err := ts.cmd(":save " + md); err == nil || !strings.Contains(out, "exists; :save! "+md+" replaces it") {
		t.Fatalf(":save over a notebook: err %v, printed %q", err, out)
	}
	if _, err := ts.cmd(":save! " + md); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "```text\nfirst\n```") || !strings.Contains(string(b), "```text\nsecond\n```") {
		t.Errorf("the second save lacks a cell:\n%s", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the notebook's folder holds %d entries, want 1: %v", len(entries), entries)
	}

	// A folder in the notebook's place: the save fails and says where.
	taken := filepath.Join(dir, "taken.md")
	if err := os.MkdirAll(filepath.Join(taken, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = ts.cmd(":save! " + taken)
	if err == nil || !strings.HasPrefix(err.Error(), "save: ") || !strings.Contains(err.Error(), taken) {
		t.Errorf(":save onto a folder gave %v, want a save: error naming %s", err, taken)
	}
	if b2, _ := os.ReadFile(md); string(b2) != string(b) {
		t.Error("a failed save changed the other notebook")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("after a failed save the folder holds %d entries, want 2: %v", len(entries), entries)
	}
}

// TestSaveNotebookMode: a new notebook gets 0666 less the umask, as a file
// the learner's editor makes would, not the 0600 of a temporary file.
func TestSaveNotebookMode(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("x := 1")
	plain := filepath.Join(ts.dir, "plain")
	if err := os.WriteFile(plain, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	want, err := os.Stat(plain)
	if err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(ts.dir, "nb.md")
	if _, err := ts.cmd(":save " + md); err != nil {
		t.Fatal(err)
	}
	got, err := os.Stat(md)
	if err != nil {
		t.Fatal(err)
	}
	if got.Mode().Perm() != want.Mode().Perm() {
		t.Errorf("notebook mode %v, want %v (0666 less the umask)", got.Mode().Perm(), want.Mode().Perm())
	}
}

// TestLoadNotebook: a saved notebook loads back into a fresh session: its
// cells that ran run again, the failed one is skipped.
func TestLoadNotebook(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("x := 40")
	ts.cell("y := nosuch")
	ts.ok("func inc(v int) int { return v + 1 }\nz := inc(x) + 1")
	md := filepath.Join(ts.dir, "class.md")
	if _, err := ts.cmd(":save " + md); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.cmd(":reset"); err != nil {
		t.Fatal(err)
	}
	out, err := ts.cmd(":load " + md)
	if err != nil {
		t.Fatalf(":load: %v\n%s", err, out)
	}
	if !strings.Contains(out, "loaded 2 cells from "+md+" (skipped 1 that had failed)") {
		t.Errorf(":load printed:\n%s", out)
	}
	if got := ts.ok("z"); !strings.Contains(got, "42") {
		t.Errorf("z after :load = %q, want 42", got)
	}
}

// TestLoadProgram: :load runs a package main program: its declarations,
// then main with the REPL's ctx.
func TestLoadProgram(t *testing.T) {
	ts := newTestSession(t)
	prog := filepath.Join(ts.dir, "prog.go")
	src := `package main

import (
	"context"
	"fmt"
)

// double is a helper of the program.
func double(v int) int { return 2 * v }

func main() {
	ctx := context.Background()
	fmt.Println("main ran", double(21), ctx.Err() == nil, ctx != nil)
	if ctx.Value("x") == nil {
		return
	}
	fmt.Println("not reached")
}
`
	if err := os.WriteFile(prog, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := ts.cmd(":load " + prog)
	if err != nil {
		t.Fatalf(":load: %v\n%s", err, out)
	}
	if !strings.Contains(out, "main ran 42 true true") || strings.Contains(out, "not reached") {
		t.Errorf(":load printed:\n%s", out)
	}
	if got := ts.ok("double(4)"); !strings.Contains(got, "8") {
		t.Errorf("the program's function after :load: %q", got)
	}
	// An error names the file's line.
	bad := filepath.Join(ts.dir, "bad.go")
	if err := os.WriteFile(bad, []byte("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"a\")\n\tv := undefinedThing\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := ts.cmd(":load " + bad); err == nil || !strings.Contains(out, "error: line 7: undefined: undefinedThing") {
		t.Errorf(":load of a broken program: err %v, printed:\n%s", err, out)
	}
}
