package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/shape"
)

// errorf returns an error prefixed with "plots: " and the function name.
func errorf(fn, format string, args ...any) error {
	return fmt.Errorf("plots: "+fn+": "+format, args...)
}

// checkShape checks the Shape of a figure's images: set, and of one
// channel (grey) or three (colour).
func checkShape(fn string, s Shape) error {
	if s == (Shape{}) {
		return errorf(fn, "Shape is not set: give the images' Shape, e.g. Shape: digits.Shape")
	}
	if err := shape.Check(s); err != nil {
		return errorf(fn, "Shape: %v", err)
	}
	if s.C != 1 && s.C != 3 {
		return errorf(fn, "Shape %v has %d channels; pictures show 1 (grey) or 3 (colour): pass one channel at a time", s, s.C)
	}
	return nil
}

// checkImages checks that x, the figure's field called name, holds at
// least one image of shape s per row, all finite.
func checkImages(fn, name string, x *mat.Dense, s Shape) error {
	if err := checkShape(fn, s); err != nil {
		return err
	}
	if err := checkMatrix(fn, name, x); err != nil {
		return err
	}
	if _, c := x.Dims(); c != s.Size() {
		return errorf(fn, "%s has %d columns, want %d for Shape %v", name, c, s.Size(), s)
	}
	return nil
}

// checkMatrix checks that x is not nil or empty and holds only finite
// values.
func checkMatrix(fn, name string, x *mat.Dense) error {
	if x == nil {
		return errorf(fn, "%s is nil", name)
	}
	if x.IsEmpty() {
		return errorf(fn, "%s is empty", name)
	}
	r, c := x.Dims()
	for i := range r {
		for j, v := range x.RawRowView(i)[:c] {
			if bad := notFinite(v); bad != "" {
				return errorf(fn, "%s[%d, %d] is %s", name, i, j, bad)
			}
		}
	}
	return nil
}

// checkValues checks that v is not empty and holds only finite values.
func checkValues(fn, name string, v []float64) error {
	if len(v) == 0 {
		return errorf(fn, "%s is empty", name)
	}
	return checkFinite(fn, name, v)
}

// checkFinite checks that v holds only finite values.
func checkFinite(fn, name string, v []float64) error {
	for i, x := range v {
		if bad := notFinite(x); bad != "" {
			return errorf(fn, "%s[%d] is %s", name, i, bad)
		}
	}
	return nil
}

// checkPositive checks that v holds only values above 0, which why needs.
func checkPositive(fn, name string, v []float64, why string) error {
	for i, x := range v {
		if x <= 0 {
			return errorf(fn, "%s[%d] is %g, but %s needs values above 0", name, i, x, why)
		}
	}
	return nil
}

// checkLen checks that a slice called name has length n, the length of
// the slice called other.
func checkLen(fn, name string, got int, other string, n int) error {
	if got != n {
		return errorf(fn, "%s has %d values, %s has %d", name, got, other, n)
	}
	return nil
}

// columns returns how many images a row of a figure shows: cols, or
// defaultCols when cols is 0, and at most n, the images there are.
func columns(fn string, cols, n int) (int, error) {
	if cols < 0 {
		return 0, errorf(fn, "Cols is %d, want 0 (for %d) or more", cols, defaultCols)
	}
	if cols == 0 {
		cols = defaultCols
	}
	return min(cols, n), nil
}

// defaultCols is how many images a row of a figure shows when Cols is 0.
const defaultCols = 10

// notFinite returns "NaN", "+Inf" or "-Inf" for such values, and "" for
// finite ones.
func notFinite(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return ""
}
