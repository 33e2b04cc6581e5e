package events_test

import (
	"fmt"

	"github.com/aekit/aekit/repl/internal/events"
)

// A live view reads the session so far, then what happens next; it keeps
// a loss curve from the Epoch events.
func ExampleBus_Feed() {
	bus := events.NewBus()
	bus.Publish(events.Event{Kind: events.CellStart, Cell: 1, Code: "h, err := m.Fit(ctx, x, ae.Options{Epochs: 2})"})
	feed := bus.Feed(16) // joins late: gets the history first
	defer feed.Close()
	bus.Publish(events.Event{Kind: events.Epoch, Cell: 1, Epoch: &events.EpochEnd{Model: 1, Epoch: 1, Epochs: 2, Train: 0.25}})
	bus.Publish(events.Event{Kind: events.Epoch, Cell: 1, Epoch: &events.EpochEnd{Model: 1, Epoch: 2, Epochs: 2, Train: 0.125}})
	bus.Publish(events.Event{Kind: events.CellEnd, Cell: 1, OK: true})
	for i := 0; i < 4; i++ {
		e := <-feed.C
		switch e.Kind {
		case events.CellStart:
			fmt.Printf("cell %d: %s\n", e.Cell, e.Code)
		case events.Epoch:
			fmt.Printf("  epoch %d/%d: loss %g\n", e.Epoch.Epoch, e.Epoch.Epochs, e.Epoch.Train)
		case events.CellEnd:
			fmt.Printf("cell %d ok: %v\n", e.Cell, e.OK)
		}
	}
	// Output:
	// cell 1: h, err := m.Fit(ctx, x, ae.Options{Epochs: 2})
	//   epoch 1/2: loss 0.25
	//   epoch 2/2: loss 0.125
	// cell 1 ok: true
}
