package ae

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// PCA's reconstruction error is the variance it leaves out: the sum of the
// discarded eigenvalues. And its directions agree with gonum's stat.PC.
// FitPCA forms the covariance in float32 chunks, so agreement is to about
// 1e-6 relative, not to float64's last digits.
func TestPCAAgreesWithTheory(t *testing.T) {
	x := lowRank(3000, 16, 4, 0.05, 12) // more rows than one chunk
	n, d := x.Dims()
	const k = 3
	p, err := FitPCA(x, k)
	if err != nil {
		t.Fatal(err)
	}
	var pc stat.PC
	if !pc.PrincipalComponents(x, nil) {
		t.Fatal("stat.PC failed")
	}
	vars := pc.VarsTo(nil)
	left := 0.0
	for _, v := range vars[k:] {
		left += v
	}
	xr, _ := p.Reconstruct(x)
	mse, _ := MSE.Mean(x, xr)
	// MSE·d·n/(n-1) is the discarded variance per row.
	got := mse * float64(d) * float64(n) / float64(n-1)
	if math.Abs(got-left) > 1e-6*left {
		t.Errorf("reconstruction error %.12g, discarded variance %.12g", got, left)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	comps := p.Components()
	for c := 0; c < k; c++ {
		dot := 0.0
		for j := 0; j < d; j++ {
			dot += comps.At(c, j) * vecs.At(j, c)
		}
		if math.Abs(math.Abs(dot)-1) > 1e-6 {
			t.Errorf("component %d: |cosine| with stat.PC's is %v, want 1", c, math.Abs(dot))
		}
	}
	ev := p.ExplainedVariance()
	total := 0.0
	for _, v := range vars {
		total += v
	}
	if math.Abs(ev[0]-vars[0]/total) > 1e-6*ev[0] {
		t.Errorf("explained variance %v, stat.PC gives %v", ev[0], vars[0]/total)
	}
}

func TestPCAErrors(t *testing.T) {
	x := lowRank(10, 5, 2, 0, 1)
	for _, c := range []struct {
		x    *mat.Dense
		k    int
		want string
	}{
		{nil, 1, "ae: FitPCA: x is nil"},
		{mat.NewDense(1, 5, nil), 1, "ae: FitPCA: x is 1×5; need at least 2 rows"},
		{x, 0, "ae: FitPCA: k is 0, want 1 to 5 (the number of columns)"},
		{x, 6, "ae: FitPCA: k is 6, want 1 to 5 (the number of columns)"},
	} {
		if _, err := FitPCA(c.x, c.k); err == nil || err.Error() != c.want {
			t.Errorf("FitPCA gave %v, want %q", err, c.want)
		}
	}
	p, _ := FitPCA(x, 2)
	if _, err := p.Encode(mat.NewDense(3, 4, nil)); err == nil || err.Error() != "ae: PCA.Encode: the input is 3×4, but the model takes rows of 5 values" {
		t.Errorf("Encode of the wrong width gave %v", err)
	}
	if _, err := p.Decode(mat.NewDense(3, 3, nil)); err == nil {
		t.Error("Decode of 3-value codes by a 2-component PCA succeeded")
	}
}
