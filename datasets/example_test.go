package datasets_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"log"
	"os"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/datasets"
)

func ExampleMNISTTest() {
	test, err := datasets.MNISTTest()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(test)
	fmt.Println("first label:", test.Labels[0])

	// Draw image #0, a 7, with one character per 2×2 pixels.
	img, _ := test.Image(0)
	for y := 6; y < 28; y += 2 {
		line := ""
		for x := 4; x < 24; x += 2 {
			if img[y*28+x] > 0.5 {
				line += "#"
			} else {
				line += "."
			}
		}
		fmt.Println(line)
	}
	// Output:
	// mnist-test: 10000 images of 28×28, labels 0 to 9
	// first label: 7
	// ..........
	// .########.
	// ........#.
	// .......#..
	// .......#..
	// ......#...
	// ......#...
	// .....#....
	// ....#.....
	// ....#.....
	// ....#.....
}

func ExampleSet_Filter() {
	test, err := datasets.MNISTTest()
	if err != nil {
		log.Fatal(err)
	}
	zerosAndOnes, err := test.Filter([]int{0, 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(zerosAndOnes)
	// Index names each image's place in the test set.
	fmt.Println("first rows are test images", zerosAndOnes.Index[:4], "labelled", zerosAndOnes.Labels[:4])

	_, err = test.Filter([]int{10})
	fmt.Println(err)
	// Output:
	// mnist-test: 2115 images of 28×28, labels 0 to 1
	// first rows are test images [2 3 5 10] labelled [1 0 1 0]
	// datasets: mnist-test: Filter: no image has a label in [10]
}

func ExampleSet_Split() {
	test, err := datasets.MNISTTest()
	if err != nil {
		log.Fatal(err)
	}
	train, validation, err := test.Split(0.2, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train.Len(), "for training,", validation.Len(), "for validation")
	// Output:
	// 8000 for training, 2000 for validation
}

func ExampleContaminate() {
	test, err := datasets.MNISTTest()
	if err != nil {
		log.Fatal(err)
	}
	ones, _ := test.Filter([]int{1})
	threes, _ := test.Filter([]int{3})
	// Ones with 1% of threes planted among them: can an autoencoder
	// trained on this set find the threes?
	mixed, planted, err := datasets.Contaminate(ones, threes, 0.01, 42)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for i, p := range planted {
		if p {
			if n < 3 {
				fmt.Printf("row %d is test image #%d, a %d\n", i, mixed.Index[i], mixed.Labels[i])
			}
			n++
		}
	}
	fmt.Println(mixed.Len(), "rows,", n, "planted")
	// Output:
	// row 116 is test image #8354, a 3
	// row 299 is test image #6957, a 3
	// row 306 is test image #5472, a 3
	// 1146 rows, 11 planted
}

// tiny returns a set of six 2×2 images labelled 0, 1, 2, 0, 1, 2.
func tiny() *datasets.Set {
	x := mat.NewDense(6, 4, nil)
	for i := range 6 {
		x.SetRow(i, []float64{0, 0.2, 0.4, float64(i) / 10})
	}
	return &datasets.Set{
		Images: x,
		Labels: []int{0, 1, 2, 0, 1, 2},
		Shape:  datasets.Shape{C: 1, H: 2, W: 2},
		Name:   "tiny",
	}
}

func ExampleSet_Take() {
	s := tiny()
	first, err := s.Take(2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(first)
	_, err = s.Take(7)
	fmt.Println(err)
	// Output:
	// tiny: 2 images of 2×2, labels 0 to 1
	// datasets: tiny: Take: n = 7, want 1 <= n <= 6
}

func ExampleSet_Shuffle() {
	s, err := tiny().Shuffle(3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Index", s.Index, "labels", s.Labels)
	// Output:
	// Index [1 5 4 3 0 2] labels [1 2 1 0 0 2]
}

func ExampleSet_Subset() {
	s, err := tiny().Subset([]int{5, 0, 5})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Index", s.Index, "labels", s.Labels)
	// Output:
	// Index [5 0 5] labels [2 0 2]
}

func ExampleSet_Batches() {
	batches, err := tiny().Batches(4)
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range batches {
		fmt.Println("batch of", b.Len(), "Index", b.Index)
	}
	// Output:
	// batch of 4 Index [0 1 2 3]
	// batch of 2 Index [4 5]
}

func ExampleSet_Image() {
	img, err := tiny().Image(3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(img)
	// Output:
	// [0 0.2 0.4 0.3]
}

func ExampleGaussian() {
	x := mat.NewDense(2, 4, []float64{0, 0.25, 0.5, 1, 1, 0.75, 0.5, 0})
	noisy, err := datasets.Gaussian(x, 0.1, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.2f\n", mat.Formatted(noisy))
	// Output:
	// ⎡0.00  0.14  0.58  1.00⎤
	// ⎣0.96  0.86  0.53  0.00⎦
}

func ExampleSaltPepper() {
	x := mat.NewDense(2, 8, nil)
	for i := range 16 {
		x.Set(i/8, i%8, 0.5)
	}
	noisy, err := datasets.SaltPepper(x, 0.25, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mat.Formatted(noisy))
	// Output:
	// ⎡  0  0.5  0.5  0.5  0.5  0.5  0.5    1⎤
	// ⎣0.5  0.5  0.5  0.5  0.5    0    0    1⎦
}

func ExampleMask() {
	x := mat.NewDense(2, 8, nil)
	for i := range 16 {
		x.Set(i/8, i%8, 0.5)
	}
	masked, err := datasets.Mask(x, 0.5, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mat.Formatted(masked))
	// Output:
	// ⎡  0    0  0.5    0  0.5  0.5  0.5    0⎤
	// ⎣  0    0    0  0.5  0.5    0    0    0⎦
}

func ExampleCurve3D() {
	x, t, err := datasets.Curve3D(4, 0.01, 1)
	if err != nil {
		log.Fatal(err)
	}
	for i := range 4 {
		fmt.Printf("t = %.3f: (%.3f, %.3f, %.3f)\n", t[i], x.At(i, 0), x.At(i, 1), x.At(i, 2))
	}
	// Output:
	// t = 0.103: (0.840, 0.544, 0.374)
	// t = 0.751: (0.367, 0.782, 0.350)
	// t = 0.382: (0.317, 0.364, 0.391)
	// t = 0.719: (0.466, 0.725, 0.384)
}

func ExampleBlobs() {
	s, outlier, err := datasets.Blobs(200, 5, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s)
	for i, o := range outlier {
		if o {
			fmt.Printf("row %d is an outlier at (%.2f, %.2f)\n", i, s.Images.At(i, 0), s.Images.At(i, 1))
		}
	}
	// Output:
	// blobs: 205 images of 1×2, labels -1 to 2
	// row 5 is an outlier at (0.69, 0.50)
	// row 25 is an outlier at (0.82, 0.84)
	// row 86 is an outlier at (0.10, 0.77)
	// row 114 is an outlier at (0.89, 0.78)
	// row 178 is an outlier at (0.89, 0.79)
}

func ExampleReadIDX() {
	// An IDX images file of two 1×3 images, gzip-compressed, and its
	// labels file, uncompressed.
	var img bytes.Buffer
	zw := gzip.NewWriter(&img)
	zw.Write([]byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 0, 51, 255, 255, 102, 0})
	zw.Close()
	labels := []byte{0, 0, 8, 1, 0, 0, 0, 2, 4, 2}

	s, err := datasets.ReadIDX("mini", &img, bytes.NewReader(labels))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s)
	fmt.Println(mat.Formatted(s.Images))

	// The same labels, but the header claims three.
	bad := []byte{0, 0, 8, 1, 0, 0, 0, 3, 4, 2}
	_, err = datasets.ReadIDX("mini", bytes.NewReader([]byte{0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 3}), bytes.NewReader(bad))
	fmt.Println(err)
	// Output:
	// mini: 2 images of 1×3, labels 2 to 4
	// ⎡  0  0.2    1⎤
	// ⎣  1  0.4    0⎦
	// datasets: mini labels: header says 3 labels, file holds 2
}

func ExampleLoadMNIST() {
	// The folder of the full MNIST, filled by
	// "go run ./datasets/cmd/getmnist -o DIR", is named by AEKIT_MNIST.
	dir := os.Getenv("AEKIT_MNIST")
	if dir == "" {
		fmt.Println("AEKIT_MNIST is not set")
		return
	}
	train, test, err := datasets.LoadMNIST(dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train)
	fmt.Println(test)
}

func ExampleLoadFashionMNIST() {
	dir := os.Getenv("AEKIT_MNIST")
	if dir == "" {
		fmt.Println("AEKIT_MNIST is not set")
		return
	}
	train, _, err := datasets.LoadFashionMNIST(dir + "/fashion")
	if err != nil {
		log.Fatal(err)
	}
	names := datasets.FashionLabels()
	fmt.Println("image 0 is a", names[train.Labels[0]])
}

func ExampleFashionLabels() {
	for label, name := range datasets.FashionLabels() {
		fmt.Println(label, name)
	}
	// Output:
	// 0 T-shirt/top
	// 1 Trouser
	// 2 Pullover
	// 3 Dress
	// 4 Coat
	// 5 Sandal
	// 6 Shirt
	// 7 Sneaker
	// 8 Bag
	// 9 Ankle boot
}
