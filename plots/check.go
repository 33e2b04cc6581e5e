package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// errorf returns an error prefixed with "plots: " and the function name.
func errorf(fn, format string, args ...any) error {
	return fmt.Errorf("plots: "+fn+": "+format, args...)
}

// checkSize checks an image height and width.
func checkSize(fn string, height, width int) error {
	if height <= 0 || width <= 0 {
		return errorf(fn, "height×width is %d×%d, want positive sizes", height, width)
	}
	return nil
}

// checkImages checks that x holds at least one image of height×width
// pixels per row, all finite.
func checkImages(fn, name string, x *mat.Dense, height, width int) error {
	if err := checkSize(fn, height, width); err != nil {
		return err
	}
	if err := checkMatrix(fn, name, x); err != nil {
		return err
	}
	if _, c := x.Dims(); c != height*width {
		return errorf(fn, "%s has %d columns, want %d×%d = %d", name, c, height, width, height*width)
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

// checkCount checks that n, the number of images to show, is between 1
// and the rows of x.
func checkCount(fn string, n int, name string, x *mat.Dense) error {
	rows, _ := x.Dims()
	if n <= 0 {
		return errorf(fn, "n is %d, want at least 1", n)
	}
	if n > rows {
		return errorf(fn, "n is %d, but %s has only %d rows", n, name, rows)
	}
	return nil
}

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
