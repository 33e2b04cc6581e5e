package noise

import (
	"math"
	"slices"
	"testing"
)

func fill[T Float](n int, v T) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = v
	}
	return x
}

func TestCheckStd(t *testing.T) {
	for _, tc := range []struct {
		std float64
		ok  bool
	}{
		{0, true}, {0.3, true}, {5, true},
		{-0.1, false}, {math.NaN(), false}, {math.Inf(1), false}, {math.Inf(-1), false},
	} {
		if err := CheckStd(tc.std); (err == nil) != tc.ok {
			t.Errorf("CheckStd(%v) = %v, want ok=%v", tc.std, err, tc.ok)
		}
	}
}

func TestCheckFraction(t *testing.T) {
	for _, tc := range []struct {
		f  float64
		ok bool
	}{
		{0, true}, {0.5, true}, {1, true},
		{-0.01, false}, {1.01, false}, {math.NaN(), false}, {math.Inf(1), false},
	} {
		if err := CheckFraction(tc.f); (err == nil) != tc.ok {
			t.Errorf("CheckFraction(%v) = %v, want ok=%v", tc.f, err, tc.ok)
		}
	}
}

func TestGaussianStatistics(t *testing.T) {
	const n = 200000
	const std = 0.1
	x := fill[float64](n, 0.5)
	Gaussian(x, std, NewRand(1))
	var sum, sq float64
	for _, v := range x {
		if v < 0 || v > 1 {
			t.Fatalf("value %v outside [0,1]", v)
		}
		sum += v
		sq += (v - 0.5) * (v - 0.5)
	}
	mean := sum / n
	sd := math.Sqrt(sq / n)
	// At 0.5 ± 5 std almost nothing is clipped, so the sample matches N(0.5, 0.1).
	if math.Abs(mean-0.5) > 0.002 {
		t.Errorf("mean = %v, want 0.5 ± 0.002", mean)
	}
	if math.Abs(sd-std) > 0.002 {
		t.Errorf("std = %v, want %v ± 0.002", sd, std)
	}
}

func TestGaussianClips(t *testing.T) {
	x := []float32{0, 1, 0, 1, 0.5, 0.5, 0.5, 0.5}
	x = slices.Repeat(x, 1000)
	Gaussian(x, 3, NewRand(2))
	var zeros, ones int
	for _, v := range x {
		if v < 0 || v > 1 {
			t.Fatalf("value %v outside [0,1]", v)
		}
		if v == 0 {
			zeros++
		}
		if v == 1 {
			ones++
		}
	}
	// With std 3 most values leave [0,1] and are clipped to one end.
	if zeros < len(x)/4 || ones < len(x)/4 {
		t.Errorf("zeros = %d, ones = %d of %d; want at least a quarter each", zeros, ones, len(x))
	}
}

func TestGaussianZeroStdOnlyClips(t *testing.T) {
	x := []float64{-0.5, 0.25, 1.5, math.NaN()}
	Gaussian(x, 0, NewRand(3))
	if want := []float64{0, 0.25, 1, 0}; !slices.Equal(x, want) {
		t.Errorf("Gaussian(std=0) = %v, want %v", x, want)
	}
}

func TestInvalidArgumentsLeaveInputUnchanged(t *testing.T) {
	orig := []float64{0.1, 0.2, 0.3, 0.4}
	for name, f := range map[string]func([]float64){
		"Gaussian NaN":    func(x []float64) { Gaussian(x, math.NaN(), NewRand(1)) },
		"Gaussian -1":     func(x []float64) { Gaussian(x, -1, NewRand(1)) },
		"SaltPepper 1.5":  func(x []float64) { SaltPepper(x, 1.5, NewRand(1)) },
		"SaltPepper NaN":  func(x []float64) { SaltPepper(x, math.NaN(), NewRand(1)) },
		"Mask -0.1":       func(x []float64) { Mask(x, -0.1, NewRand(1)) },
		"Mask 0":          func(x []float64) { Mask(x, 0, NewRand(1)) },
		"SaltPepper 0":    func(x []float64) { SaltPepper(x, 0, NewRand(1)) },
		"Mask Inf":        func(x []float64) { Mask(x, math.Inf(1), NewRand(1)) },
		"Gaussian +Inf":   func(x []float64) { Gaussian(x, math.Inf(1), NewRand(1)) },
		"SaltPepper -Inf": func(x []float64) { SaltPepper(x, math.Inf(-1), NewRand(1)) },
	} {
		x := slices.Clone(orig)
		f(x)
		if !slices.Equal(x, orig) {
			t.Errorf("%s changed the input: %v", name, x)
		}
	}
}

