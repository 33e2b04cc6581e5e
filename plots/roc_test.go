package plots

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// newPictures returns the figures of the encoder lesson on synthetic data:
// ROC curves and a retrieval montage.
func newPictures() []picture {
	x, labels := digits(60, 21)
	noisyX := noisy(x, 0.35, 22)
	queries := mat.DenseCopyOf(noisyX.Slice(0, 4, 0, side*side))
	matches, correct := nearestRows(queries, labels[:4], x, labels, 8)
	names := []string{"a 0", "a 1", "a 2", "a 3"}
	return []picture{
		{"roc", "ROC", ROC{Curves: []ROCCurve{
			rocOf("unseen digits", 1.2, 1),
			rocOf("letters", 2, 2),
			rocOf("clothes", 3.5, 3),
		}, Title: "Strangers against familiar digits"}.Save},
		{"retrieval", "Retrieval", Retrieval{Queries: queries, Matches: matches, Correct: correct, Names: names,
			Shape: digitShape, Title: "Search by similarity"}.Save},
		{"retrieval_plain", "Retrieval", Retrieval{Queries: queries.Slice(0, 2, 0, side*side).(*mat.Dense),
			Matches: matches.Slice(0, 6, 0, side*side).(*mat.Dense), Shape: digitShape}.Save},
	}
}

// rocOf returns the ROC curve of 300 familiar scores ~ N(0, 1) and 100
// strangers ~ N(shift, 1).
func rocOf(name string, shift float64, seed uint64) ROCCurve {
	r := rand.New(rand.NewPCG(seed, 8))
	type sample struct {
		s   float64
		pos bool
	}
	var all []sample
	for i := range 400 {
		s := sample{s: r.NormFloat64(), pos: i >= 300}
		if s.pos {
			s.s += shift
		}
		all = append(all, s)
	}
	sort.Slice(all, func(a, b int) bool { return all[a].s > all[b].s })
	c := ROCCurve{Name: name, FPR: []float64{0}, TPR: []float64{0}}
	tp, fp := 0, 0
	for _, s := range all {
		if s.pos {
			tp++
		} else {
			fp++
		}
		c.FPR = append(c.FPR, float64(fp)/300)
		c.TPR = append(c.TPR, float64(tp)/100)
	}
	return c
}

// nearestRows returns, for each query, its k nearest rows of x by
// Euclidean distance, in one matrix, and whether each has the query's
// label.
func nearestRows(queries *mat.Dense, qLabels []int, x *mat.Dense, labels []int, k int) (*mat.Dense, []bool) {
	nq, d := queries.Dims()
	n, _ := x.Dims()
	out := mat.NewDense(nq*k, d, nil)
	var correct []bool
	for q := range nq {
		order := make([]int, n)
		dist := make([]float64, n)
		for i := range n {
			order[i] = i
			for j, v := range queries.RawRowView(q) {
				e := v - x.At(i, j)
				dist[i] += e * e
			}
		}
		sort.SliceStable(order, func(a, b int) bool { return dist[order[a]] < dist[order[b]] })
		for m, i := range order[:k] {
			out.SetRow(q*k+m, x.RawRowView(i))
			correct = append(correct, labels[i] == qLabels[q])
		}
	}
	return out, correct
}

func TestROCCurveAUC(t *testing.T) {
	for _, c := range []struct {
		curve ROCCurve
		want  float64
	}{
		{ROCCurve{FPR: []float64{0, 0, 1}, TPR: []float64{0, 1, 1}}, 1},
		{ROCCurve{FPR: []float64{0, 1}, TPR: []float64{0, 1}}, 0.5},
		{ROCCurve{FPR: []float64{0, 1, 1}, TPR: []float64{0, 0, 1}}, 0},
		{ROCCurve{FPR: []float64{0.5}, TPR: []float64{1}}, 0.75}, // (0, 0) and (1, 1) added
		{ROCCurve{}, 0},
	} {
		if got := c.curve.AUC(); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("AUC of %v, %v = %v, want %v", c.curve.FPR, c.curve.TPR, got, c.want)
		}
	}
}

