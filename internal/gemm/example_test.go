package gemm_test

import (
	"fmt"

	"github.com/aekit/aekit/internal/gemm"
)

// A dense layer's forward pass, Y = X·W, then its weight gradient
// dW = Xᵀ·dY, on a batch of 2 inputs of 3 features and 2 outputs.
func ExampleSgemm() {
	x := []float32{ // 2×3: one input per row
		1, 2, 3,
		4, 5, 6,
	}
	w := []float32{ // 3×2
		1, 0,
		0, 1,
		1, 1,
	}
	y := make([]float32, 2*2)
	gemm.Sgemm(false, false, 2, 2, 3, 1, x, 3, w, 2, 0, y, 2)
	fmt.Println("Y =", y)

	dy := []float32{ // 2×2
		1, 0,
		0, 1,
	}
	dw := make([]float32, 3*2)
	gemm.Sgemm(true, false, 3, 2, 2, 1, x, 3, dy, 2, 0, dw, 2) // Xᵀ: x is stored 2×3
	fmt.Println("dW =", dw)
	// Output:
	// Y = [4 5 10 11]
	// dW = [1 4 2 5 3 6]
}
