//go:build race

package pipeline

// raceEnabled is true under -race. After an interrupt the REPL waits for
// yaegi's evaluation goroutine to end by watching the goroutine stacks
// (session.awaitStopped): the order is real, but the race detector cannot
// see it as synchronisation and reports the next evaluation's accesses.
const raceEnabled = true
