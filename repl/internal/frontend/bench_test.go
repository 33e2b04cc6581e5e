package frontend

import (
	"strings"
	"testing"
	"time"
)

// BenchmarkCellRoundTrip runs a trivial cell (1 + 1) through the front end
// and its kernel: what the learner waits for. Compare it with
// pipeline.BenchmarkCellInProcess, the same cell without a kernel: the
// difference is what the process boundary adds.
func BenchmarkCellRoundTrip(b *testing.B) {
	ts := newTestSession(b)
	ts.ok("1 + 1")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := ts.RunCell("1 + 1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplayLesson replays a typical lesson session: lesson
// compression run to its end (with -quick, and at its full settings), then
// :replay, which starts a new kernel and runs its cells again.
func BenchmarkReplayLesson(b *testing.B) {
	for _, quick := range []bool{true, false} {
		name := "full"
		if quick {
			name = "quick"
		}
		b.Run(name, func(b *testing.B) {
			ts := newTestSessionOpts(b, Options{Quick: quick, NoJournal: true})
			if _, err := ts.cmd(":open compression"); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if out, err := ts.cmd(":all"); err != nil {
				b.Fatalf("%v\n%s", err, out)
			}
			first := time.Since(start)
			cells := len(ts.log)
			b.ResetTimer()
			var total time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				out, err := ts.cmd(":replay")
				total += time.Since(start)
				if err != nil || !strings.Contains(out, "replayed ") {
					b.Fatalf("%v\n%s", err, out)
				}
			}
			b.ReportMetric(float64(cells), "cells")
			b.ReportMetric(first.Seconds(), "s/first-run")
			b.ReportMetric(total.Seconds()/float64(b.N), "s/replay")
		})
	}
}
