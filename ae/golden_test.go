package ae

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"
)

// The PyTorch goldens: testdata/torch_golden.py builds each layer and each
// preset in PyTorch (float64) with weights from a shared hash, runs a fixed
// batch through it, and records what it computes; these tests build the same
// layers in aekit, fill them the same way, and compare. They pin the
// conventions learners compare with: padding, output padding, the layout of
// the weights, ceil-mode pooling, BatchNorm's statistics and momentum.

type goldenFile struct {
	Torch string       `json:"torch"`
	Cases []goldenCase `json:"cases"`
}

type goldenCase struct {
	Name      string  `json:"name"`
	Input     []int   `json:"input"`
	Batch     int     `json:"batch"`
	Loss      string  `json:"loss"`
	Salt      uint32  `json:"salt"`
	X         *string `json:"x"`
	Y         *string `json:"y"`
	Out       string  `json:"out"`
	LossValue float64 `json:"loss_value"`
	GradX     string  `json:"grad_x"`
	Params    []struct {
		Name  string    `json:"name"`
		Shape []int     `json:"shape"`
		Norm  float64   `json:"norm"`
		Sum   float64   `json:"sum"`
		Grad  *string   `json:"grad"`
		Head  []float64 `json:"head"`
	} `json:"params"`
	Running []struct {
		Mean string `json:"mean"`
		Var  string `json:"var"`
	} `json:"running"`
	EvalOut string `json:"eval_out"`
}

// hashU is torch_golden.py's u(k, salt): a value in [0, 1) both sides make
// exactly.
func hashU(k, salt uint32) float64 {
	h := k*2654435761 + salt*97531 + 12345
	return float64(h>>8) / (1 << 24)
}

func floats(t *testing.T, s string) []float64 {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(b)/4)
	for i := range out {
		out[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
	}
	return out
}

// goldenLayers returns aekit's layers for each case of torch_golden.py,
// by name.
func goldenLayers() map[string][]Layer {
	leaky2 := func(l Layer) Layer { return l.WithSlope(0.2) }
	convT := ConvTranspose2D(1, 2, 4, 2, Padding(1), Linear)
	convT.OutputPadding = 1
	torchBN := BatchNorm(5)
	torchBN.Momentum, torchBN.Eps = 0.1, 1e-5
	return map[string][]Layer{
		"conv same stride 1, relu":                  {Conv2D(2, 3, 3, 1, Same, ReLU)},
		"conv same stride 2 odd, leaky 0.2":         {leaky2(Conv2D(1, 4, 3, 2, Same, LeakyReLU))},
		"conv kernel 5 stride 3 padding 2, tanh":    {Conv2D(2, 2, 5, 3, Padding(2), Tanh)},
		"conv valid kernel 2, sigmoid, bce":         {Conv2D(3, 2, 2, 1, Valid, Sigmoid)},
		"convT same stride 2, sigmoid, bce":         {ConvTranspose2D(3, 2, 3, 2, Same, Sigmoid)},
		"convT padding 1 stride 2 odd, linear":      {ConvTranspose2D(2, 3, 3, 2, Padding(1), Linear)},
		"convT valid kernel 2 stride 1, leaky":      {ConvTranspose2D(2, 2, 2, 1, Valid, LeakyReLU)},
		"convT kernel 4 padding 1 output padding 1": {convT},
		"maxpool floor odd":                         {MaxPool2D(Valid)},
		"maxpool ceil odd":                          {MaxPool2D(Same)},
		"upsample nearest 2":                        {Upsample2D()},
		"batchnorm 2d keras defaults":               {BatchNorm(3)},
		"batchnorm 1d torch defaults":               {torchBN},
		"dense leaky 0.2":                           {leaky2(Dense(6, 4, LeakyReLU))},
		"flatten dense tanh":                        {Flatten(), Dense(18, 5, Tanh)},
		"dense unflatten conv sigmoid":              {Dense(4, 18, Linear), Unflatten(Shape{C: 2, H: 3, W: 3}), Conv2D(2, 1, 3, 1, Same, Sigmoid)},
	}
}

