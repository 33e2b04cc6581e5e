package vec_test

import (
	"fmt"
	"math"

	"github.com/aekit/aekit/internal/vec"
)

// The output layer of an autoencoder for pixels: logits plus bias through a
// sigmoid, the binary cross-entropy against the targets, and its gradient,
// in one pass.
func ExampleSigmoidBCE() {
	z := []float32{2, -1, 0, 30}   // X·W for one row
	b := []float32{0, 0.5, 0, -60} // the layer's bias
	y := []float32{1, 0, 0.5, 0}   // the targets
	g := make([]float32, len(z))   // dLoss/dlogit, scaled to a mean
	scale := 1 / float32(len(z))   // the loss is a mean over the row
	sum := vec.SigmoidBCE(z, y, g, b, scale)
	fmt.Printf("outputs   %.4f\n", z)
	fmt.Printf("gradients %.4f\n", g)
	fmt.Printf("mean loss %.4f\n", sum/float64(len(z)))
	// Output:
	// outputs   [0.8808 0.3775 0.5000 0.0000]
	// gradients [-0.0298 0.0944 0.0000 0.0000]
	// mean loss 0.3235
}

// A hidden layer forward (bias and ReLU), then its backward pass: the
// gradient is cut where the unit was off.
func ExampleReLUGrad() {
	z := []float32{-1, 0.5, 2, -3}
	vec.BiasReLU(z, []float32{0.5, -1, 0, 4})
	fmt.Println("outputs ", z)
	g := []float32{0.1, 0.2, 0.3, 0.4}
	vec.ReLUGrad(g, z)
	fmt.Println("gradient", g)
	// Output:
	// outputs  [0 0 2 1]
	// gradient [0 0 0.3 0.4]
}

// One Adam step on two parameters from fresh moments: at step 1 each
// parameter moves by about the learning rate, against its gradient.
func ExampleAdam() {
	const lr, b1, b2 = 0.001, 0.9, 0.999
	p := []float32{1, -2}
	g := []float32{0.5, -0.01}
	m, v := make([]float32, 2), make([]float32, 2)
	step := float32(lr / (1 - b1))       // lr/(1-b1^t), t = 1
	rootC2 := float32(math.Sqrt(1 - b2)) // √(1-b2^t)
	vec.Adam(p, g, m, v, b1, b2, step, rootC2, 1e-8)
	fmt.Printf("%.6f\n", p)
	// Output:
	// [0.999000 -1.999000]
}

// Checking data before it is converted for training.
func ExampleFinite() {
	x := []float64{0.5, 1e300, -3}
	fmt.Println(vec.Finite(x))
	x[1] = math.Inf(1)
	fmt.Println(vec.Finite(x))
	dst := make([]float32, len(x))
	vec.ToFloat32(dst, x)
	fmt.Println(dst)
	// Output:
	// true
	// false
	// [0.5 +Inf -3]
}
