package ae

import (
	"math"

	"github.com/aekit/aekit/internal/par"
	"github.com/aekit/aekit/internal/vec"
)

// Optimizer is the rule that turns gradients into weight updates.
type Optimizer int

// The optimizers Fit can use.
const (
	// Adam keeps running means of each gradient and of its square and steps by
	// their ratio (Kingma and Ba, 2015; β1 = 0.9, β2 = 0.999, ε = 1e-8, as in
	// PyTorch and Keras).
	Adam Optimizer = iota
	// SGD is stochastic gradient descent, with momentum when Options.Momentum > 0.
	SGD
)

var optimizerNames = [...]string{"adam", "sgd"}

// String returns the optimizer's name in lower case, e.g. "adam".
func (o Optimizer) String() string { return nameOf(optimizerNames[:], "Optimizer", int(o)) }

func (o Optimizer) valid() bool { return o >= 0 && int(o) < len(optimizerNames) }

// ParseOptimizer returns the optimizer with the given name, ignoring case.
func ParseOptimizer(name string) (Optimizer, error) {
	i, err := parseName(optimizerNames[:], "Optimizer", name)
	return Optimizer(i), err
}

// optimizerState is one optimizer's memory across steps, sized for all the
// model's parameters.
type optimizerState struct {
	kind     Optimizer
	lr       float64 // the rate of the next step (Fit sets it from the schedule)
	momentum float64
	b1, b2   float64 // Adam's; 0 means 0.9 and 0.999
	decay    float64 // decoupled weight decay (Options.WeightDecay)
	step     int
	m, v     []float32 // Adam's moments, or SGD's velocity in m
	task     updateTask
}

func newOptimizerState(kind Optimizer, lr, momentum float64, n int) *optimizerState {
	s := &optimizerState{kind: kind, lr: lr, momentum: momentum}
	switch {
	case kind == Adam:
		s.m, s.v = make([]float32, n), make([]float32, n)
	case momentum > 0:
		s.m = make([]float32, n)
	}
	return s
}

// update applies one step to params from grads.
func (s *optimizerState) update(params, grads []float32) {
	s.step++
	t := &s.task
	*t = updateTask{kind: s.kind, p: params, g: grads, m: s.m, v: s.v, lr: float32(s.lr)}
	if s.decay > 0 {
		// AdamW's p *= 1 - lr·λ, before the step, as PyTorch does it.
		t.shrink = float32(1 - s.lr*s.decay)
	}
	switch s.kind {
	case Adam:
		b1, b2 := s.b1, s.b2
		if b1 == 0 {
			b1 = 0.9
		}
		if b2 == 0 {
			b2 = 0.999
		}
		t.b1, t.b2, t.eps = float32(b1), float32(b2), 1e-8
		// PyTorch's form: p -= lr/(1-b1^t) · m / (√v/√(1-b2^t) + ε).
		t.step = float32(s.lr / (1 - math.Pow(b1, float64(s.step))))
		t.rootC2 = float32(math.Sqrt(1 - math.Pow(b2, float64(s.step))))
	case SGD:
		t.mu = float32(s.momentum)
		t.first = s.step == 1
	}
	par.For(len(params), 1<<15, t)
}

// updateTask is the fused parameter update: one pass reads each gradient and
// writes each moment and weight once.
type updateTask struct {
	kind             Optimizer
	p, g, m, v       []float32
	lr, step, rootC2 float32
	b1, b2, eps, mu  float32
	shrink           float32 // weight decay's factor, or 0 for none
	first            bool
}

func (t *updateTask) Run(_, lo, hi int) {
	p, g := t.p[lo:hi], t.g[lo:hi]
	if t.shrink != 0 {
		// The chunk is then in cache for the step itself.
		for i := range p {
			p[i] *= t.shrink
		}
	}
	switch {
	case t.kind == Adam:
		vec.Adam(p, g, t.m[lo:hi], t.v[lo:hi], t.b1, t.b2, t.step, t.rootC2, t.eps)
	case t.m != nil: // SGD with momentum, PyTorch's form: b = μ·b + g; p -= lr·b
		m := t.m[lo:hi]
		for i, gi := range g {
			if t.first {
				m[i] = gi
			} else {
				m[i] = t.mu*m[i] + gi
			}
			p[i] -= t.lr * m[i]
		}
	default:
		for i, gi := range g {
			p[i] -= t.lr * gi
		}
	}
}
