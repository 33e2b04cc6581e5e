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
// another colour, over the same bins; each histogram then shows the share
// of its own group in each bin, so that a few dozen anomalies remain
// visible beside thousands of normal samples, and the legend gives the
// size of each group. Each threshold is drawn as a dashed vertical line,
// labelled with its value and the number of scores above it.
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
		yLabel = "share of group"
	}
	p := newPlot(e.Title, "reconstruction error", yLabel)
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
		h := &plotter.Histogram{
			Width:     width,
			FillColor: withAlpha(groupColors[g], 0.55),
			LineStyle: draw.LineStyle{Color: groupColors[g], Width: vg.Points(1.5)},
		}
		for b, n := range counts[g] {
			if n == 0 {
				continue // gonum draws empty bins as a line on the axis
			}
			if two {
				n /= float64(sizes[g])
			}
			top = math.Max(top, n)
			h.Bins = append(h.Bins, plotter.HistogramBin{
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
