package lessons

import (
	"context"
	"errors"
	"fmt"
)

// broken: a lesson whose second step fails, for the batch-mode tests.
//
// Goal: show that batch mode names the failing step.
func broken(ctx context.Context, quick bool) {
	// Step: Fine
	fmt.Println("step one ran")

	// Step: Fails on purpose
	check(errors.New("no data here"))

	// Step: Never reached
	fmt.Println("step three ran")
}
