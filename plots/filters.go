package plots

import (
	"image"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/palette/moreland"
)

// diverging maps −1 to blue, 0 to light grey and +1 to red.
var diverging = lutOf(moreland.SmoothBlueRed(), -1, 1)

// Filters draws weights as tiles, one tile per row of Weights: for
// instance what each unit of an encoder's first layer looks for (a row of
// 784 weights is a 28×28 picture), or what each code number of a linear
// decoder draws. Each tile is scaled symmetrically around 0 by its own
// largest absolute weight, with a diverging palette: blue negative, grey
// zero, red positive.
type Filters struct {
	// Weights holds one filter per row.
	Weights *mat.Dense

	// Shape is the size of one filter, which is that of the images the
	// layer reads: the data set's Shape. Filters of one channel only.
	Shape Shape

	// Cols is the number of filters in each row of the figure; 0 means 10.
	Cols int

	// Title, if not empty, goes on top.
	Title string
}

// Save draws the filters and writes them to path (see Figure).
func (f Filters) Save(path string) error { return saveFigure("Filters", path, f) }

func (f Filters) layout() (sheetPlan, error) {
	const fn = "Filters"
	if err := checkImages(fn, "Weights", f.Weights, f.Shape); err != nil {
		return sheetPlan{}, err
	}
	if f.Shape.C != 1 {
		return sheetPlan{}, errorf(fn, "Shape %v has %d channels; Filters draws filters of one channel: pass one channel's weights at a time", f.Shape, f.Shape.C)
	}
	n, _ := f.Weights.Dims()
	cols, err := columns(fn, f.Cols, n)
	if err != nil {
		return sheetPlan{}, err
	}
	height, width := f.Shape.H, f.Shape.W
	return tileGrid{
		n: n, height: height, width: width, cols: cols,
		title:  f.Title,
		note:   "blue: negative, red: positive weight; each filter scaled by its own largest |weight|",
		framed: true,
		paint: func(dst *image.RGBA, i, x0, y0, s int) {
			row := f.Weights.RawRowView(i)
			m := 0.0
			for _, v := range row {
				m = math.Max(m, math.Abs(v))
			}
			if m == 0 {
				m = 1
			}
			paintTile(dst, x0, y0, row, height, width, s, diverging, -m, m)
		},
	}.layout(fn)
}
