package ae

import (
	"cmp"
	"fmt"
	"math"
)

// Schedule says how the learning rate moves during one Fit call (see
// Options.Schedule). Every schedule is a function of how far training has
// gone, counted in epochs (fractions included), so it does not depend on the
// batch size: Options.LearningRateAt gives its value anywhere.
type Schedule int

// The schedules Fit can follow. Any of them may start with a linear warm-up
// (Options.WarmupEpochs).
const (
	// Constant keeps LearningRate throughout.
	Constant Schedule = iota
	// CosineDecay lowers the rate from LearningRate to MinLearningRate along half
	// a cosine wave, from the end of the warm-up to the last epoch
	// (Loshchilov and Hutter's SGDR without restarts; PyTorch's
	// CosineAnnealingLR).
	CosineDecay
	// LinearDecay lowers the rate from LearningRate to MinLearningRate in a
	// straight line, from the end of the warm-up to the last epoch.
	LinearDecay
	// StepDecay multiplies the rate by DecayFactor (0 means 0.1) every
	// DecayEvery epochs (PyTorch's StepLR).
	StepDecay
	// OneCycle is Smith's one-cycle policy as PyTorch's OneCycleLR runs it
	// by default: the rate rises from LearningRate/25 to LearningRate along
	// half a cosine over the first 30 % of the epochs (or WarmupEpochs, if
	// set), then falls along half a cosine to MinLearningRate (0 means
	// LearningRate/250,000). Unlike PyTorch's, it leaves Adam's Beta1 alone.
	OneCycle
)

var scheduleNames = [...]string{"constant", "cosine", "linear", "step", "onecycle"}

// String returns the schedule's name in lower case, e.g. "cosine".
func (s Schedule) String() string { return nameOf(scheduleNames[:], "Schedule", int(s)) }

func (s Schedule) valid() bool { return s >= 0 && int(s) < len(scheduleNames) }

// ParseSchedule returns the schedule with the given name ("constant",
// "cosine", "linear", "step" or "onecycle"), ignoring case.
func ParseSchedule(name string) (Schedule, error) {
	i, err := parseName(scheduleNames[:], "Schedule", name)
	return Schedule(i), err
}

// LearningRateAt returns the learning rate Fit uses with these options once
// epoch epochs of training have passed (2.5 is half-way through the third
// epoch), with the defaults filled in as Fit fills them (Epochs 0 means 10,
// LearningRate 0 means Adam's 0.001 or SGD's 0.01). Fit gives each batch the
// rate at the middle of the batch, so neither the first batch of a warm-up
// nor the last one of a decay to 0 has a rate of 0.
//
//	opts := ae.Options{Epochs: 20, LearningRate: 0.002, Schedule: ae.CosineDecay, WarmupEpochs: 1}
//	opts.LearningRateAt(0.5)   // 0.001: half-way up the warm-up
//	opts.LearningRateAt(10.5)  // 0.001: half-way down the cosine
func (o Options) LearningRateAt(epoch float64) float64 {
	o.fillDefaults()
	return o.rateAt(epoch)
}

// rateAt is LearningRateAt with the defaults filled in already.
func (o *Options) rateAt(e float64) float64 {
	lr, total, warm := o.LearningRate, float64(o.Epochs), o.WarmupEpochs
	e = math.Max(0, math.Min(e, total))
	if o.Schedule == OneCycle {
		if warm <= 0 {
			warm = 0.3 * total
		}
		lo, end := lr/25, o.MinLearningRate
		if end == 0 {
			end = lr / 250000
		}
		if e < warm {
			return lo + (lr-lo)*(1-math.Cos(math.Pi*e/warm))/2
		}
		return end + (lr-end)*(1+math.Cos(math.Pi*fraction(e-warm, total-warm)))/2
	}
	if warm > 0 && e < warm {
		return lr * e / warm
	}
	switch o.Schedule {
	case CosineDecay:
		return o.MinLearningRate + (lr-o.MinLearningRate)*(1+math.Cos(math.Pi*fraction(e-warm, total-warm)))/2
	case LinearDecay:
		return lr + (o.MinLearningRate-lr)*fraction(e-warm, total-warm)
	case StepDecay:
		f := o.DecayFactor
		if f == 0 {
			f = 0.1
		}
		return lr * math.Pow(f, math.Floor(e/float64(o.DecayEvery)))
	}
	return lr
}

// fraction returns x/span in [0, 1], and 1 when span is not positive.
func fraction(x, span float64) float64 {
	if span <= 0 {
		return 1
	}
	return math.Max(0, math.Min(1, x/span))
}

