// Package ae is aekit's autoencoder engine: compiled, fast and checked.
//
// An autoencoder is a network trained to copy its input. Its encoder E
// squeezes each input X (a row of 784 pixels for an MNIST digit) into a much
// shorter latent code, and its decoder D rebuilds the input from that code,
// X̂ = D(E(X)). Training lowers a loss that measures the difference between X
// and X̂; because the code is small, the network must learn what matters.
//
//	m, err := ae.NewSymmetric([]int{784, 128, 32}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
//	// or, convolutional: m, err := ae.PyImageSearchConv(digits.Shape, 1)
//	history, err := m.Fit(ctx, x, ae.Options{Epochs: 10, Loss: ae.BCE})
//	codes, err := m.Encode(x)        // one 32-value code per row of x
//	xhat, err := m.Reconstruct(x)    // D(E(x))
//	scores, err := ae.MSE.Errors(x, xhat)
//
// Start with reference.go: the whole autoencoder (dense layers, the
// activations, the losses, backpropagation, Adam and SGD) on one page, in
// float64 and plain loops. It is the definition the tests hold the fast
// engine to, and its comments name where each step lives in the engine.
// The layers beyond Dense are held to numerical gradients
// (convgrad_test.go) and to PyTorch itself (golden_test.go, with outputs
// and gradients recorded by testdata/torch_golden.py).
//
// What it offers:
//   - Models built from Dense layers with Linear, ReLU, LeakyReLU, Sigmoid or
//     Tanh activations (New, NewSymmetric); Encode, Decode and Reconstruct on
//     whole matrices; a Summary of shapes and parameter counts.
//   - Convolutional models of images (NewConv, with a data set's Shape):
//     Conv2D, ConvTranspose2D, MaxPool2D, Upsample2D, BatchNorm, Flatten and
//     Unflatten, their shapes worked out layer by layer with PyTorch's
//     conventions, and three presets from the references learners read
//     (PyImageSearchConv, KerasBlogConv, TensorFlowDenoiser). FeatureMaps,
//     Channels, Weights and KernelShape give the pictures of what the
//     layers see. conv.go explains how convolutions become matrix products.
//   - Variational autoencoders (NewVAE, or a Sampling layer at the end of
//     any encoder, convolutional too: TensorFlowCVAE): the encoder gives
//     each code number a mean and a log-variance, Fit samples the code by
//     the reparameterisation trick and adds Options.KLWeight (β) times the
//     KL divergence to the standard normal; Generate decodes codes drawn
//     from that prior (PriorCodes), NegativeELBO scores each image in
//     nats. vae.go explains the loss and its gradient.
//   - Losses MSE, BCE (computed from the logits under a Sigmoid output, so it
//     stays finite when an output rounds to 0 or 1) and MAE; an optional L1
//     penalty on the code for a sparse autoencoder.
//   - Fit: minibatch training with Adam or SGD with momentum, validation data,
//     input corruption for denoising, callbacks, and a context that stops it
//     within one batch. Learning-rate schedules (warm-up, cosine, linear,
//     step decay, one-cycle: Options.Schedule, LearningRateAt), Adam's betas,
//     decoupled weight decay (AdamW) and batches that grow during training
//     (Options.MaxBatchSize).
//   - Pretrain: greedy layer-wise pretraining, each encoder layer and its
//     mirror trained as a shallow autoencoder on the codes of the layers
//     below, as the 2006 paper prepared its deep autoencoder (pretrain.go;
//     bench/paper trains that model on the full MNIST).
//   - Anomaly scores: per-sample errors (Loss.Errors), thresholds by quantile
//     or mean + k·std, precision and recall, the top-k scores.
//   - PCA with the same Encode, Decode and Reconstruct, for comparison.
//   - Save and Load in a small, versioned, checksummed format, written
//     atomically.
//
// Inputs are gonum matrices of float64 with one sample per row; the engine
// computes in float32 in buffers it reuses, so a training step allocates
// nothing. Every matrix product goes through one entry point
// (internal/gemm); elementwise work is split over all cores with a fixed
// split, so a seed gives the same bits on every run on a given machine.
//
// The API is written to be called from aekit's REPL, a yaegi interpreter:
// no generics, no variadic interface parameters, a context on every long
// call, and errors instead of panics for user mistakes. A Model serialises
// its own methods, so it is safe to use from several goroutines.
package ae
