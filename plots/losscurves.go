package plots

import (
	"fmt"

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

// LossCurves draws the loss of one or more training runs against the
// epoch (1, 2, ...): training loss solid, validation loss dashed, one
// colour per run (at most ten runs), with a legend.
type LossCurves struct {
	// Curves holds the runs.
	Curves []Curve

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
	p.Legend.Top = true
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
			p.Legend.Add(label, thumbs...)
		}
	}
	return chartPlan(p), nil
}
