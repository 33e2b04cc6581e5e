package ae_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
	"gonum.org/v1/gonum/mat"
)

// The slide's autoencoder: an encoder 784→128→32 and a mirrored decoder.
func ExampleNew() {
	encoder := []ae.Layer{ae.Dense(784, 128, ae.ReLU), ae.Dense(128, 32, ae.ReLU)}
	decoder := []ae.Layer{ae.Dense(32, 128, ae.ReLU), ae.Dense(128, 784, ae.Sigmoid)}
	m, err := ae.New(encoder, decoder, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(m.Summary())
	// Output:
	// ae.Model 784→128→32→128→784 (209,968 parameters)
	// code size 32: each 784-value input is compressed 24.5×
	//   layer             kind               output   activation   parameters
	//   input                                784
	//   encoder layer 1   Dense(784 → 128)   128      relu            100,480
	//   encoder layer 2   Dense(128 → 32)    32       relu              4,128
	//   decoder layer 1   Dense(32 → 128)    128      relu              4,224
	//   decoder layer 2   Dense(128 → 784)   784      sigmoid         101,136
	//   total                                                         209,968
}

func ExampleNew_shapeMismatch() {
	_, err := ae.New([]ae.Layer{ae.Dense(784, 32, ae.ReLU)}, []ae.Layer{ae.Dense(64, 784, ae.Sigmoid)}, 1)
	fmt.Println(err)
	// Output:
	// ae: New: decoder layer 1 (Dense) takes 64 values but encoder layer 1 (Dense) outputs 32
}

// Train the Keras blog's simple autoencoder on a thousand digits, then
// compress and rebuild them.
func ExampleModel_Fit() {
	digits, err := datasets.MNISTTest()
	if err != nil {
		fmt.Println(err)
		return
	}
	x := digits.Images.Slice(0, 1000, 0, 784).(*mat.Dense)
	m, err := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	history, err := m.Fit(context.Background(), x, ae.Options{Epochs: 5, BatchSize: 32, Loss: ae.BCE})
	if err != nil {
		fmt.Println(err)
		return
	}
	codes, _ := m.Encode(x)
	xhat, _ := m.Decode(codes)
	r, c := codes.Dims()
	fmt.Printf("%d epochs, loss went down: %v\n", history.Epochs(), history.LastTrain() < history.Train[0])
	fmt.Printf("codes: %d×%d; reconstructions: %d×%d\n", r, c, xhat.RawMatrix().Rows, xhat.RawMatrix().Cols)
	// Output:
	// 5 epochs, loss went down: true
	// codes: 1000×32; reconstructions: 1000×784
}

// PCA has the same shape as a model: Encode, Decode, Reconstruct. Fitted on
// half the test digits and scored on the other half, 30 components leave a
// squared error per image near the 2006 paper's 13.87 (which fits 60,000).
func ExampleFitPCA() {
	digits, err := datasets.MNISTTest()
	if err != nil {
		fmt.Println(err)
		return
	}
	train := digits.Images.Slice(0, 5000, 0, 784).(*mat.Dense)
	test := digits.Images.Slice(5000, 10000, 0, 784).(*mat.Dense)
	p, err := ae.FitPCA(train, 30)
	if err != nil {
		fmt.Println(err)
		return
	}
	xhat, _ := p.Reconstruct(test)
	se, _ := ae.SquaredErrorPerImage(test, xhat)
	fmt.Println(p)
	fmt.Printf("squared error per image: %.1f\n", se)
	// Output:
	// ae.PCA 784→30 (72.6% of the variance)
	// squared error per image: 14.8
}

// Score each sample by its reconstruction error and flag the top 1%.
func ExampleQuantileThreshold() {
	scores := []float64{0.010, 0.012, 0.011, 0.090, 0.013, 0.009, 0.010, 0.012, 0.011, 0.010}
	threshold, _ := ae.QuantileThreshold(scores, 0.9)
	flagged := ae.Flag(scores, threshold)
	fmt.Printf("threshold %.4f\n", threshold)
	for i, f := range flagged {
		if f {
			fmt.Println("flagged sample", i)
		}
	}
	// Output:
	// threshold 0.0207
	// flagged sample 3
}

func ExampleLoss_Errors() {
	x := mat.NewDense(2, 2, []float64{0, 1, 1, 1})
	xhat := mat.NewDense(2, 2, []float64{0.5, 1, 1, 0})
	for _, loss := range []ae.Loss{ae.MSE, ae.MAE} {
		scores, _ := loss.Errors(x, xhat)
		fmt.Println(loss, scores)
	}
	// Output:
	// mse [0.125 0.5]
	// mae [0.25 0.5]
}

func ExampleModel_Save() {
	m, _ := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	dir, _ := os.MkdirTemp("", "aekit")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "simple.aekit")
	if err := m.Save(path); err != nil {
		fmt.Println(err)
		return
	}
	back, err := ae.Load(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back)
	// Output:
	// ae.Model 784→32→784 (50,992 parameters)
}
