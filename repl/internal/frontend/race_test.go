//go:build race

package frontend

// raceEnabled is true under -race: the browser tests skip themselves
// there (see serve_browser_test.go).
const raceEnabled = true
