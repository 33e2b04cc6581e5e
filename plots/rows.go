package plots

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg/draw"
)

// Rows draws rows of images one above the other, each row named at its
// left: originals over reconstructions (the picture of the Keras
// autoencoder blog), noisy over denoised over clean, or the same digits
// rebuilt by several models. Each row shows the first Cols images of its
// matrix, so that the images of a column belong together.
type Rows struct {
	// Rows holds the rows, top to bottom.
	Rows []Row

	// Shape is the size of one image: the data set's Shape.
	Shape Shape

	// Cols is the number of images in each row; every row must hold at
	// least that many. 0 means 10, or all the shortest row holds if
	// that is fewer.
	Cols int

	// Title, if not empty, goes on top.
	Title string
}

// Row is one row of a Rows figure: a name and the images, one per row of
// Images, of which the first Cols are drawn.
type Row struct {
	Name   string
	Images *mat.Dense
}

// Save draws the rows and writes them to path (see Figure).
func (r Rows) Save(path string) error { return saveFigure("Rows", path, r) }

func (r Rows) layout() (sheetPlan, error) {
	const fn = "Rows"
	if len(r.Rows) == 0 {
		return sheetPlan{}, errorf(fn, "Rows is empty, want at least one Row")
	}
	if err := checkShape(fn, r.Shape); err != nil {
		return sheetPlan{}, err
	}
	fewest := -1
	for k, row := range r.Rows {
		arg := fmt.Sprintf("Rows[%d].Images", k)
		if row.Name != "" {
			arg = fmt.Sprintf("Rows[%d].Images (%s)", k, row.Name)
		}
		if err := checkImages(fn, arg, row.Images, r.Shape); err != nil {
			return sheetPlan{}, err
		}
		if n, _ := row.Images.Dims(); fewest < 0 || n < fewest {
			fewest = n
		}
	}
	n := r.Cols
	if n == 0 {
		n = min(defaultCols, fewest)
	}
	if n < 0 {
		return sheetPlan{}, errorf(fn, "Cols is %d, want 0 (for %d) or more", n, defaultCols)
	}
	for k, row := range r.Rows {
		if rows, _ := row.Images.Dims(); rows < n {
			return sheetPlan{}, errorf(fn, "Cols is %d, but Rows[%d].Images has only %d rows", n, k, rows)
		}
	}
	height, width := r.Shape.H, r.Shape.W

	labelSty := textStyle(labelSize, draw.XRight, draw.YCenter)
	labelW := 0
	for _, row := range r.Rows {
		labelW = max(labelW, textWidth(labelSty, row.Name))
	}
	labelW += 16
	s := pixelScale(tileBudget-labelW, n*(width+2))
	tw, th := width*s, height*s
	gap := tileGap(s)
	gridW := n*(tw+gap) - gap
	gridH := len(r.Rows)*(th+gap) - gap
	if labelW+gridW > maxSide || gridH > maxSide {
		return sheetPlan{}, errorf(fn, "%d rows of %d images of %v need a picture larger than %d pixels; pass a smaller Cols or fewer Rows", len(r.Rows), n, r.Shape, maxSide)
	}

	head := newHeading(r.Title, "")
	w := max(labelW+gridW, head.width) + 2*margin
	h := margin + head.height + gridH + margin
	left := (w - labelW - gridW) / 2
	top := margin + head.height

	img := newRaster(gridW, gridH, white)
	for k, row := range r.Rows {
		for i := range n {
			paintImage(img, i*(tw+gap), k*(th+gap), row.Images.RawRowView(i), r.Shape, s)
		}
	}
	return sheetPlan{w, h, func(c draw.Canvas) {
		sh := sheet{c}
		// Centre the title over the images if it fits there.
		head.draw(sh, min(left+labelW+gridW/2, w-margin-head.width/2), margin)
		sh.image(img, left+labelW, top)
		for k, row := range r.Rows {
			sh.text(labelSty, float64(left+labelW-12), float64(top+k*(th+gap)+th/2), row.Name)
		}
	}}, nil
}
