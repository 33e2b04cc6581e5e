package ae

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/aekit/aekit/internal/gemm"
	"github.com/aekit/aekit/internal/par"
	"gonum.org/v1/gonum/mat"
)

// KMeansOptions says how FitKMeans searches. The zero value is usable: 10
// restarts of at most 300 iterations each, seed 0.
type KMeansOptions struct {
	// Restarts is how many times k-means starts again from new seeds;
	// the clustering with the lowest inertia is kept. 0 means 10.
	Restarts int
	// MaxIterations bounds the iterations of one restart; it stops
	// earlier when no row changes cluster. 0 means 300.
	MaxIterations int
	// Seed drives the choice of the first centres: the same seed gives
	// the same clustering.
	Seed int64
}

// KMeans is a clustering of the rows of a matrix into k clusters, found by
// FitKMeans: each row belongs to the cluster whose centre is nearest
// (Euclidean distance).
type KMeans struct {
	// Centers holds the k cluster centres, one per row.
	Centers *mat.Dense
	// Clusters holds the cluster, 0 to k-1, of each row fitted.
	Clusters []int
	// Inertia is the sum over the rows of the squared distance to their
	// centre: what k-means lowers.
	Inertia float64
	// Iterations is how many iterations the kept restart ran, and Restart
	// which restart it was (from 0).
	Iterations, Restart int
	// Restarts is how many restarts were run.
	Restarts int
}

// kmeansStream is the second PCG word of k-means' generator.
const kmeansStream = 0x6b6d_6561_6e73_2b2b // "kmeans++"

// FitKMeans clusters the rows of x into k clusters with k-means: it picks
// k first centres with k-means++ (each new centre drawn with a probability
// that grows with its squared distance from the centres so far, the best
// of a few draws kept), then alternates giving each row to its nearest
// centre and moving each centre to the mean of its rows, until no row
// changes cluster. It does this opts.Restarts times from different seeds
// and keeps the clustering of lowest inertia. A cluster left empty takes
// the row farthest from its centre.
//
// Distances and means are matrix products in float32, as the engine
// computes; the inertia is summed in float64. FitKMeans watches ctx
// between iterations and returns an error wrapping ctx.Err() once it is
// cancelled.
func FitKMeans(ctx context.Context, x *mat.Dense, k int, opts KMeansOptions) (*KMeans, error) {
	const fn = "FitKMeans"
	if ctx == nil {
		return nil, fmt.Errorf("ae: %s: ctx is nil (use context.Background())", fn)
	}
	if err := checkFiniteRows(fn, "x", x); err != nil {
		return nil, err
	}
	n, d := x.Dims()
	if k < 1 || k > n {
		return nil, fmt.Errorf("ae: %s: k is %d, want 1 to %d (the rows of x)", fn, k, n)
	}
	if opts.Restarts < 0 {
		return nil, fmt.Errorf("ae: %s: Restarts is %d, want 0 (for 10) or more", fn, opts.Restarts)
	}
	if opts.MaxIterations < 0 {
		return nil, fmt.Errorf("ae: %s: MaxIterations is %d, want 0 (for 300) or more", fn, opts.MaxIterations)
	}
	if opts.Restarts == 0 {
		opts.Restarts = 10
	}
	if opts.MaxIterations == 0 {
		opts.MaxIterations = 300
	}
	// Centring changes no distance and keeps float32 products accurate.
	mean := columnMean(x)
	data, norms := rowsFloat32(x, mean)
	w := &kmeansWork{n: n, d: d, k: k, x: data, norms: norms}
	w.alloc()

	var best *KMeans
	for r := 0; r < opts.Restarts; r++ {
		rng := rand.New(rand.NewPCG(uint64(opts.Seed), kmeansStream+uint64(r)))
		if err := w.seed(ctx, rng); err != nil {
			return nil, fmt.Errorf("ae: %s stopped in restart %d: %w", fn, r+1, err)
		}
		iters, err := w.lloyd(ctx, opts.MaxIterations)
		if err != nil {
			return nil, fmt.Errorf("ae: %s stopped in restart %d: %w", fn, r+1, err)
		}
		inertia := w.inertia(x, mean)
		if best == nil || inertia < best.Inertia {
			best = &KMeans{Clusters: append([]int(nil), w.assign...), Inertia: inertia, Iterations: iters, Restart: r}
			best.Centers = mat.NewDense(k, d, nil)
			for c := 0; c < k; c++ {
				row := best.Centers.RawRowView(c)
				for j := range row {
					row[j] = float64(w.centers[c*d+j]) + mean[j]
				}
			}
		}
	}
	best.Restarts = opts.Restarts
	return best, nil
}

