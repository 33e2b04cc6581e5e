package ae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/vec"
)

// gradCheck compares the gradients backpropagation computes with central
// differences of the loss, for every parameter of m. It returns a description
// of the first disagreement, or "" if all agree. Parameters whose one-sided
// differences disagree with each other sit on a kink (ReLU at 0, |x| at 0) and
// are skipped; more than 10% skipped is a failure too.
func gradCheck(m *Model, x, y []float32, n int, loss Loss, l1 float32, tamper func([]float32)) string {
	ws := m.newWorkspace(n, true)
	copy(ws.x, x)
	copy(ws.y, y)
	m.step(ws, n, loss, l1)
	analytic := append([]float32(nil), m.grads...)
	if tamper != nil {
		tamper(analytic)
	}
	xd, yd := denseOf(x, n), denseOf(y, n)
	f := func() float64 { return m.evaluate(xd, yd, loss, l1) }
	return compareGradients(m.params, analytic, f, 1e-4, func(float64) float64 { return 2e-5 })
}

// compareGradients compares analytic, the gradients of the loss f with
// respect to params, with central differences of f, and returns the first
// disagreement, or "". A parameter whose one-sided differences disagree
// by more than 5 % plus kink sits on a kink and is skipped (more than 10 %
// skipped is a failure); a gradient may be off by 2 % plus absTol(loss).
func compareGradients(params, analytic []float32, f func() float64, kink float64, absTol func(loss float64) float64) string {
	// float32 arithmetic: h = 2e-3 balances rounding noise in the loss
	// against the truncation error of the central difference.
	const h = 2e-3
	skipped := 0
	for i := range params {
		p := params[i]
		params[i] = p + h
		up := f()
		params[i] = p - h
		down := f()
		params[i] = p
		mid := f()
		fwd, bwd := (up-mid)/h, (mid-down)/h
		num := (up - down) / (2 * h)
		if math.Abs(fwd-bwd) > 0.05*math.Max(math.Abs(fwd), math.Abs(bwd))+kink {
			skipped++
			continue
		}
		ana := float64(analytic[i])
		if math.Abs(num-ana) > 2e-2*math.Max(math.Abs(num), math.Abs(ana))+absTol(mid) {
			return fmt.Sprintf("parameter %d of %d: backprop %.6g, numeric %.6g", i, len(params), ana, num)
		}
	}
	if skipped*10 > len(params) {
		return fmt.Sprintf("%d of %d parameters sit on kinks", skipped, len(params))
	}
	return ""
}

// denseOf returns the n-row matrix holding the float32 values x.
func denseOf(x []float32, n int) *mat.Dense {
	d := mat.NewDense(n, len(x)/n, nil)
	for i, v := range x {
		d.RawMatrix().Data[i] = float64(v)
	}
	return d
}

// float32Rows copies x into a row-major float32 slice.
func float32Rows(x *mat.Dense) []float32 {
	r, c := x.Dims()
	out := make([]float32, r*c)
	for i := 0; i < r; i++ {
		toFloat32(out[i*c:(i+1)*c], x.RawRowView(i))
	}
	return out
}

func randomData(n, d int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := make([]float32, n*d)
	for i := range x {
		x[i] = float32(rng.Float64())
	}
	return x
}

func TestGradients(t *testing.T) {
	const n, d = 5, 6
	x := randomData(n, d, 1)
	acts := []Activation{Linear, ReLU, LeakyReLU, Sigmoid, Tanh}
	cases := []struct {
		name           string
		hidden, output Activation
		loss           Loss
		l1             float32
	}{
		{"sigmoid output, BCE (fused)", Tanh, Sigmoid, BCE, 0},
		{"sigmoid output, MSE", ReLU, Sigmoid, MSE, 0},
		{"sigmoid output, MAE", LeakyReLU, Sigmoid, MAE, 0},
		{"linear output, MSE", Tanh, Linear, MSE, 0},
		{"tanh output, MSE", Sigmoid, Tanh, MSE, 0},
		{"sparse code, BCE", ReLU, Sigmoid, BCE, 0.05},
		{"sparse tanh code, MSE", Tanh, Sigmoid, MSE, 0.05},
	}
	for _, a := range acts {
		cases = append(cases, struct {
			name           string
			hidden, output Activation
			loss           Loss
			l1             float32
		}{"hidden " + a.String(), a, Sigmoid, MSE, 0})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := NewSymmetric([]int{d, 4, 3}, c.hidden, c.hidden, c.output, 3)
			if err != nil {
				t.Fatal(err)
			}
			if msg := gradCheck(m, x, x, n, c.loss, c.l1, nil); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// TestGradientCheckCanFail makes sure the check above is not vacuous: a
// gradient that is off by 10% in one layer must be caught.
func TestGradientCheckCanFail(t *testing.T) {
	const n, d = 5, 6
	x := randomData(n, d, 2)
	m, err := NewSymmetric([]int{d, 4, 3}, Tanh, Tanh, Sigmoid, 3)
	if err != nil {
		t.Fatal(err)
	}
	off := m.layers[1].gw
	start := len(m.layers[0].w) + len(m.layers[0].b)
	msg := gradCheck(m, x, x, n, MSE, 0, func(g []float32) {
		for i := range off {
			g[start+i] *= 1.1
		}
	})
	if msg == "" {
		t.Fatal("a gradient 10% off passed the check")
	}
}

// TestLossGradients checks each loss's derivative with respect to the
// outputs on its own, including BCE on outputs other than a sigmoid's.
func TestLossGradients(t *testing.T) {
	const k = 50
	a := randomData(1, k, 3)
	y := randomData(1, k, 4)
	for i := range a {
		a[i] = 0.05 + 0.9*a[i] // keep BCE's outputs inside (0, 1)
	}
	for _, l := range []Loss{MSE, BCE, MAE} {
		g := make([]float32, k)
		lossAndGrad(l, append([]float32(nil), a...), y, g, 1)
		for i := range a {
			const h = 1e-3
			at := func(v float32) float64 {
				b := append([]float32(nil), a...)
				b[i] = v
				return lossAndGrad(l, b, y, nil, 1)
			}
			num := (at(a[i]+h) - at(a[i]-h)) / (2 * h)
			if math.Abs(num-float64(g[i])) > 1e-2*math.Max(math.Abs(num), 1) {
				t.Errorf("%v: output %d: gradient %.5g, numeric %.5g", l, i, g[i], num)
			}
		}
	}
	// The fused sigmoid+BCE pass must agree with sigmoid then BCE.
	z := randomData(1, k, 5)
	for i := range z {
		z[i] = 8*z[i] - 4
	}
	fused := append([]float32(nil), z...)
	gf := make([]float32, k)
	vf := vec.SigmoidBCE(fused, y, gf, make([]float32, k), 1)
	plain := append([]float32(nil), z...)
	gp := make([]float32, k)
	biasActivate(plain, make([]float32, k), Sigmoid, leak)
	vp := lossAndGrad(BCE, plain, y, gp, 1)
	chainActivation(gp, plain, Sigmoid, leak)
	if math.Abs(vf-vp) > 1e-4*math.Abs(vp) {
		t.Errorf("fused BCE %v, plain %v", vf, vp)
	}
	for i := range gf {
		if math.Abs(float64(gf[i]-gp[i])) > 1e-4 {
			t.Errorf("value %d: fused gradient %v, plain %v", i, gf[i], gp[i])
		}
	}
}
