package ae

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestAUCPerfectReversedRandom(t *testing.T) {
	scores := []float64{0.1, 0.2, 0.3, 0.8, 0.9}
	pos := []bool{false, false, false, true, true}
	rev := []bool{true, true, false, false, false}
	if a, err := AUC(scores, pos); err != nil || a != 1 {
		t.Errorf("perfect AUC = %v, %v", a, err)
	}
	if a, _ := AUC(scores, rev); a != 0 {
		t.Errorf("reversed AUC = %v", a)
	}
	if a, _ := AUC([]float64{1, 1, 1, 1}, []bool{true, false, true, false}); a != 0.5 {
		t.Errorf("all tied AUC = %v, want 0.5", a)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	n := 20000
	s, p := make([]float64, n), make([]bool, n)
	for i := range s {
		s[i], p[i] = rng.Float64(), rng.IntN(10) == 0
	}
	if a, _ := AUC(s, p); math.Abs(a-0.5) > 0.02 {
		t.Errorf("random scores: AUC = %v, want about 0.5", a)
	}
}

// TestAUCIsAreaUnderROC checks the rank formula against the trapezoids
// under the curve ROC returns, and the pair count of its definition.
func TestAUCIsAreaUnderROC(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for trial := 0; trial < 50; trial++ {
		n := 2 + rng.IntN(40)
		s, p := make([]float64, n), make([]bool, n)
		for i := range s {
			s[i] = float64(rng.IntN(6)) // ties
			p[i] = rng.IntN(3) == 0
		}
		p[0], p[1] = true, false
		a, err := AUC(s, p)
		if err != nil {
			t.Fatal(err)
		}
		fpr, tpr, err := ROC(s, p)
		if err != nil {
			t.Fatal(err)
		}
		area := 0.0
		for i := 1; i < len(fpr); i++ {
			if fpr[i] < fpr[i-1] || tpr[i] < tpr[i-1] {
				t.Fatalf("ROC goes backwards: %v %v", fpr, tpr)
			}
			area += (fpr[i] - fpr[i-1]) * (tpr[i] + tpr[i-1]) / 2
		}
		pairs, wins := 0.0, 0.0
		for i := range s {
			for j := range s {
				if p[i] && !p[j] {
					pairs++
					switch {
					case s[i] > s[j]:
						wins++
					case s[i] == s[j]:
						wins += 0.5
					}
				}
			}
		}
		if math.Abs(a-area) > 1e-12 || math.Abs(a-wins/pairs) > 1e-12 {
			t.Fatalf("AUC %v, area under ROC %v, pair count %v", a, area, wins/pairs)
		}
		last := len(fpr) - 1
		if fpr[0] != 0 || tpr[0] != 0 || fpr[last] != 1 || tpr[last] != 1 {
			t.Fatalf("ROC runs from (%v, %v) to (%v, %v)", fpr[0], tpr[0], fpr[last], tpr[last])
		}
	}
}

func TestROCErrors(t *testing.T) {
	for _, c := range []struct {
		s    []float64
		p    []bool
		want string
	}{
		{nil, nil, "scores is empty"},
		{[]float64{1, 2}, []bool{true}, "2 scores but 1 positives"},
		{[]float64{1, math.NaN()}, []bool{true, false}, "scores[1] is NaN"},
		{[]float64{1, 2}, []bool{false, false}, "positives has no true value"},
		{[]float64{1, 2}, []bool{true, true}, "positives is all true"},
	} {
		if _, _, err := ROC(c.s, c.p); err == nil || !strings.Contains(err.Error(), "ae: ROC: "+c.want) {
			t.Errorf("ROC: %v, want %q", err, c.want)
		}
		if _, err := AUC(c.s, c.p); err == nil || !strings.Contains(err.Error(), "ae: AUC: "+c.want) {
			t.Errorf("AUC: %v, want %q", err, c.want)
		}
	}
}
