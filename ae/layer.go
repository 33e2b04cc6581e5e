package ae

import "fmt"

// Layer describes one layer of a model. The constructors (Dense, Conv2D,
// ConvTranspose2D, MaxPool2D, Upsample2D, BatchNorm, Flatten, Unflatten,
// Sampling)
// make one; its kind is fixed by the constructor, and a Layer written as a
// literal, ae.Layer{In: 784, Out: 32, Act: ae.ReLU}, is a Dense layer.
//
// Each kind uses some of the fields:
//
//	Dense            In, Out (values), Act, Slope
//	Conv2D           In, Out (channels), Kernel, Stride, Padding, Act, Slope
//	ConvTranspose2D  In, Out (channels), Kernel, Stride, Padding, OutputPadding, Act, Slope
//	MaxPool2D        Padding (Valid: floor, Same: ceil mode)
//	Upsample2D       nothing: nearest neighbour, ×2
//	BatchNorm        In = Out (channels, or values after a Dense layer), Momentum, Eps
//	Flatten          nothing
//	Unflatten        Shape
//	Sampling         In = 2·Out (means and log-variances in, a code of Out numbers out)
//
// Only the layers that declare a size (Dense's In, the channels of a
// convolution or a BatchNorm, Unflatten's Shape) are checked against the
// layer before; every other size is worked out, layer by layer, when the
// model is built.
type Layer struct {
	kind layerKind

	// In and Out are a Dense layer's input and output values, or a
	// convolution's input and output channels; a BatchNorm has In = Out
	// channels.
	In, Out int
	// Act is applied to the outputs of a Dense or convolutional layer.
	Act Activation
	// Slope is LeakyReLU's slope for negative inputs; 0 means 0.01. The
	// Keras and PyImageSearch models use 0.2 (see WithSlope).
	Slope float64

	// Kernel is a convolution's side (3 for 3×3), Stride its step.
	Kernel, Stride int
	// Padding is Valid, Same, or a number of pixels added on each side.
	Padding Padding
	// OutputPadding adds rows and columns at the bottom and right of a
	// transposed convolution's output, as PyTorch's output_padding does
	// (0 ≤ OutputPadding < Stride). With Padding Same it is Stride-1 and
	// this field must be 0.
	OutputPadding int

	// Momentum and Eps are BatchNorm's: running = (1-Momentum)·running +
	// Momentum·batch (PyTorch's convention; Keras' momentum is 1 - this),
	// and x̂ = (x - mean)/√(var + Eps).
	Momentum, Eps float64

	// Shape is what Unflatten makes of its input.
	Shape Shape
}

// layerKind says which kind of layer a Layer describes.
type layerKind uint8

const (
	kindDense layerKind = iota
	kindConv
	kindConvT
	kindMaxPool
	kindUpsample
	kindBatchNorm
	kindFlatten
	kindUnflatten
	kindSampling // a variational autoencoder's sampling step: vae.go
	numKinds
)

var kindNames = [...]string{"Dense", "Conv2D", "ConvTranspose2D", "MaxPool2D", "Upsample2D", "BatchNorm", "Flatten", "Unflatten", "Sampling"}

// Padding says how a convolution treats the borders of its input: Valid
// (none), Same, or Padding(n) for n pixels of zeros on every side.
type Padding int

const (
	// Valid adds no padding: a 3×3 kernel makes 28×28 into 26×26.
	Valid Padding = 0
	// Same pads (Kernel-1)/2 pixels on every side (Kernel must be odd), as
	// PyTorch's padding=(k-1)/2: with stride 1 the output keeps the input's
	// size, with stride 2 it is half, rounded up. A transposed convolution
	// with Same multiplies the size by its stride. On a max pooling layer
	// Same is ceil mode (PyTorch's ceil_mode=True, Keras' padding="same"):
	// 7×7 pools to 4×4.
	Same Padding = -1
)

// String returns "valid", "same" or e.g. "padding 2".
func (p Padding) String() string {
	switch {
	case p == Valid:
		return "valid"
	case p == Same:
		return "same"
	case p > 0:
		return fmt.Sprintf("padding %d", int(p))
	}
	return fmt.Sprintf("Padding(%d)", int(p))
}

// Dense returns the description of a fully connected layer from in values to
// out units with activation act: each unit computes act(w·x + b).
func Dense(in, out int, act Activation) Layer {
	return Layer{In: in, Out: out, Act: act}
}

