//go:build !race

package frontend

// raceEnabled is true under -race; see race_test.go.
const raceEnabled = false
