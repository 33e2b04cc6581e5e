package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestScripts runs the scripts in testdata/script: the REPL in batch and
// piped mode, as CI and an instructor preparing a class use it. $LESSONS
// is the folder of the lesson fixtures.
func TestScripts(t *testing.T) {
	lessons := fixtures(t)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("LESSONS", lessons)
			return nil
		},
	})
}
