package datasets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"strings"
	"testing"
)

// The SHA-256 of the embedded Fashion-MNIST files, as fashion/README.md
// lists them.
const (
	fashionImagesSHA256 = "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"
	fashionLabelsSHA256 = "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"
	// Of their decompressed contents.
	fashionImagesRawSHA256 = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"
	fashionLabelsRawSHA256 = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"
)

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestFashionEmbeddedBytes(t *testing.T) {
	for _, c := range []struct {
		name      string
		data      []byte
		size      int
		gz, plain string
	}{
		{"images", fashionTestImages, 4422079, fashionImagesSHA256, fashionImagesRawSHA256},
		{"labels", fashionTestLabels, 5125, fashionLabelsSHA256, fashionLabelsRawSHA256},
	} {
		if len(c.data) != c.size || sha(c.data) != c.gz {
			t.Errorf("%s: %d bytes, SHA-256 %s; want %d bytes, %s", c.name, len(c.data), sha(c.data), c.size, c.gz)
		}
		zr, err := gzip.NewReader(bytes.NewReader(c.data))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if sha(raw) != c.plain {
			t.Errorf("%s: decompressed SHA-256 %s, want %s", c.name, sha(raw), c.plain)
		}
	}
}

func TestFashionTest(t *testing.T) {
	s, err := FashionTest()
	if err != nil {
		t.Fatal(err)
	}
	checkFashionTest(t, s)
	if s.Name != "fashion-test" {
		t.Errorf("Name = %q, want fashion-test", s.Name)
	}
	// Fresh on every call.
	s.Labels[0] = 3
	s.Images.Set(0, 0, 42)
	again, _ := FashionTest()
	if again.Labels[0] != 9 || again.Images.At(0, 0) != 0 {
		t.Error("a change to one FashionTest Set showed in the next")
	}
}

// checkFashionTest checks the known facts of the 10,000-image test set.
func checkFashionTest(t *testing.T, s *Set) {
	t.Helper()
	r, c := s.Images.Dims()
	if r != 10000 || c != 784 || s.Shape != (Shape{C: 1, H: 28, W: 28}) {
		t.Fatalf("Images %d×%d of %v pixels, want 10000×784 of 28×28", r, c, s.Shape)
	}
	var got [10]int
	for i, l := range s.Labels {
		if l < 0 || l > 9 {
			t.Fatalf("label %d = %d, want 0-9", i, l)
		}
		got[l]++
	}
	for l, n := range got {
		if n != 1000 {
			t.Errorf("%d pictures of class %d (%s), want 1000", n, l, FashionLabels()[l])
		}
	}
	// The first test picture is an ankle boot, the second a pullover.
	if s.Labels[0] != 9 || s.Labels[1] != 2 {
		t.Errorf("first labels %v, want [9 2]", s.Labels[:2])
	}
	lo, hi := 1.0, 0.0
	for _, v := range s.Images.RawMatrix().Data {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo != 0 || hi != 1 {
		t.Errorf("pixels span [%v, %v], want [0, 1]", lo, hi)
	}
}

// TestLoadFashionMNISTDebian reads the full Fashion-MNIST from Debian's
// folder, when the package dataset-fashion-mnist is installed.
func TestLoadFashionMNISTDebian(t *testing.T) {
	if _, err := os.Stat(DebianFashionDir); err != nil {
		t.Skipf("%s: %v (apt-get install dataset-fashion-mnist)", DebianFashionDir, err)
	}
	train, test, err := LoadFashionMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	checkFashionTest(t, test)
	if train.Len() != 60000 || train.Name != "fashion-train" {
		t.Fatalf("train: %v", train)
	}
	var got [10]int
	for _, l := range train.Labels {
		got[l]++
	}
	for l, n := range got {
		if n != 6000 {
			t.Errorf("train: %d pictures of class %d, want 6000", n, l)
		}
	}
	embedded, _ := FashionTest()
	for i := 0; i < 10000; i += 997 {
		a, b := embedded.Images.RawRowView(i), test.Images.RawRowView(i)
		for j := range a {
			if a[j] != b[j] {
				t.Fatalf("test picture %d differs from the embedded one at pixel %d", i, j)
			}
		}
	}
}

func TestLoadFashionMNISTEmptyDirNamesDebian(t *testing.T) {
	if _, err := os.Stat(DebianFashionDir); err == nil {
		t.Skip("the Debian folder exists: TestLoadFashionMNISTDebian reads it")
	}
	_, _, err := LoadFashionMNIST("")
	if err == nil || !strings.Contains(err.Error(), DebianFashionDir) {
		t.Errorf("LoadFashionMNIST(\"\") = %v, want an error naming %s", err, DebianFashionDir)
	}
}
