package plots

import (
	"image"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/palette/moreland"
)

// diverging maps −1 to blue, 0 to light grey and +1 to red.
var diverging = lutOf(moreland.SmoothBlueRed(), -1, 1)

// Filters draws each row of weights as a height×width tile, cols tiles to
// a row of the grid: for instance the first-layer weights of an encoder,
// transposed so that each of its 128 units is a row of 784 weights. Each
// tile is scaled symmetrically around 0 by its own largest absolute
// weight, with a diverging palette: blue negative, grey zero, red
// positive.
func Filters(path string, weights *mat.Dense, height, width, cols int, title string) error {
	const fn = "Filters"
	if _, err := formatOf(fn, path); err != nil {
		return err
	}
	if err := checkImages(fn, "weights", weights, height, width); err != nil {
		return err
	}
	if cols <= 0 {
		return errorf(fn, "cols is %d, want at least 1", cols)
	}
	n, _ := weights.Dims()
	return tileGrid{
		n: n, height: height, width: width, cols: cols,
		title:  title,
		note:   "blue: negative, red: positive weight; each filter scaled by its own largest |weight|",
		framed: true,
		paint: func(dst *image.RGBA, i, x0, y0, s int) {
			row := weights.RawRowView(i)
			m := 0.0
			for _, v := range row {
				m = math.Max(m, math.Abs(v))
			}
			if m == 0 {
				m = 1
			}
			paintTile(dst, x0, y0, row, height, width, s, diverging, -m, m)
		},
	}.save(fn, path)
}
