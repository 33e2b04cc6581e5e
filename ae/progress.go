package ae

import "context"

// Progress receives news of training. The REPL implements it to draw a
// progress bar; Fit finds it in the context it is given (see WithProgress).
type Progress interface {
	// Batch is called after every minibatch with the images seen so far in
	// this epoch and the batch's loss.
	Batch(epoch, epochs, batch, batches, seen int, loss float64)
	// Epoch is called after every epoch with its mean training loss, the
	// validation loss (NaN without validation data) and its duration.
	Epoch(epoch, epochs int, train, validation, seconds float64)
}

type progressKey struct{}

// WithProgress returns a copy of ctx that carries p, so that Fit reports to p.
func WithProgress(ctx context.Context, p Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, p)
}

func progressFrom(ctx context.Context) Progress {
	p, _ := ctx.Value(progressKey{}).(Progress)
	return p
}