// Conv2D returns the description of a 2-D convolution from in channels to
// out channels (filters), with a kernel×kernel window moved by stride, the
// given padding and activation act, as PyTorch's Conv2d(in, out, kernel,
// stride, padding) followed by act. Its weights are out filters of
// in·kernel·kernel values.
func Conv2D(in, out, kernel, stride int, padding Padding, act Activation) Layer {
	return Layer{kind: kindConv, In: in, Out: out, Kernel: kernel, Stride: stride, Padding: padding, Act: act}
}

// ConvTranspose2D returns the description of a transposed convolution from
// in channels to out channels, as PyTorch's ConvTranspose2d: each input pixel
// adds a kernel×kernel patch to the output, stride pixels apart, so a stride
// of 2 doubles the size (with Same padding: 7×7 becomes 14×14). With
// Padding(p) the output side is (side-1)·stride - 2p + kernel +
// OutputPadding.
func ConvTranspose2D(in, out, kernel, stride int, padding Padding, act Activation) Layer {
	return Layer{kind: kindConvT, In: in, Out: out, Kernel: kernel, Stride: stride, Padding: padding, Act: act}
}

// MaxPool2D returns the description of 2×2 max pooling with stride 2, which
// halves each side. With Valid an odd side is rounded down (7 → 3, PyTorch's
// default); with Same it is rounded up (7 → 4: PyTorch's ceil_mode=True,
// Keras' padding="same").
func MaxPool2D(padding Padding) Layer {
	return Layer{kind: kindMaxPool, Padding: padding}
}

// Upsample2D returns the description of nearest-neighbour upsampling by 2:
// each pixel becomes a 2×2 block (PyTorch's Upsample(scale_factor=2), Keras'
// UpSampling2D).
func Upsample2D() Layer {
	return Layer{kind: kindUpsample}
}

// BatchNorm returns the description of batch normalisation over channels
// channels (the values of a Dense layer, or the channels of a convolution):
// each channel is shifted and scaled to mean 0 and variance 1, then by a
// learned scale γ and shift β. Training uses the statistics of each batch
// and keeps running averages of them; Encode, Decode, Reconstruct and the
// validation loss use the running averages. The defaults are Keras':
// Momentum 0.01 (Keras' momentum=0.99) and Eps 0.001; PyTorch's are
// Momentum 0.1 and Eps 1e-5. The running variance is the unbiased one, as
// in PyTorch.
func BatchNorm(channels int) Layer {
	return Layer{kind: kindBatchNorm, In: channels, Out: channels, Momentum: 0.01, Eps: 1e-3}
}

// Flatten returns the description of the step from images to plain values
// between a convolutional stack and a Dense layer: C×H×W becomes C·H·W
// values, channel by channel (as PyTorch's Flatten). It has no cost.
func Flatten() Layer {
	return Layer{kind: kindFlatten}
}

// Unflatten returns the description of the step from plain values to images
// of shape s, after a Dense layer and before a convolution: C·H·W values
// become C×H×W (as PyTorch's Unflatten, Keras' Reshape). It has no cost.
func Unflatten(s Shape) Layer {
	return Layer{kind: kindUnflatten, Shape: s}
}

// WithSlope returns l with LeakyReLU's slope for negative inputs set to
// slope, e.g. ae.Conv2D(1, 32, 3, 2, ae.Same, ae.LeakyReLU).WithSlope(0.2).
func (l Layer) WithSlope(slope float64) Layer {
	l.Slope = slope
	return l
}

// Kind returns the layer's kind: "Dense", "Conv2D", "ConvTranspose2D",
// "MaxPool2D", "Upsample2D", "BatchNorm", "Flatten", "Unflatten" or
// "Sampling".
func (l Layer) Kind() string {
	if l.kind >= numKinds {
		return fmt.Sprintf("kind(%d)", l.kind)
	}
	return kindNames[l.kind]
}

// Params returns the layer's number of parameters, counted as Keras counts
// them: Dense In·Out weights and Out biases; a convolution In·Out·Kernel²
// weights and Out biases; BatchNorm 4 per channel (γ and β, which training
// learns, and the running mean and variance, which it only tracks).
func (l Layer) Params() int {
	if l.kind == kindBatchNorm {
		return 4 * l.In
	}
	return l.trainable()
}

// trainable returns how many of the layer's parameters the optimizer updates.
func (l Layer) trainable() int {
	switch l.kind {
	case kindDense:
		return l.In*l.Out + l.Out
	case kindConv, kindConvT:
		return l.In*l.Out*l.Kernel*l.Kernel + l.Out
	case kindBatchNorm:
		return 2 * l.In
	}
	return 0
}

