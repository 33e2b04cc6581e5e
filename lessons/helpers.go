package lessons

import "github.com/aekit/aekit/datasets"

// The helpers of the lessons: plain Go functions the lessons share, written
// in the Go the REPL's interpreter runs. The REPL evaluates this file's
// functions into every session (:vars lists them), so a learner can call
// them too; the compiled lessons call them as ordinary functions.

// heldOutDigits returns the digits most lessons work on: the 10,000
// embedded MNIST test images, shuffled with seed 1 and split into 8,000 to
// train on and 2,000 held out. When quick is true it keeps the first 1,000
// and the first 200 of those, so that a lesson runs in seconds.
func heldOutDigits(quick bool) (train, held *datasets.Set, err error) {
	digits, err := datasets.MNISTTest()
	if err != nil {
		return nil, nil, err
	}
	train, held, err = digits.Split(0.2, 1)
	if err != nil || !quick {
		return train, held, err
	}
	train, err = train.Take(1000)
	if err != nil {
		return nil, nil, err
	}
	held, err = held.Take(200)
	if err != nil {
		return nil, nil, err
	}
	return train, held, nil
}
