package ae

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

var digitShape = Shape{C: 1, H: 28, W: 28}

// TestBadLayers: every mistake of the list, and a few more, is an
// error that names the layer and both shapes.
func TestBadLayers(t *testing.T) {
	img := func(c, h, w int) Shape { return Shape{C: c, H: h, W: w} }
	withOutPad := func(l Layer, p int) Layer { l.OutputPadding = p; return l }
	cases := []struct {
		name     string
		input    Shape
		enc, dec []Layer
		want     string
	}{
		{"kernel larger than the padded input", img(1, 3, 3),
			[]Layer{Conv2D(1, 2, 5, 1, Valid, ReLU)}, []Layer{Dense(2, 9, Sigmoid)},
			"ae: NewConv: encoder layer 1 (Conv2D) has a 5×5 kernel, larger than its padded input: the input is 3×3, padded by 0 to 3×3"},
		{"kernel larger than a padded feature map", digitShape,
			[]Layer{Conv2D(1, 2, 3, 2, Same, ReLU), MaxPool2D(Valid), MaxPool2D(Valid), MaxPool2D(Valid), Conv2D(2, 2, 5, 1, Padding(1), ReLU)}, []Layer{Flatten(), Dense(2, 784, Sigmoid)},
			"encoder layer 5 (Conv2D) has a 5×5 kernel, larger than its padded input: encoder layer 4 (MaxPool2D) outputs 1×1, padded by 1 to 3×3"},
		{"stride 0", digitShape,
			[]Layer{Conv2D(1, 2, 3, 0, Same, ReLU)}, []Layer{Dense(2, 784, Sigmoid)},
			"encoder layer 1 (Conv2D): Conv2D(1 → 2, 3×3, stride 0, same, relu) has stride 0, want 1 to 64"},
		{"channels that do not match", digitShape,
			[]Layer{Conv2D(1, 8, 3, 2, Same, ReLU), Conv2D(16, 8, 3, 2, Same, ReLU)}, []Layer{Flatten(), Dense(392, 784, Sigmoid)},
			"encoder layer 2 (Conv2D) takes 16 channels but encoder layer 1 (Conv2D) outputs 8×14×14"},
		{"channels that do not match in the decoder", digitShape,
			[]Layer{Conv2D(1, 8, 3, 2, Same, ReLU)}, []Layer{ConvTranspose2D(8, 8, 3, 2, Same, ReLU), Conv2D(16, 1, 3, 1, Same, Sigmoid)},
			"decoder layer 2 (Conv2D) takes 16 channels but decoder layer 1 (ConvTranspose2D) outputs 8×28×28"},
		{"input channels", Shape{C: 3, H: 28, W: 28},
			[]Layer{Conv2D(1, 8, 3, 2, Same, ReLU)}, []Layer{ConvTranspose2D(8, 3, 3, 2, Same, Sigmoid)},
			"encoder layer 1 (Conv2D) takes 1 channels but the input is 3×28×28"},
		{"a transposed convolution that cannot reach the input's size", digitShape,
			[]Layer{Conv2D(1, 4, 3, 2, Same, ReLU)}, []Layer{ConvTranspose2D(4, 1, 3, 2, Valid, Sigmoid)},
			"the decoder outputs 1×29×29 but the input is 1×28×28: decoder layer 1 (ConvTranspose2D) makes 29×29 from 14×14 (kernel 3, stride 2, padding 0) plus an output padding of 0 to 1, which cannot reach 28×28"},
		{"a transposed convolution one pixel short", digitShape,
			[]Layer{Conv2D(1, 4, 3, 2, Same, ReLU)}, []Layer{ConvTranspose2D(4, 1, 3, 2, Padding(1), Sigmoid)},
			"the decoder outputs 1×27×27 but the input is 1×28×28: set decoder layer 1 (ConvTranspose2D)'s OutputPadding to 1"},
		{"output padding not below the stride", digitShape,
			[]Layer{Conv2D(1, 4, 3, 2, Same, ReLU)}, []Layer{withOutPad(ConvTranspose2D(4, 1, 3, 2, Padding(1), Sigmoid), 2)},
			"has OutputPadding 2, want 0 ≤ OutputPadding < Stride (2)"},
		{"a Dense layer after a stack whose flattened size differs", digitShape,
			[]Layer{Conv2D(1, 64, 3, 4, Same, ReLU), Flatten(), Dense(3000, 16, Linear)}, []Layer{Dense(16, 784, Sigmoid)},
			"encoder layer 3 (Dense) takes 3000 values but encoder layer 2 (Flatten) outputs 3136"},
		{"a Dense layer straight after a convolution", digitShape,
			[]Layer{Conv2D(1, 64, 3, 4, Same, ReLU), Dense(3000, 16, Linear)}, []Layer{Dense(16, 784, Sigmoid)},
			"encoder layer 2 (Dense) takes 3000 values but encoder layer 1 (Conv2D) outputs 64×7×7 = 3136 when flattened"},
		{"a convolution after a Dense layer", digitShape,
			[]Layer{Flatten(), Dense(784, 16, Linear)}, []Layer{Conv2D(16, 1, 3, 1, Same, Sigmoid)},
			"decoder layer 1 (Conv2D) takes images but encoder layer 2 (Dense) outputs 16 flat values: put ae.Unflatten(ae.Shape{C: …, H: …, W: …}) before it"},
		{"Unflatten of the wrong size", digitShape,
			[]Layer{Flatten(), Dense(784, 16, Linear)}, []Layer{Dense(16, 392, ReLU), Unflatten(Shape{C: 8, H: 8, W: 8}), ConvTranspose2D(8, 1, 3, 4, Same, Sigmoid)},
			"decoder layer 2 (Unflatten) makes 8×8×8 = 512 values but decoder layer 1 (Dense) outputs 392"},
		{"BatchNorm of the wrong channel count", digitShape,
			[]Layer{Conv2D(1, 8, 3, 2, Same, ReLU), BatchNorm(16)}, []Layer{ConvTranspose2D(8, 1, 3, 2, Same, Sigmoid)},
			"encoder layer 2 (BatchNorm) normalises 16 channels but encoder layer 1 (Conv2D) outputs 8×14×14"},
		{"Same padding with an even kernel", digitShape,
			[]Layer{Conv2D(1, 8, 4, 2, Same, ReLU)}, []Layer{ConvTranspose2D(8, 1, 3, 2, Same, Sigmoid)},
			"Same padding needs an odd kernel; give ae.Padding(n) pixels instead"},
		{"pooling with padding", digitShape,
			[]Layer{MaxPool2D(Padding(1))}, []Layer{Upsample2D()},
			"a max pooling layer takes Valid (round down) or Same (ceil mode), not padding 1"},
		{"a negative LeakyReLU slope", digitShape,
			[]Layer{Conv2D(1, 8, 3, 2, Same, LeakyReLU).WithSlope(-0.2)}, []Layer{ConvTranspose2D(8, 1, 3, 2, Same, Sigmoid)},
			"has LeakyReLU slope -0.2, want 0 < slope < 1"},
		{"an activation on a pooling layer", digitShape,
			[]Layer{{kind: kindMaxPool, Act: ReLU}}, []Layer{Upsample2D()},
			"takes no activation (it has relu)"},
		{"a bad input shape", Shape{C: 0, H: 28, W: 28},
			[]Layer{Conv2D(1, 8, 3, 2, Same, ReLU)}, []Layer{ConvTranspose2D(8, 1, 3, 2, Same, Sigmoid)},
			"ae: NewConv: input: Shape{C: 0, H: 28, W: 28} has C = 0, want at least 1 (C: 1 for grey images)"},
		{"only reshapes", digitShape,
			[]Layer{Flatten()}, []Layer{Unflatten(digitShape)},
			"no layer computes anything"},
	}
	for _, c := range cases {
		_, err := NewConv(c.input, c.enc, c.dec, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v\nwant an error containing %q", c.name, err, c.want)
		}
	}
	if _, err := New([]Layer{Conv2D(1, 8, 3, 2, Same, ReLU)}, []Layer{ConvTranspose2D(8, 1, 3, 2, Same, Sigmoid)}, 1); err == nil ||
		!strings.Contains(err.Error(), "ae: New: encoder layer 1 (Conv2D) does not say what the input is: build the model with ae.NewConv(shape, encoder, decoder, seed)") {
		t.Errorf("New with a convolution first: %v", err)
	}
}

