package plots

import (
	"cmp"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Height of a chart (a single gonum plot), in device pixels: 4.4 inches.
const (
	chartH = 660
	// chartPad is the white space around a chart.
	chartPad = 18
)

// keyedW is the width of a chart with a key beside it, in device pixels:
// 8 inches.
const keyedW = 1200

// minChartW is the narrowest, in device pixels, that keyedPlan lets a
// chart beside its key be.
const minChartW = 720

// keyedPlan lays p out on a chart-sized figure with key in a strip to
// its right.
//
// A wide key or a long title widens the figure rather than squeezing the
// chart: the chart keeps at least minChartW pixels, and its title fits.
func keyedPlan(p *plot.Plot, key *sideKey) sheetPlan {
	chartW := keyedW - 2*chartPad - topx(key.width())
	need := float64(minChartW)
	for _, line := range plot.DefaultTextHandler.Lines(p.Title.Text) {
		need = max(need, topx(p.Title.TextStyle.Width(line)))
	}
	w := keyedW + int(math.Ceil(max(0, need-chartW)))
	return sheetPlan{w, chartH, func(c draw.Canvas) {
		plotC, keyC := key.split(pad(c, chartPad))
		p.Draw(plotC)
		key.draw(keyC, p.DataCanvas(plotC))
	}}
}

// pad returns c less n device pixels on every side.
func pad(c draw.Canvas, n float64) draw.Canvas {
	return draw.Crop(c, px(n), -px(n), px(n), -px(n))
}

// series is a line of one colour through some points, solid or dashed,
// with or without a glyph at each point.
type series struct {
	xys    plotter.XYs
	color  color.RGBA
	dashed bool
	glyph  draw.GlyphDrawer // nil for none
	radius vg.Length        // of the glyphs
}

// add adds the series to p and returns the thumbnails of its legend entry.
func (s series) add(p *plot.Plot) []plot.Thumbnailer {
	line := &plotter.Line{XYs: s.xys, LineStyle: draw.LineStyle{Color: s.color, Width: vg.Points(2.5)}}
	if s.dashed {
		line.LineStyle.Dashes = []vg.Length{vg.Points(9), vg.Points(5)}
	}
	p.Add(line)
	if s.glyph == nil {
		return []plot.Thumbnailer{line}
	}
	dots := &plotter.Scatter{XYs: s.xys, GlyphStyle: draw.GlyphStyle{Color: s.color, Radius: s.radius, Shape: s.glyph}}
	p.Add(dots)
	return []plot.Thumbnailer{line, dots}
}

// byValue returns the indices of values in increasing order of value,
// equal values in their original order.
func byValue(values []float64) []int {
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(values[a], values[b]) })
	return order
}

// gridLines returns faint grid lines at the major ticks.
func gridLines() *plotter.Grid {
	g := plotter.NewGrid()
	sty := draw.LineStyle{Color: color.RGBA{R: 225, G: 225, B: 225, A: 255}, Width: vg.Points(1)}
	g.Vertical, g.Horizontal = sty, sty
	return g
}
