package plots

import (
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg/draw"
)

// Reconstructions draws the first n rows of originals above the first n
// rows of reconstructions, as two labelled rows of height×width images:
// the picture of the Keras autoencoder blog. Both matrices hold one image
// per row with values in [0, 1].
func Reconstructions(path string, originals, reconstructions *mat.Dense, height, width, n int, title string) error {
	return labelledRows("Reconstructions", path, []namedImages{
		{"originals", "original", originals},
		{"reconstructions", "reconstruction", reconstructions},
	}, height, width, n, title)
}

// Denoising draws the first n rows of noisy, denoised and clean as three
// labelled rows of height×width images, top to bottom: what the denoising
// autoencoder was given, what it made of it, and what it should have made.
func Denoising(path string, noisy, denoised, clean *mat.Dense, height, width, n int, title string) error {
	return labelledRows("Denoising", path, []namedImages{
		{"noisy", "noisy", noisy},
		{"denoised", "denoised", denoised},
		{"clean", "clean", clean},
	}, height, width, n, title)
}

// namedImages is one row of a labelledRows figure: the argument it came
// from, the label it gets and the images.
type namedImages struct {
	arg, label string
	x          *mat.Dense
}

// labelledRows draws the first n images of each matrix in a row of its
// own, with the row's label to its left.
func labelledRows(fn, path string, rows []namedImages, height, width, n int, title string) error {
	if _, err := formatOf(fn, path); err != nil {
		return err
	}
	for _, r := range rows {
		if err := checkImages(fn, r.arg, r.x, height, width); err != nil {
			return err
		}
		if err := checkCount(fn, n, r.arg, r.x); err != nil {
			return err
		}
	}

	labelSty := textStyle(labelSize, draw.XRight, draw.YCenter)
	labelW := 0
	for _, r := range rows {
		labelW = max(labelW, textWidth(labelSty, r.label))
	}
	labelW += 16
	s := pixelScale(tileBudget-labelW, n*(width+2))
	tw, th := width*s, height*s
	gap := tileGap(s)
	gridW := n*(tw+gap) - gap
	gridH := len(rows)*(th+gap) - gap
	if labelW+gridW > maxSide {
		return errorf(fn, "n is %d: %d images of width %d need a picture wider than %d pixels; pass a smaller n", n, n, width, maxSide)
	}

	head := newHeading(title, "")
	w := max(labelW+gridW, head.width) + 2*margin
	h := margin + head.height + gridH + margin
	left := (w - labelW - gridW) / 2
	top := margin + head.height

	img := newRaster(gridW, gridH, white)
	for k, r := range rows {
		for i := range n {
			paintTile(img, i*(tw+gap), k*(th+gap), r.x.RawRowView(i), height, width, s, greys, 0, 1)
		}
	}
	return save(fn, path, w, h, func(c draw.Canvas) {
		sh := sheet{c}
		// Centre the title over the images if it fits there.
		head.draw(sh, min(left+labelW+gridW/2, w-margin-head.width/2), margin)
		sh.image(img, left+labelW, top)
		for k, r := range rows {
			sh.text(labelSty, float64(left+labelW-12), float64(top+k*(th+gap)+th/2), r.label)
		}
	})
}
