package events

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSubscribeInOrder(t *testing.T) {
	b := NewBus()
	var got []Kind
	cancel := b.Subscribe(func(e Event) {
		if e.Time.IsZero() {
			t.Error("an event without a time")
		}
		got = append(got, e.Kind)
	})
	for _, k := range []Kind{CellStart, Output, Progress, Epoch, Picture, CellEnd} {
		b.Publish(Event{Kind: k, Cell: 1})
	}
	cancel()
	b.Publish(Event{Kind: Command})
	want := "cell-start output progress epoch picture cell-end"
	if s := strings.Join(kinds(got), " "); s != want {
		t.Errorf("got %s, want %s", s, want)
	}
}

func kinds(ks []Kind) []string {
	var out []string
	for _, k := range ks {
		out = append(out, string(k))
	}
	return out
}

// TestFeed: a feed starts with the history (no Progress), goes on live,
// drops rather than blocks when full, and ends when closed.
func TestFeed(t *testing.T) {
	b := NewBus()
	b.Publish(Event{Kind: CellStart, Cell: 1, Code: "x := 1"})
	b.Publish(Event{Kind: Progress, Cell: 1, Progress: &TrainingProgress{Epoch: 1}})
	b.Publish(Event{Kind: CellEnd, Cell: 1, OK: true})
	f := b.Feed(2)
	b.Publish(Event{Kind: CellStart, Cell: 2})
	b.Publish(Event{Kind: Output, Cell: 2, Text: "a"})
	done := make(chan struct{})
	go func() {
		// A feed nobody reads must not hold the publisher up.
		for i := 0; i < 100; i++ {
			b.Publish(Event{Kind: Output, Cell: 2, Text: "b"})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on a full feed")
	}
	var got []string
	for i := 0; i < 4; i++ {
		e := <-f.C
		got = append(got, string(e.Kind))
	}
	if s := strings.Join(got, " "); s != "cell-start cell-end cell-start output" {
		t.Errorf("feed gave %s", s)
	}
	if f.Dropped() != 100 {
		t.Errorf("dropped %d, want 100", f.Dropped())
	}
	f.Close()
	f.Close()
	if _, ok := <-f.C; ok {
		t.Error("the channel is open after Close")
	}
	b.Publish(Event{Kind: CellEnd, Cell: 2})
}

// TestHistoryCapsOutput: a cell that prints a lot keeps 256 kB of it in
// the history, with a note.
func TestHistoryCapsOutput(t *testing.T) {
	b := NewBus()
	chunk := strings.Repeat("x", 100<<10)
	for i := 0; i < 5; i++ {
		b.Publish(Event{Kind: Output, Cell: 1, Text: chunk})
	}
	n := 0
	for _, e := range b.History() {
		n += len(e.Text)
	}
	if n < historyOutput || n > historyOutput+100 {
		t.Errorf("history keeps %d bytes of output", n)
	}
	if h := b.History(); !strings.Contains(h[len(h)-1].Text, "the journal has it all") {
		t.Error("no note where the output was cut")
	}
}

// TestConcurrentPublish: publishers on several goroutines (a cell's
// goroutines print) are safe.
func TestConcurrentPublish(t *testing.T) {
	b := NewBus()
	var mu sync.Mutex
	n := 0
	b.Subscribe(func(Event) { mu.Lock(); n++; mu.Unlock() })
	f := b.Feed(1000)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				b.Publish(Event{Kind: Output, Text: "x"})
			}
		}()
	}
	wg.Wait()
	f.Close()
	if n != 800 {
		t.Errorf("subscriber saw %d events", n)
	}
}
