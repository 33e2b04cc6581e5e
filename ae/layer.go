package ae

import "fmt"

// Layer describes one fully connected (dense) layer: each of its Out units
// computes Act(w·x + b) from the In values of the layer before.
type Layer struct {
	In, Out int
	Act     Activation
}

// Dense returns the description of a fully connected layer from in values to
// out units with activation act.
func Dense(in, out int, act Activation) Layer {
	return Layer{In: in, Out: out, Act: act}
}

// Params returns the layer's number of parameters: In·Out weights and Out biases.
func (l Layer) Params() int { return l.In*l.Out + l.Out }

// String returns e.g. "Dense(784 → 32, relu)".
func (l Layer) String() string {
	return fmt.Sprintf("Dense(%d → %d, %s)", l.In, l.Out, l.Act)
}

// maxUnits bounds a layer's width, so that sizes from a file or a typo cannot
// ask for an absurd allocation.
const maxUnits = 1 << 20

func (l Layer) check() error {
	if l.In < 1 || l.Out < 1 {
		return fmt.Errorf("%v has a size below 1", l)
	}
	if l.In > maxUnits || l.Out > maxUnits {
		return fmt.Errorf("%v is wider than %d units", l, maxUnits)
	}
	if int64(l.In)*int64(l.Out) > 1<<28 {
		return fmt.Errorf("%v has more than %d weights", l, 1<<28)
	}
	if !l.Act.valid() {
		return fmt.Errorf("%v has an unknown activation", l)
	}
	return nil
}
