package ae

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Init is a rule for drawing a model's starting weights (see
// Model.Initialize).
type Init int

// The initialisations Initialize offers.
const (
	// PyTorchInit draws every weight and bias uniform in ±1/√fan-in, as
	// PyTorch's layers do by default: what New, NewSymmetric and NewConv
	// use. Through a deep stack of ReLU layers it shrinks the signal at
	// every layer (to about 1/√6 of its size), so deep models start slowly.
	PyTorchInit Init = iota
	// HeInit draws every weight uniform in ±gain·√(3/fan-in) and sets the
	// biases to 0 (He et al., 2015; PyTorch's kaiming_uniform_), with the
	// gain of the layer's activation: √2 for ReLU, √(2/(1+slope²)) for
	// LeakyReLU, 5/3 for Tanh, 1 for Linear and Sigmoid. Each ReLU layer
	// then passes on a signal of the size it received, however deep the
	// stack.
	HeInit
)

var initNames = [...]string{"pytorch", "he"}

// String returns the initialisation's name in lower case, e.g. "he".
func (i Init) String() string { return nameOf(initNames[:], "Init", int(i)) }

// ParseInit returns the initialisation with the given name ("pytorch" or
// "he"), ignoring case.
func ParseInit(name string) (Init, error) {
	i, err := parseName(initNames[:], "Init", name)
	return Init(i), err
}

// Initialize draws the model's weights and biases again by the rule init,
// from a generator seeded by seed (the same seed gives the same weights),
// and resets BatchNorm's scales, shifts and running statistics. With
// PyTorchInit and the seed given to New it gives back New's weights.
//
//	m, err := ae.NewSymmetric([]int{784, 1000, 500, 250, 30}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
//	err = m.Initialize(ae.HeInit, 1)
func (m *Model) Initialize(init Init, seed int64) error {
	if init < 0 || int(init) >= len(initNames) {
		return fmt.Errorf("ae: Initialize: unknown Init %d (want PyTorchInit or HeInit)", int(init))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.initWeights(seed)
	if init == HeInit {
		m.heWeights(seed)
	}
	return nil
}

// heWeights draws the weights of HeInit and zeroes the biases of every
// Dense and convolutional layer.
func (m *Model) heWeights(seed int64) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x4e_1417))
	for i := range m.layers {
		d := &m.layers[i]
		fan := d.fanIn()
		if fan == 0 {
			continue
		}
		bound := activationGain(d.Act, float64(d.slope())) * math.Sqrt(3/float64(fan))
		for j := range d.w {
			d.w[j] = float32((2*rng.Float64() - 1) * bound)
		}
		clear(d.b)
	}
}

// activationGain returns the factor by which the weights' spread must grow
// to keep the size of a signal through the activation (PyTorch's
// calculate_gain).
func activationGain(act Activation, slope float64) float64 {
	switch act {
	case ReLU:
		return math.Sqrt2
	case LeakyReLU:
		return math.Sqrt(2 / (1 + slope*slope))
	case Tanh:
		return 5.0 / 3
	}
	return 1
}
