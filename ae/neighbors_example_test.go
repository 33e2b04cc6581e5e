package ae_test

import (
	"context"
	"fmt"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
	"gonum.org/v1/gonum/mat"
)

// Search 2,000 digits for the ten nearest to each of them, by pixels, and
// count how many of the ten carry the query's label.
func ExampleNearestOthers() {
	digits, err := datasets.MNISTTest()
	if err != nil {
		fmt.Println(err)
		return
	}
	x := digits.Images.Slice(0, 2000, 0, 784).(*mat.Dense)
	labels := digits.Labels[:2000]
	idx, dist, err := ae.NearestOthers(context.Background(), x, 10, ae.Euclidean)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := ae.PrecisionAtK(idx, labels, labels)
	fmt.Printf("digit #0 is a %d; its nearest are #%d (a %d) at %.2f and #%d (a %d) at %.2f\n",
		labels[0], idx[0][0], labels[idx[0][0]], dist[0][0], idx[0][1], labels[idx[0][1]], dist[0][1])
	fmt.Printf("precision@10: %.3f\n", p)
	// Output:
	// digit #0 is a 7; its nearest are #494 (a 7) at 4.06 and #1784 (a 7) at 4.63
	// precision@10: 0.784
}

// Cosine distance looks at the direction of a row, not its length.
func ExampleNearest() {
	items := mat.NewDense(3, 2, []float64{10, 0, 0, 1, 1, 1})
	query := mat.NewDense(1, 2, []float64{1, 0})
	for _, m := range []ae.Metric{ae.Euclidean, ae.Cosine} {
		idx, dist, _ := ae.Nearest(context.Background(), query, items, 3, m)
		fmt.Printf("%-9v %v %.3f\n", m, idx[0], dist[0])
	}
	// Output:
	// euclidean [2 1 0] [1.000 1.414 9.000]
	// cosine    [0 2 1] [0.000 0.293 1.000]
}
