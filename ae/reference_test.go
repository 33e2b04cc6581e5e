package ae

import (
	"fmt"
	"math"
	"testing"
)

// refCase is one model, loss and code penalty on which the engine is held
// to the reference.
type refCase struct {
	sizes                []int // input to code, as for NewSymmetric
	hidden, code, output Activation
	loss                 Loss
	l1                   float32
}

// String describes c for test messages, e.g.
// "[6 4 3] relu-relu-sigmoid bce l1=0.05".
func (c refCase) String() string {
	return fmt.Sprintf("%v %v-%v-%v %v l1=%v", c.sizes, c.hidden, c.code, c.output, c.loss, c.l1)
}

// refCases returns every activation as hidden, code and output layer, with
// every loss, with and without the code penalty, on two architectures:
// 6-4-3-4-6 and 9-5-2-5-9.
func refCases() []refCase {
	acts := []Activation{Linear, ReLU, LeakyReLU, Sigmoid, Tanh}
	var cases []refCase
	for a, sizes := range [][]int{{6, 4, 3}, {9, 5, 2}} {
		for h, hidden := range acts {
			code := acts[(h+2*a)%len(acts)] // the first architecture codes with hidden, the second with another
			for _, output := range acts {
				for _, loss := range []Loss{MSE, BCE, MAE} {
					for _, l1 := range []float32{0, 0.05} {
						cases = append(cases, refCase{sizes, hidden, code, output, loss, l1})
					}
				}
			}
		}
	}
	return cases
}

// model builds c's model. For BCE on an output that is not a sigmoid, the
// output layer's weights are shrunk and its biases set to 0.5, so that the
// outputs start well inside (0, 1) where BCE is defined.
func (c refCase) model(t *testing.T, seed int64) *Model {
	t.Helper()
	m, err := NewSymmetric(c.sizes, c.hidden, c.code, c.output, seed)
	if err != nil {
		t.Fatal(err)
	}
	if c.loss == BCE && c.output != Sigmoid {
		d := &m.layers[len(m.layers)-1]
		for i := range d.w {
			d.w[i] *= 0.05
		}
		for i := range d.b {
			d.b[i] = 0.5
		}
	}
	return m
}

// rows64 returns the n rows of the float32 batch x as float64 rows.
func rows64(x []float32, n int) [][]float64 {
	d := len(x) / n
	out := zeros(n, d)
	for i := range out {
		for j := range out[i] {
			out[i][j] = float64(x[i*d+j])
		}
	}
	return out
}

// paramName names parameter k of m, e.g. "decoder layer 1 W[2][0]".
func paramName(m *Model, k int) string {
	for l, d := range m.layers {
		switch {
		case k < d.In*d.Out:
			return fmt.Sprintf("%s W[%d][%d]", layerName(l, m.nEnc), k/d.Out, k%d.Out)
		case k < d.Params():
			return fmt.Sprintf("%s b[%d]", layerName(l, m.nEnc), k-d.In*d.Out)
		}
		k -= d.Params()
	}
	return fmt.Sprintf("parameter %d past the end", k)
}

// TestReferenceGradients checks the reference's own backpropagation
// against central differences of its loss, in float64, for every case.
//
// Tolerance: 1e-6 relative plus 1e-8 absolute. With h = 1e-6 a central
// difference is off by about h²/6 times the third derivative (≈ 1e-13) plus
// 1e-16·|f|/h ≈ 1e-10 from rounding; the worst difference seen over every
// case is 6e-10, and a gradient is typically 1e-3 to 1e-1, so any mistake
// in a formula shows.
func TestReferenceGradients(t *testing.T) {
	const h, rel, abs = 1e-6, 1e-6, 1e-8
	for i, c := range refCases() {
		n := c.sizes[0] - 1
		x := rows64(randomData(n, c.sizes[0], uint64(10+i)), n)
		r := newRef(c.model(t, int64(i)))
		r.lossAndGrads(x, x, c.loss, float64(c.l1))
		grads := append([]float64(nil), r.grads...)
		for k, p := range r.params {
			r.params[k] = p + h
			up := r.lossAndGrads(x, x, c.loss, float64(c.l1))
			r.params[k] = p - h
			down := r.lossAndGrads(x, x, c.loss, float64(c.l1))
			r.params[k] = p
			num := (up - down) / (2 * h)
			if math.Abs(num-grads[k]) > rel*math.Max(math.Abs(num), math.Abs(grads[k]))+abs {
				t.Errorf("%v: parameter %d: backprop %.12g, numeric %.12g", c, k, grads[k], num)
				break
			}
		}
	}
}

