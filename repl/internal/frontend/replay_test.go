package frontend

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// TestReplayBitIdentical: variables defined, a model trained, a lesson
// two steps in; then the kernel is killed from outside. The new kernel
// replays the cells, and the model's weights are the old ones bit for
// bit (its saved file is the same, byte for byte), the variables are
// back, and the lesson goes on from where it was.
func TestReplayBitIdentical(t *testing.T) {
	ts := newTestSession(t)
	lesson := filepath.Join(fixtures(t), "basics.go")
	for _, line := range []string{":open " + lesson, ":next", ":next"} {
		if out, err := ts.cmd(line); err != nil {
			t.Fatalf("%s: %v\n%s", line, err, out)
		}
	}
	ts.ok("keep := 41")
	ts.ok(`r := rand.New(rand.NewSource(7))
data := mat.NewDense(512, 16, nil)
for i := 0; i < 512; i++ { for j := 0; j < 16; j++ { data.Set(i, j, r.Float64()) } }`)
	ts.ok("m, err := ae.NewSymmetric([]int{16, 8, 4}, ae.ReLU, ae.ReLU, ae.Sigmoid, 3)\ncheck(err)")
	ts.ok("h, err := m.Fit(ctx, data, ae.Options{Epochs: 3, BatchSize: 32})\ncheck(err)")
	ts.cell("y := nosuchThing") // fails: not replayed
	before := filepath.Join(ts.dir, "before.model")
	ts.ok(`check(m.Save("` + before + `"))`)
	want, err := os.ReadFile(before)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(before); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var notices []string
	ts.Events().Subscribe(func(e events.Event) {
		if e.Kind == events.Kernel {
			mu.Lock()
			notices = append(notices, e.Text)
			mu.Unlock()
		}
	})
	pid := ts.kernelPID()
	start := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// The front end notices between cells, and replays. (A cell sent at
	// once could reach the kernel before the signal does: the kernel would
	// die while running it, and the cell would be blamed.)
	if !waitFor(30*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(notices) == 2 }) {
		t.Fatalf("no replay: %q", notices)
	}
	after := filepath.Join(ts.dir, "after.model")
	ts.ok(`check(m.Save("` + after + `"))`)
	t.Logf("replay of %d cells: %v", len(ts.log), time.Since(start))
	if ts.kernelPID() == pid {
		t.Fatal("the kernel was not replaced")
	}
	got, err := os.ReadFile(after)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the model's file after the replay differs from the one before (%d and %d bytes)", len(got), len(want))
	}
	if out := ts.ok("keep + 1"); !strings.Contains(out, "42") {
		t.Errorf("keep + 1 = %q after the replay", out)
	}
	if out := ts.ok("len(h.Train)"); !strings.Contains(out, "3") {
		t.Errorf("the History after the replay: %q", out)
	}
	if ts.lesson == nil || ts.lesson.pos != 1 {
		t.Fatalf("the lesson cursor moved: %+v", ts.lesson)
	}
	out, err := ts.cmd(":next")
	if err != nil || !strings.Contains(out, "step 3/3") || !strings.Contains(out, "total: 2") {
		t.Errorf(":next after the replay: %v\n%s", err, out)
	}
	if len(notices) != 2 || !strings.Contains(notices[0], "killed from outside") || !strings.Contains(notices[1], "replayed ") {
		t.Errorf("kernel events: %q", notices)
	}
}

// TestReplayCommand: :replay replaces the kernel on demand; :reset starts
// clean and replays nothing after it.
func TestReplayCommand(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("a := 1")
	ts.ok("b := a + 1")
	pid := ts.kernelPID()
	out, err := ts.cmd(":replay")
	if err != nil || !strings.Contains(out, "replayed 2 cells in ") {
		t.Errorf(":replay: %v\n%s", err, out)
	}
	if ts.kernelPID() == pid {
		t.Error(":replay kept the kernel")
	}
	if out := ts.ok("b"); !strings.Contains(out, "2") {
		t.Errorf("b after :replay = %q", out)
	}
	ts.cmd(":reset")
	ts.ok("c := 5")
	out, _ = ts.cmd(":replay")
	if !strings.Contains(out, "replayed 1 cell in ") {
		t.Errorf(":replay after :reset: %s", out)
	}
	if _, err := ts.cell("b"); err == nil {
		t.Error("b came back after :reset and :replay")
	}
}

// TestInterruptStops: Ctrl-C stops a loop within the kernel; a second
// Ctrl-C soon after does not replace the kernel while the cell stops.
func TestInterruptStops(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("x := 41")
	pid := ts.kernelPID()
	done := make(chan error, 1)
	go func() { _, err := ts.cell("for { x = 41 }"); done <- err }()
	if !waitFor(10*time.Second, func() bool {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		return ts.running != nil
	}) {
		t.Fatal("the cell never ran")
	}
	time.Sleep(50 * time.Millisecond)
	ts.Interrupt()
	ts.Interrupt()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "interrupted") {
			t.Errorf("err = %v, want interrupted", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not stop")
	}
	if ts.kernelPID() != pid {
		t.Error("the kernel was replaced")
	}
	if out := ts.ok("x + 1"); !strings.Contains(out, "42") {
		t.Errorf("x + 1 = %q", out)
	}
}

