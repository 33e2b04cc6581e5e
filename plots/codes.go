package plots

import (
	"image"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Codes draws latent codes, one per row of Codes, each as a strip of
// cells, one cell per number: what an encoder makes of each image. The
// colour of a cell is its value on one diverging scale for all the codes
// shown: blue negative, grey zero, red positive, the deepest colours at
// the largest absolute value. Nothing in a code looks like the image it
// came from, yet a decoder rebuilds the image from it.
type Codes struct {
	// Codes holds one code per row.
	Codes *mat.Dense

	// Cols is the number of codes in each row of the figure; 0 means 10.
	Cols int

	// Captions is nil or holds one short text per code, written under it.
	Captions []string

	// Title, if not empty, goes on top.
	Title string
}

// Save draws the codes and writes them to path (see Figure).
func (c Codes) Save(path string) error { return saveFigure("Codes", path, c) }

// codeRows is the height of a code's strip, in cells.
const codeRows = 3

func (c Codes) layout() (sheetPlan, error) {
	const fn = "Codes"
	if err := checkMatrix(fn, "Codes", c.Codes); err != nil {
		return sheetPlan{}, err
	}
	n, k := c.Codes.Dims()
	cols, err := columns(fn, c.Cols, n)
	if err != nil {
		return sheetPlan{}, err
	}
	if c.Captions != nil && len(c.Captions) != n {
		return sheetPlan{}, errorf(fn, "Captions has %d strings, want one per row of Codes (%d)", len(c.Captions), n)
	}
	top := 0.0
	for i := range n {
		for _, v := range c.Codes.RawRowView(i) {
			top = math.Max(top, math.Abs(v))
		}
	}
	if top == 0 {
		top = 1
	}
	return tileGrid{
		n: n, height: codeRows, width: k, cols: cols,
		captions: c.Captions,
		title:    c.Title,
		note:     "blue: negative, grey: 0, red: positive, on one scale for all codes",
		framed:   true,
		paint: func(dst *image.RGBA, i, x0, y0, s int) {
			row := c.Codes.RawRowView(i)
			for r := range codeRows {
				paintTile(dst, x0, y0+r*s, row, 1, k, s, diverging, -top, top)
			}
		},
	}.layout(fn)
}
