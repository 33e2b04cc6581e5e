package datasets

import (
	"bytes"
	_ "embed" // for the embedded MNIST test set
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The MNIST test set, as published by Yann LeCun, Corinna Cortes and
// Christopher J.C. Burges; see mnist/README.md.
var (
	//go:embed mnist/t10k-images-idx3-ubyte.gz
	mnistTestImages []byte
	//go:embed mnist/t10k-labels-idx1-ubyte.gz
	mnistTestLabels []byte
)

// The Fashion-MNIST test set, © Zalando SE, MIT licence; see
// fashion/README.md.
var (
	//go:embed fashion/t10k-images-idx3-ubyte.gz
	fashionTestImages []byte
	//go:embed fashion/t10k-labels-idx1-ubyte.gz
	fashionTestLabels []byte
)

// MNISTTest returns the 10,000 images of the MNIST test set, 28×28
// pixels in [0, 1], with their labels 0-9. The set is embedded in the
// program, so it needs no file and no network. Each call decodes a fresh
// Set, which the caller may change at will.
func MNISTTest() (*Set, error) {
	img := &idxSource{file: "t10k-images-idx3-ubyte.gz (embedded)", r: bytes.NewReader(mnistTestImages), size: -1}
	lbl := &idxSource{file: "t10k-labels-idx1-ubyte.gz (embedded)", r: bytes.NewReader(mnistTestLabels), size: -1}
	return readIDX("mnist-test", img, lbl)
}

// FashionTest returns the 10,000 images of Zalando's Fashion-MNIST test
// set: 28×28 grey pictures of clothes, shoes and bags, pixels in [0, 1],
// with their labels 0-9, which FashionLabels names (1,000 of each). Like
// MNISTTest it is embedded in the program and needs no file and no
// network; each call decodes a fresh Set named "fashion-test".
//
// Fashion-MNIST is © 2017 Zalando SE, under the MIT licence; see
// fashion/README.md in this package.
func FashionTest() (*Set, error) {
	img := &idxSource{file: "fashion t10k-images-idx3-ubyte.gz (embedded)", r: bytes.NewReader(fashionTestImages), size: -1}
	lbl := &idxSource{file: "fashion t10k-labels-idx1-ubyte.gz (embedded)", r: bytes.NewReader(fashionTestLabels), size: -1}
	return readIDX("fashion-test", img, lbl)
}

// LoadMNIST reads the MNIST training (60,000 images) and test (10,000
// images) sets from the folder dir, which holds the four files under
// their usual names, gzip-compressed or not:
//
//	train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz
//	t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz
//
// (names with ".idx3-ubyte" for "-idx3-ubyte" are accepted too). The
// command "go run ./datasets/cmd/getmnist -o DIR", run from the aekit
// repository, fills such a folder. The Sets are named "mnist-train" and
// "mnist-test".
func LoadMNIST(dir string) (train, test *Set, err error) {
	return loadPair(dir, "mnist", "LoadMNIST")
}

// LoadFashionMNIST reads Zalando's Fashion-MNIST training (60,000) and
// test (10,000) sets from the folder dir. Fashion-MNIST uses the file
// names and the format of MNIST (see LoadMNIST), so it needs a folder of
// its own; by aekit's convention that is the sub-folder "fashion" of the
// MNIST folder. Labels are 0-9, named by FashionLabels. The Sets are
// named "fashion-train" and "fashion-test".
//
// An empty dir means DebianFashionDir, where Debian's package
// dataset-fashion-mnist installs the four original files
// (apt-get install dataset-fashion-mnist).
//
// Fashion-MNIST is © Zalando SE, under the MIT licence. aekit embeds its
// test set only (FashionTest); the full set can be had from Debian as
// above or from github.com/zalandoresearch/fashion-mnist (folder
// data/fashion).
func LoadFashionMNIST(dir string) (train, test *Set, err error) {
	if dir == "" {
		dir = DebianFashionDir
	}
	return loadPair(dir, "fashion", "LoadFashionMNIST")
}

// DebianFashionDir is the folder where Debian's package
// dataset-fashion-mnist installs the Fashion-MNIST files; LoadFashionMNIST
// reads it when given no folder.
const DebianFashionDir = "/usr/share/datasets/fashion-mnist"

// FashionLabels returns the names of the ten Fashion-MNIST classes,
// indexed by label.
func FashionLabels() []string {
	return []string{
		"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
		"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
	}
}

// loadPair reads the train and test sets of an MNIST-like folder.
func loadPair(dir, prefix, op string) (train, test *Set, err error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %s: %w", op, err)
	}
	if !fi.IsDir() {
		return nil, nil, fmt.Errorf("datasets: %s: %s is not a folder", op, dir)
	}
	load := func(part string) (*Set, error) {
		images, err := findIDX(dir, part+"-images", "idx3", op)
		if err != nil {
			return nil, err
		}
		labels, err := findIDX(dir, part+"-labels", "idx1", op)
		if err != nil {
			return nil, err
		}
		s, err := LoadIDX(images, labels)
		if err != nil {
			return nil, err
		}
		s.Name = prefix + "-" + map[string]string{"train": "train", "t10k": "test"}[part]
		return s, nil
	}
	if train, err = load("train"); err != nil {
		return nil, nil, err
	}
	if test, err = load("t10k"); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// findIDX returns the path of the first of the usual spellings of an
// IDX file found in dir.
func findIDX(dir, stem, idx, op string) (string, error) {
	var tried []string
	for _, sep := range []string{"-", "."} {
		for _, ext := range []string{".gz", ""} {
			name := stem + sep + idx + "-ubyte" + ext
			path := filepath.Join(dir, name)
			_, err := os.Stat(path)
			if err == nil {
				return path, nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("datasets: %s: %w", op, err)
			}
			tried = append(tried, name)
		}
	}
	return "", fmt.Errorf("datasets: %s: folder %s has no %s (tried %s, %s, %s, %s)",
		op, dir, stem, tried[0], tried[1], tried[2], tried[3])
}
