package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// The prompts, as the front end writes them.
const (
	promptMain = "aekit> "
	promptMore = "   ... "
)

// ptyREPL drives the REPL on a pseudo-terminal, as a learner would.
type ptyREPL struct {
	t    *testing.T
	cmd  *exec.Cmd
	f    *os.File
	home string

	mu   sync.Mutex
	out  bytes.Buffer
	seen int // output before this offset has been matched
	done chan struct{}
	err  error // the process's exit status, once done is closed
}

// startPTY starts the REPL (this test binary, see TestMain) on a pty 120
// columns wide (readline completes only with a width), with HOME in a
// temporary folder.
func startPTY(t *testing.T, args ...string) *ptyREPL {
	t.Helper()
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "AEKIT_REPL_MAIN=1", "HOME="+home, "XDG_STATE_HOME=", "TERM=xterm", "COLORTERM=truecolor", "NO_COLOR=")
	// Under -race, races are still printed; the one after an interrupt
	// is not real (internal/pipeline/race_test.go) and must not change
	// the exit status.
	cmd.Env = append(cmd.Env, "GORACE=exitcode=0")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Fatal(err)
	}
	r := &ptyREPL{t: t, cmd: cmd, f: f, home: home, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			r.mu.Lock()
			r.out.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() {
		r.err = cmd.Wait()
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			cmd.Process.Kill()
			<-r.done
		}
		f.Close()
	})
	return r
}