// checkSchedule reports what is wrong with the schedule's options.
func (o *Options) checkSchedule() error {
	bad := func(v float64) bool { return !(v >= 0) || math.IsInf(v, 0) }
	switch {
	case !o.Schedule.valid():
		return fmt.Errorf("Options.Schedule is %v, want Constant, CosineDecay, LinearDecay, StepDecay or OneCycle", o.Schedule)
	case bad(o.WarmupEpochs):
		return fmt.Errorf("Options.WarmupEpochs is %v, want 0 or a positive number of epochs", o.WarmupEpochs)
	case bad(o.MinLearningRate):
		return fmt.Errorf("Options.MinLearningRate is %v, want 0 or a positive number", o.MinLearningRate)
	case o.DecayEvery < 0:
		return fmt.Errorf("Options.DecayEvery is %d, want 0 or more epochs", o.DecayEvery)
	case o.Schedule == StepDecay && o.DecayEvery == 0:
		return fmt.Errorf("Options.Schedule is StepDecay but Options.DecayEvery is 0: say every how many epochs the rate falls")
	case !(o.DecayFactor >= 0 && o.DecayFactor < 1):
		return fmt.Errorf("Options.DecayFactor is %v, want 0 < factor < 1 (or 0 for 0.1)", o.DecayFactor)
	case !(o.Beta1 >= 0 && o.Beta1 < 1):
		return fmt.Errorf("Options.Beta1 is %v, want 0 < β1 < 1 (or 0 for 0.9)", o.Beta1)
	case !(o.Beta2 >= 0 && o.Beta2 < 1):
		return fmt.Errorf("Options.Beta2 is %v, want 0 < β2 < 1 (or 0 for 0.999)", o.Beta2)
	case bad(o.WeightDecay):
		return fmt.Errorf("Options.WeightDecay is %v, want 0 or a positive number", o.WeightDecay)
	case o.MaxBatchSize < 0 || o.MaxBatchSize > 1<<16:
		return fmt.Errorf("Options.MaxBatchSize is %d, want 0 (no growth) up to %d", o.MaxBatchSize, 1<<16)
	case o.MaxBatchSize > 0 && o.MaxBatchSize < cmp.Or(o.BatchSize, defaultBatchSize):
		return fmt.Errorf("Options.MaxBatchSize is %d, below the first batch size %d: want 0 (no growth) or at least BatchSize",
			o.MaxBatchSize, cmp.Or(o.BatchSize, defaultBatchSize))
	}
	return nil
}

// defaultBatchSize is Fit's batch size when Options.BatchSize is 0.
const defaultBatchSize = 256

// batchStages returns the batch size of each stage of training: BatchSize,
// doubled stage by stage up to MaxBatchSize (the last stage takes
// MaxBatchSize itself). Without growth there is one stage.
func (o *Options) batchStages() []int {
	sizes := []int{o.BatchSize}
	for b := o.BatchSize; b < o.MaxBatchSize; {
		b = min(2*b, o.MaxBatchSize)
		sizes = append(sizes, b)
	}
	return sizes
}

// BatchSizeAt returns the batch size Fit uses with these options in epoch
// epoch (numbered from 1), with the defaults filled in: BatchSize, or with
// MaxBatchSize above it, a size that doubles at evenly spaced epochs, from
// BatchSize in the first stage to MaxBatchSize in the last.
//
//	opts := ae.Options{Epochs: 40, BatchSize: 128, MaxBatchSize: 1024}
//	opts.BatchSizeAt(1)   // 128 (epochs 1-10)
//	opts.BatchSizeAt(35)  // 1024 (epochs 31-40)
func (o Options) BatchSizeAt(epoch int) int {
	o.fillDefaults()
	return o.batchAt(epoch, o.batchStages())
}

func (o *Options) batchAt(epoch int, stages []int) int {
	s := (max(epoch, 1) - 1) * len(stages) / o.Epochs
	return stages[min(s, len(stages)-1)]
}

// fillDefaults sets the options Fit reads whose zero value means a default.
func (o *Options) fillDefaults() {
	if o.Epochs == 0 {
		o.Epochs = 10
	}
	if o.BatchSize == 0 {
		o.BatchSize = defaultBatchSize
	}
	if o.LearningRate == 0 {
		o.LearningRate = 0.001
		if o.Optimizer == SGD {
			o.LearningRate = 0.01
		}
	}
}
