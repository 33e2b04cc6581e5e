// Package noise holds the corruption kernels used for denoising
// autoencoders: additive Gaussian noise, salt-and-pepper noise and masking.
//
// The kernels are generic over float32 and float64 so that the datasets
// package (float64, gonum matrices) and the ae engine (float32 batches)
// share one implementation. They work in place on a slice and draw every
// random number from the *rand.Rand they are given, so a seeded generator
// (see NewRand) makes them deterministic.
//
// The kernels do not return errors: callers check their arguments with
// CheckStd and CheckFraction first. A kernel called with an invalid
// argument (NaN, ±Inf, a negative std, a fraction outside [0,1]) leaves
// its slice unchanged rather than panicking. The rng must not be nil
// (pass NewRand(seed)); it is not safe for concurrent use, so give each
// goroutine its own.
package noise

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Float is the element type the kernels accept.
type Float interface {
	~float32 | ~float64
}

// pcgStream is the second PCG word used by NewRand. It is fixed so that a
// given seed gives the same numbers in every package of aekit.
const pcgStream = 0x6165_6b69_745f_6e7a // "aekit_nz"

// NewRand returns a generator seeded by seed. Every seeded operation of
// aekit that corrupts data uses it, so one seed gives one result.
func NewRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), pcgStream))
}

// CheckStd reports whether std is a usable standard deviation: finite
// and not negative.
func CheckStd(std float64) error {
	if math.IsNaN(std) || math.IsInf(std, 0) {
		return fmt.Errorf("std is %v, want a finite number", std)
	}
	if std < 0 {
		return fmt.Errorf("std is %v, want std >= 0", std)
	}
	return nil
}

// CheckFraction reports whether fraction is a usable fraction of
// elements: a number in [0, 1].
func CheckFraction(fraction float64) error {
	if math.IsNaN(fraction) || fraction < 0 || fraction > 1 {
		return fmt.Errorf("fraction is %v, want a number in [0, 1]", fraction)
	}
	return nil
}

// Gaussian adds std·N(0,1) to every element of x and clips the result to
// [0, 1]. With std = 0 it only clips. An invalid std (see CheckStd) leaves
// x unchanged.
func Gaussian[T Float](x []T, std float64, rng *rand.Rand) {
	if CheckStd(std) != nil {
		return
	}
	for i, v := range x {
		x[i] = clip01(T(float64(v) + std*rng.NormFloat64()))
	}
}

// SaltPepper sets each element of x, independently with probability
// fraction, to 0 or to 1 (each with probability one half). The expected
// share of elements set is fraction; elements that already held the
// value drawn do not change. An invalid fraction (see CheckFraction)
// leaves x unchanged.
func SaltPepper[T Float](x []T, fraction float64, rng *rand.Rand) {
	if CheckFraction(fraction) != nil || fraction == 0 {
		return
	}
	for i := range x {
		// One draw decides both whether and which: u < fraction hits,
		// and the lower half of the hit interval is pepper (0).
		u := rng.Float64()
		if u < fraction {
			if u < fraction/2 {
				x[i] = 0
			} else {
				x[i] = 1
			}
		}
	}
}

// Mask sets each element of x to 0, independently with probability
// fraction. An invalid fraction (see CheckFraction) leaves x unchanged.
func Mask[T Float](x []T, fraction float64, rng *rand.Rand) {
	if CheckFraction(fraction) != nil || fraction == 0 {
		return
	}
	for i := range x {
		if rng.Float64() < fraction {
			x[i] = 0
		}
	}
}

// clip01 clips v to [0, 1]; a NaN becomes 0.
func clip01[T Float](v T) T {
	switch {
	case v > 1:
		return 1
	case v >= 0:
		return v
	default: // negative or NaN
		return 0
	}
}