var ansiRe = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// expect waits until the output after the last match contains want (ANSI
// sequences removed), and moves past it.
func (r *ptyREPL) expect(want string, timeout time.Duration) string {
	r.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		r.mu.Lock()
		raw := r.out.String()[r.seen:]
		r.mu.Unlock()
		clean := ansiRe.ReplaceAllString(raw, "")
		if i := strings.Index(clean, want); i >= 0 {
			// Find the raw offset just past the match.
			end := rawOffset(raw, i+len(want))
			r.mu.Lock()
			r.seen += end
			r.mu.Unlock()
			return clean[:i+len(want)]
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("timed out waiting for %q; output since the last match:\n%q", want, clean)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rawOffset maps an offset in the ANSI-stripped text back to raw.
func rawOffset(raw string, clean int) int {
	n := 0
	for i := 0; i < len(raw); {
		if loc := ansiRe.FindStringIndex(raw[i:]); loc != nil && loc[0] == 0 {
			i += loc[1]
			continue
		}
		if n == clean {
			return i
		}
		n++
		i++
	}
	return len(raw)
}

// interruptLine presses Ctrl-C at the prompt and waits for readline's ^C
// and a fresh prompt.
func (r *ptyREPL) interruptLine() {
	r.t.Helper()
	r.send("\x03")
	r.expect("^C", 5*time.Second)
	r.expect(promptMain, 5*time.Second)
}

func (r *ptyREPL) send(s string) {
	r.t.Helper()
	if _, err := io.WriteString(r.f, s); err != nil {
		r.t.Fatal(err)
	}
}

// line types a line and returns what was printed between its end and the
// next prompt. (While a line is typed, readline redraws the prompt with
// it, so the echo is skipped up to the newline of Enter first.)
func (r *ptyREPL) line(s string) string {
	r.t.Helper()
	r.send(s + "\r")
	r.expect("\n", 10*time.Second)
	return r.expect(promptMain, 30*time.Second)
}

func TestInteractive(t *testing.T) {
	r := startPTY(t, "-out", "pics")
	r.expect("Type :lessons", 20*time.Second)
	r.expect(promptMain, 5*time.Second)

	// Values print; state persists.
	r.line("x := 41")
	if out := r.line("x + 1"); !strings.Contains(out, "42") {
		t.Errorf("x + 1 printed %q", out)
	}

	// Output without a final newline stays on screen: the prompt starts on
	// a fresh line instead of being drawn over it.
	r.send(`fmt.Printf("%.3f", 3.14159)` + "\r")
	r.expect("\n", 10*time.Second)
	if out := r.expect(promptMain, 10*time.Second); !regexp.MustCompile(`3\.142\r?\n`).MatchString(out) {
		t.Errorf("Printf without a newline: %q, want 3.142 and a line end before the prompt", out)
	}

	// A cell that is not Go is refused before it runs, in the compiler's
	// words; a Python habit is answered at once with a hint, not with a
	// continuation prompt.
	if out := r.line(`y := strings.Fields("a b")[0] + 1`); !strings.Contains(out, "mismatched types string and untyped int") {
		t.Errorf("a type error printed %q", out)
	}
	if out := r.line("for i in range(3):"); !strings.Contains(out, "hint: Go counts with for i := 0; i < 3; i++") {
		t.Errorf("for i in range(3): printed %q", out)
	}

	// Multi-line input continues while the tokens are incomplete.
	r.send("s := []int{1,\r")
	r.expect(promptMore, 5*time.Second)
	r.line("2, 3}")
	if out := r.line("len(s)"); !strings.Contains(out, "3") {
		t.Errorf("len(s) printed %q", out)
	}

	// Tab completes a package member from the symbol tables...
	r.send("mat.NewDen\t")
	r.expect("mat.NewDense", 5*time.Second)
	if out := r.line("(2, 3, nil).Dims()"); !strings.Contains(out, "2  3") {
		t.Errorf("mat.NewDense(2, 3, nil).Dims() printed %q", out)
	}
	// ...and the methods of a compiled value held by a global.
	r.line("m := mat.NewDense(2, 3, nil)")
	r.send("m.SetC\t")
	r.expect("m.SetCol", 5*time.Second)
	r.interruptLine()
	r.send("m.Se\t\t")
	out := r.expect("SetRow", 5*time.Second)
	for _, want := range []string{"Set", "SetCol"} {
		if !strings.Contains(out, want) {
			t.Errorf("m.Se<Tab><Tab> lists no %s: %q", want, out)
		}
	}

	// Ctrl-C with the completion list open clears the line at once; it
	// clears a half-typed cell too.
	r.interruptLine()
	if out := r.line("x + 1"); !strings.Contains(out, "42") || strings.Contains(out, "error") {
		t.Errorf("after Ctrl-C with the completion list open, x + 1 printed %q", out)
	}
	r.send("undefinedThing")
	r.interruptLine()
	if out := r.line("x + 2"); !strings.Contains(out, "43") || strings.Contains(out, "undefined") {
		t.Errorf("after Ctrl-C while editing, x + 2 printed %q", out)
	}
	r.send("t := []int{1,\r")
	r.expect(promptMore, 5*time.Second)
	r.interruptLine()
	if out := r.line("x + 3"); !strings.Contains(out, "44") {
		t.Errorf("after Ctrl-C in a multi-line cell, x + 3 printed %q", out)
	}

	// Ctrl-C while a cell runs cancels it; the REPL and x survive.
	r.send("fmt.Println(\"looping\"); for { x = 41 }\r")
	r.expect("looping\r\n", 10*time.Second)
	r.send("\x03")
	r.expect("interrupted", 10*time.Second)
	r.expect(promptMain, 5*time.Second)
	if out := r.line("x + 4"); !strings.Contains(out, "45") {
		t.Errorf("after interrupting a loop, x + 4 printed %q", out)
	}

	// Training shows a progress bar on a terminal; Ctrl-C stops it within
	// a batch and the model stays usable.
	r.line(`r := rand.New(rand.NewSource(1)); data := mat.NewDense(4096, 64, nil)`)
	r.line(`for i := 0; i < 4096; i++ { for j := 0; j < 64; j++ { data.Set(i, j, r.Float64()) } }`)
	r.line(`model, err := ae.NewSymmetric([]int{64, 32, 8}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)`)
	r.send("h, err := model.Fit(ctx, data, ae.Options{Epochs: 1000000, BatchSize: 32})\r")
	r.expect("epoch 1/1000000 · batch ", 30*time.Second)
	r.expect("img/s", 10*time.Second)
	r.send("\x03")
	r.expect("stopped after ", 10*time.Second)
	r.expect("interrupted", 10*time.Second)
	r.expect(promptMain, 5*time.Second)
	if out := r.line("model.CodeSize()"); !strings.Contains(out, "8") {
		t.Errorf("after interrupting Fit, model.CodeSize() printed %q", out)
	}
	if out := r.line("x + 5"); !strings.Contains(out, "46") {
		t.Errorf("after interrupting Fit, x + 5 printed %q", out)
	}

	// Ctrl-D exits with status 0 and the history is kept in HOME.
	r.send("\x04")
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		t.Fatal("Ctrl-D did not end the REPL")
	}
	var ee *exec.ExitError
	if errors.As(r.err, &ee) || r.err != nil {
		t.Errorf("exit after Ctrl-D: %v", r.err)
	}
	hist, err := os.ReadFile(filepath.Join(r.home, ".aekit_history"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(hist), "x := 41") {
		t.Errorf("history lacks x := 41:\n%s", hist)
	}
}

// TestInteractivePreview: a cell that saves a PNG prints its path and, on
// a terminal, a half-block preview.
func TestInteractivePreview(t *testing.T) {
	r := startPTY(t, "-out", "pics")
	r.expect(promptMain, 20*time.Second)
	r.send(`p := plot.New(); l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}); check(err); p.Add(l); check(p.Save(200, 100, filepath.Join(out, "line.png")))` + "\r")
	r.expect("saved pics/line.png", 20*time.Second)
	out := r.expect(promptMain, 10*time.Second)
	if !strings.Contains(out, "▀") {
		t.Errorf("no half-block preview after the saved line:\n%q", out)
	}
	r.send(":plots\r")
	r.expect("pics/line.png", 10*time.Second)
	r.send(":quit\r")
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		t.Fatal(":quit did not end the REPL")
	}
	if r.err != nil {
		t.Errorf("exit after :quit: %v", r.err)
	}
}

// TestInteractiveServeAndGIF: -serve starts the live page before the
// first prompt; a cell that saves a GIF previews its first frame, and so
// does :plots; the page's stream carries the cell; :serve off stops the
// page and the session goes on.
func TestInteractiveServeAndGIF(t *testing.T) {
	r := startPTY(t, "-out", "pics", "-serve", "127.0.0.1:0")
	banner := r.expect(promptMain, 20*time.Second)
	m := regexp.MustCompile(`serving the session at (http://127\.0\.0\.1:\d+/) `).FindStringSubmatch(banner)
	if m == nil {
		t.Fatalf("no address before the first prompt:\n%s", banner)
	}
	url := m[1]
	r.send(`d, err := datasets.MNISTTest(); check(err); few, err := d.Take(4); check(err); check(plots.Animation{Frames: []plots.Figure{plots.Grid{Images: few.Images, Shape: d.Shape, Title: "one"}, plots.Grid{Images: few.Images, Shape: d.Shape, Title: "two"}}}.Save(picture("anim.gif")))` + "\r")
	r.expect("saved pics/anim.gif", 20*time.Second)
	if out := r.expect(promptMain, 10*time.Second); !strings.Contains(out, "▀") {
		t.Errorf("no preview of the GIF's first frame:\n%q", out)
	}
	r.send(":plots\r")
	r.expect("pics/anim.gif", 10*time.Second)
	if out := r.expect(promptMain, 10*time.Second); !strings.Contains(out, "▀") {
		t.Errorf(":plots shows no preview of the GIF:\n%q", out)
	}
	resp, err := http.Get(url + "events")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	found := false
	for sc.Scan() && !found {
		found = strings.Contains(sc.Text(), `"src":"pic/0/anim.gif","name":"anim.gif","format":"gif"`)
	}
	resp.Body.Close()
	if !found {
		t.Error("the page's stream does not carry the GIF")
	}
	r.send(":serve off\r")
	r.expect("the live page is stopped; the session goes on", 10*time.Second)
	r.expect(promptMain, 5*time.Second)
	if out := r.line("few.Len()"); !strings.Contains(out, "4") {
		t.Errorf("after :serve off, few.Len() printed %q", out)
	}
	r.send(":quit\r")
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		t.Fatal(":quit did not end the REPL")
	}
}

