package ae

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestInitialize(t *testing.T) {
	m, _ := NewSymmetric([]int{784, 1000, 500, 250, 30}, ReLU, Linear, Sigmoid, 7)
	fresh := append([]float32(nil), m.params...)
	if err := m.Initialize(HeInit, 7); err != nil {
		t.Fatal(err)
	}
	for l, d := range m.layers {
		gain := 1.0
		if d.Act == ReLU {
			gain = math.Sqrt2
		}
		bound := gain * math.Sqrt(3/float64(d.In))
		sum2, worst := 0.0, 0.0
		for _, w := range d.w {
			sum2 += float64(w) * float64(w)
			worst = math.Max(worst, math.Abs(float64(w)))
		}
		std := math.Sqrt(sum2 / float64(len(d.w)))
		if worst > bound || math.Abs(std-bound/math.Sqrt(3)) > 0.02*bound {
			t.Errorf("layer %d (%v): weights up to %.4g with std %.4g; want within ±%.4g, std %.4g", l, d.Layer, worst, std, bound, bound/math.Sqrt(3))
		}
		for _, b := range d.b {
			if b != 0 {
				t.Fatalf("layer %d: a bias is %v after HeInit, want 0", l, b)
			}
		}
	}
	// The size of a signal: after seven ReLU layers of PyTorch's default it
	// is a small fraction of its start; He's keeps it.
	x := mat.NewDense(64, 784, float64s(randomData(64, 784, 3)))
	size := func(m *Model) float64 {
		code, err := m.Encode(x)
		if err != nil {
			t.Fatal(err)
		}
		return mat.Norm(code, 2) / math.Sqrt(64*30)
	}
	he := size(m)
	if err := m.Initialize(PyTorchInit, 7); err != nil {
		t.Fatal(err)
	}
	for k := range fresh {
		if m.params[k] != fresh[k] {
			t.Fatalf("Initialize(PyTorchInit, 7) differs from New's weights at %s", paramName(m, k))
		}
	}
	torch := size(m)
	t.Logf("root mean square of the codes: %.3g with PyTorch's initialisation, %.3g with He's", torch, he)
	if !(he > 5*torch) {
		t.Errorf("codes' size %.3g with HeInit, %.3g with PyTorchInit: want He's far larger", he, torch)
	}
	if err := m.Initialize(Init(5), 1); err == nil || !strings.Contains(err.Error(), "unknown Init 5") {
		t.Errorf("Initialize(Init(5)) gave %v", err)
	}
	if i, err := ParseInit("He"); err != nil || i != HeInit || i.String() != "he" {
		t.Errorf("ParseInit(He) = %v, %v", i, err)
	}
}
