package classview

import (
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// TestLateViewer: a browser that connects late gets the whole session so
// far, in order, from its hello; then new events within a second.
func TestLateViewer(t *testing.T) {
	bus := events.NewBus()
	bus.Publish(events.Event{Kind: events.Command, Text: ":open compression"})
	bus.Publish(events.Event{Kind: events.CellStart, Cell: 1, Code: "x := 1", Step: &events.Step{Lesson: "compression", Index: 0, Count: 5, Title: "Look", Text: "MNIST is…"}})
	bus.Publish(events.Event{Kind: events.Output, Cell: 1, Text: "\x1b[1mhello\x1b[0m\n"})
	bus.Publish(events.Event{Kind: events.CellEnd, Cell: 1, OK: true, Duration: 1500 * time.Millisecond})
	s := testServer(t, "127.0.0.1:0", bus, nil, nil)
	bus.Publish(events.Event{Kind: events.CellStart, Cell: 2, Code: "y := 2"})

	c := openSSE(t, base(s)+"events", "")
	fs := c.until(5*time.Second, func(f frame) bool { return f.K == "cell-start" && f.Cell == 2 })
	var kinds []string
	for _, f := range fs {
		kinds = append(kinds, f.K)
	}
	if got, want := strings.Join(kinds, " "), "hello command cell-start output cell-end cell-start"; got != want {
		t.Fatalf("frames %s, want %s", got, want)
	}
	if fs[0].Mode != "live" || fs[1].Text != ":open compression" {
		t.Errorf("hello %+v, command %+v", fs[0], fs[1])
	}
	if st := fs[2].Step; st == nil || st.Title != "Look" || st.Text != "MNIST is…" || st.Count != 5 {
		t.Errorf("the step: %+v", fs[2].Step)
	}
	if fs[3].Text != "hello\n" {
		t.Errorf("output %q: terminal escapes not removed", fs[3].Text)
	}
	if !fs[4].OK || fs[4].Millis != 1500 {
		t.Errorf("the end: %+v", fs[4])
	}
	start := time.Now()
	bus.Publish(events.Event{Kind: events.Output, Cell: 2, Text: "live\n"})
	c.until(time.Second, func(f frame) bool { return f.Text == "live\n" })
	t.Logf("a live event reached the viewer in %s", time.Since(start))
}

// TestReconnect: a browser that reconnects with its Last-Event-ID gets
// only what it missed; one with an id of another generation, or a bad
// one, gets everything from the hello.
func TestReconnect(t *testing.T) {
	bus := events.NewBus()
	s := testServer(t, "127.0.0.1:0", bus, nil, nil)
	for i := 1; i <= 3; i++ {
		bus.Publish(events.Event{Kind: events.CellStart, Cell: i, Code: "x"})
	}
	c := openSSE(t, base(s)+"events", "")
	c.until(5*time.Second, func(f frame) bool { return f.Cell == 3 })
	id := c.last
	c.close()
	bus.Publish(events.Event{Kind: events.CellStart, Cell: 4, Code: "x"})
	c2 := openSSE(t, base(s)+"events", id)
	if f, _ := c2.next(5 * time.Second); f.K != "cell-start" || f.Cell != 4 {
		t.Errorf("after reconnecting with %s: %+v, want cell 4's start", id, f)
	}
	for _, bad := range []string{"99-3", "junk", "1-", "-1-2"} {
		c3 := openSSE(t, base(s)+"events", bad)
		if f, _ := c3.next(5 * time.Second); f.K != "hello" {
			t.Errorf("Last-Event-ID %q: first frame %+v, want the hello", bad, f)
		}
	}
}

// TestProgress: training progress is live only: a viewer gets the newest
// (not a queue of them), none after the cell ends, and the epochs as
// points; values that are not numbers arrive as null.
func TestProgress(t *testing.T) {
	t.Parallel()
	bus := events.NewBus()
	s := testServer(t, "127.0.0.1:0", bus, nil, func(s *Server) { s.minInterval = 200 * time.Millisecond })
	bus.Publish(events.Event{Kind: events.CellStart, Cell: 1, Code: "m.Fit(ctx, x, o)"})
	c := openSSE(t, base(s)+"events", "")
	c.until(5*time.Second, func(f frame) bool { return f.K == "cell-start" })
	for i := 1; i <= 1000; i++ {
		bus.Publish(events.Event{Kind: events.Progress, Cell: 1, Progress: &events.TrainingProgress{Model: 1, Epoch: 1, Epochs: 2, Batch: i, Batches: 1000, Loss: 0.5, ImagesPerSecond: 1e5}})
	}
	bus.Publish(events.Event{Kind: events.Epoch, Cell: 1, Epoch: &events.EpochEnd{Model: 1, Epoch: 1, Epochs: 2, Train: 0.25, Validation: math.NaN(), Seconds: 0.5}})
	bus.Publish(events.Event{Kind: events.Progress, Cell: 1, Progress: &events.TrainingProgress{Model: 1, Epoch: 2, Epochs: 2, Batch: 1, Batches: 1000, Loss: math.Inf(1)}})
	fs := c.until(5*time.Second, func(f frame) bool { return f.K == "progress" && f.Progress.Epoch == 2 })
	progress := 0
	for _, f := range fs {
		switch f.K {
		case "progress":
			progress++
		case "epoch":
			if f.Epoch.Train == nil || *f.Epoch.Train != 0.25 || f.Epoch.Validation != nil {
				t.Errorf("the epoch: %+v", f.Epoch)
			}
		}
	}
	if progress > 20 {
		t.Errorf("%d progress frames for 1001 progress events: they are queued, not replaced", progress)
	}
	if p := fs[len(fs)-1].Progress; p.Loss != nil {
		t.Errorf("an infinite loss arrived as %v, want null", *p.Loss)
	}
	bus.Publish(events.Event{Kind: events.CellEnd, Cell: 1, OK: true})
	c.until(5*time.Second, func(f frame) bool { return f.K == "cell-end" })
	late := openSSE(t, base(s)+"events", "")
	for _, f := range late.until(5*time.Second, func(f frame) bool { return f.K == "cell-end" }) {
		if f.K == "progress" {
			t.Error("a viewer that came after the cell ended got its progress")
		}
	}
}

// TestViewerSeesWhatMatters: the events of a replay are not shown again;
// a cell's output is cut at maxCellOutput with a note, on a character
// boundary; asynchronous output (cell 0) is shown.
func TestViewerSeesWhatMatters(t *testing.T) {
	bus := events.NewBus()
	s := testServer(t, "127.0.0.1:0", bus, nil, nil)
	bus.Publish(events.Event{Kind: events.CellStart, Replay: true, Code: "replayed"})
	bus.Publish(events.Event{Kind: events.Output, Replay: true, Text: "replayed output"})
	bus.Publish(events.Event{Kind: events.Kernel, Text: "replayed 1 cell in 0.1 s"})
	bus.Publish(events.Event{Kind: events.CellStart, Cell: 1, Code: "for { fmt.Println(\"é\") }"})
	chunk := strings.Repeat("é", 1000) // 2,000 bytes
	for i := 0; i < 200; i++ {
		bus.Publish(events.Event{Kind: events.Output, Cell: 1, Text: chunk})
	}
	bus.Publish(events.Event{Kind: events.Output, Cell: 0, Text: "from a goroutine"})
	c := openSSE(t, base(s)+"events", "")
	fs := c.until(5*time.Second, func(f frame) bool { return f.Text == "from a goroutine" })
	total, notes := 0, 0
	for _, f := range fs {
		if strings.Contains(f.Text, "replayed output") || (f.K == "cell-start" && f.Cell == 0) {
			t.Errorf("a replayed event was shown: %+v", f)
		}
		if f.K == "output" && f.Cell == 1 {
			total += len(f.Text)
			if !strings.HasPrefix(f.Text, "é") || strings.ContainsRune(f.Text, '\uFFFD') {
				t.Error("output cut inside a character")
			}
		}
		if f.K == "note" {
			notes++
		}
	}
	if total > maxCellOutput || total < maxCellOutput-2 || notes != 1 {
		t.Errorf("%d bytes of output shown, %d notes; want about %d and 1", total, notes, maxCellOutput)
	}
}

// TestSixtyViewers: 60 browsers follow at once, each gets every event
// within a second; the server counts them, and Close ends their streams
// at once without touching the bus.
func TestSixtyViewers(t *testing.T) {
	bus := events.NewBus()
	s := testServer(t, "127.0.0.1:0", bus, nil, nil)
	var cs []*sseClient
	for i := 0; i < 60; i++ {
		c := openSSE(t, base(s)+"events", "")
		c.until(5*time.Second, func(f frame) bool { return f.K == "hello" })
		cs = append(cs, c)
	}
	if n := s.Clients(); n != 60 {
		t.Errorf("Clients() = %d, want 60", n)
	}
	for round := 1; round <= 3; round++ {
		start := time.Now()
		bus.Publish(events.Event{Kind: events.CellStart, Cell: round, Code: "x"})
		var wg sync.WaitGroup
		var mu sync.Mutex
		var slowest time.Duration
		for _, c := range cs {
			wg.Add(1)
			go func(c *sseClient) {
				defer wg.Done()
				c.until(5*time.Second, func(f frame) bool { return f.Cell == round })
				mu.Lock()
				slowest = max(slowest, time.Since(start))
				mu.Unlock()
			}(c)
		}
		wg.Wait()
		if slowest > time.Second {
			t.Errorf("round %d: the slowest of 60 viewers got the event after %s", round, slowest)
		}
	}
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %s with 60 viewers", d)
	}
	for _, c := range cs {
		if _, err := io.ReadAll(c.r); err != nil && !strings.Contains(err.Error(), "closed") && err != io.ErrUnexpectedEOF {
			t.Logf("a stream after Close: %v", err)
		}
	}
	bus.Publish(events.Event{Kind: events.Output, Cell: 3, Text: "the session goes on"}) // no feed: nothing blocks
	if _, err := http.Get(base(s)); err == nil {
		t.Error("the server still answers after Close")
	}
}

