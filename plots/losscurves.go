package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Curve is the loss of one training run, one value per epoch.
type Curve struct {
	// Name tells the run apart in the legend; it may be empty when
	// there is only one run.
	Name string

	// Train holds the training loss of each epoch.
	Train []float64

	// Validation holds the validation loss of each epoch, as many values
	// as Train, or is nil.
	Validation []float64
}

// Reference is a loss to compare the runs with, such as a published
// result or the best any model can do: a horizontal line across the
// chart, named in the legend.
type Reference struct {
	// Name tells what the value is, in the legend.
	Name string

	// Value is the loss.
	Value float64
}

// LossCurves draws the loss of one or more training runs against the
// epoch (1, 2, ...): training loss solid, validation loss dashed, one
// colour per run (at most ten runs, with the References), and each
// reference as a dotted horizontal line. The legend stands beside the
// chart, where it hides no curve.
type LossCurves struct {
	// Curves holds the runs.
	Curves []Curve

	// References holds losses to compare the runs with; nil for none.
	References []Reference

	// Title, if not empty, goes on top.
	Title string

	// LogScale draws the loss on a log scale, which needs values above 0:
	// for losses that fall by orders of magnitude.
	LogScale bool
}

// Save draws the curves and writes them to path (see Figure).
func (l LossCurves) Save(path string) error { return saveFigure("LossCurves", path, l) }

func (l LossCurves) layout() (sheetPlan, error) {
	const fn = "LossCurves"
	curves, logY := l.Curves, l.LogScale
	if len(curves) == 0 {
		return sheetPlan{}, errorf(fn, "Curves is empty")
	}
	if len(curves) > len(tab10) {
		return sheetPlan{}, errorf(fn, "Curves has %d runs, want at most %d", len(curves), len(tab10))
	}
	if len(curves)+len(l.References) > len(tab10) {
		return sheetPlan{}, errorf(fn, "Curves has %d runs and References %d lines, want at most %d in all", len(curves), len(l.References), len(tab10))
	}
	for i, r := range l.References {
		if r.Name == "" {
			return sheetPlan{}, errorf(fn, "References[%d].Name is empty; name the reference in the legend", i)
		}
		if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
			return sheetPlan{}, errorf(fn, "References[%d].Value is %v, want a finite loss", i, r.Value)
		}
		if logY && r.Value <= 0 {
			return sheetPlan{}, errorf(fn, "References[%d].Value is %v; LogScale needs values above 0", i, r.Value)
		}
	}
	for i, c := range curves {
		train := fmt.Sprintf("Curves[%d].Train", i)
		valid := fmt.Sprintf("Curves[%d].Validation", i)
		if err := checkValues(fn, train, c.Train); err != nil {
			return sheetPlan{}, err
		}
		if c.Validation != nil {
			if err := checkLen(fn, valid, len(c.Validation), train, len(c.Train)); err != nil {
				return sheetPlan{}, err
			}
			if err := checkFinite(fn, valid, c.Validation); err != nil {
				return sheetPlan{}, err
			}
		}
		if logY {
			if err := checkPositive(fn, train, c.Train, "LogScale"); err != nil {
				return sheetPlan{}, err
			}
			if err := checkPositive(fn, valid, c.Validation, "LogScale"); err != nil {
				return sheetPlan{}, err
			}
		}
	}

	p := newPlot(l.Title, "epoch", "loss")
	p.X.Tick.Marker = countTicks{}
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		p.Y.Label.Text = "loss (log scale)"
	}
	p.Add(gridLines())
	key := newSideKey("")
	long := 0
	for _, c := range curves {
		long = max(long, len(c.Train))
	}
	for i, c := range curves {
		name := c.Name
		if name == "" && len(curves) > 1 {
			name = fmt.Sprintf("run %d", i+1)
		}
		for _, s := range []struct {
			kind   string
			v      []float64
			dashed bool
		}{{"train", c.Train, false}, {"validation", c.Validation, true}} {
			if s.v == nil {
				continue
			}
			xys := make(plotter.XYs, len(s.v))
			for j, v := range s.v {
				xys[j] = plotter.XY{X: float64(j + 1), Y: v}
			}
			line := series{xys: xys, color: tab10[i], dashed: s.dashed}
			if long <= 30 {
				// Few epochs: mark each one.
				line.glyph, line.radius = draw.CircleGlyph{}, vg.Points(3.5)
				if s.dashed {
					line.glyph = draw.RingGlyph{}
				}
			}
			thumbs := line.add(p)
			label := s.kind
			if name != "" {
				label = name + " · " + s.kind
			}
			key.add(label, thumbs...)
		}
	}
	for i, r := range l.References {
		ref := &hline{y: r.Value, style: draw.LineStyle{Color: tab10[len(curves)+i], Width: vg.Points(2.5),
			Dashes: []vg.Length{vg.Points(2), vg.Points(4)}}}
		p.Add(ref)
		key.add(r.Name, ref)
	}
	return keyedPlan(p, key), nil
}

// hline is a plotter drawing a horizontal line at y across the data area.
type hline struct {
	y     float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (h *hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
}

// DataRange implements plot.DataRanger: the y axis reaches the line.
func (h *hline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), h.y, h.y
}

// Thumbnail implements plot.Thumbnailer, for the legend.
func (h *hline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
}
