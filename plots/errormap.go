package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// heat maps an error from 0 (black) through red and yellow to white.
var heat = lutOf(moreland.BlackBody(), 0, 1)

// ErrorMap shows where one reconstruction went wrong: three panels side by
// side, the original image, its reconstruction and the per-pixel absolute
// difference as a heat map from black (no error) to white (the largest
// difference), with a colour bar. The mean squared error per value is
// written under the title. For colour images the difference of a pixel is
// the mean of its three channels' differences.
type ErrorMap struct {
	// Originals and Reconstructions hold images row for row, values in
	// [0, 1]; the figure shows row Row of each.
	Originals, Reconstructions *mat.Dense

	// Row is the image to show; 0 is the first.
	Row int

	// Shape is the size of one image: the data set's Shape.
	Shape Shape

	// Title, if not empty, goes on top.
	Title string
}

// Save draws the error map and writes it to path (see Figure).
func (e ErrorMap) Save(path string) error { return saveFigure("ErrorMap", path, e) }

func (e ErrorMap) layout() (sheetPlan, error) {
	const fn = "ErrorMap"
	if err := checkImages(fn, "Originals", e.Originals, e.Shape); err != nil {
		return sheetPlan{}, err
	}
	if err := checkImages(fn, "Reconstructions", e.Reconstructions, e.Shape); err != nil {
		return sheetPlan{}, err
	}
	r1, _ := e.Originals.Dims()
	r2, _ := e.Reconstructions.Dims()
	if e.Row < 0 || e.Row >= min(r1, r2) {
		return sheetPlan{}, errorf(fn, "Row is %d, want 0 to %d (Originals has %d rows, Reconstructions %d)", e.Row, min(r1, r2)-1, r1, r2)
	}
	original, reconstruction := e.Originals.RawRowView(e.Row), e.Reconstructions.RawRowView(e.Row)
	height, width, plane := e.Shape.H, e.Shape.W, e.Shape.H*e.Shape.W

	diff := make([]float64, plane)
	var top, sq float64
	for i, o := range original {
		d := o - reconstruction[i]
		diff[i%plane] += math.Abs(d) / float64(e.Shape.C)
		sq += d * d
	}
	for _, d := range diff {
		top = math.Max(top, d)
	}
	scaleTop := top
	if scaleTop == 0 {
		scaleTop = 1
	}

	// Three panels in cells wide enough for their captions, then the
	// colour bar and its tick labels.
	// Each panel is about 260 pixels across, however small the image;
	// the colour bar is at least 160 pixels high, for its labels.
	s := max(1, 260/max(width, height))
	pw, ph := width*s, height*s
	barH := max(ph, 160)
	names := []string{"original", "reconstruction", "|difference|"}
	capSty := textStyle(labelSize, draw.XCenter, draw.YTop)
	capH := textHeight(capSty) + 8
	cell := pw
	for _, name := range names {
		cell = max(cell, textWidth(capSty, name)+8)
	}
	const gap, barGap, barW = 40, 20, 24
	tickSty := textStyle(tickSize, draw.XLeft, draw.YCenter)
	ticks := linearTicks{}.Ticks(0, scaleTop)
	labelW := 0
	for _, t := range ticks {
		labelW = max(labelW, textWidth(tickSty, t.Label))
	}
	barX := 3*cell + 2*gap - (cell-pw)/2 + barGap // from the left of the raster
	rasterW := barX + barW
	rowW := rasterW + 10 + labelW

	note := fmt.Sprintf("mean squared error per pixel %.4g, largest difference %.3g", sq/float64(len(original)), top)
	head := newHeading(e.Title, note)
	w := max(rowW, head.width) + 2*margin
	h := margin + head.height + capH + barH + margin
	left := (w - rowW) / 2
	top0 := margin + head.height + capH

	img := newRaster(rasterW, barH, white)
	panel := func(k int) int { return k*(cell+gap) + (cell-pw)/2 }
	paintImage(img, panel(0), 0, original, e.Shape, s)
	paintImage(img, panel(1), 0, reconstruction, e.Shape, s)
	paintTile(img, panel(2), 0, diff, height, width, s, heat, 0, scaleTop)
	for y := range barH {
		col := heat.at(float64(barH-1-y)/float64(barH-1), 0, 1)
		for x := barX; x < barX+barW; x++ {
			img.SetRGBA(x, y, col)
		}
	}
	return sheetPlan{w, h, func(c draw.Canvas) {
		sh := sheet{c}
		head.draw(sh, w/2, margin)
		sh.image(img, left, top0)
		for k, name := range names {
			sh.text(capSty, float64(left+panel(k)+pw/2), float64(top0-capH), name)
		}
		tick := draw.LineStyle{Color: black, Width: vg.Points(1)}
		bx := float64(left + barX + barW)
		for _, t := range ticks {
			if t.Label == "" {
				continue
			}
			y := float64(top0) + float64(barH)*(1-t.Value/scaleTop)
			sh.line(tick, bx, y, bx+6, y)
			sh.text(tickSty, bx+10, y, t.Label)
		}
	}}, nil
}
