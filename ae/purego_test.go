//go:build purego

package ae_test

// pureGo is true when the kernels are the pure-Go ones (-tags purego), some
// ten times slower: the long training tests then train less.
const pureGo = true
