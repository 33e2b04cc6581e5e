package ae

import (
	"fmt"
	"strings"
)

// Activation is the function a layer applies to each of its outputs.
type Activation int

// The activations a layer can use.
const (
	Linear    Activation = iota // f(z) = z
	ReLU                        // f(z) = max(0, z)
	LeakyReLU                   // f(z) = z for z > 0, 0.01·z otherwise
	Sigmoid                     // f(z) = 1 / (1 + e^-z), outputs in (0, 1)
	Tanh                        // f(z) = tanh(z), outputs in (-1, 1)
)

// leak is LeakyReLU's slope for negative inputs.
const leak = 0.01

var activationNames = [...]string{"linear", "relu", "leakyrelu", "sigmoid", "tanh"}

// String returns the activation's name in lower case, e.g. "relu".
func (a Activation) String() string {
	if a < 0 || int(a) >= len(activationNames) {
		return fmt.Sprintf("Activation(%d)", int(a))
	}
	return activationNames[a]
}

func (a Activation) valid() bool { return a >= 0 && int(a) < len(activationNames) }

// ParseActivation returns the activation with the given name, ignoring case.
func ParseActivation(name string) (Activation, error) {
	for i, n := range activationNames {
		if strings.EqualFold(name, n) {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("ae: unknown activation %q (want one of %s)", name, strings.Join(activationNames[:], ", "))
}

// biasActivate adds the bias b to the row z and applies a in place.
func biasActivate(z, b []float32, a Activation) {
	b = b[:len(z)]
	switch a {
	case Linear:
		for i := range z {
			z[i] += b[i]
		}
	case ReLU:
		for i := range z {
			v := z[i] + b[i]
			if v < 0 {
				v = 0
			}
			z[i] = v
		}
	case LeakyReLU:
		for i := range z {
			v := z[i] + b[i]
			if v < 0 {
				v *= leak
			}
			z[i] = v
		}
	case Sigmoid:
		for i := range z {
			z[i] = sigmoid32(z[i] + b[i])
		}
	case Tanh:
		for i := range z {
			z[i] = tanh32(z[i] + b[i])
		}
	}
}

// chainActivation turns dL/da into dL/dz in place, given the layer's outputs a.
// Every derivative is written in terms of the output, so the inputs need not be kept.
func chainActivation(g, a []float32, act Activation) {
	a = a[:len(g)]
	switch act {
	case ReLU:
		for i := range g {
			if a[i] <= 0 {
				g[i] = 0
			}
		}
	case LeakyReLU:
		for i := range g {
			if a[i] <= 0 {
				g[i] *= leak
			}
		}
	case Sigmoid:
		for i := range g {
			g[i] *= a[i] * (1 - a[i])
		}
	case Tanh:
		for i := range g {
			g[i] *= 1 - a[i]*a[i]
		}
	}
}

func sigmoid32(z float32) float32 {
	if z >= 0 {
		return 1 / (1 + exp32(-z))
	}
	e := exp32(z)
	return e / (1 + e)
}

func tanh32(z float32) float32 {
	if z > 9 {
		return 1
	}
	if z < -9 {
		return -1
	}
	if z > -0.03 && z < 0.03 { // series: avoids cancellation near 0
		z2 := z * z
		return z * (1 - z2/3 + 2*z2*z2/15)
	}
	e := exp32(2 * z)
	return (e - 1) / (e + 1)
}