// TestBadRows: a row that is not C×H×W values, and BatchNorm trained on a
// batch of one.
func TestBadRows(t *testing.T) {
	m, err := PyImageSearchConv(digitShape, 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	x := mat.NewDense(10, 784, nil)
	cases := []struct {
		name string
		err  func() error
		want string
	}{
		{"rows of the wrong length", func() error { _, err := m.Fit(ctx, mat.NewDense(10, 700, nil), Options{}); return err },
			"ae: Fit: x is 10×700, but the model takes rows of 784 values: 1×28×28 images (C×H×W, channels first)"},
		{"Reconstruct on rows of the wrong length", func() error { _, err := m.Reconstruct(mat.NewDense(2, 28, nil)); return err },
			"ae: Reconstruct: the input is 2×28, but the model takes rows of 784 values: 1×28×28 images"},
		{"Decode on codes of the wrong length", func() error { _, err := m.Decode(mat.NewDense(2, 32, nil)); return err },
			"ae: Decode: the input is 2×32, but the model takes rows of 16 values"},
		{"validation rows of the wrong length", func() error {
			_, err := m.Fit(ctx, x, Options{Validation: mat.NewDense(3, 785, nil)})
			return err
		}, "ae: Fit: Options.Validation is 3×785, but the model takes rows of 784 values: 1×28×28 images"},
		{"BatchNorm on batches of one", func() error { _, err := m.Fit(ctx, x, Options{BatchSize: 1}); return err },
			"ae: Fit: Options.BatchSize is 1, but encoder layer 2 (BatchNorm) computes the statistics of each batch and needs at least 2 rows"},
		{"BatchNorm on one row", func() error { _, err := m.Fit(ctx, mat.NewDense(1, 784, nil), Options{}); return err },
			"ae: Fit: x has 1 row, but encoder layer 2 (BatchNorm) computes the statistics of each batch and needs at least 2 rows"},
		{"BatchNorm on a last batch of one", func() error { _, err := m.Fit(ctx, x, Options{BatchSize: 3}); return err },
			"ae: Fit: the last batch of each epoch would have 1 row (10 rows in batches of 3), but encoder layer 2 (BatchNorm) needs at least 2 rows a batch"},
		{"Weights of a pooling layer", func() error {
			k, _ := KerasBlogConv(digitShape, 1)
			_, err := k.Weights(1)
			return err
		}, "ae: Weights: layer 1, encoder layer 2 (MaxPool2D), has no weights"},
		{"KernelShape of a Dense layer", func() error { _, err := m.KernelShape(5); return err },
			"ae: KernelShape: layer 5 is a Dense, not a convolution"},
		{"Channel out of range", func() error { _, err := Channel(mat.NewDense(2, 784, nil), digitShape, 1); return err },
			"ae: Channel: channel 1 does not exist (the shape 1×28×28 has channels 0 to 0)"},
		{"Channels of a matrix of another shape", func() error { _, err := Channels(mat.NewDense(2, 700, nil), digitShape, 0); return err },
			"ae: Channels: maps is 2×700, but shape 1×28×28 makes rows of 784 values"},
	}
	for _, c := range cases {
		if err := c.err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v\nwant an error containing %q", c.name, err, c.want)
		}
	}
}