// fillTorch fills m's parameters and running statistics as torch_golden.py's
// fill does, visiting PyTorch's tensors in their order and layout.
func fillTorch(m *Model, salt uint32) {
	k := uint32(0)
	next := func() float64 { v := hashU(k, salt); k++; return v }
	for i := range m.layers {
		d := &m.layers[i]
		switch d.kind {
		case kindDense, kindConv, kindConvT:
			fan := d.In
			switch d.kind {
			case kindConv:
				fan = d.In * d.Kernel * d.Kernel
			case kindConvT:
				fan = d.Out * d.Kernel * d.Kernel
			}
			bound := 1 / math.Sqrt(float64(fan))
			if d.kind == kindDense { // PyTorch's weight is Out×In, aekit's In×Out
				for o := 0; o < d.Out; o++ {
					for in := 0; in < d.In; in++ {
						d.w[in*d.Out+o] = float32((2*next() - 1) * bound)
					}
				}
			} else {
				for j := range d.w {
					d.w[j] = float32((2*next() - 1) * bound)
				}
			}
			for j := range d.b {
				d.b[j] = float32((2*next() - 1) * bound)
			}
		case kindBatchNorm:
			for j := range d.w {
				d.w[j] = float32(0.8 + 0.4*next())
			}
			for j := range d.b {
				d.b[j] = float32(0.2*next() - 0.1)
			}
		}
	}
	for i := range m.layers {
		d := &m.layers[i]
		if d.kind == kindBatchNorm {
			for j := 0; j < d.In; j++ {
				d.run[j] = float32(0.2*next() - 0.1)
			}
			for j := 0; j < d.In; j++ {
				d.run[d.In+j] = float32(0.5 + next())
			}
		}
	}
}

// goldenModel builds the case's layers in aekit: a preset by its name, or
// the layers of goldenLayers as a plain stack (not an autoencoder).
func goldenModel(t *testing.T, c goldenCase) *Model {
	t.Helper()
	var in tensor
	if len(c.Input) == 1 {
		in = flatOf(c.Input[0])
	} else {
		in = tensor{Shape: Shape{C: c.Input[0], H: c.Input[1], W: c.Input[2]}}
	}
	presets := map[string]func(Shape, int64) (*Model, error){
		"PyImageSearchConv": PyImageSearchConv, "KerasBlogConv": KerasBlogConv, "TensorFlowDenoiser": TensorFlowDenoiser,
	}
	if f, ok := presets[c.Name]; ok {
		m, err := f(in.Shape, 1)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	layers, ok := goldenLayers()[c.Name]
	if !ok {
		t.Fatalf("no aekit layers for the golden case %q", c.Name)
	}
	m, _, err := plan(in, layers, len(layers))
	if err != nil {
		t.Fatal(err)
	}
	m.allocate()
	return m
}

// Tolerances, relative to the largest value of the quantity compared
// (outputs, input gradients, one parameter's gradients): aekit computes in
// float32 and PyTorch here in float64. The worst seen (TestTorchGoldens -v
// logs each case's) is 1.1e-6 without BatchNorm, so goldenTol leaves a
// margin of 18, while a wrong padding, offset or layout is off by percents.
// Through a BatchNorm the input gradient is a small difference of large
// terms, dx = γ/σ·(dy - mean(dy) - x̂·mean(dy·x̂)), the more so for small
// batches (3 values per feature in "batchnorm 1d"), and dy carries
// float32's rounding: the worst seen there is 3.4e-5, so models with a
// BatchNorm get bnTol (the worst with batches of 3 images of 4×4, the other
// BatchNorm case, is 6.9e-6). A loss is compared relative to itself (worst
// seen 6e-8).
const (
	goldenTol     = 2e-5
	bnTol         = 2e-4
	goldenLossTol = 1e-6
)

// worst tracks the largest scaled difference seen, for the log.
type worst struct {
	what string
	err  float64
}

func (w *worst) compare(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, PyTorch has %d", what, len(got), len(want))
		return
	}
	scale := 0.0
	for _, v := range want {
		scale = math.Max(scale, math.Abs(v))
	}
	if scale == 0 {
		scale = 1
	}
	for i, v := range want {
		e := math.Abs(float64(got[i])-v) / scale
		if e > w.err {
			w.what, w.err = fmt.Sprintf("%s [%d]", what, i), e
		}
		if e > tol {
			t.Errorf("%s [%d]: aekit %.8g, PyTorch %.8g: %.2g of the largest (%.3g) apart, more than %.0e", what, i, got[i], v, e, scale, tol)
			return
		}
	}
}

