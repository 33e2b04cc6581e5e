package plots_test

import (
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/plots"
)

// Two ROC curves, as ae.ROC gives them; the legend gives each one's AUC.
func ExampleROC() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	good := plots.ROCCurve{Name: "clothes", FPR: []float64{0, 0, 0.1, 1}, TPR: []float64{0, 0.8, 1, 1}}
	weak := plots.ROCCurve{Name: "unseen digits", FPR: []float64{0, 0.2, 0.5, 1}, TPR: []float64{0, 0.5, 0.8, 1}}
	fmt.Printf("AUC: %.2f and %.3f\n", good.AUC(), weak.AUC())
	path := filepath.Join(dir, "roc.png")
	err := plots.ROC{Curves: []plots.ROCCurve{good, weak}, Title: "Strangers against digits"}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// AUC: 0.99 and 0.695
	// roc.png: 1200×660 pixels
}

// Each query with its nearest images; the frames say which are right.
func ExampleRetrieval() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	x := rings(12)
	queries := mat.DenseCopyOf(x.Slice(0, 2, 0, 28*28))
	// Three matches per query, nearest first: rows 0-2 for query 0, 3-5 for query 1.
	matches := mat.NewDense(6, 28*28, nil)
	for k, i := range []int{1, 2, 5, 11, 10, 3} {
		matches.SetRow(k, x.RawRowView(i))
	}
	path := filepath.Join(dir, "search.png")
	err := plots.Retrieval{Queries: queries, Matches: matches, Shape: digit,
		Correct: []bool{true, true, false, false, false, true},
		Names:   []string{"small", "large"}, Title: "Rings like these"}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// search.png: 1035×588 pixels
}
