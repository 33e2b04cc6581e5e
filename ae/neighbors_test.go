package ae

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/aekit/aekit/datasets"
	"gonum.org/v1/gonum/mat"
)

// bruteNearest ranks every item for every query in float64, plain loops.
func bruteNearest(queries, items *mat.Dense, k int, m Metric, others bool) ([][]int, [][]float64) {
	nq, _ := queries.Dims()
	n, _ := items.Dims()
	idx := make([][]int, nq)
	dist := make([][]float64, nq)
	for i := 0; i < nq; i++ {
		var order []int
		ds := make([]float64, n)
		for j := 0; j < n; j++ {
			if others && i == j {
				continue
			}
			ds[j] = exactDistance(queries.RawRowView(i), items.RawRowView(j), m)
			order = append(order, j)
		}
		sort.SliceStable(order, func(a, b int) bool { return ds[order[a]] < ds[order[b]] })
		idx[i] = order[:k]
		for _, j := range order[:k] {
			dist[i] = append(dist[i], ds[j])
		}
	}
	return idx, dist
}

func randomRows(n, d int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			x.Set(i, j, rng.NormFloat64()+3)
		}
	}
	return x
}

func TestNearestAgainstFloat64(t *testing.T) {
	ctx := context.Background()
	// 300 queries: more than one chunk of 256.
	queries, items := randomRows(300, 24, 1), randomRows(500, 24, 2)
	for _, m := range []Metric{Euclidean, Cosine} {
		idx, dist, err := Nearest(ctx, queries, items, 7, m)
		if err != nil {
			t.Fatal(err)
		}
		wantIdx, wantDist := bruteNearest(queries, items, 7, m, false)
		for i := range idx {
			for r := range idx[i] {
				if idx[i][r] != wantIdx[i][r] || math.Abs(dist[i][r]-wantDist[i][r]) > 1e-12 {
					t.Fatalf("%v, query %d: %v %v, want %v %v", m, i, idx[i], dist[i], wantIdx[i], wantDist[i])
				}
			}
		}
		oIdx, oDist, err := NearestOthers(ctx, items, 5, m)
		if err != nil {
			t.Fatal(err)
		}
		wantIdx, wantDist = bruteNearest(items, items, 5, m, true)
		for i := range oIdx {
			for r := range oIdx[i] {
				if oIdx[i][r] != wantIdx[i][r] || math.Abs(oDist[i][r]-wantDist[i][r]) > 1e-12 {
					t.Fatalf("NearestOthers %v, row %d: %v %v, want %v %v", m, i, oIdx[i], oDist[i], wantIdx[i], wantDist[i])
				}
			}
		}
	}
}

// TestNearestOnDigits ranks real digits, whose pixels make many near
// ties: the distances of the neighbours found must be those of the true
// neighbours, to float32's precision.
func TestNearestOnDigits(t *testing.T) {
	digits, err := datasets.MNISTTest()
	if err != nil {
		t.Fatal(err)
	}
	x := digits.Images.Slice(0, 600, 0, 784).(*mat.Dense)
	for _, m := range []Metric{Euclidean, Cosine} {
		_, dist, err := NearestOthers(context.Background(), x, 10, m)
		if err != nil {
			t.Fatal(err)
		}
		_, want := bruteNearest(x, x, 10, m, true)
		for i := range dist {
			for r := range dist[i] {
				if math.Abs(dist[i][r]-want[i][r]) > 1e-5*(1+want[i][r]) {
					t.Fatalf("%v, row %d: distances %v, want %v", m, i, dist[i], want[i])
				}
			}
		}
	}
}