// nWeights returns how many of the trainable parameters are weights (the
// rest are biases, or BatchNorm's β).
func (l Layer) nWeights() int {
	switch l.kind {
	case kindDense:
		return l.In * l.Out
	case kindConv, kindConvT:
		return l.In * l.Out * l.Kernel * l.Kernel
	case kindBatchNorm:
		return l.In
	}
	return 0
}

// slope returns LeakyReLU's slope for this layer.
func (l Layer) slope() float32 {
	if l.Slope == 0 {
		return leak
	}
	return float32(l.Slope)
}

// String returns e.g. "Dense(784 → 32, relu)" or
// "Conv2D(1 → 32, 3×3, stride 2, same, leakyrelu 0.2)".
func (l Layer) String() string {
	switch l.kind {
	case kindDense:
		return fmt.Sprintf("Dense(%d → %d, %s)", l.In, l.Out, l.actString())
	case kindConv, kindConvT, kindMaxPool, kindBatchNorm, kindUnflatten, kindSampling:
		return fmt.Sprintf("%s(%s)", l.Kind(), l.describe(true))
	}
	return l.Kind() + "()"
}

// describe returns the layer's settings, with the activation if act.
func (l Layer) describe(act bool) string {
	switch l.kind {
	case kindDense:
		s := fmt.Sprintf("%d → %d", l.In, l.Out)
		if act {
			s += ", " + l.actString()
		}
		return s
	case kindConv, kindConvT:
		s := fmt.Sprintf("%d → %d, %d×%d", l.In, l.Out, l.Kernel, l.Kernel)
		if l.Stride != 1 {
			s += fmt.Sprintf(", stride %d", l.Stride)
		}
		s += ", " + l.Padding.String()
		if l.kind == kindConvT && l.OutputPadding != 0 {
			s += fmt.Sprintf(", output padding %d", l.OutputPadding)
		}
		if act {
			s += ", " + l.actString()
		}
		return s
	case kindMaxPool:
		if l.Padding == Same {
			return "2×2, ceil"
		}
		if l.Padding == Valid {
			return "2×2"
		}
		return "2×2, " + l.Padding.String()
	case kindBatchNorm:
		s := fmt.Sprint(l.In)
		if l.Momentum != 0.01 || l.Eps != 1e-3 {
			s += fmt.Sprintf(", momentum %g, eps %g", l.Momentum, l.Eps)
		}
		return s
	case kindUnflatten:
		return imageString(l.Shape)
	case kindSampling:
		return fmt.Sprintf("%d → %d", l.In, l.Out)
	}
	return ""
}

// hasAct reports whether the layer applies an activation of its own.
func (l Layer) hasAct() bool {
	return l.kind == kindDense || l.kind == kindConv || l.kind == kindConvT
}

// actString returns the activation's name, with the slope of a LeakyReLU
// whose slope is not the default.
func (l Layer) actString() string {
	if l.Act == LeakyReLU && l.Slope != 0 && l.Slope != leak {
		return fmt.Sprintf("%s %g", l.Act, l.Slope)
	}
	return l.Act.String()
}

// Bounds on sizes, so that sizes from a file or a typo cannot ask for an
// absurd allocation.
const (
	maxUnits  = 1 << 20 // a Dense layer's width, a layer's channels
	maxValues = 1 << 24 // the values one image makes at one layer
	maxKernel = 64      // a convolution's side, stride and padding
)

