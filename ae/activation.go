package ae

import (
	"github.com/aekit/aekit/internal/vec"
)

// Activation is the function a layer applies to each of its outputs.
type Activation int

// The activations a layer can use.
const (
	Linear    Activation = iota // f(z) = z
	ReLU                        // f(z) = max(0, z)
	LeakyReLU                   // f(z) = z for z > 0, slope·z otherwise: 0.01 unless the layer's Slope says
	Sigmoid                     // f(z) = 1 / (1 + e^-z), outputs in (0, 1)
	Tanh                        // f(z) = tanh(z), outputs in (-1, 1)
)

// leak is LeakyReLU's default slope for negative inputs.
const leak = 0.01

var activationNames = [...]string{"linear", "relu", "leakyrelu", "sigmoid", "tanh"}

// String returns the activation's name in lower case, e.g. "relu".
func (a Activation) String() string { return nameOf(activationNames[:], "Activation", int(a)) }

func (a Activation) valid() bool { return a >= 0 && int(a) < len(activationNames) }

// ParseActivation returns the activation with the given name, ignoring case.
func ParseActivation(name string) (Activation, error) {
	i, err := parseName(activationNames[:], "Activation", name)
	return Activation(i), err
}

// biasActivate adds the bias b to the row z and applies a in place; slope
// is LeakyReLU's.
func biasActivate(z, b []float32, a Activation, slope float32) {
	switch a {
	case Linear:
		vec.BiasAdd(z, b)
	case ReLU:
		vec.BiasReLU(z, b)
	case LeakyReLU:
		vec.BiasLeakyReLU(z, b, slope)
	case Sigmoid:
		vec.BiasSigmoid(z, b)
	case Tanh:
		vec.BiasTanh(z, b)
	}
}

// chainActivation turns dL/da into dL/dz in place, given the layer's outputs a.
// Every derivative is written in terms of the output, so the inputs need not
// be kept (LeakyReLU's too, since its slope is positive).
func chainActivation(g, a []float32, act Activation, slope float32) {
	switch act {
	case ReLU:
		vec.ReLUGrad(g, a)
	case LeakyReLU:
		vec.LeakyReLUGrad(g, a, slope)
	case Sigmoid:
		vec.SigmoidGrad(g, a)
	case Tanh:
		vec.TanhGrad(g, a)
	}
}
