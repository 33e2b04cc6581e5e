package pipeline

import (
	"slices"
	"testing"
)

func TestComplete(t *testing.T) {
	ts := newTestSession(t)
	ts.ok(`m := mat.NewDense(2, 3, nil)
model, err := ae.NewSymmetric([]int{4, 2}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
opts := ae.Options{Epochs: 3}
type point struct{ X, Y float64 }
pt := point{1, 2}
var nilModel *ae.Model
func helper() {}
counter := 1`)
	cases := []struct {
		line     string
		word     string
		has      []string // among the candidates
		hasNot   []string
		complete bool // exactly the candidates in has
	}{
		{"ae.NewS", "NewS", []string{"NewSymmetric"}, nil, true},
		{"x := ae.", "", []string{"New", "Options", "MSE", "WithProgress"}, []string{"_Progress"}, false},
		{"mat.NewDe", "NewDe", []string{"NewDense"}, nil, true},
		{"m.Di", "Di", []string{"DiagView", "Dims", "DivElem"}, nil, true},
		{"m.", "", []string{"At", "Set", "Mul", "T"}, nil, false},
		{"model.", "", []string{"Fit", "Encode", "Summary"}, nil, false},
		{"nilModel.Fi", "Fi", []string{"Fit"}, nil, true},
		{"opts.Ep", "Ep", []string{"Epochs"}, nil, true},
		{"opts.Corrupt.", "", nil, nil, false},
		{"pt.", "", []string{"X", "Y"}, nil, true},
		{"fmt.Println(cou", "cou", []string{"counter"}, nil, true},
		{"help", "help", []string{"helper"}, nil, true},
		{"poi", "poi", []string{"point"}, nil, true},
		{"plo", "plo", []string{"plot", "plots", "plotter"}, nil, true},
		{"q", "q", []string{"quick"}, nil, true},
		{"_", "_", nil, []string{"__aekit"}, false},
		{"nosuch.", "", nil, nil, true},
		{"x := 3 .", "", nil, nil, true},
	}
	for _, c := range cases {
		word, cands := ts.Complete(c.line)
		if word != c.word {
			t.Errorf("complete(%q) word = %q, want %q", c.line, word, c.word)
		}
		for _, h := range c.has {
			if !slices.Contains(cands, h) {
				t.Errorf("complete(%q) = %v, lacks %s", c.line, cands, h)
			}
		}
		for _, h := range c.hasNot {
			if slices.Contains(cands, h) {
				t.Errorf("complete(%q) = %v, has %s", c.line, cands, h)
			}
		}
		if c.complete && len(cands) != len(c.has) {
			t.Errorf("complete(%q) = %v, want exactly %v", c.line, cands, c.has)
		}
	}
}
