// Package shape defines Shape, the size of one image as aekit stores it.
//
// aekit keeps images in the rows of a *mat.Dense, one image per row. A row
// does not know how its values make a picture; a Shape says so. The
// packages that need it give it their own name, all the same type:
// datasets.Shape (every Set carries one) and plots.Shape (every picture of
// images takes one).
package shape

import (
	"fmt"
	"math"
)

// Shape is the size of one image: C channels of H rows of W pixels. A row
// of a matrix holds the C·H·W values of one image channel by channel, each
// channel row by row (channels first, as PyTorch stores images): pixel
// (y, x) of channel c is column c·H·W + y·W + x.
//
// A grey image, such as an MNIST digit, has one channel: Shape{C: 1, H: 28,
// W: 28}. A colour image has three (red, green, blue), and the feature maps
// of a convolutional layer have one channel per filter.
type Shape struct {
	C int // channels: 1 for grey, 3 for red, green and blue
	H int // height in pixels
	W int // width in pixels
}

// Size returns C·H·W, the number of values of one image: the number of
// columns of a matrix holding one image per row.
func (s Shape) Size() int { return s.C * s.H * s.W }

// String returns the shape as "28×28" for one channel and "3×32×32"
// (channels, height, width) for more.
func (s Shape) String() string {
	if s.C == 1 {
		return fmt.Sprintf("%d×%d", s.H, s.W)
	}
	return fmt.Sprintf("%d×%d×%d", s.C, s.H, s.W)
}

// MaxSide bounds each of C, H and W, so that a shape read from a file or
// typed by mistake cannot ask for an absurd picture or allocation.
const MaxSide = 1 << 16

// Check reports whether s is a usable shape: C, H and W at least 1 and at
// most MaxSide, and C·H·W within an int32. The error names the field that
// is wrong, without a package prefix: callers add theirs.
func Check(s Shape) error {
	for _, f := range []struct {
		name string
		v    int
	}{{"C", s.C}, {"H", s.H}, {"W", s.W}} {
		if f.v < 1 {
			hint := ""
			if f.name == "C" && f.v == 0 {
				hint = " (C: 1 for grey images)"
			}
			return fmt.Errorf("%s has %s = %d, want at least 1%s", literal(s), f.name, f.v, hint)
		}
		if f.v > MaxSide {
			return fmt.Errorf("%s has %s = %d, want at most %d", literal(s), f.name, f.v, MaxSide)
		}
	}
	if int64(s.C)*int64(s.H)*int64(s.W) > math.MaxInt32 {
		return fmt.Errorf("%s has %d values per image, more than %d", literal(s), int64(s.C)*int64(s.H)*int64(s.W), math.MaxInt32)
	}
	return nil
}

// literal returns s as Go writes it, for messages about a shape that may
// be invalid: "Shape{C: 0, H: 28, W: 28}".
func literal(s Shape) string {
	return fmt.Sprintf("Shape{C: %d, H: %d, W: %d}", s.C, s.H, s.W)
}