// K returns the number of clusters.
func (km *KMeans) K() int { r, _ := km.Centers.Dims(); return r }

// Sizes returns how many of the fitted rows each cluster holds.
func (km *KMeans) Sizes() []int {
	sizes := make([]int, km.K())
	for _, c := range km.Clusters {
		sizes[c]++
	}
	return sizes
}

// Members returns the fitted rows of cluster c, in order: e.g. for
// digits.Subset(km.Members(c)). It is empty for a c out of range.
func (km *KMeans) Members(c int) []int {
	var rows []int
	for i, ci := range km.Clusters {
		if ci == c {
			rows = append(rows, i)
		}
	}
	return rows
}

// Assign returns the cluster of each row of x: the one whose centre is
// nearest.
func (km *KMeans) Assign(x *mat.Dense) ([]int, error) {
	const fn = "KMeans.Assign"
	if err := checkFiniteRows(fn, "x", x); err != nil {
		return nil, err
	}
	_, d := km.Centers.Dims()
	if _, c := x.Dims(); c != d {
		return nil, fmt.Errorf("ae: %s: x has %d columns, the centres have %d", fn, c, d)
	}
	idx, _, err := Nearest(context.Background(), x, km.Centers, 1, Euclidean)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(idx))
	for i, row := range idx {
		out[i] = row[0]
	}
	return out, nil
}

// String returns e.g. "ae.KMeans k=10 on 2000 rows: inertia 1234.5 (restart 3 of 10, 17 iterations)".
func (km *KMeans) String() string {
	return fmt.Sprintf("ae.KMeans k=%d on %d rows: inertia %.6g (restart %d of %d, %d iterations)",
		km.K(), len(km.Clusters), km.Inertia, km.Restart+1, km.Restarts, km.Iterations)
}

// kmeansWork holds one k-means run's buffers.
type kmeansWork struct {
	n, d, k int
	x       []float32 // n×d, centred
	norms   []float32 // |x_i|²
	centers []float32 // k×d
	cnorms  []float32 // |c|²
	dist    []float32 // n×k products, then distances
	assign  []int
	closest []float32 // squared distance of each row to its centre
	onehot  []float32 // n×k, for the means as a product
	sums    []float32 // k×d
	cand    []float32 // candidate centres while seeding, t×d
	cdist   []float32 // t×n
}

func (w *kmeansWork) alloc() {
	w.centers = make([]float32, w.k*w.d)
	w.cnorms = make([]float32, w.k)
	w.dist = make([]float32, w.n*w.k)
	w.assign = make([]int, w.n)
	w.closest = make([]float32, w.n)
	w.onehot = make([]float32, w.n*w.k)
	w.sums = make([]float32, w.k*w.d)
}

// trials is how many candidates k-means++ draws for each centre, as
// scikit-learn does: 2 + ⌊ln k⌋.
func (w *kmeansWork) trials() int { return 2 + int(math.Log(float64(w.k))) }

// seed picks the first centres with greedy k-means++.
func (w *kmeansWork) seed(ctx context.Context, rng *rand.Rand) error {
	n, d := w.n, w.d
	t := w.trials()
	if len(w.cand) < t*d {
		w.cand = make([]float32, t*d)
		w.cdist = make([]float32, t*n)
	}
	first := rng.IntN(n)
	copy(w.centers[:d], w.x[first*d:(first+1)*d])
	w.sqDistTo(w.x[first*d:(first+1)*d], 1, w.closest)
	for c := 1; c < w.k; c++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		total := 0.0
		for _, v := range w.closest {
			total += float64(v)
		}
		picks := make([]int, t)
		for m := range picks {
			picks[m] = w.draw(rng, total)
			copy(w.cand[m*d:(m+1)*d], w.x[picks[m]*d:(picks[m]+1)*d])
		}
		w.sqDistTo(w.cand[:t*d], t, w.cdist)
		bestM, bestPot := 0, math.Inf(1)
		for m := 0; m < t; m++ {
			pot := 0.0
			row := w.cdist[m*n : (m+1)*n]
			for i, v := range row {
				pot += float64(min(v, w.closest[i]))
			}
			if pot < bestPot {
				bestM, bestPot = m, pot
			}
		}
		copy(w.centers[c*d:(c+1)*d], w.cand[bestM*d:(bestM+1)*d])
		row := w.cdist[bestM*n : (bestM+1)*n]
		for i, v := range row {
			w.closest[i] = min(w.closest[i], v)
		}
	}
	return nil
}