func TestNewFigureErrors(t *testing.T) {
	png := t.TempDir() + "/x.png"
	x, _ := digits(6, 1)
	q := x.Slice(0, 2, 0, side*side).(*mat.Dense)
	m := x.Slice(0, 6, 0, side*side).(*mat.Dense)
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		save func() error
		want string
	}{
		{"ROC empty", func() error { return ROC{}.Save(png) }, "ROC: Curves is empty"},
		{"ROC eleven", func() error { return ROC{Curves: make([]ROCCurve, 11)}.Save(png) }, "ROC: Curves has 11 curves, want at most 10"},
		{"ROC no points", func() error { return ROC{Curves: []ROCCurve{{}}}.Save(png) }, "ROC: Curves[0].FPR is empty"},
		{"ROC lengths", func() error {
			return ROC{Curves: []ROCCurve{{FPR: []float64{0, 1}, TPR: []float64{1}}}}.Save(png)
		}, "ROC: Curves[0].TPR has 1 values, Curves[0].FPR has 2"},
		{"ROC NaN", func() error {
			return ROC{Curves: []ROCCurve{{FPR: []float64{0, 1}, TPR: []float64{0, 1}}, {FPR: []float64{0, 1}, TPR: []float64{nan, 1}}}}.Save(png)
		}, "ROC: Curves[1].TPR[0] is NaN"},
		{"ROC range", func() error {
			return ROC{Curves: []ROCCurve{{FPR: []float64{0, 1.5}, TPR: []float64{0, 1}}}}.Save(png)
		}, "ROC: Curves[0].FPR[1] is 1.5, want a rate in [0, 1]"},
		{"ROC order", func() error {
			return ROC{Curves: []ROCCurve{{FPR: []float64{0, 0.5, 0.2}, TPR: []float64{0, 1, 1}}}}.Save(png)
		}, "ROC: Curves[0].FPR[2] is 0.2, below Curves[0].FPR[1] = 0.5: give the points from the highest threshold down"},
		{"Retrieval no shape", func() error { return Retrieval{Queries: q, Matches: m}.Save(png) }, "Retrieval: Shape is not set"},
		{"Retrieval nil queries", func() error { return Retrieval{Matches: m, Shape: digitShape}.Save(png) }, "Retrieval: Queries is nil"},
		{"Retrieval columns", func() error {
			return Retrieval{Queries: q, Matches: mat.NewDense(2, 5, nil), Shape: digitShape}.Save(png)
		}, "Retrieval: Matches has 5 columns, want 784 for Shape 28×28"},
		{"Retrieval uneven", func() error {
			return Retrieval{Queries: q, Matches: x.Slice(0, 5, 0, side*side).(*mat.Dense), Shape: digitShape}.Save(png)
		}, "Retrieval: Matches has 5 rows for 2 queries: not the same number per query; set PerQuery"},
		{"Retrieval PerQuery", func() error {
			return Retrieval{Queries: q, Matches: m, PerQuery: 2, Shape: digitShape}.Save(png)
		}, "Retrieval: Matches has 6 rows, want PerQuery × queries = 2 × 2 = 4"},
		{"Retrieval negative", func() error {
			return Retrieval{Queries: q, Matches: m, PerQuery: -1, Shape: digitShape}.Save(png)
		}, "Retrieval: PerQuery is -1"},
		{"Retrieval Correct", func() error {
			return Retrieval{Queries: q, Matches: m, Correct: []bool{true}, Shape: digitShape}.Save(png)
		}, "Retrieval: Correct has 1 values, want one per row of Matches (6)"},
		{"Retrieval Names", func() error {
			return Retrieval{Queries: q, Matches: m, Names: []string{"a"}, Shape: digitShape}.Save(png)
		}, "Retrieval: Names has 1 strings, want one per row of Queries (2)"},
		{"Retrieval too large", func() error {
			big, _ := digits(200, 2)
			return Retrieval{Queries: big, Matches: big, Shape: digitShape}.Save(png)
		}, "need a picture larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.save()
			if err == nil || !strings.HasPrefix(err.Error(), "plots: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
