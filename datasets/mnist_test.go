package datasets

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMNISTTest(t *testing.T) {
	start := time.Now()
	s, err := MNISTTest()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("MNISTTest took %v", time.Since(start))
	checkMNISTTest(t, s)
	if s.Name != "mnist-test" {
		t.Errorf("Name = %q, want mnist-test", s.Name)
	}
	for i, v := range s.Index {
		if v != i {
			t.Fatalf("Index[%d] = %d, want %d", i, v, i)
		}
	}
}

// checkMNISTTest checks the known facts of the 10,000-image test set.
func checkMNISTTest(t *testing.T, s *Set) {
	t.Helper()
	r, c := s.Images.Dims()
	if r != 10000 || c != 784 || s.Shape != (Shape{C: 1, H: 28, W: 28}) {
		t.Fatalf("Images %d×%d of %v pixels, want 10000×784 of 28×28", r, c, s.Shape)
	}
	if len(s.Labels) != 10000 {
		t.Fatalf("%d labels, want 10000", len(s.Labels))
	}
	want := [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
	var got [10]int
	for i, l := range s.Labels {
		if l < 0 || l > 9 {
			t.Fatalf("label %d = %d, want 0-9", i, l)
		}
		got[l]++
	}
	if got != want {
		t.Errorf("label histogram %v, want %v", got, want)
	}
	if s.Labels[0] != 7 {
		t.Errorf("first label %d, want 7", s.Labels[0])
	}
	var lo, hi = 1.0, 0.0
	for _, v := range s.Images.RawMatrix().Data {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo != 0 || hi != 1 {
		t.Errorf("pixels span [%v, %v], want [0, 1]", lo, hi)
	}
}

func TestMNISTTestFresh(t *testing.T) {
	a, err := MNISTTest()
	if err != nil {
		t.Fatal(err)
	}
	a.Images.Set(0, 0, 42)
	a.Labels[0] = 3
	b, err := MNISTTest()
	if err != nil {
		t.Fatal(err)
	}
	if b.Images.At(0, 0) != 0 || b.Labels[0] != 7 {
		t.Error("a change to one MNISTTest Set showed in the next")
	}
}

func BenchmarkMNISTTest(b *testing.B) {
	for b.Loop() {
		if _, err := MNISTTest(); err != nil {
			b.Fatal(err)
		}
	}
}

// writeMNISTDir fills dir with the embedded test set under both the
// train and the t10k names; raw writes them decompressed.
func writeMNISTDir(t *testing.T, dir string, raw bool) {
	t.Helper()
	for _, part := range []string{"train", "t10k"} {
		for kind, data := range map[string][]byte{"images-idx3": mnistTestImages, "labels-idx1": mnistTestLabels} {
			name := part + "-" + kind + "-ubyte"
			if raw {
				zr, err := gzip.NewReader(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if data, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			} else {
				name += ".gz"
			}
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestLoadMNIST(t *testing.T) {
	for _, raw := range []bool{false, true} {
		dir := t.TempDir()
		writeMNISTDir(t, dir, raw)
		train, test, err := LoadMNIST(dir)
		if err != nil {
			t.Fatalf("raw=%v: %v", raw, err)
		}
		checkMNISTTest(t, train)
		checkMNISTTest(t, test)
		if train.Name != "mnist-train" || test.Name != "mnist-test" {
			t.Errorf("names %q, %q", train.Name, test.Name)
		}
		ftrain, ftest, err := LoadFashionMNIST(dir)
		if err != nil {
			t.Fatalf("raw=%v: %v", raw, err)
		}
		if ftrain.Name != "fashion-train" || ftest.Name != "fashion-test" {
			t.Errorf("names %q, %q", ftrain.Name, ftest.Name)
		}
	}
}

func TestLoadMNISTDottedNames(t *testing.T) {
	dir := t.TempDir()
	writeMNISTDir(t, dir, false)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		dotted := strings.Replace(e.Name(), "-idx", ".idx", 1)
		if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(dir, dotted)); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := LoadMNIST(dir); err != nil {
		t.Fatal(err)
	}
}

func TestLoadMNISTErrors(t *testing.T) {
	dir := t.TempDir()
	writeMNISTDir(t, dir, false)
	os.Remove(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	file := filepath.Join(dir, "afile")
	os.WriteFile(file, []byte("x"), 0o644)
	bad := t.TempDir()
	writeMNISTDir(t, bad, false)
	// A labels file of 10,000 labels under the train images name.
	os.WriteFile(filepath.Join(bad, "train-images-idx3-ubyte.gz"), mnistTestLabels, 0o644)
	for _, tc := range []struct {
		dir, want string
	}{
		{dir, "has no t10k-labels (tried t10k-labels-idx1-ubyte.gz"},
		{filepath.Join(dir, "missing"), "LoadMNIST: stat"},
		{file, "is not a folder"},
		{bad, "train-images-idx3-ubyte.gz: wrong magic 0x00000801, want 0x00000803: this is a labels file"},
	} {
		_, _, err := LoadMNIST(tc.dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadMNIST(%s) = %v, want an error containing %q", tc.dir, err, tc.want)
		}
	}
}

// TestLoadMNISTFull reads the full MNIST from the folder named by
// AEKIT_MNIST, when it is set (see cmd/getmnist).
func TestLoadMNISTFull(t *testing.T) {
	dir := os.Getenv("AEKIT_MNIST")
	if dir == "" {
		t.Skip("AEKIT_MNIST is not set")
	}
	start := time.Now()
	train, test, err := LoadMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("LoadMNIST took %v", time.Since(start))
	checkMNISTTest(t, test)
	if train.Len() != 60000 || train.Shape != (Shape{C: 1, H: 28, W: 28}) {
		t.Fatalf("train: %v", train)
	}
	want := [10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	var got [10]int
	for _, l := range train.Labels {
		got[l]++
	}
	if got != want {
		t.Errorf("train label histogram %v, want %v", got, want)
	}
}

func TestFashionLabels(t *testing.T) {
	l := FashionLabels()
	if len(l) != 10 || l[0] != "T-shirt/top" || l[9] != "Ankle boot" {
		t.Errorf("FashionLabels() = %q", l)
	}
	l[0] = "changed"
	if FashionLabels()[0] != "T-shirt/top" {
		t.Error("FashionLabels shares its slice")
	}
}

// BenchmarkLoadMNIST reads the full MNIST from $AEKIT_MNIST, when set.
func BenchmarkLoadMNIST(b *testing.B) {
	dir := os.Getenv("AEKIT_MNIST")
	if dir == "" {
		b.Skip("AEKIT_MNIST is not set")
	}
	for b.Loop() {
		if _, _, err := LoadMNIST(dir); err != nil {
			b.Fatal(err)
		}
	}
}
