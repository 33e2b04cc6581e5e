package datasets

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestCurve3D(t *testing.T) {
	x, tt, err := Curve3D(2000, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := x.Dims(); r != 2000 || c != 3 || len(tt) != 2000 {
		t.Fatalf("%d×%d and %d parameters", r, c, len(tt))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, v := range tt {
		if v < 0 || v >= 1 {
			t.Fatalf("t[%d] = %v outside [0, 1)", i, v)
		}
		// Without noise, every point lies on the knot at its t.
		th := 2 * math.Pi * v
		want := []float64{
			0.5 + (math.Sin(th)+2*math.Sin(2*th))/7.2,
			0.5 + (math.Cos(th)-2*math.Cos(2*th))/7.2,
			0.5 - math.Sin(3*th)/7.2,
		}
		for j := range 3 {
			got := x.At(i, j)
			if math.Abs(got-want[j]) > 1e-12 {
				t.Fatalf("point %d = %v, want %v", i, mat.Row(nil, i, x), want)
			}
			lo, hi = min(lo, got), max(hi, got)
		}
	}
	if lo < 0.08 || hi > 0.92 || hi-lo < 0.7 {
		t.Errorf("coordinates span [%v, %v], want most of [0.08, 0.92]", lo, hi)
	}
}

func TestCurve3DNoise(t *testing.T) {
	clean, t1, _ := Curve3D(5000, 0, 4)
	noisy, t2, err := Curve3D(5000, 0.05, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(t1, t2) {
		t.Fatal("the parameters t depend on the noise")
	}
	var d mat.Dense
	d.Sub(noisy, clean)
	if sd := mat.Norm(&d, 2) / math.Sqrt(3*5000); math.Abs(sd-0.05) > 0.003 {
		t.Errorf("noise std %v, want about 0.05", sd)
	}
	for _, v := range noisy.RawMatrix().Data {
		if v < 0 || v > 1 {
			t.Fatalf("coordinate %v outside [0, 1]", v)
		}
	}
	a, _, _ := Curve3D(100, 0.05, 9)
	b, _, _ := Curve3D(100, 0.05, 9)
	c, _, _ := Curve3D(100, 0.05, 10)
	if !mat.Equal(a, b) || mat.Equal(a, c) {
		t.Error("Curve3D is not deterministic for a seed, or ignores it")
	}
}

func TestCurve3DErrors(t *testing.T) {
	for _, tc := range []struct {
		n     int
		noise float64
		want  string
	}{
		{0, 0.1, "datasets: Curve3D: n = 0, want 1 <= n <= 10000000"},
		{-5, 0.1, "n = -5"},
		{maxSynthetic + 1, 0.1, "n = 10000001"},
		{10, -0.1, "datasets: Curve3D: noise std is -0.1"},
		{10, math.NaN(), "noise std is NaN"},
	} {
		_, _, err := Curve3D(tc.n, tc.noise, 1)
		checkErr(t, err, tc.want)
	}
}

func TestBlobs(t *testing.T) {
	s, outlier, err := Blobs(3000, 30, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.check("test"); err != nil {
		t.Fatal(err)
	}
	if s.Len() != 3030 || len(outlier) != 3030 || s.Shape != (Shape{C: 1, H: 1, W: 2}) || s.Name != "blobs" {
		t.Fatalf("%v with %d flags", s, len(outlier))
	}
	var count [3]int
	var nOut int
	var sum [3][2]float64
	for i, o := range outlier {
		p := s.Images.RawRowView(i)
		if p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1 {
			t.Fatalf("point %v outside [0, 1]²", p)
		}
		if o != (s.Labels[i] == -1) {
			t.Fatalf("row %d: outlier %v, label %d", i, o, s.Labels[i])
		}
		if o {
			nOut++
			if !farFromBlobs([2]float64{p[0], p[1]}) {
				t.Errorf("outlier %v is near a blob", p)
			}
			continue
		}
		l := s.Labels[i]
		count[l]++
		sum[l][0] += p[0]
		sum[l][1] += p[1]
	}
	if nOut != 30 {
		t.Errorf("%d outliers, want 30", nOut)
	}
	for l, c := range blobCentres {
		if count[l] < 900 {
			t.Errorf("blob %d has %d points", l, count[l])
		}
		mx, my := sum[l][0]/float64(count[l]), sum[l][1]/float64(count[l])
		if math.Hypot(mx-c[0], my-c[1]) > 0.01 {
			t.Errorf("blob %d centred at (%v, %v), want %v", l, mx, my, c)
		}
	}
	if slices.Equal(outlier[3000:], slices.Repeat([]bool{true}, 30)) {
		t.Error("outliers are all at the end")
	}
	a, _, _ := Blobs(50, 5, 2)
	b, _, _ := Blobs(50, 5, 2)
	c, _, _ := Blobs(50, 5, 3)
	if !mat.Equal(a.Images, b.Images) || mat.Equal(a.Images, c.Images) {
		t.Error("Blobs is not deterministic for a seed, or ignores it")
	}
	if s, o, err := Blobs(5, 0, 1); err != nil || s.Len() != 5 || slices.Contains(o, true) {
		t.Errorf("Blobs(5, 0): %v, %v, %v", s, o, err)
	}
}

func TestBlobsErrors(t *testing.T) {
	for _, tc := range []struct {
		n, out int
		want   string
	}{
		{0, 1, "datasets: Blobs: n = 0, want 1 <= n <= 10000000"},
		{10, -1, "datasets: Blobs: outliers = -1, want 0 <= outliers <= 10000000"},
		{maxSynthetic + 1, 0, "n = 10000001"},
	} {
		_, _, err := Blobs(tc.n, tc.out, 1)
		checkErr(t, err, tc.want)
	}
}
