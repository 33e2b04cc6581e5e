package main

import (
	"testing"

	"github.com/aekit/aekit/lessons"
)

// TestLessonsRunQuick runs every step of every lesson of this build in the
// REPL, as `repl -lesson NAME -quick` does in CI: the lessons are written
// in the Go that yaegi v0.16.1 runs, and the REPL runs all of it.
func TestLessonsRunQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("trains small models")
	}
	all, err := lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		t.Run(l.Name, func(t *testing.T) {
			ts := newTestSession(t)
			if err := ts.openLesson(l.Name); err != nil {
				t.Fatal(err)
			}
			if err := ts.runAll(); err != nil {
				t.Fatalf("%v\noutput:\n%s", err, ts.buf.String())
			}
			if len(ts.plots) == 0 {
				t.Errorf("lesson %s saved no picture", l.Name)
			}
		})
	}
}
