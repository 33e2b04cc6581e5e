package cell

import "fmt"

// Cells continue while their tokens are incomplete.
func ExampleIncomplete() {
	for _, src := range []string{"x := 1", "x := f(1,", "y := []int{", "z := a +", "m.", "s := `raw"} {
		fmt.Printf("%-12q %v\n", src, Incomplete(src))
	}
	// Output:
	// "x := 1"     false
	// "x := f(1,"  true
	// "y := []int{" true
	// "z := a +"   true
	// "m."         true
	// "s := `raw"  true
}
