package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// heat maps an error from 0 (black) through red and yellow to white.
var heat = lutOf(moreland.BlackBody(), 0, 1)

// ErrorMap shows where one reconstruction went wrong: three panels side
// by side, the original image, its reconstruction and the per-pixel
// absolute difference as a heat map from black (no error) to white (the
// largest difference), with a colour bar. original and reconstruction
// hold a height×width image each, row by row, with values in [0, 1]. The
// mean squared error per pixel is written under the title.
func ErrorMap(path string, original, reconstruction []float64, height, width int, title string) error {
	const fn = "ErrorMap"
	if _, err := formatOf(fn, path); err != nil {
		return err
	}
	if err := checkSize(fn, height, width); err != nil {
		return err
	}
	for _, s := range []struct {
		arg string
		v   []float64
	}{{"original", original}, {"reconstruction", reconstruction}} {
		if err := checkValues(fn, s.arg, s.v); err != nil {
			return err
		}
		if len(s.v) != height*width {
			return errorf(fn, "%s has %d values, want %d×%d = %d", s.arg, len(s.v), height, width, height*width)
		}
	}

	diff := make([]float64, len(original))
	var top, sq float64
	for i := range diff {
		d := original[i] - reconstruction[i]
		diff[i] = math.Abs(d)
		top = math.Max(top, diff[i])
		sq += d * d
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

	note := fmt.Sprintf("mean squared error per pixel %.4g, largest difference %.3g", sq/float64(len(diff)), top)
	head := newHeading(title, note)
	w := max(rowW, head.width) + 2*margin
	h := margin + head.height + capH + barH + margin
	left := (w - rowW) / 2
	top0 := margin + head.height + capH

	img := newRaster(rasterW, barH, white)
	panel := func(k int) int { return k*(cell+gap) + (cell-pw)/2 }
	paintTile(img, panel(0), 0, original, height, width, s, greys, 0, 1)
	paintTile(img, panel(1), 0, reconstruction, height, width, s, greys, 0, 1)
	paintTile(img, panel(2), 0, diff, height, width, s, heat, 0, scaleTop)
	for y := range barH {
		col := heat.at(float64(barH-1-y)/float64(barH-1), 0, 1)
		for x := barX; x < barX+barW; x++ {
			img.SetRGBA(x, y, col)
		}
	}
	return save(fn, path, w, h, func(c draw.Canvas) {
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
	})
}
