package ae

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// checkInput reports whether x can be fed to a layer taking cols values:
// not nil, not empty, the right width, and every value finite.
func checkInput(fn, name string, x *mat.Dense, cols int) error {
	if x == nil {
		return fmt.Errorf("ae: %s: %s is nil", fn, name)
	}
	r, c := x.Dims()
	if r == 0 || c == 0 {
		return fmt.Errorf("ae: %s: %s is empty", fn, name)
	}
	if c != cols {
		return fmt.Errorf("ae: %s: %s is %d×%d, but the model takes rows of %d values", fn, name, r, c, cols)
	}
	return checkFinite(fn, name, x)
}

func checkFinite(fn, name string, x *mat.Dense) error {
	r, _ := x.Dims()
	for i := 0; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("ae: %s: %s has %v at row %d, column %d", fn, name, v, i, j)
			}
		}
	}
	return nil
}

// toFloat32 converts src into dst, which must be at least as long.
func toFloat32(dst []float32, src []float64) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = float32(v)
	}
}
