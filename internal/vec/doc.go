// Package vec holds the float32 slice kernels of aekit's training loop: the
// elementwise passes that come between the matrix products (bias and
// activation, the output-layer losses and their gradients, the activation
// derivatives, column sums, the Adam update) and the conversions and checks
// of the float64 data that feeds them. It is the one home of the engine's
// float32 scalar math (fastmath.go): the engine (package ae) computes no
// exponential, logarithm or tanh of its own.
//
// Every kernel works in place on slices and allocates nothing. The first
// slice argument sets the length n; the others must hold at least n values
// (only their first n are used) or the kernel panics. A gradient slice g
// that is optional may be nil.
//
// # Implementations
//
// Each kernel has a pure-Go implementation, the reference, used when the
// package is built with the tag purego (go test -tags purego) and on every
// architecture but amd64. On amd64 the kernels are Go assembly, chosen at
// init from golang.org/x/sys/cpu: AVX-512 (16 floats a vector, the tail
// through masks) where the CPU has AVX512F, else AVX2 with FMA (8 floats a
// vector), else the pure-Go ones. The AVX-512 loops read whole vectors with
// plain loads and only the tail with masked ones: on this Zen 5 a masked
// load that misses the cache was about twice as slow.
//
// BiasTanh, MAE and BCE (the loss on outputs that are probabilities but not
// a sigmoid's) are pure Go on every architecture: the usual models (ReLU
// hidden layers, a sigmoid output trained with SigmoidBCE or MSE) never call
// them, so they have not earned assembly.
//
// # Accuracy
//
// The exponential and logarithms are those of fastmath.go: e^x by Cody-Waite
// reduction (x = k·ln2 + r) and the degree-7 Taylor polynomial of e^r,
// scaled by 2^k built in the exponent bits; log(1+u) as 2·atanh(u/(2+u)),
// a degree-7 polynomial in s² (and log x, for BCE, the same way from x's
// mantissa); tanh x by its Taylor series below |x| = 0.4 and from
// e^(-2|x|) above. The polynomials of e^r and log(1+u) are evaluated by
// Estrin's scheme, whose chain of dependent operations is half as long as
// Horner's (the sigmoid and BCE kernels are limited by latency more than
// by arithmetic). Results are within a few units in the last place. The
// assembly evaluates the same operations in the same order but with fused
// multiply-adds, so its sigmoids and losses may differ from the pure-Go ones
// in the last bit or two (at most 4 ulps in the tests); divisions are
// correctly rounded VDIVPS. The kernels that need no exponential (bias,
// ReLU, the derivatives, Add, Adam, the conversion, MSE's gradient) do
// exactly what the pure-Go code does, with the same roundings, and give the
// same bits. Sums (SigmoidBCE, MSE) round each term to float32, as the
// pure-Go code does, and add the terms in float64, in 16 interleaved partial
// sums, so the order of the additions costs nothing measurable: the sums
// differ from the pure-Go ones only as much as their terms do.
//
// # Determinism
//
// Results depend only on the values passed, never on where the slices sit in
// memory or on which call it is: the same input gives the same bits every
// time. Element i of a sum always goes to partial sum i mod 16, and the 16
// partial sums are combined in a fixed order, by the AVX-512 and the AVX2
// code alike; the two assembly versions give identical bits.
package vec
