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
	// CodeL1 > 0 adds CodeL1·Σ|code|/rows to the loss: a sparse autoencoder,
	// whose codes are pushed towards zero (the Keras blog uses 1e-5... on sums).
	CodeL1 float64
	// Seed drives the shuffling and the corruption; the model's initial
	// weights come from the seed given to New.
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
