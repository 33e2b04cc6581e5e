package ae

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/aekit/aekit/internal/gemm"
	"github.com/aekit/aekit/internal/par"
	"gonum.org/v1/gonum/mat"
)

// Search by similarity: rank the rows of a matrix by their distance to a
// query, as image retrieval with autoencoders does with codes.

// Metric is how Nearest measures the distance between two rows.
type Metric int

const (
	// Euclidean is the straight-line distance √Σ(a-b)².
	Euclidean Metric = iota
	// Cosine is 1 - cos θ, θ the angle between the two rows: 0 for rows
	// pointing the same way whatever their lengths, 1 for orthogonal ones,
	// 2 for opposite ones. A row of zeros is at distance 1 from every row.
	Cosine
)

var metricNames = [...]string{"euclidean", "cosine"}

// String returns "euclidean" or "cosine".
func (m Metric) String() string { return nameOf(metricNames[:], "Metric", int(m)) }

func (m Metric) valid() bool { return m >= 0 && int(m) < len(metricNames) }

// ParseMetric returns the metric called name ("euclidean" or "cosine",
// any case).
func ParseMetric(name string) (Metric, error) {
	i, err := parseName(metricNames[:], "Metric", name)
	return Metric(i), err
}

// searchChunk is how many queries are ranked at a time: their distances to
// every item make one matrix product of searchChunk×items.
const searchChunk = 256

// Nearest returns, for each row of queries, the indices of the k rows of
// items nearest to it under metric, nearest first, and their distances.
//
// The distances are computed for all pairs at once as a matrix product
// (|q|² + |x|² - 2·q·x, or 1 - q̂·x̂ for Cosine) in float32, as the engine
// computes, 256 queries at a time; the k chosen are then measured again in
// float64 and sorted by that distance (equal distances keep the lower
// index first). Two items at almost the same distance from a query, closer
// than float32 can tell apart, may therefore come in either order.
//
// Nearest watches ctx between chunks of queries and returns an error
// wrapping ctx.Err() once it is cancelled. queries and items must have
// the same number of columns and only finite values; k must be 1 to the
// number of items.
func Nearest(ctx context.Context, queries, items *mat.Dense, k int, metric Metric) (index [][]int, distance [][]float64, err error) {
	if err := checkSearch("Nearest", ctx, queries, items, k, metric, false); err != nil {
		return nil, nil, err
	}
	return searchNearest(ctx, "Nearest", queries, items, k, metric, false)
}

// NearestOthers is Nearest with x as both queries and items, each row
// left out of its own neighbours: for every row, the k other rows of x
// nearest to it. k must be 1 to the number of rows less one.
func NearestOthers(ctx context.Context, x *mat.Dense, k int, metric Metric) (index [][]int, distance [][]float64, err error) {
	if err := checkSearch("NearestOthers", ctx, x, x, k, metric, true); err != nil {
		return nil, nil, err
	}
	return searchNearest(ctx, "NearestOthers", x, x, k, metric, true)
}

// PrecisionAtK returns the share of neighbours that carry their query's
// label, averaged over the queries: precision@k, k being the number of
// neighbours each query has in index (as Nearest returns them).
// queryLabels holds one label per query, itemLabels one per item.
func PrecisionAtK(index [][]int, queryLabels, itemLabels []int) (float64, error) {
	const fn = "PrecisionAtK"
	if len(index) == 0 {
		return 0, fmt.Errorf("ae: %s: index is empty", fn)
	}
	if len(queryLabels) != len(index) {
		return 0, fmt.Errorf("ae: %s: queryLabels has %d labels for %d queries in index", fn, len(queryLabels), len(index))
	}
	if len(itemLabels) == 0 {
		return 0, fmt.Errorf("ae: %s: itemLabels is empty", fn)
	}
	total := 0.0
	for q, row := range index {
		if len(row) == 0 {
			return 0, fmt.Errorf("ae: %s: index[%d] is empty", fn, q)
		}
		hits := 0
		for _, j := range row {
			if j < 0 || j >= len(itemLabels) {
				return 0, fmt.Errorf("ae: %s: index[%d] holds %d, but itemLabels has %d labels", fn, q, j, len(itemLabels))
			}
			if itemLabels[j] == queryLabels[q] {
				hits++
			}
		}
		total += float64(hits) / float64(len(row))
	}
	return total / float64(len(index)), nil
}

