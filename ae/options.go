package ae

import (
	"fmt"
	"math/rand/v2"

	"github.com/aekit/aekit/internal/noise"
	"gonum.org/v1/gonum/mat"
)

// Options says how Fit trains. The zero value is usable: 10 epochs of Adam
// with batches of 256 and learning rate 0.001, minimising MSE.
type Options struct {
	Epochs       int       // passes over the data; 0 means 10
	BatchSize    int       // rows per update; 0 means 256
	LearningRate float64   // 0 means 0.001 for Adam and 0.01 for SGD
	Optimizer    Optimizer // Adam (the zero value) or SGD
	Momentum     float64   // SGD's momentum, e.g. 0.9; 0 means none
	Loss         Loss      // MSE (the zero value), BCE or MAE
	// Schedule moves the learning rate during training: Constant (the zero
	// value), CosineDecay, LinearDecay, StepDecay or OneCycle (see Schedule
	// and LearningRateAt).
	Schedule Schedule
	// WarmupEpochs > 0 raises the rate in a straight line from 0 to
	// LearningRate over that many epochs (fractions allowed, e.g. 0.5)
	// before the schedule starts; for OneCycle it is the length of the rise.
	WarmupEpochs float64
	// MinLearningRate is where CosineDecay and LinearDecay end (0 means 0), and
	// OneCycle (0 means LearningRate/250,000).
	MinLearningRate float64
	// DecayEvery and DecayFactor drive StepDecay: the rate is multiplied by
	// DecayFactor (0 means 0.1) every DecayEvery epochs.
	DecayEvery  int
	DecayFactor float64
	// Beta1 and Beta2 are Adam's decay rates for its running means of each
	// gradient and of its square; 0 means 0.9 and 0.999 (PyTorch's and
	// Keras' defaults). A lower Beta2 (0.99, 0.98) adapts faster to a
	// changing gradient and often suits large learning rates.
	Beta1, Beta2 float64
	// WeightDecay > 0 shrinks every parameter by rate·WeightDecay times
	// itself before each step: decoupled weight decay, AdamW with Adam
	// (Loshchilov and Hutter, 2019; PyTorch's AdamW, which uses 0.01), the
	// same shrinking with SGD. The rate is the scheduled one.
	WeightDecay float64
	// MaxBatchSize > BatchSize makes the batches grow during training: the
	// size doubles at evenly spaced epochs, from BatchSize in the first
	// stage to MaxBatchSize in the last (see BatchSizeAt). Larger batches
	// late in training average out the gradient's noise, like a lower
	// rate, and run faster. 0 means no growth.
	MaxBatchSize int
	// CodeL1 > 0 adds CodeL1·Σ|code|/rows to the loss: a sparse autoencoder,
	// whose codes are pushed towards zero (the Keras blog uses 1e-5... on sums).
	CodeL1 float64
	// KLWeight is β, the weight of a variational autoencoder's KL term
	// (see NewVAE): 0 means 1, the ELBO; a larger β pulls the codes harder
	// towards the standard normal (a β-VAE, Higgins et al. 2017), a smaller
	// one favours reconstruction. Only a model with a Sampling layer takes it.
	KLWeight float64
	// Seed drives the shuffling, the corruption and a VAE's sampling; the
	// model's initial weights come from the seed given to New.
	Seed int64
	// Target is what the model should rebuild, row for row; nil means x itself.
	// A noisy x with a clean Target trains a denoiser on fixed noise.
	Target *mat.Dense
	// Validation, if not nil, is scored after every epoch against
	// ValidationTarget (nil means Validation itself).
	Validation       *mat.Dense
	ValidationTarget *mat.Dense
	// Corrupt adds fresh noise to each batch's inputs while the targets stay
	// clean: a denoising autoencoder.
	Corrupt Corruption
	// OnEpoch, if not nil, is called after every epoch (numbered from 1) with
	// the mean training loss and the validation loss (NaN without validation).
	OnEpoch func(epoch int, train, validation float64)
	// OnBatch, if not nil, is called after every batch.
	OnBatch func(epoch, batch, batches int, loss float64)
}

// Corruption is the noise a denoising autoencoder learns to remove. Each
// kind is applied in turn to the inputs, which are then clipped to [0, 1].
type Corruption struct {
	Gaussian   float64 // standard deviation of added Gaussian noise, e.g. 0.5
	SaltPepper float64 // fraction of values set to 0 or 1 at random
	Mask       float64 // fraction of values set to 0
}

// IsZero reports whether c adds no noise.
func (c Corruption) IsZero() bool { return c == Corruption{} }

func (c Corruption) check() error {
	if err := noise.CheckStd(c.Gaussian); err != nil {
		return fmt.Errorf("Corrupt.Gaussian: %v", err)
	}
	if err := noise.CheckFraction(c.SaltPepper); err != nil {
		return fmt.Errorf("Corrupt.SaltPepper: %v", err)
	}
	if err := noise.CheckFraction(c.Mask); err != nil {
		return fmt.Errorf("Corrupt.Mask: %v", err)
	}
	return nil
}

func (c Corruption) apply(x []float32, rng *rand.Rand) {
	if c.Gaussian > 0 {
		noise.Gaussian(x, c.Gaussian, rng)
	}
	if c.SaltPepper > 0 {
		noise.SaltPepper(x, c.SaltPepper, rng)
	}
	if c.Mask > 0 {
		noise.Mask(x, c.Mask, rng)
	}
}
