package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/noise"
)

// Gaussian returns a noisy copy of x for training a denoising
// autoencoder: std·N(0,1) is added to every element and the result is
// clipped to [0, 1]. The same seed gives the same noise. x is not changed.
func Gaussian(x *mat.Dense, std float64, seed int64) (*mat.Dense, error) {
	if err := noise.CheckStd(std); err != nil {
		return nil, fmt.Errorf("datasets: Gaussian: %w", err)
	}
	return corrupt("Gaussian", x, func(row []float64, rng *rand.Rand) { noise.Gaussian(row, std, rng) }, seed)
}

// SaltPepper returns a copy of x in which each element, independently
// with probability fraction, is set to 0 (pepper) or 1 (salt), each
// equally likely. fraction must be in [0, 1]. The same seed gives the
// same noise. x is not changed.
func SaltPepper(x *mat.Dense, fraction float64, seed int64) (*mat.Dense, error) {
	if err := noise.CheckFraction(fraction); err != nil {
		return nil, fmt.Errorf("datasets: SaltPepper: %w", err)
	}
	return corrupt("SaltPepper", x, func(row []float64, rng *rand.Rand) { noise.SaltPepper(row, fraction, rng) }, seed)
}

// Mask returns a copy of x in which each element, independently with
// probability fraction, is set to 0, as if that pixel were lost.
// fraction must be in [0, 1]. The same seed gives the same mask. x is not
// changed.
func Mask(x *mat.Dense, fraction float64, seed int64) (*mat.Dense, error) {
	if err := noise.CheckFraction(fraction); err != nil {
		return nil, fmt.Errorf("datasets: Mask: %w", err)
	}
	return corrupt("Mask", x, func(row []float64, rng *rand.Rand) { noise.Mask(row, fraction, rng) }, seed)
}

// corrupt copies x, checks its values and applies kernel to each row.
func corrupt(op string, x *mat.Dense, kernel func([]float64, *rand.Rand), seed int64) (*mat.Dense, error) {
	if x == nil || x.IsEmpty() {
		return nil, fmt.Errorf("datasets: %s: x is empty", op)
	}
	r, c := x.Dims()
	out := mat.NewDense(r, c, nil)
	for i := range r {
		row := x.RawRowView(i)
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("datasets: %s: x[%d, %d] is %v", op, i, j, v)
			}
		}
		out.SetRow(i, row)
	}
	rng := noise.NewRand(seed)
	for i := range r {
		kernel(out.RawRowView(i), rng)
	}
	return out, nil
}
