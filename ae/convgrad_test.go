package ae

import (
	"fmt"
	"math"
	"testing"
)

// convCase is a small model exercising one or more of the layers beyond
// Dense, for the numerical gradient check.
type convCase struct {
	name     string
	input    Shape
	enc, dec []Layer
	loss     Loss
	l1       float32
}

func convCases() []convCase {
	s := func(c, h, w int) Shape { return Shape{C: c, H: h, W: w} }
	leaky := Conv2D(1, 3, 3, 2, Same, LeakyReLU).WithSlope(0.2)
	convT := ConvTranspose2D(3, 2, 3, 2, Padding(1), Sigmoid)
	convT.OutputPadding = 1
	torchBN := BatchNorm(4)
	torchBN.Momentum, torchBN.Eps = 0.1, 1e-5
	return []convCase{
		{"Conv2D stride 2, same padding on an odd size", s(1, 7, 7),
			[]Layer{Conv2D(1, 3, 3, 2, Same, Tanh), Flatten(), Dense(48, 5, Tanh)},
			[]Layer{Dense(5, 49, Sigmoid)}, MSE, 0},
		{"Conv2D valid, kernel 2, stride 1, two channels in", s(2, 5, 6),
			[]Layer{Conv2D(2, 3, 2, 1, Valid, ReLU), Flatten(), Dense(60, 4, Linear)},
			[]Layer{Dense(4, 60, Sigmoid)}, BCE, 0},
		{"Conv2D padding 2, kernel 5, stride 3", s(1, 8, 7),
			[]Layer{Conv2D(1, 2, 5, 3, Padding(2), Tanh), Flatten(), Dense(18, 3, Tanh)},
			[]Layer{Dense(3, 56, Sigmoid)}, MSE, 0},
		{"Conv2D stride 2: valid on an odd size, padding 2 on an even one", s(1, 7, 6),
			[]Layer{Conv2D(1, 2, 3, 2, Valid, Tanh), Conv2D(2, 2, 5, 2, Padding(2), Tanh), Flatten(), Dense(4, 3, Tanh)},
			[]Layer{Dense(3, 42, Sigmoid)}, MSE, 0},
		{"ConvTranspose2D stride 2, same (output padding 1)", s(1, 6, 6),
			[]Layer{Conv2D(1, 3, 3, 2, Same, Tanh)},
			[]Layer{ConvTranspose2D(3, 1, 3, 2, Same, Sigmoid)}, MSE, 0},
		{"ConvTranspose2D padding 1, no output padding, on an odd size", s(2, 5, 5),
			[]Layer{Conv2D(2, 3, 3, 2, Same, Tanh)},
			[]Layer{ConvTranspose2D(3, 2, 3, 2, Padding(1), Sigmoid)}, BCE, 0},
		{"ConvTranspose2D explicit output padding, LeakyReLU 0.2", s(1, 6, 6),
			[]Layer{leaky},
			[]Layer{convT, Conv2D(2, 1, 1, 1, Valid, Sigmoid)}, MSE, 0},
		{"ConvTranspose2D valid, kernel 2, stride 1", s(1, 5, 5),
			[]Layer{Conv2D(1, 2, 3, 1, Valid, Tanh), Conv2D(2, 3, 2, 1, Valid, Tanh)},
			[]Layer{ConvTranspose2D(3, 2, 2, 1, Valid, Tanh), ConvTranspose2D(2, 1, 3, 1, Valid, Sigmoid)}, MSE, 0},
		{"MaxPool2D ceil mode on an odd size, Upsample2D", s(1, 5, 5),
			[]Layer{Conv2D(1, 2, 3, 1, Same, Tanh), MaxPool2D(Same)},
			[]Layer{Upsample2D(), Conv2D(2, 1, 2, 1, Valid, Sigmoid)}, BCE, 0},
		{"MaxPool2D floor on an odd size", s(2, 7, 5),
			[]Layer{MaxPool2D(Valid), Conv2D(2, 2, 3, 1, Same, Tanh), Flatten(), Dense(12, 3, Tanh)},
			[]Layer{Dense(3, 70, Sigmoid)}, MSE, 0},
		{"BatchNorm in training mode, after convolutions and a Dense layer", s(2, 4, 4),
			[]Layer{Conv2D(2, 3, 3, 1, Same, Linear), BatchNorm(3), Conv2D(3, 2, 3, 2, Same, Tanh), Flatten(), Dense(8, 4, Linear), BatchNorm(4)},
			[]Layer{Dense(4, 32, Sigmoid), Unflatten(Shape{C: 2, H: 4, W: 4})}, MSE, 0},
		{"BatchNorm with PyTorch's momentum and eps, sparse code", s(1, 6, 6),
			[]Layer{Conv2D(1, 4, 3, 2, Same, LeakyReLU), torchBN, Flatten(), Dense(36, 3, Tanh)},
			[]Layer{Dense(3, 36, Tanh), Unflatten(Shape{C: 4, H: 3, W: 3}), BatchNorm(4), ConvTranspose2D(4, 1, 3, 2, Same, Sigmoid)}, BCE, 0.05},
		{"24×24 images, one image per product, several chunks", s(1, 24, 24),
			[]Layer{Conv2D(1, 2, 3, 1, Same, Tanh), MaxPool2D(Same), Conv2D(2, 1, 3, 2, Same, Tanh)},
			[]Layer{Upsample2D(), ConvTranspose2D(1, 2, 3, 2, Same, Tanh), Conv2D(2, 1, 3, 1, Same, Sigmoid)}, MSE, 0},
		{"a small PyImageSearch", s(1, 8, 8),
			[]Layer{Conv2D(1, 2, 3, 2, Same, LeakyReLU).WithSlope(0.2), BatchNorm(2), Conv2D(2, 3, 3, 2, Same, LeakyReLU).WithSlope(0.2), BatchNorm(3), Flatten(), Dense(12, 2, Linear)},
			[]Layer{Dense(2, 12, Linear), Unflatten(Shape{C: 3, H: 2, W: 2}), ConvTranspose2D(3, 3, 3, 2, Same, LeakyReLU).WithSlope(0.2), BatchNorm(3),
				ConvTranspose2D(3, 2, 3, 2, Same, LeakyReLU).WithSlope(0.2), BatchNorm(2), ConvTranspose2D(2, 1, 3, 1, Same, Sigmoid)}, MSE, 0},
	}
}