// draw returns a row drawn with probability closest[i]/total, or
// uniformly when every row sits on a centre.
func (w *kmeansWork) draw(rng *rand.Rand, total float64) int {
	if !(total > 0) {
		return rng.IntN(w.n)
	}
	u := rng.Float64() * total
	acc := 0.0
	last := 0
	for i, v := range w.closest {
		if v > 0 {
			last = i
		}
		acc += float64(v)
		if acc > u && v > 0 {
			return i
		}
	}
	return last
}

// sqDistTo writes the squared distances of every row to each of the m
// points in pts (m×d) into out, point by point (m×n), as one product.
func (w *kmeansWork) sqDistTo(pts []float32, m int, out []float32) {
	n, d := w.n, w.d
	gemm.Sgemm(false, true, m, n, d, -2, pts, d, w.x, d, 0, out, n)
	for p := 0; p < m; p++ {
		pn := float32(0)
		for _, v := range pts[p*d : (p+1)*d] {
			pn += v * v
		}
		row := out[p*n : (p+1)*n]
		for i := range row {
			row[i] = max(0, row[i]+pn+w.norms[i])
		}
	}
}

// lloyd runs Lloyd's iterations from the current centres and returns how
// many it ran.
func (w *kmeansWork) lloyd(ctx context.Context, maxIter int) (int, error) {
	for i := range w.assign {
		w.assign[i] = -1
	}
	for it := 1; it <= maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return it - 1, err
		}
		changed := w.assignStep()
		if changed == 0 {
			return it, nil
		}
		w.updateStep()
	}
	w.assignStep() // the rows' clusters for the last centres
	return maxIter, nil
}

// assignStep gives each row to its nearest centre and returns how many
// rows changed cluster.
func (w *kmeansWork) assignStep() int {
	n, d, k := w.n, w.d, w.k
	for c := 0; c < k; c++ {
		s := float32(0)
		for _, v := range w.centers[c*d : (c+1)*d] {
			s += v * v
		}
		w.cnorms[c] = s
	}
	gemm.Sgemm(false, true, n, k, d, -2, w.x, d, w.centers, d, 0, w.dist, k)
	t := &assignTask{w: w}
	par.For(n, max(1, 4096/k), t)
	changed := 0
	for _, c := range t.changed[:par.Chunks(n, max(1, 4096/k))] {
		changed += c
	}
	return changed
}

// assignTask gives rows to their nearest centres, counting the changes per
// chunk.
type assignTask struct {
	w       *kmeansWork
	changed [par.MaxChunks]int
}

func (t *assignTask) Run(chunk, lo, hi int) {
	w := t.w
	k := w.k
	for i := lo; i < hi; i++ {
		row := w.dist[i*k : (i+1)*k]
		best, bestD := 0, row[0]+w.cnorms[0]
		for c := 1; c < k; c++ {
			if v := row[c] + w.cnorms[c]; v < bestD {
				best, bestD = c, v
			}
		}
		w.closest[i] = max(0, bestD+w.norms[i])
		if w.assign[i] != best {
			w.assign[i] = best
			t.changed[chunk]++
		}
	}
}

// updateStep moves each centre to the mean of its rows (a product of the
// one-hot assignment and the data); an empty cluster takes the row
// farthest from its centre.
func (w *kmeansWork) updateStep() {
	n, d, k := w.n, w.d, w.k
	counts := make([]int, k)
	clear(w.onehot)
	for i, c := range w.assign {
		w.onehot[i*k+c] = 1
		counts[c]++
	}
	for c := 0; c < k; c++ {
		if counts[c] > 0 {
			continue
		}
		far, farD := -1, float32(-1)
		for i, v := range w.closest {
			if counts[w.assign[i]] > 1 && v > farD {
				far, farD = i, v
			}
		}
		if far < 0 {
			continue
		}
		old := w.assign[far]
		counts[old]--
		w.onehot[far*k+old] = 0
		w.assign[far] = c
		w.onehot[far*k+c] = 1
		counts[c] = 1
		w.closest[far] = 0
	}
	gemm.Sgemm(true, false, k, d, n, 1, w.onehot, k, w.x, d, 0, w.sums, d)
	for c := 0; c < k; c++ {
		if counts[c] == 0 {
			continue
		}
		inv := 1 / float32(counts[c])
		dst := w.centers[c*d : (c+1)*d]
		for j, v := range w.sums[c*d : (c+1)*d] {
			dst[j] = v * inv
		}
	}
}

// inertia returns the sum of squared distances of the rows of x to their
// centres, in float64.
func (w *kmeansWork) inertia(x *mat.Dense, mean []float64) float64 {
	d := w.d
	s := 0.0
	for i, c := range w.assign {
		center := w.centers[c*d : (c+1)*d]
		for j, v := range x.RawRowView(i) {
			e := v - mean[j] - float64(center[j])
			s += e * e
		}
	}
	return s
}
