package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ErrorHistogram draws the distribution of reconstruction errors (Scores)
// as a histogram. If Marked is not nil, the marked samples (planted
// anomalies, say, or flagged ones) get a histogram of their own, in
// another colour, over the same bins, and the counts go on a log scale:
// a bin of one image stands as visible as a bin of a thousand, so that a
// few dozen anomalies remain visible beside thousands of normal samples
// and so do the few normal samples that score as high as they do; the
// legend gives the size of each group. Each threshold is drawn as a
// dashed vertical line, labelled with its value and the number of scores
// above it.
type ErrorHistogram struct {
	// Scores holds one reconstruction error per sample.
	Scores []float64

	// Marked is nil, or holds one value per score: true for the samples
	// of the marked group.
	Marked []bool

	// MarkedName names the marked group in the legend; "" means "marked".
	MarkedName string

	// Thresholds holds the thresholds to draw as lines; nil for none.
	Thresholds []float64

	// Title, if not empty, goes on top.
	Title string
}

// Save draws the histogram and writes it to path (see Figure).
func (e ErrorHistogram) Save(path string) error { return saveFigure("ErrorHistogram", path, e) }

func (e ErrorHistogram) layout() (sheetPlan, error) {
	const fn = "ErrorHistogram"
	scores, marked, markedName := e.Scores, e.Marked, e.MarkedName
	if err := checkValues(fn, "Scores", scores); err != nil {
		return sheetPlan{}, err
	}
	if marked != nil && len(marked) != len(scores) {
		return sheetPlan{}, errorf(fn, "Marked has %d values, Scores has %d; want one per score (or nil)", len(marked), len(scores))
	}
	if err := checkFinite(fn, "Thresholds", e.Thresholds); err != nil {
		return sheetPlan{}, err
	}

	// Shared bins over the range of all the scores.
	lo, hi := scores[0], scores[0]
	for _, s := range scores {
		lo, hi = math.Min(lo, s), math.Max(hi, s)
	}
	if math.IsInf(hi-lo, 0) {
		return sheetPlan{}, errorf(fn, "Scores run from %g to %g, too wide a range to bin", lo, hi)
	}
	if lo == hi {
		d := math.Max(math.Abs(lo)*0.05, 0.5)
		lo, hi = lo-d, hi+d
	}
	k := max(10, min(50, int(math.Ceil(math.Sqrt(float64(len(scores)))))))
	width := (hi - lo) / float64(k)
	var counts [2][]float64 // the rest, marked
	var sizes [2]int
	counts[0], counts[1] = make([]float64, k), make([]float64, k)
	for i, s := range scores {
		g := 0
		if marked != nil && marked[i] {
			g = 1
		}
		counts[g][min(k-1, int((s-lo)/width))]++
		sizes[g]++
	}

	two := sizes[1] > 0
	yLabel := fmt.Sprintf("count (of %d)", len(scores))
	if two {
		yLabel = "count (log scale)"
	}
	p := newPlot(e.Title, "reconstruction error", yLabel)
	if two {
		// The bars stand on a linear axis of log10(count), marked with
		// the counts: gonum's own log scale misplaces the axis label's
		// room when the range spans several decades.
		p.Y.Tick.Marker = log10Ticks{}
	}
	p.Add(gridLines())
	key := newSideKey("")
	if markedName == "" {
		markedName = "marked"
	}
	names := [2]string{"the rest", markedName}
	top := 0.0
	for g := range 2 {
		if sizes[g] == 0 {
			continue
		}
		h := &bars{
			fill: withAlpha(groupColors[g], 0.55),
			line: draw.LineStyle{Color: groupColors[g], Width: vg.Points(1.5)},
		}
		for b, n := range counts[g] {
			if n == 0 {
				continue // an empty bin has no bar
			}
			top = math.Max(top, n)
			if two {
				n = math.Log10(n)
			}
			h.bins = append(h.bins, plotter.HistogramBin{
				Min: lo + float64(b)*width, Max: lo + float64(b+1)*width, Weight: n})
		}
		p.Add(h)
		if two {
			key.add(fmt.Sprintf("%s (%d)", names[g], sizes[g]), h)
		}
	}
	p.Y.Min, p.Y.Max = 0, top*1.05
	if len(e.Thresholds) > 0 {
		p.Y.Max = top * 1.25 // Room for the lines' labels.
	}
	if two {
		// A bar of one count reaches from the axis at 0.5 to 1; the top
		// leaves as much room on the log scale as the linear one does.
		p.Y.Min, p.Y.Max = math.Log10(0.5), math.Log10(top*1.5)
		if len(e.Thresholds) > 0 {
			p.Y.Max = math.Log10(top * 4)
		}
	}
	for _, t := range e.Thresholds {
		above := 0
		for _, s := range scores {
			if s > t {
				above++
			}
		}
		p.Add(&vline{x: t, label: "threshold " + strconv.FormatFloat(t, 'g', 3, 64) +
			"\n" + strconv.Itoa(above) + " above"})
	}
	return keyedPlan(p, key), nil
}