// gradCheckInputs compares dLoss/d(inputs) from backpropagation with
// central differences, as gradCheck does for the parameters.
func gradCheckInputs(m *Model, x, y []float32, n int, loss Loss, l1 float32) string {
	ws := m.newWorkspace(n, true)
	ws.gx = make([]float32, len(x))
	copy(ws.x, x)
	copy(ws.y, y)
	m.step(ws, n, loss, l1)
	analytic := append([]float32(nil), ws.gx...)
	f := func() float64 { return m.step(ws, n, loss, l1) }
	skipped := 0
	for i := range x {
		switch numericAgrees(f, &ws.x[i], float64(analytic[i])) {
		case kink:
			skipped++
		case disagree:
			return fmt.Sprintf("input %d of %d: backprop %.6g, numeric %.6g", i, len(x), analytic[i], numeric(f, &ws.x[i], 2e-3))
		}
	}
	if skipped*10 > len(x) {
		return fmt.Sprintf("%d of %d inputs sit on kinks", skipped, len(x))
	}
	return ""
}

// TestConvGradients checks every layer's parameter gradients and the input
// gradients of each small model against central differences of the
// training loss (BatchNorm with batch statistics).
func TestConvGradients(t *testing.T) {
	const n = 4
	for i, c := range convCases() {
		t.Run(c.name, func(t *testing.T) {
			m, err := NewConv(c.input, c.enc, c.dec, int64(i+1))
			if err != nil {
				t.Fatal(err)
			}
			x := randomData(n, c.input.Size(), uint64(30+i))
			if msg := gradCheckTrain(m, x, x, n, c.loss, c.l1, nil); msg != "" {
				t.Errorf("parameters: %s", msg)
			}
			if msg := gradCheckInputs(m, x, x, n, c.loss, c.l1); msg != "" {
				t.Errorf("inputs: %s", msg)
			}
		})
	}
}

