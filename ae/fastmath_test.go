package ae

import (
	"math"
	"testing"
)

func TestFastMathAccuracy(t *testing.T) {
	worst := func(name string, lo, hi float64, f func(float32) float32, ref func(float64) float64, tol float64) {
		t.Helper()
		maxRel := 0.0
		for i := 0; i <= 200000; i++ {
			x := float32(lo + (hi-lo)*float64(i)/200000)
			got, want := float64(f(x)), ref(float64(x))
			rel := math.Abs(got-want) / math.Max(math.Abs(want), 1e-30)
			if rel > maxRel {
				maxRel = rel
			}
		}
		if maxRel > tol {
			t.Errorf("%s: worst relative error %.3g on [%g, %g], want ≤ %g", name, maxRel, lo, hi, tol)
		}
	}
	worst("exp32", -87, 88, exp32, math.Exp, 4e-7)
	worst("log1p32", 0, 1, log1p32, math.Log1p, 4e-7)
	worst("log32", 1e-30, 1e30, log32, math.Log, 4e-7)
	worst("log32 near 1", 0.5, 2, log32, math.Log, 4e-7)
	if exp32(-100) != 0 || !math.IsInf(float64(exp32(100)), 1) {
		t.Errorf("exp32 limits: exp32(-100)=%v exp32(100)=%v", exp32(-100), exp32(100))
	}
}
