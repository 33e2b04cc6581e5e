// Package events is what happens in a REPL session, as the front end
// publishes it: a cell starting (its code, and the lesson step and its
// text), its output as it streams, the pictures it saved, its training's
// progress and the loss of each epoch, and its end (ok or failed, and how
// long it took); the commands that change the session; and the kernel's
// deaths and replays. The session's journal is written from these events,
// and a live view of the session (a web page for the class, say) is built
// on the same stream:
//
//	bus := s.Events()                    // the session's Bus
//	feed := bus.Feed(256)                // the session so far, then live
//	defer feed.Close()
//	for e := range feed.C {
//		switch e.Kind {
//		case events.CellStart:  // show e.Code, e.Step.Title, e.Step.Text
//		case events.Output:     // append e.Text to cell e.Cell
//		case events.Picture:    // show the file e.Path (e.Format "png" or "gif")
//		case events.Progress:   // e.Progress: epoch, batch, loss, images/s
//		case events.Epoch:      // e.Epoch: a point of the loss curve
//		case events.CellEnd:    // e.OK, e.Failed, e.Duration
//		}
//	}
//
// A Feed never slows the session: when its consumer falls behind, events
// are dropped (Feed.Dropped counts them) rather than waited for. A
// subscriber that must see every event (the journal) uses Subscribe, which
// runs in the publisher's goroutine and must be quick.
package events

import (
	"sync"
	"time"
)

// Kind says what happened.
type Kind string

// The kinds of event.
const (
	CellStart Kind = "cell-start" // a cell starts: Code, Step
	Output    Kind = "output"     // a cell printed: Text
	Picture   Kind = "picture"    // a cell saved a picture: Path, Format
	Progress  Kind = "progress"   // training goes on: Progress (a few times a second at most)
	Epoch     Kind = "epoch"      // an epoch of training ended: Epoch
	CellEnd   Kind = "cell-end"   // a cell ended: OK, Failed, Duration
	Command   Kind = "command"    // a command changed the session: Text is the command line
	Kernel    Kind = "kernel"     // the kernel died, was replaced, or replayed: Text says what
)

// Event is one thing that happened in a session. Which fields are set
// depends on Kind.
type Event struct {
	Kind Kind      // what happened
	Time time.Time // when it was published
	Cell int       // the cell's number in the session, from 1; 0 outside a cell

	// Replay is true for the events of a cell run again into a new kernel
	// after the old one died (or :replay): the journal has it already.
	Replay bool

	Code string // CellStart: the cell's code
	Step *Step  // CellStart: the lesson step the cell runs, or nil

	Text string // Output: what the cell printed; Command: the line; Kernel: the notice

	Path   string // Picture: the file's path
	Format string // Picture: "png" or "gif"

	Progress *TrainingProgress // Progress
	Epoch    *EpochEnd         // Epoch

	OK       bool          // CellEnd: the cell ran to its end
	Failed   string        // CellEnd: how it failed, in one line, when it did not
	Duration time.Duration // CellEnd: how long it took
}

// Step is the lesson step a cell runs.
type Step struct {
	Lesson   string // the lesson's name ("compression")
	File     string // the lesson's file, for a lesson opened from a .go file; "" for a built-in one
	Index    int    // the step, from 0
	Count    int    // the lesson's number of steps
	Title    string // the step's title
	Text     string // the step's explanation
	Settings string // the NAME=VALUE settings it runs with, "" for none
	Variant  string // what its pictures' names say it ran with
}

// TrainingProgress is where a training run is.
type TrainingProgress struct {
	Model           int     // which Fit of the cell, from 1
	Epoch, Epochs   int     // the epoch, from 1, of how many
	Batch, Batches  int     // the batch in the epoch, from 1, of how many
	Loss            float64 // the batch's loss
	ImagesPerSecond float64 // since the epoch began
}

// EpochEnd is the end of one epoch of a training run.
type EpochEnd struct {
	Model         int     // which Fit of the cell, from 1
	Epoch, Epochs int     // the epoch that ended, from 1, of how many
	Train         float64 // its mean training loss
	Validation    float64 // its validation loss, NaN without validation data
	Seconds       float64 // how long it took
}

// historyOutput is the most output the Bus keeps for one cell.
const historyOutput = 256 << 10

// Bus fans a session's events out to its subscribers, and keeps the
// session's history (every event but Progress) for feeds that start late.
type Bus struct {
	mu      sync.Mutex
	subs    map[int]func(Event)
	feeds   map[int]*Feed
	next    int
	history []Event
	kept    map[int]int // output bytes kept per cell
}

// NewBus returns a Bus with no subscribers.
func NewBus() *Bus {
	return &Bus{subs: map[int]func(Event){}, feeds: map[int]*Feed{}, kept: map[int]int{}}
}

// Publish sends e to every subscriber and feed, in the order Publish is
// called. It stamps e.Time when it is zero.
func (b *Bus) Publish(e Event) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.remember(e)
	for _, f := range b.subs {
		f(e)
	}
	for _, f := range b.feeds {
		f.offer(e)
	}
}

// remember adds e to the history.
func (b *Bus) remember(e Event) {
	switch e.Kind {
	case Progress:
		return
	case Output:
		n := b.kept[e.Cell]
		if n >= historyOutput {
			return
		}
		if n+len(e.Text) > historyOutput {
			e.Text = e.Text[:historyOutput-n] + "\n… (more output; the journal has it all)\n"
		}
		b.kept[e.Cell] = n + len(e.Text)
	}
	b.history = append(b.history, e)
}

// Subscribe calls f with every event published from now on, in the
// publisher's goroutine, until cancel is called. f must not call Publish
// or Subscribe.
func (b *Bus) Subscribe(f func(Event)) (cancel func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.next
	b.next++
	b.subs[id] = f
	return func() {
		b.mu.Lock()
		delete(b.subs, id)
		b.mu.Unlock()
	}
}

// History returns the events published so far, Progress events excepted
// (a cell's output is kept up to 256 kB).
func (b *Bus) History() []Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Event(nil), b.history...)
}

// Feed is a subscription read from a channel: the history first, then the
// events published after it, for a consumer that may be slow.
type Feed struct {
	// C delivers the events. It is closed by Close.
	C <-chan Event

	c       chan Event
	bus     *Bus
	id      int
	mu      sync.Mutex
	dropped int
	closed  bool
}

// Feed returns a feed whose channel holds the history and buffer more
// events. When the channel is full an event is dropped, not waited for.
func (b *Bus) Feed(buffer int) *Feed {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := make(chan Event, len(b.history)+max(buffer, 1))
	for _, e := range b.history {
		c <- e
	}
	f := &Feed{C: c, c: c, bus: b, id: b.next}
	b.next++
	b.feeds[f.id] = f
	return f
}

// offer sends e unless the channel is full (called with the bus locked).
func (f *Feed) offer(e Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	select {
	case f.c <- e:
	default:
		f.dropped++
	}
}

// Dropped returns how many events the feed dropped because its channel
// was full.
func (f *Feed) Dropped() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dropped
}

// Close ends the feed and closes its channel.
func (f *Feed) Close() {
	f.bus.mu.Lock()
	delete(f.bus.feeds, f.id)
	f.bus.mu.Unlock()
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.closed = true
		close(f.c)
	}
}
