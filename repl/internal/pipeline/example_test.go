package pipeline

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
	s, err := New(Options{Out: dir, Stdout: os.Stdout})
	if err != nil {
		fmt.Println(err)
		return
	}
	s.Run("x := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})", nil, nil)
	s.Run("x", nil, nil)
	s.Run("r, c := x.Dims()\nr * c", nil, nil)
	s.Run("for i := range 3 { fmt.Println(i) }", nil, nil)
	// Output:
	// *mat.Dense 2×3
	//   1 2 3
	//   4 5 6
	// 6
	// error: line 1: `range 3` over an integer is not supported
	//   hint: ranging over an integer crashes yaegi v0.16.1; write `for i := 0; i < n; i++ { … }`.
}