func TestNearestTiesAndZeros(t *testing.T) {
	ctx := context.Background()
	// Three copies of one row: ties keep the lower index first.
	x := mat.NewDense(4, 2, []float64{1, 1, 1, 1, 5, 5, 1, 1})
	idx, dist, err := NearestOthers(ctx, x, 2, Euclidean)
	if err != nil {
		t.Fatal(err)
	}
	if !equalInts(idx[0], []int{1, 3}) || dist[0][0] != 0 || !equalInts(idx[3], []int{0, 1}) {
		t.Errorf("ties: %v %v", idx, dist)
	}
	// A row of zeros is at cosine distance 1 from everything.
	z := mat.NewDense(3, 2, []float64{0, 0, 1, 0, -1, 0})
	idx, dist, err = NearestOthers(ctx, z, 2, Cosine)
	if err != nil {
		t.Fatal(err)
	}
	if dist[0][0] != 1 || dist[0][1] != 1 || !equalInts(idx[1], []int{0, 2}) || math.Abs(dist[1][1]-2) > 1e-12 {
		t.Errorf("zeros under cosine: %v %v", idx, dist)
	}
}

func TestPrecisionAtK(t *testing.T) {
	idx := [][]int{{0, 1}, {2, 3}}
	got, err := PrecisionAtK(idx, []int{5, 6}, []int{5, 6, 6, 6})
	if err != nil || got != 0.75 {
		t.Errorf("PrecisionAtK = %v, %v; want (1/2 + 2/2)/2 = 0.75", got, err)
	}
	for _, c := range []struct {
		idx      [][]int
		q, items []int
		want     string
	}{
		{nil, nil, []int{1}, "index is empty"},
		{idx, []int{1}, []int{1, 2, 3, 4}, "queryLabels has 1 labels for 2 queries"},
		{idx, []int{1, 2}, nil, "itemLabels is empty"},
		{[][]int{{0, 9}}, []int{1}, []int{1, 2}, "index[0] holds 9, but itemLabels has 2 labels"},
	} {
		if _, err := PrecisionAtK(c.idx, c.q, c.items); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("PrecisionAtK: %v, want an error with %q", err, c.want)
		}
	}
}

func TestNearestErrors(t *testing.T) {
	ctx := context.Background()
	x := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	nan := mat.NewDense(1, 2, []float64{math.Inf(1), 0})
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, c := range []struct {
		ctx  context.Context
		q, x *mat.Dense
		k    int
		m    Metric
		want string
	}{
		{nil, x, x, 1, Euclidean, "Nearest: ctx is nil"},
		{ctx, nil, x, 1, Euclidean, "Nearest: queries is nil"},
		{ctx, x, nil, 1, Euclidean, "Nearest: items is nil"},
		{ctx, x, &mat.Dense{}, 1, Euclidean, "Nearest: items is empty"},
		{ctx, mat.NewDense(1, 3, nil), x, 1, Euclidean, "queries have 3 columns, items have 2"},
		{ctx, x, x, 4, Euclidean, "k is 4, want 1 to 3 (the rows of items)"},
		{ctx, x, x, 0, Euclidean, "k is 0"},
		{ctx, nan, x, 1, Euclidean, "queries has +Inf at row 0, column 0"},
		{ctx, x, x, 1, Metric(5), "metric is Metric(5)"},
	} {
		_, _, err := Nearest(c.ctx, c.q, c.x, c.k, c.m)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Nearest: %v, want an error with %q", err, c.want)
		}
	}
	if _, _, err := NearestOthers(ctx, x, 3, Cosine); err == nil || !strings.Contains(err.Error(), "NearestOthers: k is 3, want 1 to 2") {
		t.Errorf("NearestOthers k=3: %v", err)
	}
	if _, _, err := NearestOthers(ctx, mat.NewDense(1, 2, nil), 1, Cosine); err == nil || !strings.Contains(err.Error(), "x has 1 row") {
		t.Errorf("NearestOthers of one row: %v", err)
	}
	if _, _, err := Nearest(cancelled, x, x, 1, Euclidean); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if m, err := ParseMetric("Cosine"); err != nil || m != Cosine || m.String() != "cosine" {
		t.Errorf("ParseMetric: %v %v", m, err)
	}
}
