package ae

import (
	"fmt"
	"math"
	"strings"
)

// History is what training measured, one entry per completed epoch.
type History struct {
	Train      []float64 // mean training loss (including any CodeL1 penalty)
	Validation []float64 // validation loss, NaN without validation data
	Seconds    []float64 // wall-clock seconds
	Images     int       // training rows per epoch
}

// Epochs returns the number of completed epochs.
func (h *History) Epochs() int { return len(h.Train) }

// LastTrain returns the last epoch's training loss, or NaN if none completed.
func (h *History) LastTrain() float64 { return last(h.Train) }

// LastValidation returns the last epoch's validation loss, or NaN.
func (h *History) LastValidation() float64 { return last(h.Validation) }

// ImagesPerSecond returns the training throughput over all completed epochs.
func (h *History) ImagesPerSecond() float64 {
	s := 0.0
	for _, v := range h.Seconds {
		s += v
	}
	if s == 0 {
		return math.NaN()
	}
	return float64(h.Images*len(h.Seconds)) / s
}

// String returns the history as a small table.
func (h *History) String() string {
	var b strings.Builder
	b.WriteString("epoch      train  validation  seconds\n")
	at := func(v []float64, i int) float64 { // a History built by hand may be ragged
		if i < len(v) {
			return v[i]
		}
		return math.NaN()
	}
	for i := range h.Train {
		val := "-"
		if v := at(h.Validation, i); !math.IsNaN(v) {
			val = fmt.Sprintf("%.5f", v)
		}
		fmt.Fprintf(&b, "%5d %10.5f  %10s  %7.2f\n", i+1, h.Train[i], val, at(h.Seconds, i))
	}
	return b.String()
}

func last(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return v[len(v)-1]
}
