//go:build !race

package main

// raceEnabled is true under -race; see race_test.go.
const raceEnabled = false