// check reports what is wrong with the layer on its own, before its input
// is known.
func (l Layer) check() error {
	if l.kind >= numKinds {
		return fmt.Errorf("%v is of an unknown kind", l)
	}
	if l.hasAct() {
		if !l.Act.valid() {
			return fmt.Errorf("%v has an unknown activation", l)
		}
		if !(l.Slope == 0 || l.Slope > 0 && l.Slope < 1) {
			return fmt.Errorf("%v has LeakyReLU slope %v, want 0 < slope < 1 (or 0 for 0.01)", l, l.Slope)
		}
	} else if l.Act != Linear || l.Slope != 0 {
		return fmt.Errorf("%v takes no activation (it has %v)", l, l.actString())
	}
	switch l.kind {
	case kindDense, kindConv, kindConvT, kindBatchNorm:
		what := "size"
		if l.kind != kindDense {
			what = "channel count"
		}
		if l.In < 1 || l.Out < 1 {
			return fmt.Errorf("%v has a %s below 1", l, what)
		}
		if l.In > maxUnits || l.Out > maxUnits {
			return fmt.Errorf("%v is wider than %d units", l, maxUnits)
		}
		if int64(l.In)*int64(l.Out) > 1<<28 {
			return fmt.Errorf("%v has more than %d weights", l, 1<<28)
		}
	}
	switch l.kind {
	case kindConv, kindConvT:
		if l.Kernel < 1 || l.Kernel > maxKernel {
			return fmt.Errorf("%v has kernel %d, want 1 to %d", l, l.Kernel, maxKernel)
		}
		if l.Stride < 1 || l.Stride > maxKernel {
			return fmt.Errorf("%v has stride %d, want 1 to %d", l, l.Stride, maxKernel)
		}
		if int64(l.In)*int64(l.Out)*int64(l.Kernel*l.Kernel) > 1<<28 {
			return fmt.Errorf("%v has more than %d weights", l, 1<<28)
		}
		switch {
		case l.Padding == Same && l.Kernel%2 == 0:
			return fmt.Errorf("%v: Same padding needs an odd kernel; give ae.Padding(n) pixels instead", l)
		case l.Padding < Same || l.Padding > maxKernel:
			return fmt.Errorf("%v has padding %d, want Valid, Same or 1 to %d pixels", l, int(l.Padding), maxKernel)
		}
		if l.kind == kindConv && l.OutputPadding != 0 {
			return fmt.Errorf("%v has OutputPadding %d: only a ConvTranspose2D has one", l, l.OutputPadding)
		}
		if l.kind == kindConvT {
			if l.Padding == Same && l.OutputPadding != 0 {
				return fmt.Errorf("%v has OutputPadding %d: with Same padding it is Stride-1 already; give ae.Padding(n) to set it", l, l.OutputPadding)
			}
			if l.OutputPadding < 0 || l.OutputPadding >= l.Stride {
				return fmt.Errorf("%v has OutputPadding %d, want 0 ≤ OutputPadding < Stride (%d)", l, l.OutputPadding, l.Stride)
			}
		}
	case kindMaxPool:
		if l.Padding != Valid && l.Padding != Same {
			return fmt.Errorf("%v: a max pooling layer takes Valid (round down) or Same (ceil mode), not %v", l, l.Padding)
		}
	case kindBatchNorm:
		if l.In != l.Out {
			return fmt.Errorf("%v has In %d and Out %d, want the same channel count", l, l.In, l.Out)
		}
		if !(l.Momentum > 0 && l.Momentum <= 1) {
			return fmt.Errorf("%v has Momentum %v, want 0 < Momentum ≤ 1 (Keras' 0.99 is 0.01 here)", l, l.Momentum)
		}
		if !(l.Eps > 0 && l.Eps < 1) {
			return fmt.Errorf("%v has Eps %v, want 0 < Eps < 1", l, l.Eps)
		}
	case kindUnflatten:
		if err := checkShape(l.Shape); err != nil {
			return fmt.Errorf("Unflatten: %v", err)
		}
	case kindSampling:
		if err := l.checkSampling(); err != nil {
			return err
		}
	}
	if l.kind != kindConv && l.kind != kindConvT && (l.Kernel != 0 || l.Stride != 0 || l.OutputPadding != 0) {
		return fmt.Errorf("%v has a Kernel, Stride or OutputPadding, which only convolutions use", l)
	}
	if l.kind != kindBatchNorm && (l.Momentum != 0 || l.Eps != 0) {
		return fmt.Errorf("%v has a Momentum or Eps, which only BatchNorm uses", l)
	}
	if l.kind != kindUnflatten && l.Shape != (Shape{}) {
		return fmt.Errorf("%v has a Shape, which only Unflatten uses", l)
	}
	if l.kind != kindConv && l.kind != kindConvT && l.kind != kindMaxPool && l.Padding != Valid {
		return fmt.Errorf("%v has a Padding, which only convolutions and pooling use", l)
	}
	return nil
}

// pad returns the pixels of padding on each side.
func (l Layer) pad() int {
	if l.Padding == Same {
		return (l.Kernel - 1) / 2
	}
	return int(l.Padding)
}

// outPad returns a transposed convolution's output padding.
func (l Layer) outPad() int {
	if l.Padding == Same {
		return l.Stride - 1
	}
	return l.OutputPadding
}

// tensor is what flows between layers: an image shape, or flat values
// (Shape{C: n, H: 1, W: 1} with flat set).
type tensor struct {
	Shape
	flat bool
}

func flatOf(n int) tensor { return tensor{Shape{C: n, H: 1, W: 1}, true} }

