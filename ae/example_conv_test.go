package ae_test

import (
	"context"
	"fmt"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
	"gonum.org/v1/gonum/mat"
)

// A small convolutional autoencoder for digits, its shapes worked out layer
// by layer.
func ExampleNewConv() {
	digit := ae.Shape{C: 1, H: 28, W: 28} // datasets' Sets carry it: digits.Shape
	encoder := []ae.Layer{
		ae.Conv2D(1, 16, 3, 2, ae.Same, ae.ReLU), // 16×14×14
		ae.Conv2D(16, 8, 3, 2, ae.Same, ae.ReLU), // 8×7×7: the code
	}
	decoder := []ae.Layer{
		ae.ConvTranspose2D(8, 16, 3, 2, ae.Same, ae.ReLU),    // 16×14×14
		ae.ConvTranspose2D(16, 1, 3, 2, ae.Same, ae.Sigmoid), // 1×28×28
	}
	m, err := ae.NewConv(digit, encoder, decoder, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(m.Summary())
	// Output:
	// ae.Model 1×28×28 → 8×7×7 → 1×28×28 (4 layers, 2,633 parameters)
	// code size 392: each 784-value input is compressed 2.0×
	//   layer             kind                                           output     activation   parameters
	//   input                                                            1×28×28
	//   encoder layer 1   Conv2D(1 → 16, 3×3, stride 2, same)            16×14×14   relu                160
	//   encoder layer 2   Conv2D(16 → 8, 3×3, stride 2, same)            8×7×7      relu              1,160
	//   decoder layer 1   ConvTranspose2D(8 → 16, 3×3, stride 2, same)   16×14×14   relu              1,168
	//   decoder layer 2   ConvTranspose2D(16 → 1, 3×3, stride 2, same)   1×28×28    sigmoid             145
	//   total                                                                                         2,633
}

// A layer that does not fit the one before is an error naming both.
func ExampleNewConv_shapeMismatch() {
	digit := ae.Shape{C: 1, H: 28, W: 28}
	_, err := ae.NewConv(digit,
		[]ae.Layer{ae.Conv2D(1, 16, 3, 2, ae.Same, ae.ReLU), ae.Conv2D(8, 8, 3, 2, ae.Same, ae.ReLU)},
		[]ae.Layer{ae.ConvTranspose2D(8, 1, 3, 4, ae.Same, ae.Sigmoid)}, 1)
	fmt.Println(err)
	// Output:
	// ae: NewConv: encoder layer 2 (Conv2D) takes 8 channels but encoder layer 1 (Conv2D) outputs 16×14×14
}

// PyImageSearch's ConvAutoencoder, counted as Keras counts it.
func ExamplePyImageSearchConv() {
	m, err := ae.PyImageSearchConv(ae.Shape{C: 1, H: 28, W: 28}, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(m.Summary())
	// Output:
	// ae.Model 1×28×28 → 16 → 1×28×28 (13 layers, 178,769 parameters)
	// code size 16: each 784-value input is compressed 49.0×
	//   layer             kind                                            output     activation      parameters
	//   input                                                             1×28×28
	//   encoder layer 1   Conv2D(1 → 32, 3×3, stride 2, same)             32×14×14   leakyrelu 0.2          320
	//   encoder layer 2   BatchNorm(32)                                   32×14×14                          128
	//   encoder layer 3   Conv2D(32 → 64, 3×3, stride 2, same)            64×7×7     leakyrelu 0.2       18,496
	//   encoder layer 4   BatchNorm(64)                                   64×7×7                            256
	//   encoder layer 5   Flatten()                                       3136
	//   encoder layer 6   Dense(3136 → 16)                                16         linear              50,192
	//   decoder layer 1   Dense(16 → 3136)                                3136       linear              53,312
	//   decoder layer 2   Unflatten(64×7×7)                               64×7×7
	//   decoder layer 3   ConvTranspose2D(64 → 64, 3×3, stride 2, same)   64×14×14   leakyrelu 0.2       36,928
	//   decoder layer 4   BatchNorm(64)                                   64×14×14                          256
	//   decoder layer 5   ConvTranspose2D(64 → 32, 3×3, stride 2, same)   32×28×28   leakyrelu 0.2       18,464
	//   decoder layer 6   BatchNorm(32)                                   32×28×28                          128
	//   decoder layer 7   ConvTranspose2D(32 → 1, 3×3, same)              1×28×28    sigmoid                289
	//   total                                                                                           178,769
	//   of which 178,385 trainable and 384 not: BatchNorm's running means and variances
}

// The Keras blog's convolutional autoencoder and TensorFlow's denoiser.
func ExampleKerasBlogConv() {
	digit := ae.Shape{C: 1, H: 28, W: 28}
	k, _ := ae.KerasBlogConv(digit, 1)
	t, _ := ae.TensorFlowDenoiser(digit, 1)
	fmt.Println(k)
	fmt.Println(t)
	// Output:
	// ae.Model 1×28×28 → 8×4×4 → 1×28×28 (13 layers, 4,385 parameters)
	// ae.Model 1×28×28 → 8×7×7 → 1×28×28 (5 layers, 3,217 parameters)
}

// Each layer describes itself.
func ExampleConv2D() {
	fmt.Println(ae.Conv2D(1, 32, 3, 2, ae.Same, ae.LeakyReLU).WithSlope(0.2))
	fmt.Println(ae.ConvTranspose2D(64, 32, 3, 2, ae.Same, ae.ReLU))
	fmt.Println(ae.MaxPool2D(ae.Same), ae.Upsample2D(), ae.BatchNorm(32))
	fmt.Println(ae.Flatten(), ae.Unflatten(ae.Shape{C: 64, H: 7, W: 7}))
	// Output:
	// Conv2D(1 → 32, 3×3, stride 2, same, leakyrelu 0.2)
	// ConvTranspose2D(64 → 32, 3×3, stride 2, same, relu)
	// MaxPool2D(2×2, ceil) Upsample2D() BatchNorm(32)
	// Flatten() Unflatten(64×7×7)
}

// What every layer makes of a digit, for pictures: the first layer's 16
// feature maps of the first digit as 16 one-channel images, and the
// filters of the first convolution, one 3×3 filter a row.
func ExampleModel_FeatureMaps() {
	digits, err := datasets.MNISTTest()
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := ae.KerasBlogConv(digits.Shape, 1)
	x := digits.Images.Slice(0, 500, 0, 784).(*mat.Dense)
	if _, err := m.Fit(context.Background(), x, ae.Options{Epochs: 1, BatchSize: 128, Loss: ae.BCE}); err != nil {
		fmt.Println(err)
		return
	}
	maps, shapes, err := m.FeatureMaps(x.Slice(0, 2, 0, 784).(*mat.Dense))
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, s := range shapes[:6] {
		r, c := maps[i].Dims()
		fmt.Printf("layer %d: %d×%d, %d channels of %d×%d\n", i, r, c, s.C, s.H, s.W)
	}
	one, _ := ae.Channels(maps[0], shapes[0], 0) // draw with plots.Grid{Images: one, Shape: ae.Shape{C: 1, H: 28, W: 28}}
	filters, _ := m.Weights(0)                   // draw with plots.Filters{Weights: filters, Shape: kernel}
	kernel, _ := m.KernelShape(0)
	fmt.Println(one.Dims())
	fmt.Println(filters.Dims())
	fmt.Println(kernel)
	// Output:
	// layer 0: 2×12544, 16 channels of 28×28
	// layer 1: 2×3136, 16 channels of 14×14
	// layer 2: 2×1568, 8 channels of 14×14
	// layer 3: 2×392, 8 channels of 7×7
	// layer 4: 2×392, 8 channels of 7×7
	// layer 5: 2×128, 8 channels of 4×4
	// 16 784
	// 16 9
	// 3×3
}
