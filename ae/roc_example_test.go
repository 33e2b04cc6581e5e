package ae_test

import (
	"fmt"

	"github.com/aekit/aekit/ae"
)

// A score that ranks every stranger above every familiar sample has an
// AUC of 1; here one familiar sample (0.09) outscores both strangers, so
// a stranger beats a familiar sample in 3 pairs out of 4.
func ExampleAUC() {
	scores := []float64{0.01, 0.02, 0.03, 0.09, 0.05, 0.08}
	strangers := []bool{false, false, false, false, true, true}
	auc, _ := ae.AUC(scores, strangers)
	fpr, tpr, _ := ae.ROC(scores, strangers)
	fmt.Printf("AUC %.3f\n", auc)
	fmt.Println("false-positive rates:", fpr)
	fmt.Println("true-positive rates: ", tpr)
	// Output:
	// AUC 0.750
	// false-positive rates: [0 0.25 0.25 0.25 0.5 0.75 1]
	// true-positive rates:  [0 0 0.5 1 1 1 1]
}