// digits returns n rows of 784 values near a 6-dimensional plane, in
// [0, 1]: images enough for the mechanics (mnist_conv_test.go trains on
// real digits).
func digits(n int, seed uint64) *mat.Dense { return lowRank(n, 784, 6, 0.02, seed) }

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// TestConvFitEverything trains a convolutional model with every option of
// Fit: noise, a separate target, validation, callbacks, and repeats it bit
// for bit from the same seeds.
func TestConvFitEverything(t *testing.T) {
	x := digits(90, 1)
	clean := digits(90, 2)
	val := digits(30, 3)
	run := func() (*Model, *History, int) {
		m, err := PyImageSearchConv(digitShape, 7)
		if err != nil {
			t.Fatal(err)
		}
		batches := 0
		h, err := m.Fit(context.Background(), x, Options{Epochs: 2, BatchSize: 16, Seed: 3, Target: clean,
			Validation: val, Corrupt: Corruption{Gaussian: 0.2, SaltPepper: 0.05},
			OnBatch: func(epoch, batch, of int, loss float64) { batches++ }})
		if err != nil {
			t.Fatal(err)
		}
		return m, h, batches
	}
	m1, h1, batches := run()
	m2, h2, _ := run()
	if batches != 2*6 {
		t.Errorf("OnBatch was called %d times, want 12", batches)
	}
	if !equal32(m1.params, m2.params) || !equal32(m1.state, m2.state) ||
		!equalFloats(h1.Train, h2.Train) || !equalFloats(h1.Validation, h2.Validation) {
		t.Error("the same seeds gave different models")
	}
	if h1.Epochs() != 2 || math.IsNaN(h1.LastValidation()) {
		t.Errorf("history %v", h1)
	}
	// Encode then Decode is Reconstruct; each row's reconstruction does
	// not depend on the other rows (inference uses the running
	// statistics).
	codes, err := m1.Encode(val)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := codes.Dims(); r != 30 || c != 16 {
		t.Errorf("codes are %d×%d", r, c)
	}
	a, _ := m1.Decode(codes)
	b, _ := m1.Reconstruct(val)
	if !mat.EqualApprox(a, b, 1e-6) {
		t.Error("Decode(Encode(x)) differs from Reconstruct(x)")
	}
	one, _ := m1.Reconstruct(val.Slice(4, 5, 0, 784).(*mat.Dense))
	if !mat.EqualApprox(one, b.Slice(4, 5, 0, 784), 1e-6) {
		t.Error("a row's reconstruction depends on the rows beside it")
	}
	scores, err := MSE.Errors(val, b)
	if err != nil || len(scores) != 30 {
		t.Fatalf("scores %v, %v", scores, err)
	}
	// Save and Load keep the running statistics.
	var buf bytes.Buffer
	if err := m1.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := back.Reconstruct(val)
	if !mat.Equal(b, c) {
		t.Error("a loaded model reconstructs differently")
	}
}

