package plots

import (
	"fmt"
	"image"
	"image/color"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Retrieval draws the result of a search by similarity: one row per
// query, the query first, in a column of its own set apart by a line and
// framed in blue, then the images found for it, nearest first. When
// Correct is given, each match is framed in green when it is right (it
// has the query's label, say) and in red when it is not.
type Retrieval struct {
	// Queries holds one query image per row.
	Queries *mat.Dense

	// Matches holds the images found, PerQuery rows per query, in the
	// order of Queries: rows 0 to PerQuery-1 belong to query 0, the next
	// PerQuery to query 1, and so on, nearest first.
	Matches *mat.Dense

	// PerQuery is how many rows of Matches belong to each query; 0 means
	// the rows of Matches divided by the rows of Queries.
	PerQuery int

	// Correct is nil, or holds one value per row of Matches: true for a
	// right match (green frame), false for a wrong one (red frame).
	Correct []bool

	// Names is nil, or holds one short text per query, written at the
	// left of its row: its label, say.
	Names []string

	// Shape is the size of one image: the data set's Shape.
	Shape Shape

	// Title, if not empty, goes on top.
	Title string
}

// Save draws the search and writes it to path (see Figure).
func (r Retrieval) Save(path string) error { return saveFigure("Retrieval", path, r) }

// Frame colours of Retrieval.
var (
	queryBlue  = tab10[0]
	rightGreen = tab10[2]
	wrongRed   = tab10[3]
)

func (r Retrieval) layout() (sheetPlan, error) {
	const fn = "Retrieval"
	if err := checkImages(fn, "Queries", r.Queries, r.Shape); err != nil {
		return sheetPlan{}, err
	}
	if err := checkImages(fn, "Matches", r.Matches, r.Shape); err != nil {
		return sheetPlan{}, err
	}
	nq, _ := r.Queries.Dims()
	nm, _ := r.Matches.Dims()
	per := r.PerQuery
	switch {
	case per < 0:
		return sheetPlan{}, errorf(fn, "PerQuery is %d, want 0 (for Matches rows / Queries rows) or more", per)
	case per == 0 && nm%nq != 0:
		return sheetPlan{}, errorf(fn, "Matches has %d rows for %d queries: not the same number per query; set PerQuery", nm, nq)
	case per == 0:
		per = nm / nq
	case per*nq != nm:
		return sheetPlan{}, errorf(fn, "Matches has %d rows, want PerQuery × queries = %d × %d = %d", nm, per, nq, per*nq)
	}
	if r.Correct != nil && len(r.Correct) != nm {
		return sheetPlan{}, errorf(fn, "Correct has %d values, want one per row of Matches (%d)", len(r.Correct), nm)
	}
	if r.Names != nil && len(r.Names) != nq {
		return sheetPlan{}, errorf(fn, "Names has %d strings, want one per row of Queries (%d)", len(r.Names), nq)
	}

	height, width := r.Shape.H, r.Shape.W
	labelSty := textStyle(labelSize, draw.XRight, draw.YCenter)
	labelW := 0
	for _, name := range r.Names {
		labelW = max(labelW, textWidth(labelSty, name))
	}
	if labelW > 0 {
		labelW += 16
	}
	s := pixelScale(tileBudget-labelW, (per+2)*(width+2))
	tw, th := width*s, height*s
	gap := tileGap(s) + 4 // room for the frames
	split := 3 * gap      // between the query and its matches
	const thick = 3       // of the frames, which sit outside the tiles
	gridW := (per+1)*(tw+gap) - gap + split + 2*thick
	colSty := textStyle(captionSize, draw.XLeft, draw.YBottom)
	colH := textHeight(colSty) + 6
	gridH := nq*(th+gap) - gap + 2*thick
	if labelW+gridW > maxSide || colH+gridH > maxSide {
		return sheetPlan{}, errorf(fn, "%d queries of %d matches of %v need a picture larger than %d pixels; pass fewer Queries or a smaller PerQuery", nq, per, r.Shape, maxSide)
	}

	head := newHeading(r.Title, r.note())
	w := max(labelW+gridW, head.width) + 2*margin
	h := margin + head.height + colH + gridH + margin
	left := (w - labelW - gridW) / 2
	top := margin + head.height + colH

	img := newRaster(gridW, gridH, white)
	for q := 0; q < nq; q++ {
		y0 := thick + q*(th+gap)
		paintImage(img, thick, y0, r.Queries.RawRowView(q), r.Shape, s)
		thickFrame(img, thick, y0, tw, th, thick, queryBlue)
		for k := 0; k < per; k++ {
			m := q*per + k
			x0 := thick + (k+1)*(tw+gap) + split
			paintImage(img, x0, y0, r.Matches.RawRowView(m), r.Shape, s)
			if r.Correct != nil {
				col := wrongRed
				if r.Correct[m] {
					col = rightGreen
				}
				thickFrame(img, x0, y0, tw, th, thick, col)
			}
		}
	}
	lineX := thick + tw + gap + split/2 - gap/2
	return sheetPlan{w, h, func(c draw.Canvas) {
		sh := sheet{c}
		head.draw(sh, min(left+labelW+gridW/2, w-margin-head.width/2), margin)
		sh.image(img, left+labelW, top)
		sh.text(colSty, float64(left+labelW+thick), float64(top-6), "query")
		sh.text(colSty, float64(left+labelW+thick+tw+gap+split), float64(top-6), fmt.Sprintf("its %d nearest, nearest first", per))
		sep := draw.LineStyle{Color: darkGrey, Width: vg.Points(1.5)}
		sh.line(sep, float64(left+labelW+lineX), float64(top-colH), float64(left+labelW+lineX), float64(top+gridH))
		for q, name := range r.Names {
			sh.text(labelSty, float64(left+labelW-12), float64(top+thick+q*(th+gap)+th/2), name)
		}
	}}, nil
}

// note explains the frames.
func (r Retrieval) note() string {
	if r.Correct == nil {
		return ""
	}
	return "green frame: a right match; red frame: a wrong one"
}

// thickFrame draws a frame t device pixels thick just outside the w×h
// area whose top-left corner is (x0, y0), clipped to dst.
func thickFrame(dst *image.RGBA, x0, y0, w, h, t int, col color.RGBA) {
	for k := 1; k <= t; k++ {
		for x := x0 - k; x < x0+w+k; x++ {
			dst.SetRGBA(x, y0-k, col)
			dst.SetRGBA(x, y0+h+k-1, col)
		}
		for y := y0 - k; y < y0+h+k; y++ {
			dst.SetRGBA(x0-k, y, col)
			dst.SetRGBA(x0+w+k-1, y, col)
		}
	}
}