func TestSaltPepperStatistics(t *testing.T) {
	const n = 200000
	for _, frac := range []float64{0.05, 0.3, 1} {
		x := fill[float32](n, 0.5)
		SaltPepper(x, frac, NewRand(4))
		var zeros, ones, same int
		for _, v := range x {
			switch v {
			case 0:
				zeros++
			case 1:
				ones++
			case 0.5:
				same++
			default:
				t.Fatalf("unexpected value %v", v)
			}
		}
		got := float64(zeros+ones) / n
		if math.Abs(got-frac) > 0.005 {
			t.Errorf("fraction %v: changed %v of the elements", frac, got)
		}
		if half := float64(zeros) / float64(zeros+ones); math.Abs(half-0.5) > 0.02 {
			t.Errorf("fraction %v: %v of the hits are 0, want about one half", frac, half)
		}
	}
}

func TestMaskStatistics(t *testing.T) {
	const n = 200000
	for _, frac := range []float64{0.1, 0.5, 1} {
		x := fill[float64](n, 0.7)
		Mask(x, frac, NewRand(5))
		var zeros int
		for _, v := range x {
			switch v {
			case 0:
				zeros++
			case 0.7:
			default:
				t.Fatalf("unexpected value %v", v)
			}
		}
		if got := float64(zeros) / n; math.Abs(got-frac) > 0.005 {
			t.Errorf("fraction %v: masked %v of the elements", frac, got)
		}
	}
}

func TestDeterminism(t *testing.T) {
	kernels := map[string]func([]float64, int64){
		"Gaussian":   func(x []float64, s int64) { Gaussian(x, 0.2, NewRand(s)) },
		"SaltPepper": func(x []float64, s int64) { SaltPepper(x, 0.2, NewRand(s)) },
		"Mask":       func(x []float64, s int64) { Mask(x, 0.2, NewRand(s)) },
	}
	for name, k := range kernels {
		a, b, c := fill[float64](1000, 0.5), fill[float64](1000, 0.5), fill[float64](1000, 0.5)
		k(a, 7)
		k(b, 7)
		k(c, 8)
		if !slices.Equal(a, b) {
			t.Errorf("%s: same seed gave different results", name)
		}
		if slices.Equal(a, c) {
			t.Errorf("%s: different seeds gave the same result", name)
		}
	}
}

// TestFloat32MatchesFloat64 checks that both element types draw the same
// random numbers, so a seed means the same corruption in ae and datasets.
func TestFloat32MatchesFloat64(t *testing.T) {
	a := fill[float64](500, 0.5)
	b := fill[float32](500, 0.5)
	Mask(a, 0.3, NewRand(9))
	Mask(b, 0.3, NewRand(9))
	for i := range a {
		if float32(a[i]) != b[i] {
			t.Fatalf("element %d: float64 %v, float32 %v", i, a[i], b[i])
		}
	}
}

func TestNamedFloatType(t *testing.T) {
	type pixel float32
	x := []pixel{0.5, 0.5, 0.5}
	Mask(x, 1, NewRand(1))
	if !slices.Equal(x, []pixel{0, 0, 0}) {
		t.Errorf("Mask(fraction=1) = %v, want all zero", x)
	}
}

func BenchmarkGaussianFloat32(b *testing.B) {
	x := fill[float32](256*784, 0.5)
	rng := NewRand(1)
	b.SetBytes(int64(4 * len(x)))
	for b.Loop() {
		Gaussian(x, 0.3, rng)
	}
}

func BenchmarkMaskFloat32(b *testing.B) {
	x := fill[float32](256*784, 0.5)
	rng := NewRand(1)
	b.SetBytes(int64(4 * len(x)))
	for b.Loop() {
		Mask(x, 0.3, rng)
	}
}
