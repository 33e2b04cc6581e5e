package plots

import (
	"image"

	"gonum.org/v1/plot/vg/draw"
)

// tileGrid is a figure of n equally sized tiles, cols to a row, each with
// an optional caption below it, under an optional title and note. Grid,
// Filters and Codes are tile grids.
type tileGrid struct {
	n, height, width, cols int
	captions               []string // nil, or one per tile
	title, note            string

	// paint paints tile i into dst with its top-left corner at (x0, y0),
	// each data pixel as an s×s square.
	paint func(dst *image.RGBA, i, x0, y0, s int)

	// framed draws a thin grey frame around each tile, for tiles whose
	// edges would not show against the white page.
	framed bool
}

// layout lays the grid out; fn names the figure in errors.
func (g tileGrid) layout(fn string) (sheetPlan, error) {
	cols := min(g.cols, g.n)
	rows := (g.n + cols - 1) / cols
	s := min(pixelScale(tileBudget, cols*(g.width+2)), pixelScale(tileBudget, rows*(g.height+2)))
	// Tiles of a few pixels (3×3 filters, 4×4 feature maps) may grow
	// past maxScale, to about smallTile device pixels a side.
	if big := smallTile / max(g.width, g.height); big > maxScale {
		fit := min(tileBudget/(cols*(g.width+2)), tileBudget/(rows*(g.height+2)))
		s = max(s, min(big, fit))
	}
	tw, th := g.width*s, g.height*s
	gap := tileGap(s)

	capSty := textStyle(captionSize, draw.XCenter, draw.YTop)
	cellW, capH := tw, 0
	if g.captions != nil {
		capH = textHeight(capSty) + 2
		for _, c := range g.captions {
			cellW = max(cellW, textWidth(capSty, c)+4)
		}
	}
	gridW := cols*(cellW+gap) - gap
	gridH := rows*(th+capH+gap) - gap
	if gridW > maxSide || gridH > maxSide {
		return sheetPlan{}, errorf(fn, "%d tiles of %d×%d pixels, %d to a row, need a %d×%d-pixel picture, more than %d: pass fewer images or more Cols",
			g.n, g.height, g.width, cols, gridW+2*margin, gridH+2*margin, maxSide)
	}

	head := newHeading(g.title, g.note)
	w := max(gridW, head.width) + 2*margin
	h := margin + head.height + gridH + margin
	left, top := (w-gridW)/2, margin+head.height

	img := newRaster(gridW, gridH, white)
	for i := range g.n {
		r, c := i/cols, i%cols
		x0 := c*(cellW+gap) + (cellW-tw)/2
		y0 := r * (th + capH + gap)
		g.paint(img, i, x0, y0, s)
		if g.framed {
			frame(img, x0, y0, tw, th, lightGrey)
		}
	}
	return sheetPlan{w, h, func(c draw.Canvas) {
		sh := sheet{c}
		head.draw(sh, w/2, margin)
		sh.image(img, left, top)
		for i, txt := range g.captions {
			r, c := i/cols, i%cols
			x := left + c*(cellW+gap) + cellW/2
			y := top + r*(th+capH+gap) + th + 2
			sh.text(capSty, float64(x), float64(y), txt)
		}
	}}, nil
}
