package gemm

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The worker pool: poolSize-1 goroutines started on first use, each waiting
// for a message on work. A call splits its product into a fixed list of parts
// (the split depends only on the shape and the number of workers, and no part
// splits the sum over k, so every element of C gets the same arithmetic
// whoever runs it). The calling goroutine claims parts too, so a call never
// waits for a worker that is slow to wake: a worker that arrives late finds
// nothing left to claim.
//
// This pool is not internal/par's (the elementwise passes between the
// products), and the two are kept apart on purpose. gemm needs scratch per
// goroutine (each worker's scratch, for the strips of A it packs or pads), a
// split that may follow the number of workers, and the spin before parking
// (see workerSpin: without it, BenchmarkSgemmCalls measured the 256×784×256
// product of training at 340 µs a call instead of 250 µs). par needs a split
// fixed by the length and the grain alone, with the chunk's index handed to
// the task, for its deterministic per-chunk sums, and nothing per goroutine;
// the same spin in its workers measured no gain in training. See the package
// doc of internal/par.

var (
	poolOnce sync.Once
	poolSize int          // goroutines that can run parts, the caller included
	work     chan message // wake-ups for the pool's goroutines
)

// message asks a pool goroutine to help with the job's run numbered epoch.
// A message can be stale (its run over, the job reused): the epoch check in
// claim makes a stale message claim nothing.
type message struct {
	j      *job
	epoch  uint32
	nparts int32
}

func startPool() {
	poolOnce.Do(func() {
		poolSize = min(max(runtime.GOMAXPROCS(0), 1), 64)
		work = make(chan message, 4*poolSize)
		for i := 1; i < poolSize; i++ {
			go worker()
		}
	})
}

// worker serves messages forever. Parts recover their own panics (see
// job.runPart); the deferred restart is a last line of defence so that the
// pool never loses a goroutine and never takes the process down.
func worker() {
	defer func() {
		if recover() != nil {
			go worker()
		}
	}()
	var s scratch
	for {
		msg, ok := waitMessage()
		if !ok {
			msg = <-work
		}
		msg.j.help(msg.epoch, msg.nparts, &s)
	}
}

// workerSpin is how long a pool goroutine polls for the next message before
// it blocks: products come in quick succession in training, and a goroutine
// that is still running starts at once, where a parked one takes several
// microseconds to wake (longer on a busy machine).
var workerSpin = 50 * time.Microsecond

// waitMessage polls work for up to workerSpin.
func waitMessage() (msg message, ok bool) {
	spin(func() bool {
		select {
		case msg = <-work:
			ok = true
		default:
		}
		return ok
	})
	return msg, ok
}

// spin calls done until it returns true or workerSpin has passed, yielding
// the processor to other goroutines now and then.
func spin(done func() bool) {
	if workerSpin <= 0 {
		return
	}
	var deadline time.Time
	for i := 0; !done(); i++ {
		if i%64 == 63 {
			now := time.Now()
			if deadline.IsZero() {
				deadline = now.Add(workerSpin)
			} else if now.After(deadline) {
				return
			}
			runtime.Gosched()
		}
	}
}

// dispatch runs parts [0, nparts) of j on up to workers goroutines, the
// caller's included, and returns when all are done. A panic in any part is
// re-raised here, on the caller's goroutine.
func (j *job) dispatch(nparts, workers int, s *scratch) {
	j.epoch++
	j.nparts = nparts
	j.pending.Store(int32(nparts))
	j.panicVal = nil
	if j.done == nil {
		j.done = make(chan struct{}, 1)
	}
	// Publish: everything written above happens before any successful claim.
	j.state.Store(uint64(j.epoch) << 32)
	for i := 1; i < min(workers, nparts); i++ {
		select {
		case work <- message{j, j.epoch, int32(nparts)}:
		default: // pool saturated: the caller does the work
		}
	}
	j.help(j.epoch, int32(nparts), s)
	// The other goroutines are finishing their last parts: poll a little
	// before parking, which would add a wake-up to the call's latency.
	spin(func() bool { return j.pending.Load() == 0 })
	<-j.done
	if j.panicVal != nil {
		v := j.panicVal
		j.panicVal = nil
		panic(fmt.Sprintf("gemm: panic in a matrix product part: %v", v))
	}
}

// claim returns the next unclaimed part of run epoch, or -1.
func (j *job) claim(epoch uint32, nparts int32) int {
	for {
		st := j.state.Load()
		next := int32(uint32(st))
		if uint32(st>>32) != epoch || next >= nparts {
			return -1
		}
		if j.state.CompareAndSwap(st, st+1) {
			return int(next)
		}
	}
}

// help runs parts of run epoch until none is left to claim.
func (j *job) help(epoch uint32, nparts int32, s *scratch) {
	for {
		p := j.claim(epoch, nparts)
		if p < 0 {
			return
		}
		j.runPart(p, s)
		if j.pending.Add(-1) == 0 {
			j.done <- struct{}{}
		}
	}
}

// runPart runs part p, recording a panic instead of propagating it.
func (j *job) runPart(p int, s *scratch) {
	defer func() {
		if v := recover(); v != nil {
			j.panicMu.Lock()
			if j.panicVal == nil {
				j.panicVal = v
			}
			j.panicMu.Unlock()
		}
	}()
	j.computePart(p, s)
}

// jobState is the synchronisation state of a job, kept apart from the
// description of the product in job.
type jobState struct {
	state    atomic.Uint64 // run epoch << 32 | next part to claim
	epoch    uint32
	nparts   int
	pending  atomic.Int32 // parts not finished
	done     chan struct{}
	panicMu  sync.Mutex
	panicVal any
}
