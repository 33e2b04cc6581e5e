package ae

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// paperFlops returns the floating-point operations of one training step
// of a dense model, per image: 2·In·Out for each layer's forward product,
// as many for its weight gradient, and as many again for the gradient of
// its inputs, which the first layer does not need.
func paperFlops(m *Model) float64 {
	f := 0.0
	for l, d := range m.layers {
		w := float64(d.In) * float64(d.Out)
		f += 4 * w
		if l > 0 {
			f += 2 * w
		}
	}
	return f
}

// peakFlops is the float32 peak of the two cores of the machine the
// figures were measured on (AVX-512 FMA at about 3.4 GHz: see the README).
const peakFlops = 435e9

// BenchmarkPaperStep times the training step of the 2006 paper's
// 784-1000-500-250-30 autoencoder (BCE, Adam) on a batch of 128 and of 256
// synthetic images, and reports images/s and the step's FLOP/s as a share
// of the two cores' peak. It needs no data set. With AEKIT_PHASES=1 it
// also prints the best time of each phase: the products and passes of the
// forward pass, the loss, the backward pass and the Adam update.
func BenchmarkPaperStep(b *testing.B) {
	for _, n := range []int{128, 256} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m, _ := NewSymmetric([]int{784, 1000, 500, 250, 30}, ReLU, Linear, Sigmoid, 1)
			ws := m.newWorkspace(n, true)
			copy(ws.x, randomData(n, 784, 1))
			copy(ws.y, ws.x)
			opt := newOptimizerState(Adam, 1e-4, 0, len(m.params))
			step := func() {
				m.step(ws, n, BCE, 0)
				opt.update(m.params, m.grads)
			}
			for range 5 {
				step()
			}
			b.ResetTimer()
			start := time.Now()
			for b.Loop() {
				step()
			}
			secs := time.Since(start).Seconds()
			ips := float64(b.N*n) / secs
			b.ReportMetric(ips, "images/s")
			b.ReportMetric(100*ips*paperFlops(m)/peakFlops, "%peak")
			if os.Getenv("AEKIT_PHASES") != "" {
				paperPhases(m, ws, opt, n)
			}
		})
	}
}

func paperPhases(m *Model, ws *workspace, opt *optimizerState, n int) {
	const reps = 40
	best := [4]time.Duration{1 << 62, 1 << 62, 1 << 62, 1 << 62}
	for range reps {
		t0 := time.Now()
		m.forward(ws, n, ws.x[:n*784], 0, len(m.layers), true, true)
		t1 := time.Now()
		m.outputLoss(ws, n, BCE, true)
		t2 := time.Now()
		m.backward(ws, n, ws.x[:n*784], 0)
		t3 := time.Now()
		opt.update(m.params, m.grads)
		t4 := time.Now()
		for i, d := range []time.Duration{t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3)} {
			best[i] = min(best[i], d)
		}
	}
	total := best[0] + best[1] + best[2] + best[3]
	for i, name := range []string{"forward", "loss", "backward", "update"} {
		fmt.Printf("batch %d %-8s %8.0f µs  %4.1f%%\n", n, name, float64(best[i].Microseconds()), 100*float64(best[i])/float64(total))
	}
	fmt.Printf("batch %d best step %.0f µs: %.0f images/s, %.0f%% of peak\n", n, float64(total.Microseconds()),
		float64(n)/total.Seconds(), 100*float64(n)/total.Seconds()*paperFlops(m)/peakFlops)
}