// TestConvGradientCheckCanFail makes sure the check is not vacuous for the
// new layers: each layer's parameter gradients 10% off must be caught.
func TestConvGradientCheckCanFail(t *testing.T) {
	const n = 4
	c := convCases()[len(convCases())-1]
	m, err := NewConv(c.input, c.enc, c.dec, 3)
	if err != nil {
		t.Fatal(err)
	}
	x := randomData(n, c.input.Size(), 9)
	start := 0
	for l, d := range m.layers {
		k := d.trainable()
		if k == 0 {
			continue
		}
		lo := start
		msg := gradCheckTrain(m, x, x, n, c.loss, 0, func(g []float32) {
			for i := lo; i < lo+k; i++ {
				g[i] *= 1.1
			}
		})
		if msg == "" {
			t.Errorf("%s's gradients 10%% off passed the check", layerTitle(l, m.nEnc, d.Layer))
		}
		start += k
	}
}

// gradCheckTrain is gradCheck with the loss taken in training mode, as
// step computes it (BatchNorm on the batch's statistics).
func gradCheckTrain(m *Model, x, y []float32, n int, loss Loss, l1 float32, tamper func([]float32)) string {
	ws := m.newWorkspace(n, true)
	copy(ws.x, x)
	copy(ws.y, y)
	m.step(ws, n, loss, l1)
	analytic := append([]float32(nil), m.grads...)
	if tamper != nil {
		tamper(analytic)
	}
	f := func() float64 { return m.step(ws, n, loss, l1) }
	skipped := 0
	for i := range m.params {
		switch numericAgrees(f, &m.params[i], float64(analytic[i])) {
		case kink:
			skipped++
		case disagree:
			return fmt.Sprintf("%s: backprop %.6g, numeric %.6g", convParamName(m, i), analytic[i], numeric(f, &m.params[i], 2e-3))
		}
	}
	if skipped*10 > len(m.params) {
		return fmt.Sprintf("%d of %d parameters sit on kinks", skipped, len(m.params))
	}
	return ""
}

// convParamName names parameter k of m, e.g. "encoder layer 1 (Conv2D) weight 5".
func convParamName(m *Model, k int) string {
	for l, d := range m.layers {
		switch {
		case k < len(d.w):
			return fmt.Sprintf("%s weight %d", layerTitle(l, m.nEnc, d.Layer), k)
		case k < d.trainable():
			return fmt.Sprintf("%s bias %d", layerTitle(l, m.nEnc, d.Layer), k-len(d.w))
		}
		k -= d.trainable()
	}
	return fmt.Sprintf("parameter %d past the end", k)
}

type verdict int

const (
	agree verdict = iota
	disagree
	kink
)

// numericAgrees compares the derivative ana of f with respect to *p with
// central differences, first with h = 2e-3 (float32 arithmetic: h balances
// rounding noise in the loss against the truncation error), then, if they
// disagree, with h = 5e-4 and 1.25e-4: an activation a little closer to a
// kink (ReLU, LeakyReLU or a max at 0) than h spoils the wider difference
// but not the narrower, where a wrong formula is wrong at every width. A
// derivative whose one-sided differences disagree with each other at every
// width sits on a kink.
func numericAgrees(f func() float64, p *float32, ana float64) verdict {
	v := kink
	for _, h := range []float32{2e-3, 5e-4, 1.25e-4} {
		x := *p
		*p = x + h
		up := f()
		*p = x - h
		down := f()
		*p = x
		mid := f()
		fwd, bwd := (up-mid)/float64(h), (mid-down)/float64(h)
		if math.Abs(fwd-bwd) > 0.05*math.Max(math.Abs(fwd), math.Abs(bwd))+1e-4 {
			continue
		}
		num := (up - down) / (2 * float64(h))
		if math.Abs(num-ana) <= 2e-2*math.Max(math.Abs(num), math.Abs(ana))+2e-5 {
			return agree
		}
		v = disagree
	}
	return v
}

// numeric returns the central difference of f at *p with step h.
func numeric(f func() float64, p *float32, h float32) float64 {
	x := *p
	*p = x + h
	up := f()
	*p = x - h
	down := f()
	*p = x
	return (up - down) / (2 * float64(h))
}
