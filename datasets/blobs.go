package datasets

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/noise"
)

// Blob centres and spread of the points Blobs draws.
var blobCentres = [][2]float64{{0.25, 0.3}, {0.72, 0.28}, {0.5, 0.75}}

const (
	blobStd      = 0.05
	outlierClear = 4 * blobStd // an outlier lies this far from every centre
)

// Blobs returns a 2-D set for anomaly detection: n points in three round
// Gaussian blobs (std 0.05, centres (0.25, 0.3), (0.72, 0.28) and
// (0.5, 0.75)) and outliers points spread uniformly over the square but at
// least 0.2 (4 std) from every centre, all in one random order and inside
// [0, 1]².
//
// Each point is a row of the Set, an image of 1×2 "pixels" (x, y), of
// Shape{C: 1, H: 1, W: 2}. Labels holds the blob (0, 1 or 2) of each
// inlier and -1 for an outlier, and outlier[i] reports whether row i is
// an outlier. The same seed gives the same set. n must be at least 1 and
// outliers at least 0.
func Blobs(n, outliers int, seed int64) (set *Set, outlier []bool, err error) {
	if n < 1 || n > maxSynthetic {
		return nil, nil, fmt.Errorf("datasets: Blobs: n = %d, want 1 <= n <= %d", n, maxSynthetic)
	}
	if outliers < 0 || outliers > maxSynthetic {
		return nil, nil, fmt.Errorf("datasets: Blobs: outliers = %d, want 0 <= outliers <= %d", outliers, maxSynthetic)
	}
	rng := noise.NewRand(seed)
	total := n + outliers
	labels := make([]int, total)
	for i := range labels {
		if i < n {
			labels[i] = rng.IntN(len(blobCentres))
		} else {
			labels[i] = -1
		}
	}
	rng.Shuffle(total, func(i, j int) { labels[i], labels[j] = labels[j], labels[i] })

	x := mat.NewDense(total, 2, nil)
	outlier = make([]bool, total)
	for i, l := range labels {
		var p [2]float64
		if l >= 0 {
			c := blobCentres[l]
			p = [2]float64{clip(c[0] + blobStd*rng.NormFloat64()), clip(c[1] + blobStd*rng.NormFloat64())}
		} else {
			outlier[i] = true
			for { // rejection sampling: 60% of the square qualifies
				p = [2]float64{rng.Float64(), rng.Float64()}
				if farFromBlobs(p) {
					break
				}
			}
		}
		x.SetRow(i, p[:])
	}
	return &Set{
		Images: x,
		Labels: labels,
		Shape:  Shape{C: 1, H: 1, W: 2},
		Index:  seq(total),
		Name:   "blobs",
	}, outlier, nil
}

// farFromBlobs reports whether p lies at least outlierClear from every
// blob centre.
func farFromBlobs(p [2]float64) bool {
	for _, c := range blobCentres {
		if math.Hypot(p[0]-c[0], p[1]-c[1]) < outlierClear {
			return false
		}
	}
	return true
}
