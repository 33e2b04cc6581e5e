// Package par runs loops over index ranges on all cores with a fixed, deterministic split.
//
// The chunk boundaries depend only on the length and the grain, never on how many
// goroutines happen to run, so a reduction that keeps one partial result per chunk
// and combines them in order gives the same bits on every run. Workers are started
// once and reused, so a call allocates nothing in steady state. A panic inside a
// chunk is caught on the worker and raised again on the caller's goroutine.
//
// # Why there are two pools
//
// The matrix products have a pool of their own (internal/gemm, pool.go),
// kept apart on purpose, because each needs what the other does not.
//
// par serves the elementwise passes between the products, several of which
// are reductions (the loss, the code penalty, summed per chunk). Their
// split must depend on the length and the grain alone, never on how many
// workers there are, and each chunk must be told its index, so that the
// partial sums combine in the same order on every run. A task needs no
// memory of its own, and idle workers simply park.
//
// gemm's parts need per-goroutine scratch (a packed block or padded strip
// of A), may be split by the number of workers (no part splits a sum over
// k, so the bits do not depend on the split), and need workers that spin
// for 50 µs before parking, because products come back to back and a
// parked goroutine takes microseconds to wake. Measured with
// BenchmarkSgemmCalls (mean time a call) on a 2-core AVX-512 AMD EPYC,
// turning that spin off (GEMM_SPIN_US=0) made the 256×784×256 product of
// training take 340 µs instead of 250 µs, and the 256×784×32 one 65 µs
// instead of 42 µs. The same 50 µs spin added to par's workers changed
// BenchmarkFitSimple and BenchmarkFitDeep by no more than their noise (a
// few per cent): a merged pool would carry both sets of needs for no
// measured gain.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Task is work over a range of indices; Run(chunk, lo, hi) handles [lo, hi),
// the chunk-th piece of the split.
type Task interface {
	Run(chunk, lo, hi int)
}

// MaxChunks is the most pieces a loop is split into.
const MaxChunks = 16

// Chunks returns how many pieces For splits n items into for the given grain
// (the smallest piece worth a goroutine). It depends on n and grain only.
func Chunks(n, grain int) int {
	if grain < 1 {
		grain = 1
	}
	c := (n + grain - 1) / grain
	if c > MaxChunks {
		c = MaxChunks
	}
	if c < 1 {
		c = 1
	}
	return c
}

// Bounds returns the range [lo, hi) of chunk i when n items are cut into c chunks.
func Bounds(n, c, i int) (lo, hi int) {
	return n * i / c, n * (i + 1) / c
}

type call struct {
	task   Task
	n, c   int
	next   atomic.Int64
	wg     sync.WaitGroup
	mu     sync.Mutex
	failed any
}

func (k *call) work() {
	defer func() {
		if r := recover(); r != nil {
			k.mu.Lock()
			if k.failed == nil {
				k.failed = r
			}
			k.mu.Unlock()
			// Stop handing out chunks; the caller re-raises the panic.
			k.next.Store(int64(k.c))
		}
	}()
	for {
		i := int(k.next.Add(1) - 1)
		if i >= k.c {
			return
		}
		lo, hi := Bounds(k.n, k.c, i)
		k.task.Run(i, lo, hi)
	}
}

var (
	startOnce sync.Once
	queue     chan *call
	calls     = sync.Pool{New: func() any { return new(call) }}
)

func start() {
	workers := runtime.GOMAXPROCS(0) - 1
	if workers < 1 {
		workers = 1
	}
	queue = make(chan *call, workers)
	for w := 0; w < workers; w++ {
		go func() {
			for k := range queue {
				k.work()
				k.wg.Done()
			}
		}()
	}
}

// For runs t over [0, n) split into Chunks(n, grain) pieces, using the calling
// goroutine and the idle workers. It returns when every piece is done.
func For(n, grain int, t Task) {
	if n <= 0 {
		return
	}
	c := Chunks(n, grain)
	if c == 1 || runtime.GOMAXPROCS(0) == 1 {
		for i := 0; i < c; i++ {
			lo, hi := Bounds(n, c, i)
			t.Run(i, lo, hi)
		}
		return
	}
	startOnce.Do(start)
	k := calls.Get().(*call)
	k.task, k.n, k.c, k.failed = t, n, c, nil
	k.next.Store(0)
	helpers := c - 1
	if helpers > cap(queue) {
		helpers = cap(queue)
	}
	for h := 0; h < helpers; h++ {
		k.wg.Add(1)
		select {
		case queue <- k:
		default:
			k.wg.Done() // every worker is busy; the caller does the work
		}
	}
	k.work()
	k.wg.Wait()
	failed := k.failed
	k.task, k.failed = nil, nil
	calls.Put(k)
	if failed != nil {
		panic(failed)
	}
}
