package ae

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// blobs returns k well-separated Gaussian blobs of per points each in d
// dimensions, shuffled, with the blob of each point.
func blobs(k, per, d int, spread float64, seed uint64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 7))
	centres := make([][]float64, k)
	for c := range centres {
		centres[c] = make([]float64, d)
		for j := range centres[c] {
			centres[c][j] = rng.Float64() * 100
		}
	}
	n := k * per
	x := mat.NewDense(n, d, nil)
	labels := make([]int, n)
	perm := rng.Perm(n)
	for i, p := range perm {
		c := i % k
		labels[p] = c
		for j := 0; j < d; j++ {
			x.Set(p, j, centres[c][j]+spread*rng.NormFloat64())
		}
	}
	return x, labels
}

func TestKMeansRecoversBlobs(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ k, per, d int }{{2, 50, 2}, {5, 100, 8}, {10, 60, 30}} {
		x, labels := blobs(c.k, c.per, c.d, 1, uint64(c.k))
		km, err := FitKMeans(ctx, x, c.k, KMeansOptions{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		nmi, err := NMI(labels, km.Clusters)
		if err != nil {
			t.Fatal(err)
		}
		acc, _ := MatchedAccuracy(labels, km.Clusters)
		if nmi != 1 || acc != 1 {
			t.Errorf("%d blobs in %d-D: NMI %v, accuracy %v, want 1 and 1 (%v)", c.k, c.d, nmi, acc, km)
		}
	}
}

// TestKMeansAgainstFloat64 checks a clustering of real-looking data with
// plain float64 loops: each centre is the mean of its rows, each row is
// with its nearest centre, and the inertia is the sum of squared
// distances.
func TestKMeansAgainstFloat64(t *testing.T) {
	x, _ := blobs(6, 80, 20, 25, 9) // overlapping blobs: a real search
	km, err := FitKMeans(context.Background(), x, 6, KMeansOptions{Seed: 3, Restarts: 4})
	if err != nil {
		t.Fatal(err)
	}
	n, d := x.Dims()
	k, _ := km.Centers.Dims()
	sums := make([][]float64, k)
	counts := make([]int, k)
	for c := range sums {
		sums[c] = make([]float64, d)
	}
	inertia := 0.0
	for i := 0; i < n; i++ {
		row := x.RawRowView(i)
		c := km.Clusters[i]
		counts[c]++
		best, bestD := -1, math.Inf(1)
		for cc := 0; cc < k; cc++ {
			s := 0.0
			for j, v := range row {
				e := v - km.Centers.At(cc, j)
				s += e * e
			}
			if s < bestD {
				best, bestD = cc, s
			}
			if cc == c {
				inertia += s
			}
		}
		if best != c {
			// Allow a row that float32 cannot place: nearly equidistant.
			s := 0.0
			for j, v := range row {
				e := v - km.Centers.At(c, j)
				s += e * e
			}
			if s-bestD > 1e-4*bestD {
				t.Errorf("row %d is in cluster %d at %v, but cluster %d is at %v", i, c, s, best, bestD)
			}
		}
		for j, v := range row {
			sums[c][j] += v
		}
	}
	for c := 0; c < k; c++ {
		if counts[c] == 0 {
			t.Fatalf("cluster %d is empty", c)
		}
		for j := 0; j < d; j++ {
			mean := sums[c][j] / float64(counts[c])
			if got := km.Centers.At(c, j); math.Abs(got-mean) > 1e-4*(1+math.Abs(mean)) {
				t.Fatalf("centre %d, column %d: %v, mean of its rows %v", c, j, got, mean)
			}
		}
	}
	if math.Abs(inertia-km.Inertia) > 1e-9*inertia {
		t.Errorf("Inertia %v, float64 sum %v", km.Inertia, inertia)
	}
	if got, _ := km.Assign(x); !equalInts(got, km.Clusters) {
		t.Error("Assign of the fitted rows disagrees with Clusters")
	}
	sizes := km.Sizes()
	for c := range sizes {
		if sizes[c] != counts[c] || len(km.Members(c)) != counts[c] {
			t.Errorf("cluster %d: Sizes %d, Members %d, counted %d", c, sizes[c], len(km.Members(c)), counts[c])
		}
	}
}

func TestKMeansDeterministicAndRestarts(t *testing.T) {
	x, _ := blobs(8, 40, 10, 30, 5)
	ctx := context.Background()
	a, err := FitKMeans(ctx, x, 8, KMeansOptions{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := FitKMeans(ctx, x, 8, KMeansOptions{Seed: 7})
	if !equalInts(a.Clusters, b.Clusters) || a.Inertia != b.Inertia || !mat.Equal(a.Centers, b.Centers) {
		t.Error("the same seed gave two clusterings")
	}
	one, _ := FitKMeans(ctx, x, 8, KMeansOptions{Seed: 7, Restarts: 1})
	if one.Inertia < a.Inertia {
		t.Errorf("one restart found inertia %v, below the best of ten %v", one.Inertia, a.Inertia)
	}
	if a.Restarts != 10 || one.Restarts != 1 {
		t.Errorf("Restarts %d and %d, want 10 and 1", a.Restarts, one.Restarts)
	}
	if !strings.HasPrefix(a.String(), "ae.KMeans k=8 on 320 rows: inertia ") {
		t.Errorf("String() = %q", a.String())
	}
}

func TestKMeansEdgeCases(t *testing.T) {
	ctx := context.Background()
	// k = n: every row its own cluster, inertia 0.
	x := mat.NewDense(4, 2, []float64{0, 0, 1, 0, 0, 1, 5, 5})
	km, err := FitKMeans(ctx, x, 4, KMeansOptions{})
	if err != nil || km.Inertia != 0 {
		t.Errorf("k = n: %v, %v", km, err)
	}
	// Fewer distinct rows than clusters: no panic, a finite result.
	same := mat.NewDense(5, 3, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2})
	km, err = FitKMeans(ctx, same, 3, KMeansOptions{Seed: 2})
	if err != nil || math.IsNaN(km.Inertia) || km.Inertia > 1e-9 {
		t.Errorf("duplicate rows: %v, %v", km, err)
	}
	// k = 1: the mean.
	km, _ = FitKMeans(ctx, x, 1, KMeansOptions{})
	if math.Abs(km.Centers.At(0, 0)-1.5) > 1e-6 || math.Abs(km.Centers.At(0, 1)-1.5) > 1e-6 {
		t.Errorf("k = 1: centre %v, want (1.5, 1.5)", mat.Formatted(km.Centers))
	}
}

func TestKMeansErrors(t *testing.T) {
	ctx := context.Background()
	x := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	nan := mat.NewDense(2, 2, []float64{0, math.NaN(), 1, 1})
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, c := range []struct {
		ctx  context.Context
		x    *mat.Dense
		k    int
		opts KMeansOptions
		want string
	}{
		{nil, x, 2, KMeansOptions{}, "ctx is nil"},
		{ctx, nil, 2, KMeansOptions{}, "x is nil"},
		{ctx, &mat.Dense{}, 2, KMeansOptions{}, "x is empty"},
		{ctx, x, 4, KMeansOptions{}, "k is 4, want 1 to 3 (the rows of x)"},
		{ctx, x, 0, KMeansOptions{}, "k is 0"},
		{ctx, nan, 1, KMeansOptions{}, "x has NaN at row 0, column 1"},
		{ctx, x, 2, KMeansOptions{Restarts: -1}, "Restarts is -1"},
		{ctx, x, 2, KMeansOptions{MaxIterations: -3}, "MaxIterations is -3"},
	} {
		_, err := FitKMeans(c.ctx, c.x, c.k, c.opts)
		if err == nil || !strings.Contains(err.Error(), "ae: FitKMeans: "+c.want) {
			t.Errorf("FitKMeans(k=%d) = %v, want an error with %q", c.k, err, c.want)
		}
	}
	_, err := FitKMeans(cancelled, x, 2, KMeansOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
	km, _ := FitKMeans(ctx, x, 2, KMeansOptions{})
	if _, err := km.Assign(mat.NewDense(1, 3, nil)); err == nil || !strings.Contains(err.Error(), "x has 3 columns, the centres have 2") {
		t.Errorf("Assign with 3 columns: %v", err)
	}
}
