package ae

import "fmt"

// The convolutional autoencoders of the references learners come from,
// layer for layer, so that one line builds one and Summary shows its
// layers. The padding conventions are PyTorch's (see Padding): a Keras
// "same" convolution of stride 2 pads only after the image, PyTorch's and
// aekit's on both sides, so the shapes and parameter counts are the
// references' but a trained model's weights are not interchangeable with
// Keras'. torch_ref.py in the side-by-side benchmark builds the first two in
// PyTorch (--model conv, --model kconv), and ae/testdata holds PyTorch's
// outputs and gradients for all three.

// PyImageSearchConv returns PyImageSearch's ConvAutoencoder (Rosebrock,
// 2020; the model of its denoising, anomaly detection and image retrieval
// posts) for images of the given shape (H and W multiples of 4):
//
//	encoder: Conv2D 32 and 64 filters, 3×3, stride 2, each followed by
//	         LeakyReLU 0.2 and BatchNorm; Flatten; Dense to a 16-number code
//	decoder: Dense and Unflatten back to 64×H/4×W/4; ConvTranspose2D 64 and
//	         32, stride 2, each with LeakyReLU 0.2 and BatchNorm;
//	         ConvTranspose2D to the input's channels, sigmoid
//
// For 28×28 digits it has 178,769 parameters as Keras counts them (384 of
// them BatchNorm's running statistics). The posts train it with Adam 1e-3,
// batch 32 and MSE.
func PyImageSearchConv(input Shape, seed int64) (*Model, error) {
	if err := checkShape(input); err != nil {
		return nil, fmt.Errorf("ae: PyImageSearchConv: input: %v", err)
	}
	h, w := (input.H+1)/2, (input.W+1)/2
	h, w = (h+1)/2, (w+1)/2
	code := Shape{C: 64, H: h, W: w}
	leaky := func(l Layer) Layer { return l.WithSlope(0.2) }
	enc := []Layer{
		leaky(Conv2D(input.C, 32, 3, 2, Same, LeakyReLU)), BatchNorm(32),
		leaky(Conv2D(32, 64, 3, 2, Same, LeakyReLU)), BatchNorm(64),
		Flatten(), Dense(code.Size(), 16, Linear),
	}
	dec := []Layer{
		Dense(16, code.Size(), Linear), Unflatten(code),
		leaky(ConvTranspose2D(64, 64, 3, 2, Same, LeakyReLU)), BatchNorm(64),
		leaky(ConvTranspose2D(64, 32, 3, 2, Same, LeakyReLU)), BatchNorm(32),
		ConvTranspose2D(32, input.C, 3, 1, Same, Sigmoid),
	}
	m, err := NewConv(input, enc, dec, seed)
	if err != nil {
		return nil, fmt.Errorf("ae: PyImageSearchConv: %w (it needs H and W multiples of 4)", err)
	}
	return m, nil
}

// KerasBlogConv returns the convolutional autoencoder of the Keras blog
// (Chollet, "Building Autoencoders in Keras") for 28×28 images:
//
//	encoder: Conv2D 16, 8, 8 (3×3, same, ReLU), each followed by 2×2 max
//	         pooling (ceil mode): 28 → 14 → 7 → 4, a code of 8×4×4 = 128
//	decoder: Conv2D 8, Upsample2D, Conv2D 8, Upsample2D, Conv2D 16 (valid:
//	         16 → 14), Upsample2D, Conv2D to the input's channels, sigmoid
//
// The blog trains it with Adam, batch 128 and binary cross-entropy (about
// 0.094 after 50 epochs).
func KerasBlogConv(input Shape, seed int64) (*Model, error) {
	if err := checkShape(input); err != nil {
		return nil, fmt.Errorf("ae: KerasBlogConv: input: %v", err)
	}
	c := input.C
	enc := []Layer{
		Conv2D(c, 16, 3, 1, Same, ReLU), MaxPool2D(Same),
		Conv2D(16, 8, 3, 1, Same, ReLU), MaxPool2D(Same),
		Conv2D(8, 8, 3, 1, Same, ReLU), MaxPool2D(Same),
	}
	dec := []Layer{
		Conv2D(8, 8, 3, 1, Same, ReLU), Upsample2D(),
		Conv2D(8, 8, 3, 1, Same, ReLU), Upsample2D(),
		Conv2D(8, 16, 3, 1, Valid, ReLU), Upsample2D(),
		Conv2D(16, c, 3, 1, Same, Sigmoid),
	}
	m, err := NewConv(input, enc, dec, seed)
	if err != nil {
		return nil, fmt.Errorf("ae: KerasBlogConv: %w (it is made for 28×28 images)", err)
	}
	return m, nil
}

// TensorFlowDenoiser returns the convolutional denoiser of TensorFlow's
// "Intro to autoencoders" tutorial for images of the given shape (H and W
// multiples of 4):
//
//	encoder: Conv2D 16 and 8 filters, 3×3, stride 2, same, ReLU
//	decoder: ConvTranspose2D 8 and 16, 3×3, stride 2, ReLU; Conv2D to the
//	         input's channels, 3×3, sigmoid
//
// The tutorial trains it on Fashion-MNIST with noise of factor 0.2, Adam and
// MSE.
func TensorFlowDenoiser(input Shape, seed int64) (*Model, error) {
	if err := checkShape(input); err != nil {
		return nil, fmt.Errorf("ae: TensorFlowDenoiser: input: %v", err)
	}
	enc := []Layer{
		Conv2D(input.C, 16, 3, 2, Same, ReLU),
		Conv2D(16, 8, 3, 2, Same, ReLU),
	}
	dec := []Layer{
		ConvTranspose2D(8, 8, 3, 2, Same, ReLU),
		ConvTranspose2D(8, 16, 3, 2, Same, ReLU),
		Conv2D(16, input.C, 3, 1, Same, Sigmoid),
	}
	m, err := NewConv(input, enc, dec, seed)
	if err != nil {
		return nil, fmt.Errorf("ae: TensorFlowDenoiser: %w (it needs H and W multiples of 4)", err)
	}
	return m, nil
}
