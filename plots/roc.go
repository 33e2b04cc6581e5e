package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ROC draws ROC curves: for a score meant to be high for the positives
// (strangers, anomalies), the share of positives caught (true-positive
// rate) against the share of the rest flagged by mistake (false-positive
// rate), as the threshold falls from the highest score to the lowest. One
// colour per curve (at most ten), the diagonal of a useless score dashed,
// and in the legend each curve's name with its AUC, the area under it: 1
// for a perfect score, 0.5 for chance.
type ROC struct {
	// Curves holds the curves.
	Curves []ROCCurve

	// Title, if not empty, goes on top.
	Title string
}

// ROCCurve is one ROC curve: its points, in order from the highest
// threshold to the lowest, as ae.ROC returns them, so that both rates
// never fall.
type ROCCurve struct {
	// Name tells the curve apart in the legend, e.g. "clothes".
	Name string

	// FPR holds the false-positive rate of each point, TPR the
	// true-positive rate: as many values, each in [0, 1].
	FPR, TPR []float64
}

// AUC returns the area under the curve, by the trapezoid rule between its
// points (from (0, 0) and to (1, 1) when they are missing): what ROC
// writes in the legend. It is 0 for a curve of no points.
func (c ROCCurve) AUC() float64 {
	if len(c.FPR) == 0 || len(c.FPR) != len(c.TPR) {
		return 0
	}
	area, x, y := 0.0, 0.0, 0.0
	for i := range c.FPR {
		area += (c.FPR[i] - x) * (c.TPR[i] + y) / 2
		x, y = c.FPR[i], c.TPR[i]
	}
	return area + (1-x)*(1+y)/2
}

// Save draws the curves and writes them to path (see Figure).
func (r ROC) Save(path string) error { return saveFigure("ROC", path, r) }

func (r ROC) layout() (sheetPlan, error) {
	const fn = "ROC"
	if len(r.Curves) == 0 {
		return sheetPlan{}, errorf(fn, "Curves is empty")
	}
	if len(r.Curves) > len(tab10) {
		return sheetPlan{}, errorf(fn, "Curves has %d curves, want at most %d", len(r.Curves), len(tab10))
	}
	for i, c := range r.Curves {
		fpr, tpr := fmt.Sprintf("Curves[%d].FPR", i), fmt.Sprintf("Curves[%d].TPR", i)
		if err := checkValues(fn, fpr, c.FPR); err != nil {
			return sheetPlan{}, err
		}
		if err := checkLen(fn, tpr, len(c.TPR), fpr, len(c.FPR)); err != nil {
			return sheetPlan{}, err
		}
		if err := checkFinite(fn, tpr, c.TPR); err != nil {
			return sheetPlan{}, err
		}
		for _, s := range []struct {
			name string
			v    []float64
		}{{fpr, c.FPR}, {tpr, c.TPR}} {
			for k, v := range s.v {
				if v < 0 || v > 1 {
					return sheetPlan{}, errorf(fn, "%s[%d] is %g, want a rate in [0, 1]", s.name, k, v)
				}
				if k > 0 && v < s.v[k-1] {
					return sheetPlan{}, errorf(fn, "%s[%d] is %g, below %s[%d] = %g: give the points from the highest threshold down, as ae.ROC does",
						s.name, k, v, s.name, k-1, s.v[k-1])
				}
			}
		}
	}

	p := newPlot(r.Title, "false-positive rate (share of the rest flagged)", "true-positive rate (share caught)")
	p.Add(gridLines())
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Min, a.Max = 0, 1
		a.Tick.Marker = plot.ConstantTicks{
			{Value: 0, Label: "0"}, {Value: 0.2, Label: "0.2"}, {Value: 0.4, Label: "0.4"},
			{Value: 0.6, Label: "0.6"}, {Value: 0.8, Label: "0.8"}, {Value: 1, Label: "1"},
		}
	}
	key := newSideKey("")
	chance := &plotter.Line{XYs: plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}, LineStyle: draw.LineStyle{
		Color: color.RGBA{R: 150, G: 150, B: 150, A: 255}, Width: vg.Points(1.5),
		Dashes: []vg.Length{vg.Points(6), vg.Points(5)},
	}}
	p.Add(chance)
	for i, c := range r.Curves {
		xys := make(plotter.XYs, 0, len(c.FPR)+2)
		if c.FPR[0] > 0 || c.TPR[0] > 0 {
			xys = append(xys, plotter.XY{})
		}
		for k := range c.FPR {
			xys = append(xys, plotter.XY{X: c.FPR[k], Y: c.TPR[k]})
		}
		if last := len(c.FPR) - 1; c.FPR[last] < 1 || c.TPR[last] < 1 {
			xys = append(xys, plotter.XY{X: 1, Y: 1})
		}
		name := c.Name
		if name == "" {
			name = fmt.Sprintf("curve %d", i+1)
		}
		thumbs := series{xys: xys, color: tab10[i]}.add(p)
		key.add(fmt.Sprintf("%s (AUC %.3f)", name, c.AUC()), thumbs...)
	}
	key.add("chance (AUC 0.5)", chance)
	return keyedPlan(p, key), nil
}