// TestEvents: what a class view sees of a lesson step that trains a model
// and saves a PNG and a GIF: the cell's start with the step's text, its
// output, its training's progress and epochs, its pictures, its end.
func TestEvents(t *testing.T) {
	ts := newTestSession(t)
	feed := ts.Events().Feed(1024)
	defer feed.Close()
	ts.ok(`r := rand.New(rand.NewSource(1))
x := mat.NewDense(2048, 16, nil)
for i := 0; i < 2048; i++ { for j := 0; j < 16; j++ { x.Set(i, j, r.Float64()) } }
m, err := ae.NewSymmetric([]int{16, 4}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
check(err)
fmt.Println("training")
h, err := m.Fit(ctx, x, ae.Options{Epochs: 4, BatchSize: 16, Validation: x})
check(err)
check(plots.LossCurves{Curves: []plots.Curve{{Name: "m", Train: h.Train}}}.Save(picture("loss.png")))
frames := []plots.Figure{plots.LossCurves{Curves: []plots.Curve{{Name: "m", Train: h.Train}}}}
check(plots.Animation{Frames: frames}.Save(picture("loss.gif")))`)
	var kinds []string
	var epochs []float64
	var progress, pictures int
	var end events.Event
	for len(feed.C) > 0 {
		e := <-feed.C
		if len(kinds) == 0 || kinds[len(kinds)-1] != string(e.Kind) {
			kinds = append(kinds, string(e.Kind))
		}
		switch e.Kind {
		case events.Epoch:
			epochs = append(epochs, e.Epoch.Train)
			if math.IsNaN(e.Epoch.Validation) {
				t.Error("an epoch without its validation loss")
			}
		case events.Progress:
			progress++
			if p := e.Progress; p.Epochs != 4 || p.Batches != 128 || p.Batch < 1 || p.Loss <= 0 {
				t.Errorf("progress %+v", p)
			}
		case events.Picture:
			pictures++
			if e.Format != strings.TrimPrefix(filepath.Ext(e.Path), ".") {
				t.Errorf("picture %s of format %s", e.Path, e.Format)
			}
		case events.CellEnd:
			end = e
		}
	}
	if got := strings.Join(kinds, " "); !strings.HasPrefix(got, "cell-start output") || !strings.HasSuffix(got, "picture cell-end") || !strings.Contains(got, "progress") || !strings.Contains(got, "epoch") {
		t.Errorf("events: %s", got)
	}
	if len(epochs) != 4 || progress == 0 || pictures != 2 {
		t.Errorf("%d epochs, %d progress events, %d pictures", len(epochs), progress, pictures)
	}
	if !end.OK || end.Duration <= 0 || end.Cell != 1 {
		t.Errorf("end %+v", end)
	}

	// A lesson step's start carries the step and its text.
	ts.cmd(":open " + filepath.Join(fixtures(t), "basics.go"))
	ts.cmd(":next")
	var start *events.Event
	for len(feed.C) > 0 {
		e := <-feed.C
		if e.Kind == events.CellStart {
			start = &e
		}
	}
	if start == nil || start.Step == nil || start.Step.Lesson != "basics" || start.Step.Index != 0 || start.Step.Count != 3 || !strings.Contains(start.Step.Text, "A matrix holds one image per row") {
		t.Errorf("a step's start: %+v", start)
	}
}

// TestResumeOwnJournal: a session resumed from its own journal, then
// resumed again from it, runs each cell once.
func TestResumeOwnJournal(t *testing.T) {
	ts := newTestSessionOpts(t, Options{Quick: true})
	ts.ok("n := 1")
	ts.ok("n++")
	path := ts.JournalPath()
	if path == "" {
		t.Fatal("no journal")
	}
	for i, cells := range []string{"2 cells ran", "3 cells ran"} { // the second time, n too
		out, err := ts.cmd(":resume " + path)
		if err != nil || !strings.Contains(out, cells) {
			t.Fatalf(":resume %d: %v\n%s", i+1, err, out)
		}
		if out := ts.ok("n"); !strings.Contains(out, "2") {
			t.Fatalf("n after :resume %d = %q", i+1, out)
		}
	}
}

// TestJournalFailureSaid: a journal that cannot be written is reported
// once, and the session goes on.
func TestJournalFailureSaid(t *testing.T) {
	dir := t.TempDir()
	blocked := filepath.Join(dir, "file")
	if err := os.WriteFile(blocked, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ts := newTestSessionOpts(t, Options{Out: filepath.Join(blocked, "out")})
	out, err := ts.cell("x := 1")
	if err != nil || !strings.Contains(out, "warning: the journal stopped: journal: mkdir") {
		t.Errorf("err %v, output:\n%s", err, out)
	}
	if out := ts.ok("x + 1"); strings.Contains(out, "journal") || !strings.Contains(out, "2") {
		t.Errorf("the second cell: %q", out)
	}
}
