package ae

import (
	"math"
	"reflect"
	"testing"
)

func TestThresholds(t *testing.T) {
	scores := []float64{5, 1, 4, 2, 3}
	for _, c := range []struct{ q, want float64 }{{0, 1}, {1, 5}, {0.5, 3}, {0.9, 4.6}} {
		if got, err := QuantileThreshold(scores, c.q); err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("QuantileThreshold(q=%v) = %v, %v; want %v", c.q, got, err, c.want)
		}
	}
	if got, _ := MeanStdThreshold(scores, 1); math.Abs(got-(3+math.Sqrt2)) > 1e-12 {
		t.Errorf("MeanStdThreshold = %v, want 3+√2", got)
	}
	if _, err := QuantileThreshold(nil, 0.5); err == nil {
		t.Error("QuantileThreshold of no scores succeeded")
	}
	if _, err := QuantileThreshold(scores, 1.5); err == nil {
		t.Error("QuantileThreshold with q = 1.5 succeeded")
	}
	if _, err := MeanStdThreshold([]float64{1, math.NaN()}, 1); err == nil {
		t.Error("MeanStdThreshold with a NaN score succeeded")
	}
	if got := Flag(scores, 3); !reflect.DeepEqual(got, []bool{true, false, true, false, false}) {
		t.Errorf("Flag = %v", got)
	}
	if got := TopK(scores, 2); !reflect.DeepEqual(got, []int{0, 2}) {
		t.Errorf("TopK = %v, want [0 2]", got)
	}
}

func TestPrecisionRecall(t *testing.T) {
	flagged := []bool{true, true, false, false, true}
	truth := []bool{true, false, true, false, true}
	p, r, err := PrecisionRecall(flagged, truth)
	if err != nil || p != 2.0/3 || r != 2.0/3 {
		t.Errorf("PrecisionRecall = %v, %v, %v; want 2/3, 2/3", p, r, err)
	}
	p, _, _ = PrecisionRecall(make([]bool, 5), truth)
	if !math.IsNaN(p) {
		t.Errorf("precision with nothing flagged = %v, want NaN", p)
	}
	if _, _, err := PrecisionRecall(flagged, truth[:4]); err == nil {
		t.Error("PrecisionRecall with lengths 5 and 4 succeeded")
	}
}

func TestNames(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{ReLU.String(), "relu"}, {Activation(9).String(), "Activation(9)"},
		{BCE.String(), "bce"}, {Loss(-1).String(), "Loss(-1)"},
		{SGD.String(), "sgd"}, {Optimizer(5).String(), "Optimizer(5)"},
	} {
		if c.got != c.want {
			t.Errorf("String() = %q, want %q", c.got, c.want)
		}
	}
	if a, err := ParseActivation("LeakyReLU"); err != nil || a != LeakyReLU {
		t.Errorf("ParseActivation(LeakyReLU) = %v, %v", a, err)
	}
	if _, err := ParseLoss("hinge"); err == nil || err.Error() != `ae: unknown loss "hinge" (want one of mse, bce, mae)` {
		t.Errorf("ParseLoss(hinge) error %v", err)
	}
	if o, err := ParseOptimizer("ADAM"); err != nil || o != Adam {
		t.Errorf("ParseOptimizer(ADAM) = %v, %v", o, err)
	}
}
