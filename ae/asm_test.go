//go:build !purego

package ae_test

// pureGo is true when the kernels are the pure-Go ones (-tags purego).
const pureGo = false
