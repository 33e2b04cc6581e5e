package ae

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestLayerTimes prints the time of each layer's forward and backward pass
// on a batch of the convolutional presets (AEKIT_LAYER_TIMES=1): a
// development aid for finding where training spends its time.
func TestLayerTimes(t *testing.T) {
	if os.Getenv("AEKIT_LAYER_TIMES") == "" {
		t.Skip("set AEKIT_LAYER_TIMES=1")
	}
	if v, err := strconv.Atoi(os.Getenv("AEKIT_CONV_COLS")); err == nil {
		convGroupColumns = v
	}
	if v, err := strconv.Atoi(os.Getenv("AEKIT_CONV_FLOATS")); err == nil {
		convColFloats = v
	}
	for _, c := range []struct {
		name  string
		f     func(Shape, int64) (*Model, error)
		batch int
	}{{"conv", PyImageSearchConv, 32}, {"kconv", KerasBlogConv, 128}} {
		m, _ := c.f(Shape{C: 1, H: 28, W: 28}, 1)
		n := c.batch
		ws := m.newWorkspace(n, true)
		copy(ws.x, randomData(n, 784, 1))
		copy(ws.y, ws.x)
		for i := 0; i < 5; i++ {
			m.step(ws, n, MSE, 0)
		}
		const reps = 30
		fwd := make([]time.Duration, len(m.layers))
		bwd := make([]time.Duration, len(m.layers))
		var loss time.Duration
		best := time.Duration(1 << 62)
		for r := 0; r < reps; r++ {
			rep := time.Now()
			cur := ws.x[:n*784]
			for l := range m.layers {
				t0 := time.Now()
				m.forward(ws, n, cur, l, l+1, true, true)
				fwd[l] += time.Since(t0)
				cur = ws.acts[l][:n*m.layers[l].out.Size()]
			}
			t0 := time.Now()
			m.outputLoss(ws, n, MSE, true)
			loss += time.Since(t0)
			for l := m.lossLayer(); l >= 0; l = m.below(l) {
				t0 := time.Now()
				m.backwardLayer(ws, n, ws.x[:n*784], l, 0)
				bwd[l] += time.Since(t0)
			}
			best = min(best, time.Since(rep))
		}
		total := time.Duration(0)
		us := func(d time.Duration) float64 { return float64(d.Microseconds()) / reps }
		for l, d := range m.layers {
			fmt.Printf("%-6s %-58s fwd %7.1f µs  bwd %7.1f µs\n", c.name, d.Layer.String(), us(fwd[l]), us(bwd[l]))
			total += fwd[l] + bwd[l]
		}
		fmt.Printf("%-6s loss %.1f µs; total %.1f µs per batch of %d: %.0f images/s (best batch: %.0f images/s)\n", c.name, us(loss), us(total+loss), n,
			float64(n)/(float64(total+loss)/reps/1e9), float64(n)/best.Seconds())
	}
}