// checkSearch checks the arguments of Nearest and NearestOthers.
func checkSearch(fn string, ctx context.Context, queries, items *mat.Dense, k int, metric Metric, others bool) error {
	if ctx == nil {
		return fmt.Errorf("ae: %s: ctx is nil (use context.Background())", fn)
	}
	if !metric.valid() {
		return fmt.Errorf("ae: %s: metric is %v, want ae.Euclidean or ae.Cosine", fn, metric)
	}
	name := "items"
	if others {
		name = "x"
	}
	if err := checkFiniteRows(fn, name, items); err != nil {
		return err
	}
	n, d := items.Dims()
	if !others {
		if err := checkFiniteRows(fn, "queries", queries); err != nil {
			return err
		}
		if _, qd := queries.Dims(); qd != d {
			return fmt.Errorf("ae: %s: queries have %d columns, items have %d", fn, qd, d)
		}
	}
	most := n
	if others {
		most = n - 1
	}
	if most < 1 {
		return fmt.Errorf("ae: %s: x has %d row; each row needs another to be near", fn, n)
	}
	if k < 1 || k > most {
		if others {
			return fmt.Errorf("ae: %s: k is %d, want 1 to %d (the rows of x, less the row itself)", fn, k, most)
		}
		return fmt.Errorf("ae: %s: k is %d, want 1 to %d (the rows of items)", fn, k, most)
	}
	return nil
}

// checkFiniteRows checks that x, the argument called name, is a non-empty
// matrix of finite values.
func checkFiniteRows(fn, name string, x *mat.Dense) error {
	if x == nil {
		return fmt.Errorf("ae: %s: %s is nil", fn, name)
	}
	if x.IsEmpty() {
		return fmt.Errorf("ae: %s: %s is empty", fn, name)
	}
	r, _ := x.Dims()
	for i := 0; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("ae: %s: %s has %v at row %d, column %d", fn, name, v, i, j)
			}
		}
	}
	return nil
}

// rowsFloat32 returns the rows of x as one float32 slice, row after row,
// each less shift (nil for none), and each row's squared length.
func rowsFloat32(x *mat.Dense, shift []float64) (data []float32, norms []float32) {
	r, c := x.Dims()
	data = make([]float32, r*c)
	norms = make([]float32, r)
	for i := 0; i < r; i++ {
		dst := data[i*c : (i+1)*c]
		s := 0.0
		for j, v := range x.RawRowView(i) {
			if shift != nil {
				v -= shift[j]
			}
			dst[j] = float32(v)
			s += float64(dst[j]) * float64(dst[j])
		}
		norms[i] = float32(s)
	}
	return data, norms
}

// unitRows scales each row of data (c values a row) to length 1, leaving
// rows of zeros as they are.
func unitRows(data []float32, norms []float32, c int) {
	for i, n2 := range norms {
		if n2 == 0 {
			continue
		}
		inv := float32(1 / math.Sqrt(float64(n2)))
		row := data[i*c : (i+1)*c]
		for j := range row {
			row[j] *= inv
		}
	}
}

// columnMean returns the mean of each column of x.
func columnMean(x *mat.Dense) []float64 {
	r, c := x.Dims()
	mean := make([]float64, c)
	for i := 0; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(r)
	}
	return mean
}

