package pipeline

import "testing"

// BenchmarkCellInProcess runs a trivial cell (1 + 1) in process: the
// pipeline's own cost, without a kernel (see the front end's
// BenchmarkCellRoundTrip).
func BenchmarkCellInProcess(b *testing.B) {
	ts := newTestSession(b)
	ts.ok("1 + 1")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if pr := ts.Run("1 + 1", nil, nil); pr != nil {
			b.Fatal(pr)
		}
	}
}
