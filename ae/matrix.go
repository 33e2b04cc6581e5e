package ae

import (
	"fmt"
	"math"

	"github.com/aekit/aekit/internal/par"
	"github.com/aekit/aekit/internal/vec"
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

// checkRows is checkInput for rows a layer takes as t: for images, a row of
// the wrong length is reported with the shape it should have.
func checkRows(fn, name string, x *mat.Dense, t tensor) error {
	if x != nil && !t.flat {
		if r, c := x.Dims(); r > 0 && c > 0 && c != t.Size() {
			return fmt.Errorf("ae: %s: %s is %d×%d, but the model takes rows of %d values: %s images (C×H×W, channels first)",
				fn, name, r, c, t.Size(), t)
		}
	}
	return checkInput(fn, name, x, t.Size())
}

func checkFinite(fn, name string, x *mat.Dense) error {
	r, c := x.Dims()
	t := &finiteTask{x: x}
	par.For(r, grain(c), t)
	for _, bad := range t.bad[:par.Chunks(r, grain(c))] {
		if bad == 0 {
			continue
		}
		i := bad - 1
		for j, v := range x.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("ae: %s: %s has %v at row %d, column %d", fn, name, v, i, j)
			}
		}
	}
	return nil
}

// finiteTask finds, per chunk, the first row holding a NaN or an infinity;
// bad[chunk] is that row + 1, or 0.
type finiteTask struct {
	x   *mat.Dense
	bad [par.MaxChunks]int
}

func (t *finiteTask) Run(chunk, lo, hi int) {
	for i := lo; i < hi; i++ {
		if !vec.Finite(t.x.RawRowView(i)) {
			t.bad[chunk] = i + 1
			return
		}
	}
}

// toFloat32 converts src into dst, which must be at least as long.
func toFloat32(dst []float32, src []float64) {
	vec.ToFloat32(dst, src)
}