// torchGrads returns m's gradients in PyTorch's tensor order and layout:
// weight then bias for each layer, Dense weights transposed to Out×In.
func torchGrads(m *Model) [][]float32 {
	var out [][]float32
	for _, d := range m.layers {
		switch d.kind {
		case kindDense:
			w := make([]float32, len(d.gw))
			for o := 0; o < d.Out; o++ {
				for in := 0; in < d.In; in++ {
					w[o*d.In+in] = d.gw[in*d.Out+o]
				}
			}
			out = append(out, w, d.gb)
		case kindConv, kindConvT, kindBatchNorm:
			out = append(out, d.gw, d.gb)
		}
	}
	return out
}

func TestTorchGoldens(t *testing.T) {
	raw, err := os.ReadFile("testdata/torch_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var file goldenFile
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) != len(goldenLayers())+3 {
		t.Errorf("%d golden cases, want one per entry of goldenLayers and 3 presets", len(file.Cases))
	}
	overall := map[string]*worst{}
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			m := goldenModel(t, c)
			fillTorch(m, c.Salt)
			n := c.Batch
			in, out := m.InputSize(), m.outputSize()
			x := make([]float32, n*in)
			for k := range x {
				x[k] = float32(hashU(uint32(k), c.Salt+1))
			}
			if c.X != nil {
				(&worst{}).compare(t, "the input batch", x, floats(t, *c.X), 0)
			}
			y := x
			if c.Y != nil {
				y = make([]float32, n*out)
				for k := range y {
					y[k] = float32(hashU(uint32(k), c.Salt+2))
				}
				(&worst{}).compare(t, "the target", y, floats(t, *c.Y), 0)
			}
			loss := MSE
			if c.Loss == "bce" {
				loss = BCE
			}
			tol := goldenTol
			for _, d := range m.layers {
				if d.kind == kindBatchNorm {
					tol = bnTol
				}
			}
			// Evaluation mode first, with the running statistics as filled.
			w := &worst{}
			ws := m.newWorkspace(n, true)
			ws.gx = make([]float32, n*in)
			copy(ws.x, x)
			copy(ws.y, y)
			m.forward(ws, n, ws.x[:n*in], 0, len(m.layers), false, false)
			w.compare(t, "eval outputs", ws.acts[len(m.layers)-1][:n*out], floats(t, c.EvalOut), tol)
			// Then one training step.
			got := m.step(ws, n, loss, 0)
			if e := math.Abs(got-c.LossValue) / c.LossValue; e > goldenLossTol {
				t.Errorf("loss: aekit %.9g, PyTorch %.9g (%.2g apart relative)", got, c.LossValue, e)
			}
			w.compare(t, "outputs", ws.acts[len(m.layers)-1][:n*out], floats(t, c.Out), tol)
			w.compare(t, "input gradients", ws.gx, floats(t, c.GradX), tol)
			grads := torchGrads(m)
			if len(grads) != len(c.Params) {
				t.Fatalf("%d parameter tensors, PyTorch has %d", len(grads), len(c.Params))
			}
			for i, p := range c.Params {
				g := grads[i]
				what := "gradient of " + p.Name
				if p.Grad != nil {
					w.compare(t, what, g, floats(t, *p.Grad), tol)
					continue
				}
				// Large tensors: the first 16 values, the norm and the sum.
				w.compare(t, what+" (first 16)", g[:len(p.Head)], p.Head, tol)
				norm, sum, largest := 0.0, 0.0, 0.0
				for _, v := range g {
					norm += float64(v) * float64(v)
					sum += float64(v)
					largest = math.Max(largest, math.Abs(float64(v)))
				}
				if e := math.Abs(math.Sqrt(norm)-p.Norm) / p.Norm; e > tol {
					t.Errorf("%s: norm %.8g, PyTorch %.8g", what, math.Sqrt(norm), p.Norm)
				}
				if e := math.Abs(sum-p.Sum) / (largest * math.Sqrt(float64(len(g)))); e > tol {
					t.Errorf("%s: sum %.8g, PyTorch %.8g", what, sum, p.Sum)
				}
			}
			bn := 0
			for _, d := range m.layers {
				if d.kind != kindBatchNorm {
					continue
				}
				if bn >= len(c.Running) {
					t.Fatal("more BatchNorm layers than PyTorch has")
				}
				w.compare(t, "running mean", d.run[:d.In], floats(t, c.Running[bn].Mean), tol)
				w.compare(t, "running variance", d.run[d.In:], floats(t, c.Running[bn].Var), tol)
				bn++
			}
			overall[c.Name] = w
			t.Logf("worst: %s, %.2g of the largest", w.what, w.err)
		})
	}
}