// interruptLesson is a lesson whose second step waits for Ctrl-C the first
// time it runs and finishes the second time; its third step needs what
// the second makes.
const interruptLesson = `package lessons

// waits: a step that waits.
//
// Goal: interrupt a step.
func waits(ctx context.Context, quick bool) {
	// Step: Start
	// Nothing happens yet.
	runs := 0
	fmt.Println("started")

	// Step: Wait
	// Waits for Ctrl-C the first time.
	runs++
	if runs == 1 {
		fmt.Println("waiting")
		<-ctx.Done()
		check(ctx.Err())
	}
	made := []int{runs}
	fmt.Println("made", len(made))

	// Step: Use
	// Uses what step 2 made.
	fmt.Println("using", made[0])
}
`

// TestInteractiveLessonInterrupt: Ctrl-C in a lesson step leaves it the
// current step; :next runs it again, not the step after it, and no step
// runs on what the interrupted one left.
func TestInteractiveLessonInterrupt(t *testing.T) {
	r := startPTY(t, "-out", "pics")
	r.expect(promptMain, 20*time.Second)
	file := filepath.Join(filepath.Dir(r.home), "waits.go")
	if err := os.WriteFile(file, []byte(interruptLesson), 0o644); err != nil {
		t.Fatal(err)
	}
	r.line(":open " + file)
	r.line(":next")
	r.send(":next\r")
	r.expect("waiting", 10*time.Second)
	r.send("\x03")
	r.expect("interrupted", 10*time.Second)
	r.expect("step 2 was interrupted before it finished; it stays the current step: :next runs it again.", 5*time.Second)
	r.expect(promptMain, 5*time.Second)
	if out := r.line(":step 3"); !strings.Contains(out, "step 2 was interrupted before it finished, and step 3 would run on what it left: :step 2 runs it again") || strings.Contains(out, "using") {
		t.Errorf(":step 3 after the interrupt printed %q", out)
	}
	out := r.line(":next")
	if !strings.Contains(out, "step 2 was interrupted before it finished: running it again.") || !strings.Contains(out, "made 1") {
		t.Errorf(":next after the interrupt printed %q", out)
	}
	if out := r.line(":next"); !strings.Contains(out, "using 2") {
		t.Errorf(":next after the step finished printed %q", out)
	}
}