// TestResync: when the server's feed has had to drop events, it starts
// again from the bus's history in a new generation; viewers get a new
// hello and the whole session, nothing missing.
func TestResync(t *testing.T) {
	bus := events.NewBus()
	s := testServer(t, "127.0.0.1:0", bus, nil, func(s *Server) { s.feedBuffer = 1 })
	c := openSSE(t, base(s)+"events", "")
	c.until(5*time.Second, func(f frame) bool { return f.K == "hello" })
	const n = 3000
	for i := 1; i <= n; i++ {
		bus.Publish(events.Event{Kind: events.CellStart, Cell: i, Code: "x"})
	}
	// Read until the last cell arrives after the last hello, with every
	// cell since that hello.
	seen := map[int]bool{}
	hellos := 0
	for {
		f, ok := c.next(10 * time.Second)
		if !ok {
			t.Fatal("the stream ended")
		}
		if f.K == "hello" {
			hellos++
			seen = map[int]bool{}
			continue
		}
		seen[f.Cell] = true
		if f.Cell == n {
			break
		}
	}
	for i := 1; i <= n; i++ {
		if !seen[i] {
			t.Fatalf("cell %d missing after %d resyncs", i, hellos)
		}
	}
	t.Logf("%d resyncs", hellos)
	if hellos == 0 {
		t.Log("the feed dropped nothing: the resync was not exercised")
	}
}

// TestLongStream: an event stream outlives the server's read timeouts
// (a class lasts longer than a request may take to arrive).
func TestLongStream(t *testing.T) {
	t.Parallel()
	bus := events.NewBus()
	s := testServer(t, "127.0.0.1:0", bus, nil, func(s *Server) { s.readHeaderTime = 200 * time.Millisecond })
	c := openSSE(t, base(s)+"events", "")
	c.until(5*time.Second, func(f frame) bool { return f.K == "hello" })
	time.Sleep(1500 * time.Millisecond) // past ReadTimeout (2 × readHeaderTime)
	bus.Publish(events.Event{Kind: events.Output, Cell: 1, Text: "still here"})
	c.until(5*time.Second, func(f frame) bool { return f.Text == "still here" })
}