// Tolerances of the engine against the reference. The engine rounds every
// value to float32 (2⁻²⁴ ≈ 6e-8 relative) and its exp, log and tanh are
// good to a few units in the last place. The loss is a mean of positive
// terms, so its error stays near float32's: it is compared to within
// lossTol of itself (the worst seen over every case is 6.5e-8, 15 times
// less). A gradient is a sum over the batch of products carried back
// through up to four layers; its rounding errors are relative to the
// larger terms of those sums, not to the gradient itself, which can cancel
// to nearly 0. So each gradient is compared to within gradTol of the
// model's largest gradient (the worst seen is 4e-7, 25 times less). A
// layer's gradients 1% off are 1e-2 relative: far beyond either.
const (
	lossTol = 1e-6
	gradTol = 1e-5
)

// compareWithReference runs one step of m on the n rows of x (against x
// itself) in the engine and in the reference, and describes the first
// disagreement beyond the tolerances above, or returns "". tamper, if not
// nil, alters the engine's gradients before the comparison.
func compareWithReference(m *Model, x []float32, n int, loss Loss, l1 float32, tamper func([]float32)) string {
	ws := m.newWorkspace(n, true)
	copy(ws.x, x)
	copy(ws.y, x)
	got := m.step(ws, n, loss, l1)
	grads := append([]float32(nil), m.grads...)
	if tamper != nil {
		tamper(grads)
	}
	r := newRef(m)
	x64 := rows64(x, n)
	want := r.lossAndGrads(x64, x64, loss, float64(l1))
	if math.Abs(got-want) > lossTol*math.Abs(want) {
		return fmt.Sprintf("loss %.9g, reference %.9g", got, want)
	}
	scale := 0.0
	for _, g := range r.grads {
		scale = math.Max(scale, math.Abs(g))
	}
	for k, g := range r.grads {
		if d := math.Abs(float64(grads[k]) - g); d > gradTol*scale {
			return fmt.Sprintf("%s: gradient %.7g, reference %.7g: %.2g apart, more than %.2g (gradTol times the largest gradient, %.3g)",
				paramName(m, k), grads[k], g, d, gradTol*scale, scale)
		}
	}
	return ""
}

// TestEngineMatchesReference holds the engine's loss and gradients to the
// reference's on every case.
func TestEngineMatchesReference(t *testing.T) {
	for i, c := range refCases() {
		n := c.sizes[0] - 1
		x := randomData(n, c.sizes[0], uint64(100+i))
		if msg := compareWithReference(c.model(t, int64(i)), x, n, c.loss, c.l1, nil); msg != "" {
			t.Errorf("%v: %s", c, msg)
		}
	}
}

// TestReferenceComparisonCanFail makes sure the comparison above is not
// vacuous: one layer's gradients 1% off, or 1e-3 added to one weight's
// gradient, must be caught.
func TestReferenceComparisonCanFail(t *testing.T) {
	const n, d = 5, 6
	x := randomData(n, d, 2)
	m, err := NewSymmetric([]int{d, 4, 3}, Tanh, Tanh, Sigmoid, 3)
	if err != nil {
		t.Fatal(err)
	}
	if msg := compareWithReference(m, x, n, MSE, 0, nil); msg != "" {
		t.Fatalf("untampered: %s", msg)
	}
	start := 0
	for l, dl := range m.layers {
		msg := compareWithReference(m, x, n, MSE, 0, func(g []float32) {
			for i := range dl.Params() {
				g[start+i] *= 1.01
			}
		})
		if msg == "" {
			t.Errorf("%s's gradients 1%% off passed the comparison", layerName(l, m.nEnc))
		} else {
			t.Logf("%s's gradients 1%% off: %s", layerName(l, m.nEnc), msg)
		}
		start += dl.Params()
	}
	k := len(m.layers[0].w) + len(m.layers[0].b) + 1 // encoder layer 2 W[0][1]
	msg := compareWithReference(m, x, n, MSE, 0, func(g []float32) { g[k] += 1e-3 })
	if msg == "" {
		t.Error("1e-3 added to one weight's gradient passed the comparison")
	} else {
		t.Logf("1e-3 added to %s's gradient: %s", paramName(m, k), msg)
	}
}

