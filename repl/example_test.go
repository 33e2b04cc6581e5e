package main

import (
	"fmt"
	"os"
)

// A session evaluates cells as the REPL does: declarations print nothing,
// an expression's value prints (a matrix as its shape and a corner), and
// a form that crashes yaegi v0.16.1 is refused with what to write instead.
func Example() {
	dir, err := os.MkdirTemp("", "aekit-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	s, err := newSession(options{out: dir}, os.Stdout, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	s.runCell("x := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})", nil)
	s.runCell("x", nil)
	s.runCell("r, c := x.Dims()\nr * c", nil)
	s.runCell("for i := range 3 { fmt.Println(i) }", nil)
	// Output:
	// *mat.Dense 2×3
	//   1 2 3
	//   4 5 6
	// 6
	// error: line 1: `range 3` over an integer is not supported
	//   hint: ranging over an integer crashes yaegi v0.16.1; write `for i := 0; i < n; i++ { … }`.
}

// Cells continue while their tokens are incomplete.
func Example_incomplete() {
	for _, src := range []string{"x := 1", "x := f(1,", "y := []int{", "z := a +", "m.", "s := `raw"} {
		fmt.Printf("%-12q %v\n", src, incomplete(src))
	}
	// Output:
	// "x := 1"     false
	// "x := f(1,"  true
	// "y := []int{" true
	// "z := a +"   true
	// "m."         true
	// "s := `raw"  true
}
