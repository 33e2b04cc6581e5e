//go:build !race

package pipeline

// raceEnabled is true under -race; see race_test.go.
const raceEnabled = false