// TestOptimizersMatchReference runs a few steps of Adam and of SGD, with
// and without momentum, in the engine and in the reference, and compares
// the parameters they reach.
//
// Tolerance: the parameters must agree to within paramTol of the largest
// distance any parameter moved. The trajectories drift apart by rounding
// only: the worst seen is 9e-6 of the largest move for Adam and 4e-6 for
// SGD, while a wrong constant, bias correction or momentum would put them
// percents apart. The batches have an odd number of rows: Adam divides each
// gradient by its own running size, so a gradient that cancels to rounding
// level gets a full-sized step that rounding steers. MAE invites that on
// an even batch, where the output biases' gradients are sums of ±σ' that
// are nearly alike at the start, half of each sign.
func TestOptimizersMatchReference(t *testing.T) {
	const steps, rows, paramTol = 5, 7, 1e-4
	cases := []refCase{
		{[]int{6, 4, 3}, ReLU, ReLU, Sigmoid, BCE, 0.05},
		{[]int{6, 4, 3}, Tanh, Sigmoid, ReLU, MSE, 0.05},
		{[]int{9, 5, 2}, Tanh, Linear, Linear, MSE, 0},
		{[]int{9, 5, 2}, LeakyReLU, Tanh, Sigmoid, MAE, 0.05},
		{[]int{9, 5, 2}, Sigmoid, ReLU, Tanh, BCE, 0},
	}
	opts := []struct {
		kind                Optimizer
		lr, momentum        float64
		beta1, beta2, decay float64 // 0: Fit's defaults
		refBeta1, refBeta2  float64
	}{{Adam, 1e-2, 0, 0, 0, 0, 0.9, 0.999}, {Adam, 1e-2, 0, 0.8, 0.95, 0.5, 0.8, 0.95},
		{SGD, 0.1, 0.9, 0, 0, 0, 0, 0}, {SGD, 0.1, 0, 0, 0, 0, 0, 0}, {SGD, 0.1, 0.9, 0, 0, 0.5, 0, 0}}
	for i, c := range cases {
		for _, o := range opts {
			x := randomData(rows, c.sizes[0], uint64(200+i))
			m := c.model(t, int64(i))
			r := newRef(m)
			start := append([]float64(nil), r.params...)
			ws := m.newWorkspace(rows, true)
			copy(ws.x, x)
			copy(ws.y, x)
			x64 := rows64(x, rows)
			opt := newOptimizerState(o.kind, o.lr, o.momentum, len(m.params))
			opt.b1, opt.b2, opt.decay = o.beta1, o.beta2, o.decay
			for range steps {
				m.step(ws, rows, c.loss, c.l1)
				opt.update(m.params, m.grads)
				r.lossAndGrads(x64, x64, c.loss, float64(c.l1))
				if o.kind == Adam {
					r.adamStep(o.lr, o.refBeta1, o.refBeta2, o.decay)
				} else {
					r.sgdStep(o.lr, o.momentum, o.decay)
				}
			}
			move := 0.0
			for k, p := range r.params {
				move = math.Max(move, math.Abs(p-start[k]))
			}
			for k, p := range r.params {
				if d := math.Abs(float64(m.params[k]) - p); d > paramTol*move {
					t.Errorf("%v, %v lr=%v momentum=%v β=%v,%v decay=%v: after %d steps %s is %.7g, reference %.7g: %.2g apart, more than %.2g (paramTol times the largest move, %.3g)",
						c, o.kind, o.lr, o.momentum, o.beta1, o.beta2, o.decay, steps, paramName(m, k), m.params[k], p, d, paramTol*move, move)
					break
				}
			}
		}
	}
}
