package classview

import (
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// progressEvery is the least time between two wakes of the clients for
// progress alone: four times a second is live enough for a progress line,
// and 60 clients woken 20 times a second would take the training's time.
const progressEvery = 250 * time.Millisecond

// hub is the live page's data: every frame of the session so far,
// encoded once as a Server-Sent Event, which each client reads from its
// own position; and the newest training progress, which replaces the
// last. Clients never hold the hub up: a slow one falls behind in the
// log (which is shared, not copied), and a client that catches up after
// a while gets the newest progress only.
type hub struct {
	mu       sync.Mutex
	gen      int       // bumped when the log is rebuilt; part of each event's id
	log      [][]byte  // encoded events; log[0] is the hello
	prog     []byte    // the newest progress event, nil when no cell trains
	progSeq  int       // bumped with each progress event
	progWake time.Time // when a progress event last woke the clients
	notify   chan struct{}
	view     *view
}

func newHub() *hub {
	return &hub{notify: make(chan struct{}), view: newView()}
}

// reset starts a new log, of the next generation, with its hello frame
// and a new view of the session; clients at an older generation start
// again from the hello.
func (h *hub) reset(hello frame) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gen++
	h.log, h.prog = nil, nil
	h.view = newView()
	h.appendLocked(hello)
	h.wakeLocked()
}

// publish adds an event's frames.
func (h *hub) publish(e events.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fs := h.view.frames(e)
	if len(fs) == 0 {
		return
	}
	for _, f := range fs {
		switch f.K {
		case string(events.Progress):
			b, err := json.Marshal(f)
			if err != nil {
				continue
			}
			h.prog = append(append([]byte("data: "), b...), '\n', '\n')
			h.progSeq++
			if time.Since(h.progWake) < progressEvery {
				return // the clients take the newest at their next wake
			}
			h.progWake = time.Now()
		case string(events.CellEnd):
			h.prog = nil
			h.appendLocked(f)
		default:
			h.appendLocked(f)
		}
	}
	h.wakeLocked()
}

// appendLocked encodes f as an event with id "GEN-INDEX" and adds it to
// the log.
func (h *hub) appendLocked(f frame) {
	b, err := json.Marshal(f)
	if err != nil {
		return
	}
	id := strconv.Itoa(h.gen) + "-" + strconv.Itoa(len(h.log))
	msg := make([]byte, 0, len(b)+len(id)+16)
	msg = append(msg, "id: "...)
	msg = append(msg, id...)
	msg = append(msg, "\ndata: "...)
	msg = append(msg, b...)
	msg = append(msg, '\n', '\n')
	h.log = append(h.log, msg)
}

// wakeLocked wakes every client waiting for news.
func (h *hub) wakeLocked() {
	close(h.notify)
	h.notify = make(chan struct{})
}

// since returns the events from position from of generation gen on (all
// of them, from the hello, when gen is not the current one), the newest
// progress when it is newer than progSeq, and a channel closed when there
// is more. The slices returned are never changed afterwards.
func (h *hub) since(gen, from, progSeq int) (evs [][]byte, curGen, next int, prog []byte, curProg int, more <-chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if gen != h.gen || from > len(h.log) {
		from = 0
	}
	evs = h.log[from:len(h.log):len(h.log)]
	if h.prog != nil && h.progSeq != progSeq {
		prog = h.prog
	}
	return evs, h.gen, len(h.log), prog, h.progSeq, h.notify
}

// picture returns picture i of the current view.
func (h *hub) picture(i int) (picture, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.view.picture(i)
}

// helloFrame is the first frame of the page's data.
func helloFrame(title, mode string, started time.Time) frame {
	f := frame{K: "hello", Title: title, Mode: mode}
	if !started.IsZero() {
		f.Started = started.UnixMilli()
	}
	return f
}
