package datasets

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// flat returns an r×c matrix of v.
func flat(r, c int, v float64) *mat.Dense {
	x := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			x.Set(i, j, v)
		}
	}
	return x
}

type noiseFunc func(*mat.Dense, float64, int64) (*mat.Dense, error)

var noiseFuncs = map[string]noiseFunc{"Gaussian": Gaussian, "SaltPepper": SaltPepper, "Mask": Mask}

func TestNoiseLeavesInputAndDeterminism(t *testing.T) {
	for name, f := range noiseFuncs {
		x := flat(20, 50, 0.5)
		a, err := f(x, 0.3, 1)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !mat.Equal(x, flat(20, 50, 0.5)) {
			t.Errorf("%s changed its input", name)
		}
		if r, c := a.Dims(); r != 20 || c != 50 {
			t.Errorf("%s: %d×%d, want 20×50", name, r, c)
		}
		b, _ := f(x, 0.3, 1)
		c, _ := f(x, 0.3, 2)
		if !mat.Equal(a, b) {
			t.Errorf("%s: same seed, different noise", name)
		}
		if mat.Equal(a, c) {
			t.Errorf("%s: different seeds, same noise", name)
		}
		for _, v := range a.RawMatrix().Data {
			if v < 0 || v > 1 {
				t.Fatalf("%s: value %v outside [0, 1]", name, v)
			}
		}
	}
}

// TestNoiseOnView checks a matrix whose stride is wider than its rows.
func TestNoiseOnView(t *testing.T) {
	big := flat(10, 10, 0.5)
	view := big.Slice(2, 6, 3, 7).(*mat.Dense)
	m, err := Mask(view, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(m, mat.NewDense(4, 4, nil)) {
		t.Errorf("Mask(view, 1) = %v, want zeros", mat.Formatted(m))
	}
	if !mat.Equal(big, flat(10, 10, 0.5)) {
		t.Error("Mask changed the matrix behind the view")
	}
}

func TestNoiseStatistics(t *testing.T) {
	x := flat(100, 784, 0.5)
	n := 100.0 * 784
	sp, err := SaltPepper(x, 0.2, 3)
	if err != nil {
		t.Fatal(err)
	}
	var salt, pepper float64
	for _, v := range sp.RawMatrix().Data {
		switch v {
		case 0:
			pepper++
		case 1:
			salt++
		}
	}
	if got := (salt + pepper) / n; math.Abs(got-0.2) > 0.01 {
		t.Errorf("SaltPepper(0.2) changed %v of the pixels", got)
	}
	if math.Abs(salt-pepper) > 0.1*(salt+pepper) {
		t.Errorf("SaltPepper: %v salt, %v pepper", salt, pepper)
	}
	m, _ := Mask(x, 0.35, 3)
	var zeros float64
	for _, v := range m.RawMatrix().Data {
		if v == 0 {
			zeros++
		}
	}
	if got := zeros / n; math.Abs(got-0.35) > 0.01 {
		t.Errorf("Mask(0.35) zeroed %v of the pixels", got)
	}
	g, _ := Gaussian(x, 0.1, 3)
	var diff mat.Dense
	diff.Sub(g, x)
	sd := mat.Norm(&diff, 2) / math.Sqrt(n)
	if math.Abs(sd-0.1) > 0.003 {
		t.Errorf("Gaussian(0.1): std of the noise %v", sd)
	}
}

func TestNoiseErrors(t *testing.T) {
	x := flat(2, 2, 0.5)
	withNaN := flat(2, 2, 0.5)
	withNaN.Set(1, 0, math.NaN())
	withInf := flat(2, 2, 0.5)
	withInf.Set(0, 1, math.Inf(-1))
	for _, tc := range []struct {
		f    string
		x    *mat.Dense
		arg  float64
		want string
	}{
		{"Gaussian", x, -1, "datasets: Gaussian: std is -1, want std >= 0"},
		{"Gaussian", x, math.NaN(), "Gaussian: std is NaN"},
		{"Gaussian", x, math.Inf(1), "Gaussian: std is +Inf"},
		{"SaltPepper", x, 1.5, "datasets: SaltPepper: fraction is 1.5, want a number in [0, 1]"},
		{"Mask", x, -0.1, "datasets: Mask: fraction is -0.1"},
		{"Mask", x, math.NaN(), "Mask: fraction is NaN"},
		{"Mask", nil, 0.1, "datasets: Mask: x is empty"},
		{"Gaussian", &mat.Dense{}, 0.1, "datasets: Gaussian: x is empty"},
		{"SaltPepper", withNaN, 0.1, "datasets: SaltPepper: x[1, 0] is NaN"},
		{"Gaussian", withInf, 0.1, "datasets: Gaussian: x[0, 1] is -Inf"},
	} {
		_, err := noiseFuncs[tc.f](tc.x, tc.arg, 1)
		checkErr(t, err, tc.want)
	}
}

func TestNoiseZero(t *testing.T) {
	x := flat(3, 3, 0.25)
	for name, f := range noiseFuncs {
		y, err := f(x, 0, 1)
		if err != nil || !mat.Equal(x, y) {
			t.Errorf("%s(0) = %v, %v; want an unchanged copy", name, y, err)
		}
	}
}
