package datasets

import (
	"math"
	"slices"
	"testing"
)

func TestContaminate(t *testing.T) {
	in := tinySet(100) // rows 0-99, labels i%3
	out := tinySet(30)
	for i := range out.Len() {
		for j := range 4 {
			out.Images.Set(i, j, 0.5+float64(i)/100)
		}
		out.Labels[i] = 7
		out.Index[i] = 500 + i
	}
	out.Name = "other"
	mixed, planted, err := Contaminate(in, out, 0.1, 5)
	if err != nil {
		t.Fatal(err)
	}
	if mixed.Len() != 110 || len(planted) != 110 {
		t.Fatalf("%d rows, %d flags, want 110", mixed.Len(), len(planted))
	}
	if mixed.Name != "tiny+other" {
		t.Errorf("Name %q", mixed.Name)
	}
	var nPlanted int
	seenIn := map[int]bool{}
	seenOut := map[int]bool{}
	for i, p := range planted {
		v := mixed.Images.At(i, 0)
		if p {
			nPlanted++
			id := int(math.Round((v - 0.5) * 100))
			if mixed.Labels[i] != 7 || mixed.Index[i] != 500+id || seenOut[id] {
				t.Fatalf("planted row %d: label %d, Index %d, id %d (seen %v)", i, mixed.Labels[i], mixed.Index[i], id, seenOut[id])
			}
			seenOut[id] = true
		} else {
			id := int(math.Round(v * 100))
			if mixed.Labels[i] != id%3 || mixed.Index[i] != 100+id {
				t.Fatalf("inlier row %d: label %d, Index %d, id %d", i, mixed.Labels[i], mixed.Index[i], id)
			}
			seenIn[id] = true
		}
	}
	if nPlanted != 10 || len(seenIn) != 100 {
		t.Errorf("%d planted, %d distinct inliers; want 10 and 100", nPlanted, len(seenIn))
	}
	// Planted rows are spread, not left at the end.
	if slices.Equal(planted[100:], slices.Repeat([]bool{true}, 10)) {
		t.Error("planted rows were not shuffled in")
	}

	again, planted2, _ := Contaminate(in, out, 0.1, 5)
	other, planted3, _ := Contaminate(in, out, 0.1, 6)
	if !slices.Equal(planted, planted2) || !slices.Equal(mixed.Index, again.Index) {
		t.Error("same seed, different sets")
	}
	if slices.Equal(planted, planted3) && slices.Equal(mixed.Index, other.Index) {
		t.Error("different seeds, same set")
	}
}

// TestContaminatePyImageSearch is the set-up of PyImageSearch's anomaly
// detection lesson on the test set: ones with 1% threes.
func TestContaminatePyImageSearch(t *testing.T) {
	s, err := MNISTTest()
	if err != nil {
		t.Fatal(err)
	}
	ones, _ := s.Filter([]int{1})
	threes, _ := s.Filter([]int{3})
	mixed, planted, err := Contaminate(ones, threes, 0.01, 42)
	if err != nil {
		t.Fatal(err)
	}
	var n3 int
	for i, p := range planted {
		if p != (mixed.Labels[i] == 3) {
			t.Fatalf("row %d: planted %v, label %d", i, p, mixed.Labels[i])
		}
		if p {
			n3++
		}
	}
	if mixed.Len() != 1135+11 || n3 != 11 || mixed.Name != "mnist-test" {
		t.Errorf("%d rows, %d threes, name %q; want 1146, 11, mnist-test", mixed.Len(), n3, mixed.Name)
	}
}

func TestContaminateErrors(t *testing.T) {
	in, out := tinySet(100), tinySet(5)
	wide := tinySet(5)
	wide.Shape = Shape{C: 1, H: 1, W: 4}
	noLabels := tinySet(10)
	noLabels.Labels = nil
	for _, tc := range []struct {
		out  *Set
		f    float64
		want string
	}{
		{out, 0, "datasets: tiny: Contaminate: fraction = 0, want 0 < fraction <= 1"},
		{out, 1.5, "fraction = 1.5"},
		{out, math.NaN(), "fraction = NaN"},
		{out, 0.001, "fraction = 0.001 of 100 inliers plants no outlier"},
		{out, 0.1, "fraction = 0.1 of 100 inliers asks for 10 outliers but tiny has 5"},
		{wide, 0.01, "inliers are 2×2 images but outliers (tiny) are 1×4"},
		{nil, 0.01, "Contaminate outliers: nil Set"},
	} {
		_, _, err := Contaminate(in, tc.out, tc.f, 1)
		checkErr(t, err, tc.want)
	}
	mixed, _, err := Contaminate(in, noLabels, 0.05, 1)
	if err != nil || mixed.Labels != nil {
		t.Errorf("outliers without labels: labels %v, %v; want none", mixed.Labels, err)
	}
}
