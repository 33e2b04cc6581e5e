package lessons

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// basics: a tiny lesson for the parser and REPL tests.
//
// Goal: make a matrix, draw a picture of it, and answer one question.
//
// This paragraph is not part of the goal.
func basics(ctx context.Context, quick bool) {
	// Step: Make a matrix
	//
	// A matrix holds one image per row.
	// Here each row has three pixels.
	rows := 4
	if quick {
		rows = 2
	}
	x := mat.NewDense(rows, 3, nil)
	for i := 0; i < rows; i++ {
		x.Set(i, i%3, 1) // one bright pixel per row
	}
	fmt.Println("rows:", rows)

	// Step: Draw it
	// Every picture lands in the out folder.
	p := plot.New()
	p.Title.Text = "row sums"
	pts := make(plotter.XYs, rows)
	for i := range pts {
		pts[i].X = float64(i)
		pts[i].Y = mat.Sum(x.RowView(i))
	}
	line, err := plotter.NewLine(pts)
	check(err)
	p.Add(line)
	check(p.Save(200, 150, picture("rows.png")))

	// Step: Add it up
	total := mat.Sum(x)
	fmt.Println("total:", total)

	// Exercise: Six bright pixels
	// Make total equal 6: run step 1 with six rows (`:step 1 rows=6`),
	// then the rest of the lesson (`:all`), then `:check`.
	// Try: :step 1 rows=6
	// Try: :all
	// Try: :check
	// Check: total == 6
	// Answer: fmt.Sprintf("total = %g", total)
	// Hint: step 1's rows sets how many rows get a bright pixel;
	// step 3 adds them up.
}

// helper is not a lesson: its signature differs.
func helper(x int) int { return x }
