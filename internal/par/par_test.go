package par

import (
	"testing"
)

type sumTask struct {
	x       []float64
	partial [MaxChunks]float64
}

func (s *sumTask) Run(chunk, lo, hi int) {
	t := 0.0
	for _, v := range s.x[lo:hi] {
		t += v
	}
	s.partial[chunk] = t
}

func TestForCoversEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100, 1000, 12345} {
		for _, grain := range []int{1, 3, 64, 100000} {
			seen := make([]int32, n)
			For(n, grain, taskFunc(func(_, lo, hi int) {
				for i := lo; i < hi; i++ {
					seen[i]++
				}
			}))
			for i, s := range seen {
				if s != 1 {
					t.Fatalf("n=%d grain=%d: index %d visited %d times", n, grain, i, s)
				}
			}
		}
	}
}

type taskFunc func(chunk, lo, hi int)

func (f taskFunc) Run(chunk, lo, hi int) { f(chunk, lo, hi) }

func TestReductionIsDeterministic(t *testing.T) {
	x := make([]float64, 100003)
	for i := range x {
		x[i] = 1 / float64(i+1)
	}
	want := -1.0
	for r := 0; r < 50; r++ {
		s := &sumTask{x: x}
		For(len(x), 1000, s)
		total := 0.0
		for c := 0; c < Chunks(len(x), 1000); c++ {
			total += s.partial[c]
		}
		if r == 0 {
			want = total
		} else if total != want {
			t.Fatalf("run %d: sum %v, first run %v", r, total, want)
		}
	}
}

func TestPanicReachesCaller(t *testing.T) {
	defer func() {
		if r := recover(); r != "boom" {
			t.Fatalf("recovered %v, want boom", r)
		}
	}()
	For(1000, 10, taskFunc(func(chunk, lo, hi int) {
		if chunk == 3 {
			panic("boom")
		}
	}))
	t.Fatal("For returned without panicking")
}

func TestForDoesNotAllocate(t *testing.T) {
	s := &sumTask{x: make([]float64, 1<<16)}
	For(len(s.x), 1024, s) // start the workers
	if a := testing.AllocsPerRun(100, func() { For(len(s.x), 1024, s) }); a != 0 {
		t.Fatalf("For allocates %v times per call", a)
	}
}
