package plots

import (
	"image"

	"gonum.org/v1/gonum/mat"
)

// Grid draws images in a grid, Cols to a row, each with an optional caption
// under it: samples of a data set, the highest anomaly scores, decoded
// codes.
type Grid struct {
	// Images holds one image per row, values from 0 (black) to 1 (white);
	// values outside are clamped.
	Images *mat.Dense

	// Shape is the size of one image: the data set's Shape.
	Shape Shape

	// Cols is the number of images in each row of the grid; 0 means 10.
	Cols int

	// Captions is nil or holds one short text per image, written under
	// it: a label, an index, a score.
	Captions []string

	// Stretch draws each image from its own smallest value (black) to
	// its largest (white), instead of from 0 to 1: for images whose
	// values are not pixels, such as a layer's feature maps.
	Stretch bool

	// Title, if not empty, goes on top.
	Title string
}

// Save draws the grid and writes it to path (see Figure).
func (g Grid) Save(path string) error { return saveFigure("Grid", path, g) }

func (g Grid) layout() (sheetPlan, error) {
	const fn = "Grid"
	if err := checkImages(fn, "Images", g.Images, g.Shape); err != nil {
		return sheetPlan{}, err
	}
	n, _ := g.Images.Dims()
	cols, err := columns(fn, g.Cols, n)
	if err != nil {
		return sheetPlan{}, err
	}
	if g.Captions != nil && len(g.Captions) != n {
		return sheetPlan{}, errorf(fn, "Captions has %d strings, want one per row of Images (%d)", len(g.Captions), n)
	}
	return tileGrid{
		n: n, height: g.Shape.H, width: g.Shape.W, cols: cols,
		captions: g.Captions,
		title:    g.Title,
		paint: func(dst *image.RGBA, i, x0, y0, s int) {
			row := g.Images.RawRowView(i)
			if g.Stretch {
				row = stretched(row)
			}
			paintImage(dst, x0, y0, row, g.Shape, s)
		},
	}.layout(fn)
}

// stretched returns v scaled so that its smallest value is 0 and its
// largest 1; a constant v gives all 0.5.
func stretched(v []float64) []float64 {
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = 0.5
		if hi > lo {
			out[i] = (x - lo) / (hi - lo)
		}
	}
	return out
}
