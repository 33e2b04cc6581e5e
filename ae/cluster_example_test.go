package ae_test

import (
	"context"
	"fmt"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
	"gonum.org/v1/gonum/mat"
)

// Cluster a thousand digits into ten groups by their pixels, then score
// the groups against the labels the clustering never saw.
func ExampleFitKMeans() {
	digits, err := datasets.MNISTTest()
	if err != nil {
		fmt.Println(err)
		return
	}
	x := digits.Images.Slice(0, 1000, 0, 784).(*mat.Dense)
	km, err := ae.FitKMeans(context.Background(), x, 10, ae.KMeansOptions{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	labels := digits.Labels[:1000]
	nmi, _ := ae.NMI(labels, km.Clusters)
	match, acc, _ := ae.MatchClusters(labels, km.Clusters)
	fmt.Printf("%d clusters; NMI %.2f; matched accuracy %.2f\n", km.K(), nmi, acc)
	fmt.Println("the digit of each cluster:", match)
	// Output:
	// 10 clusters; NMI 0.55; matched accuracy 0.60
	// the digit of each cluster: [6 1 7 0 9 5 8 3 4 2]
}

// NMI and matched accuracy do not care what the clusters are called.
func ExampleNMI() {
	labels := []int{0, 0, 1, 1, 2, 2}
	clusters := []int{2, 2, 0, 0, 1, 1}
	nmi, _ := ae.NMI(labels, clusters)
	acc, _ := ae.MatchedAccuracy(labels, clusters)
	fmt.Println(nmi, acc)
	// Output:
	// 1 1
}

// Mistakes are errors that name the argument.
func ExampleFitKMeans_error() {
	x := mat.NewDense(3, 2, nil)
	_, err := ae.FitKMeans(context.Background(), x, 5, ae.KMeansOptions{})
	fmt.Println(err)
	// Output:
	// ae: FitKMeans: k is 5, want 1 to 3 (the rows of x)
}