// search ranks items for every query; the arguments are checked.
func searchNearest(ctx context.Context, fn string, queries, items *mat.Dense, k int, metric Metric, others bool) ([][]int, [][]float64, error) {
	nq, d := queries.Dims()
	n, _ := items.Dims()
	// Euclidean distances do not change when every row is moved by the same
	// amount: centring on the items' mean keeps |q|² + |x|² - 2·q·x from
	// cancelling large numbers in float32.
	var shift []float64
	if metric == Euclidean {
		shift = columnMean(items)
	}
	x, xNorms := rowsFloat32(items, shift)
	var q, qNorms []float32
	if others {
		q, qNorms = x, xNorms
	} else {
		q, qNorms = rowsFloat32(queries, shift)
	}
	if metric == Cosine {
		unitRows(x, xNorms, d)
		if !others {
			unitRows(q, qNorms, d)
		}
	}
	index := make([][]int, nq)
	distance := make([][]float64, nq)
	dist := make([]float32, min(searchChunk, nq)*n)
	t := &rankTask{k: k, n: n, dist: dist, index: index, others: others}
	t.xNorms, t.qNorms, t.cosine = xNorms, qNorms, metric == Cosine
	for start := 0; start < nq; start += searchChunk {
		if err := ctx.Err(); err != nil {
			return nil, nil, fmt.Errorf("ae: %s stopped after %d of %d queries: %w", fn, start, nq, err)
		}
		rows := min(searchChunk, nq-start)
		// dist = -2·q·xᵀ for Euclidean, -q̂·x̂ᵀ for Cosine; the rest is added per row.
		alpha := float32(-2)
		if metric == Cosine {
			alpha = -1
		}
		gemm.Sgemm(false, true, rows, n, d, alpha, q[start*d:], d, x, d, 0, dist, n)
		t.start = start
		par.For(rows, max(1, 1<<16/max(n, 1)), t)
	}
	// Measure the chosen neighbours again in float64 and sort them by that.
	for i := 0; i < nq; i++ {
		qi := queries.RawRowView(i)
		idx := index[i]
		ds := make([]float64, len(idx))
		for m, j := range idx {
			ds[m] = exactDistance(qi, items.RawRowView(j), metric)
		}
		sort.Sort(byDistance{idx, ds})
		distance[i] = ds
	}
	return index, distance, nil
}

// rankTask keeps the k smallest distances of each query row of a chunk.
type rankTask struct {
	k, n, start    int
	dist           []float32 // rows×n: the product part of the distances
	xNorms, qNorms []float32
	cosine, others bool
	index          [][]int
}

func (t *rankTask) Run(_, lo, hi int) {
	best := make([]float32, t.k)
	bestIdx := make([]int, t.k)
	for r := lo; r < hi; r++ {
		qi := t.start + r
		row := t.dist[r*t.n : (r+1)*t.n]
		found := 0
		for j, v := range row {
			if t.others && j == qi {
				continue
			}
			if t.cosine {
				v = 1 + v
				if t.xNorms[j] == 0 || t.qNorms[qi] == 0 {
					v = 1
				}
			} else {
				v += t.qNorms[qi] + t.xNorms[j]
			}
			if found == t.k && v >= best[t.k-1] {
				continue
			}
			// Insert v, keeping best sorted; equal values keep the earlier index first.
			p := found
			if found < t.k {
				found++
			} else {
				p = t.k - 1
			}
			for p > 0 && best[p-1] > v {
				best[p], bestIdx[p] = best[p-1], bestIdx[p-1]
				p--
			}
			best[p], bestIdx[p] = v, j
		}
		t.index[qi] = append([]int(nil), bestIdx[:found]...)
	}
}

// exactDistance returns the distance between a and b under m, in float64.
func exactDistance(a, b []float64, m Metric) float64 {
	if m == Cosine {
		dot, na, nb := 0.0, 0.0, 0.0
		for j, v := range a {
			dot += v * b[j]
			na += v * v
			nb += b[j] * b[j]
		}
		if na == 0 || nb == 0 {
			return 1
		}
		return 1 - dot/math.Sqrt(na*nb)
	}
	s := 0.0
	for j, v := range a {
		e := v - b[j]
		s += e * e
	}
	return math.Sqrt(s)
}

// byDistance sorts indices by distance, equal distances by index.
type byDistance struct {
	idx []int
	d   []float64
}

func (b byDistance) Len() int { return len(b.idx) }
func (b byDistance) Less(i, j int) bool {
	if b.d[i] != b.d[j] {
		return b.d[i] < b.d[j]
	}
	return b.idx[i] < b.idx[j]
}
func (b byDistance) Swap(i, j int) {
	b.idx[i], b.idx[j] = b.idx[j], b.idx[i]
	b.d[i], b.d[j] = b.d[j], b.d[i]
}
