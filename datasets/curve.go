package datasets

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/noise"
)

// maxSynthetic bounds the number of points of the synthetic sets.
const maxSynthetic = 10_000_000

// Curve3D returns n points near a trefoil knot, a closed curve in 3-D:
// one point per row of a n×3 matrix, with t[i] in [0, 1) the position of
// point i along the curve (the angle 2π·t). The knot
//
//	x = sin θ + 2 sin 2θ,  y = cos θ − 2 cos 2θ,  z = −sin 3θ
//
// is scaled, the same on every axis, into [0.08, 0.92]; then noise·N(0,1)
// is added to each coordinate and the result is clipped to [0, 1], so a
// sigmoid output can fit it. The data have one degree of freedom, t,
// which an autoencoder with a 1-D code can learn. The same seed gives the
// same points, and the same t whatever noiseStd is, so a clean curve and
// a noisy one of one seed can be compared point by point.
func Curve3D(n int, noiseStd float64, seed int64) (*mat.Dense, []float64, error) {
	if n < 1 || n > maxSynthetic {
		return nil, nil, fmt.Errorf("datasets: Curve3D: n = %d, want 1 <= n <= %d", n, maxSynthetic)
	}
	if err := noise.CheckStd(noiseStd); err != nil {
		return nil, nil, fmt.Errorf("datasets: Curve3D: noise %w", err)
	}
	rng := noise.NewRand(seed)
	const scale = 1 / 7.2 // the knot spans [-3, 3] on x and y
	x := mat.NewDense(n, 3, nil)
	t := make([]float64, n)
	for i := range n {
		t[i] = rng.Float64()
		th := 2 * math.Pi * t[i]
		p := [3]float64{
			math.Sin(th) + 2*math.Sin(2*th),
			math.Cos(th) - 2*math.Cos(2*th),
			-math.Sin(3 * th),
		}
		for j, v := range p {
			x.Set(i, j, clip(0.5+scale*v+noiseStd*rng.NormFloat64()))
		}
	}
	return x, t, nil
}

// clip clips v to [0, 1].
func clip(v float64) float64 {
	return math.Max(0, math.Min(1, v))
}