// String returns "3136" for flat values and "64×7×7" for images.
func (t tensor) String() string {
	if t.flat {
		return fmt.Sprint(t.Size())
	}
	return imageString(t.Shape)
}

// imageString returns s as C×H×W, one channel included ("1×28×28").
func imageString(s Shape) string { return fmt.Sprintf("%d×%d×%d", s.C, s.H, s.W) }

// infer returns the layer's output for input in, or what does not fit. The
// messages leave out the layer's own name, and name the input by what
// produced it (from, e.g. "encoder layer 2 (Conv2D)" or "the input").
func (l Layer) infer(in tensor, from string) (tensor, error) {
	var out tensor
	switch l.kind {
	case kindDense:
		if in.Size() != l.In {
			if in.flat {
				return out, fmt.Errorf("takes %d values but %s %d", l.In, says(from), in.Size())
			}
			return out, fmt.Errorf("takes %d values but %s %s = %d when flattened", l.In, says(from), in, in.Size())
		}
		out = flatOf(l.Out)
	case kindConv, kindConvT, kindMaxPool, kindUpsample:
		if in.flat {
			return out, fmt.Errorf("takes images but %s %d flat values: put ae.Unflatten(ae.Shape{C: …, H: …, W: …}) before it", says(from), in.Size())
		}
		switch l.kind {
		case kindConv, kindConvT:
			if in.C != l.In {
				return out, fmt.Errorf("takes %d channels but %s %s", l.In, says(from), in)
			}
		}
		s := in.Shape
		switch l.kind {
		case kindConv:
			k, p := l.Kernel, l.pad()
			if s.H+2*p < k || s.W+2*p < k {
				return out, fmt.Errorf("has a %d×%d kernel, larger than its padded input: %s %d×%d, padded by %d to %d×%d",
					k, k, says(from), s.H, s.W, p, s.H+2*p, s.W+2*p)
			}
			out = tensor{Shape: Shape{C: l.Out, H: (s.H+2*p-k)/l.Stride + 1, W: (s.W+2*p-k)/l.Stride + 1}}
		case kindConvT:
			h := (s.H-1)*l.Stride - 2*l.pad() + l.Kernel + l.outPad()
			w := (s.W-1)*l.Stride - 2*l.pad() + l.Kernel + l.outPad()
			if h < 1 || w < 1 {
				return out, fmt.Errorf("would make %d×%d from %d×%d (%s): padding %d trims everything", h, w, s.H, s.W, from, l.pad())
			}
			out = tensor{Shape: Shape{C: l.Out, H: h, W: w}}
		case kindMaxPool:
			if l.Padding == Same {
				out = tensor{Shape: Shape{C: s.C, H: (s.H + 1) / 2, W: (s.W + 1) / 2}}
			} else {
				if s.H < 2 || s.W < 2 {
					return out, fmt.Errorf("pools 2×2 windows but %s %s: too small (Same, ceil mode, would make 1×1)", says(from), in)
				}
				out = tensor{Shape: Shape{C: s.C, H: s.H / 2, W: s.W / 2}}
			}
		case kindUpsample:
			out = tensor{Shape: Shape{C: s.C, H: 2 * s.H, W: 2 * s.W}}
		}
	case kindBatchNorm:
		if in.C != l.In {
			if in.flat {
				return out, fmt.Errorf("normalises %d values but %s %d", l.In, says(from), in.Size())
			}
			return out, fmt.Errorf("normalises %d channels but %s %s", l.In, says(from), in)
		}
		out = in
	case kindFlatten:
		out = flatOf(in.Size())
	case kindUnflatten:
		if in.Size() != l.Shape.Size() {
			return out, fmt.Errorf("makes %s = %d values but %s %s", imageString(l.Shape), l.Shape.Size(), says(from), in)
		}
		out = tensor{Shape: l.Shape}
	case kindSampling:
		if !in.flat || in.Size() != l.In {
			return out, fmt.Errorf("takes %d values (%d means, then %d log-variances) but %s %s", l.In, l.Out, l.Out, says(from), in)
		}
		out = flatOf(l.Out)
	}
	if int64(out.C)*int64(out.H)*int64(out.W) > maxValues {
		return out, fmt.Errorf("would output %s, more than %d values an image", out, maxValues)
	}
	return out, nil
}

// says returns what names an input in a message: "the input is" or e.g.
// "encoder layer 2 (Conv2D) outputs".
func says(from string) string {
	if from == "the input" {
		return "the input is"
	}
	return from + " outputs"
}
