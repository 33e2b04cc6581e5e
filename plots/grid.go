package plots

import (
	"image"

	"gonum.org/v1/gonum/mat"
)

// Images draws the rows of x as a grid of height×width grey-scale images,
// cols images to a row of the grid (fewer if x has fewer rows). Pixel
// values run from 0 (black) to 1 (white); values outside are clamped.
//
// captions is nil or holds one short text per row of x, written under its
// image (a label, an index, a score); title, if not empty, goes on top.
// Use Images for samples of a data set, the top-k anomalies and decoded
// codes.
func Images(path string, x *mat.Dense, height, width, cols int, captions []string, title string) error {
	const fn = "Images"
	if _, err := formatOf(fn, path); err != nil {
		return err
	}
	if err := checkImages(fn, "x", x, height, width); err != nil {
		return err
	}
	n, _ := x.Dims()
	if cols <= 0 {
		return errorf(fn, "cols is %d, want at least 1", cols)
	}
	if captions != nil && len(captions) != n {
		return errorf(fn, "captions has %d strings, want one per row of x (%d)", len(captions), n)
	}
	return tileGrid{
		n: n, height: height, width: width, cols: cols,
		captions: captions,
		title:    title,
		paint: func(dst *image.RGBA, i, x0, y0, s int) {
			paintTile(dst, x0, y0, x.RawRowView(i), height, width, s, greys, 0, 1)
		},
	}.save(fn, path)
}