// groupColors are the colours of the rest and of the marked samples.
var groupColors = [2]color.RGBA{tab10[0], tab10[3]}

// vline is a plotter drawing a dashed vertical line at x across the data
// area, with a label at its top, beside it on whichever side has room.
type vline struct {
	x     float64
	label string
}

// Plot implements plot.Plotter.
func (v *vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	c.StrokeLine2(draw.LineStyle{
		Color: black, Width: vg.Points(2.5),
		Dashes: []vg.Length{vg.Points(8), vg.Points(5)},
	}, x, c.Min.Y, x, c.Max.Y)
	sty := textStyle(tickSize, draw.XLeft, draw.YTop)
	at := x + px(8)
	if x+px(8)+sty.Width(v.label) > c.Max.X {
		sty.XAlign = draw.XRight
		at = x - px(8)
	}
	c.FillText(sty, vg.Point{X: at, Y: c.Max.Y}, v.label)
}

// DataRange implements plot.DataRanger: the x axis reaches the line.
func (v *vline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return v.x, v.x, math.Inf(1), math.Inf(-1)
}

// bars is a histogram's bars, drawn up from the bottom of the data area,
// so that they work on a log scale too (gonum's Histogram draws from 0).
type bars struct {
	bins []plotter.HistogramBin
	fill color.Color
	line draw.LineStyle
}

// Plot implements plot.Plotter.
func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	base := c.Min.Y
	for _, bin := range b.bins {
		x0, x1, y := trX(bin.Min), trX(bin.Max), trY(bin.Weight)
		pts := []vg.Point{{X: x0, Y: base}, {X: x0, Y: y}, {X: x1, Y: y}, {X: x1, Y: base}}
		c.FillPolygon(b.fill, c.ClipPolygonXY(pts))
		c.StrokeLines(b.line, c.ClipLinesXY(append(pts, pts[0]))...)
	}
}

// DataRange implements plot.DataRanger.
func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, bin := range b.bins {
		xmin, xmax = math.Min(xmin, bin.Min), math.Max(xmax, bin.Max)
		ymin, ymax = math.Min(ymin, bin.Weight), math.Max(ymax, bin.Weight)
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail implements plot.Thumbnailer, for the legend.
func (b *bars) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Min.Y}}
	c.FillPolygon(b.fill, pts)
	c.StrokeLines(b.line, append(pts, pts[0]))
}

// log10Ticks marks an axis whose values are log10 of counts with the
// counts themselves, as logTicks marks a log axis.
type log10Ticks struct{}

// Ticks implements plot.Ticker.
func (log10Ticks) Ticks(lo, hi float64) []plot.Tick {
	ticks := logTicks{}.Ticks(math.Pow(10, lo), math.Pow(10, hi))
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'f', -1, 64) // 1000, not 1e+03
		}
		ticks[i].Value = math.Log10(ticks[i].Value)
	}
	return ticks
}