// TestConvFitStopsWithinABatch: a cancelled context stops a convolutional
// model's training after the batch that saw it, and the model stays usable.
func TestConvFitStopsWithinABatch(t *testing.T) {
	x := digits(128, 5)
	m, _ := KerasBlogConv(digitShape, 1)
	ctx, cancel := context.WithCancel(context.Background())
	seen := 0
	h, err := m.Fit(ctx, x, Options{Epochs: 5, BatchSize: 16, OnBatch: func(epoch, batch, of int, loss float64) {
		seen++
		if epoch == 1 && batch == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || seen != 3 || h.Epochs() != 0 {
		t.Fatalf("err %v after %d batches, %d epochs", err, seen, h.Epochs())
	}
	if !strings.Contains(err.Error(), "stopped in epoch 1 at batch 4 of 8") {
		t.Errorf("error %q", err)
	}
	if _, err := m.Reconstruct(x); err != nil {
		t.Fatal(err)
	}
}

// TestFeatureMaps: every layer's outputs, and the pictures' helpers.
func TestFeatureMaps(t *testing.T) {
	m, _ := KerasBlogConv(digitShape, 1)
	x := digits(3, 6)
	maps, shapes, err := m.FeatureMaps(x)
	if err != nil {
		t.Fatal(err)
	}
	if len(maps) != 13 || shapes[0] != (Shape{C: 16, H: 28, W: 28}) || shapes[5] != (Shape{C: 8, H: 4, W: 4}) {
		t.Fatalf("%d maps, shapes %v", len(maps), shapes)
	}
	codes, _ := m.Encode(x)
	if !mat.EqualApprox(codes, maps[5], 1e-6) {
		t.Error("the code layer's map is not the code")
	}
	xhat, _ := m.Reconstruct(x)
	if !mat.EqualApprox(xhat, maps[12], 1e-6) {
		t.Error("the last map is not the reconstruction")
	}
	ch, err := Channels(maps[0], shapes[0], 2)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := ch.Dims(); r != 16 || c != 784 || ch.At(5, 100) != maps[0].At(2, 5*784+100) {
		t.Errorf("Channels: %d×%d", r, c)
	}
	one, err := Channel(maps[2], shapes[2], 7)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := one.Dims(); r != 3 || c != 196 || one.At(1, 10) != maps[2].At(1, 7*196+10) {
		t.Errorf("Channel: %d×%d", r, c)
	}
	w, err := m.Weights(0)
	if err != nil {
		t.Fatal(err)
	}
	ks, _ := m.KernelShape(0)
	if r, c := w.Dims(); r != 16 || c != 9 || ks != (Shape{C: 1, H: 3, W: 3}) {
		t.Errorf("first filters %d×%d of shape %v", r, c, ks)
	}
	if w.At(3, 4) != float64(m.layers[0].w[3*9+4]) {
		t.Error("Weights of a Conv2D are not its filters, one a row")
	}
}

// TestOvercompleteDecode: a code longer than the input still decodes (the
// workspace's input buffer holds either).
func TestOvercompleteDecode(t *testing.T) {
	m, err := NewConv(Shape{C: 1, H: 6, W: 6}, []Layer{Conv2D(1, 4, 3, 1, Same, ReLU)}, []Layer{Conv2D(4, 1, 3, 1, Same, Sigmoid)}, 1)
	if err != nil {
		t.Fatal(err)
	}
	x := lowRank(5, 36, 2, 0.05, 1)
	codes, err := m.Encode(x)
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Decode(codes)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := m.Reconstruct(x)
	if !mat.EqualApprox(a, b, 1e-6) {
		t.Error("Decode(Encode(x)) differs from Reconstruct(x)")
	}
}
