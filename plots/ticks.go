package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// countTicks marks whole numbers from 1 up (epochs, sizes): 1 and every
// multiple of a 1-2-5 step that gives at most about ten labels, with
// unlabelled minor ticks between them.
type countTicks struct{}

// Ticks implements plot.Ticker.
func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := math.Max(1, math.Ceil(lo)), math.Floor(hi)
	step := 1.0 // then 2, 5, 10, 20, 50, ...
	for k := 1; (last-first)/step > 10; k++ {
		step = [3]float64{1, 2, 5}[k%3] * math.Pow10(k/3)
	}
	var ticks []plot.Tick
	minor := step / 5
	if step <= 2 {
		minor = 0
	}
	for v := first; v <= last; v++ {
		switch {
		case v == first || math.Mod(v, step) == 0:
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		case minor >= 1 && math.Mod(v, minor) == 0:
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

// logTicks marks a log axis: powers of ten, also 2 and 5 times them
// when the range spans less than three decades, and round linear steps
// when it spans less than one, so that a narrow range still has labels.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	span := math.Log10(hi / lo)
	if span < 1 {
		return linearTicks{}.Ticks(lo, hi)
	}
	first := math.Floor(math.Log10(lo))
	last := math.Ceil(math.Log10(hi))
	labelled := map[int]bool{1: true}
	if span < 3 {
		labelled[2], labelled[5] = true, true
	}
	var ticks []plot.Tick
	labels := 0
	for e := first; e <= last; e++ {
		p := math.Pow10(int(e))
		for m := 1; m < 10; m++ {
			v := float64(m) * p
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if labelled[m] {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
				labels++
			}
			ticks = append(ticks, t)
		}
	}
	if labels < 2 {
		// Too narrow for round numbers: mark it like a linear axis.
		return linearTicks{}.Ticks(lo, hi)
	}
	return ticks
}

// linearTicks marks a linear axis with three to seven labels at multiples
// of a round step (1, 2, 2.5 or 5 times a power of ten), so that 0 is
// labelled whenever it is in range, and unlabelled minor ticks between.
type linearTicks struct{}

// Ticks implements plot.Ticker.
func (linearTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	mag := math.Pow10(int(math.Floor(math.Log10(span / 6))))
	var step, minor float64
	for _, m := range []struct{ step, minor float64 }{{1, 0.2}, {2, 0.5}, {2.5, 0.5}, {5, 1}, {10, 2}} {
		step, minor = m.step*mag, m.minor*mag
		if span/step <= 6 {
			break
		}
	}
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if r := step / math.Pow10(-decimals); math.Abs(r-math.Round(r)) > 1e-6 {
		decimals++ // 2.5, 0.25, ...
	}
	var ticks []plot.Tick
	eps := step * 1e-9
	for k := math.Ceil((lo - eps) / minor); k*minor <= hi+eps; k++ {
		v := k * minor
		t := plot.Tick{Value: v}
		if q := v / step; math.Abs(q-math.Round(q)) < 1e-6 {
			v = math.Round(q) * step
			t.Value = v
			if math.Abs(v) < eps {
				v = 0 // Not "-0".
			}
			t.Label = formatTick(v, decimals, mag)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// formatTick formats a tick value with the given decimals, or in
// exponent form for very large or very small magnitudes.
func formatTick(v float64, decimals int, mag float64) string {
	if mag >= 1e6 || mag < 1e-4 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}
