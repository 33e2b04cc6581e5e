package plots

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// vaePictures are the figures of the VAE lesson: a latent map with codes
// drawn at random marked on it, and the trade between rate and
// distortion.
func vaePictures() []picture {
	c2, l2 := codes(1000, 2, 7)
	marks, _ := codes(40, 2, 99)
	for i := 0; i < 40; i++ { // spread the marks over the whole plane
		marks.Set(i, 0, 3*marks.At(i, 0)+1)
		marks.Set(i, 1, 3*marks.At(i, 1)-1)
	}
	return []picture{
		{"latentmap_marks", "LatentMap", LatentMap{Points: c2, Labels: l2, Marks: marks, MarksName: "random codes",
			Title: "Codes of digits, and codes drawn at random"}.Save},
		{"latentmaps_marks", "LatentMaps", LatentMaps{Maps: []LatentMap{
			{Points: c2, Labels: l2, Marks: marks, MarksName: "random codes", Title: "with marks"},
			{Points: c2, Title: "without"},
		}}.Save},
		{"latentmaps_sameaxes", "LatentMaps", LatentMaps{Maps: []LatentMap{
			{Points: c2, Labels: l2, Title: "codes"},
			{Points: half(c2), Title: "the same codes, halved, on the same axes"},
		}, SameAxes: true}.Save},
		{"latentmap_longtitle", "LatentMap", LatentMap{Points: c2, Labels: l2,
			Title: "a title much wider than the map it stands over, which widens the figure"}.Save},
		{"ratedistortion", "RateDistortion", RateDistortion{
			Rate:       []float64{9.1, 6.4, 4.8, 3.2, 1.9},
			Distortion: []float64{146, 150, 156, 166, 184},
			Names:      []string{"β = 0.5", "β = 1", "β = 2", "β = 4", "β = 8"},
			Title:      "Reconstruction against KL, one VAE per β"}.Save},
	}
}

func TestVAEFigureErrors(t *testing.T) {
	png := filepath.Join(t.TempDir(), "out.png")
	c2, l2 := codes(50, 2, 7)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"marks of 3 columns", LatentMap{Points: c2, Marks: mat.NewDense(4, 3, nil)}.Save(png),
			"LatentMap: Marks has 3 columns, want 2 (x, y), as Points"},
		{"marks NaN", LatentMap{Points: c2, Labels: l2, Marks: mat.NewDense(1, 2, []float64{0, math.NaN()})}.Save(png),
			"LatentMap: Marks[0, 1] is NaN"},
		{"marks in LatentMaps", LatentMaps{Maps: []LatentMap{{Points: c2}, {Points: c2, Marks: mat.NewDense(1, 1, nil)}}}.Save(png),
			"LatentMaps: Maps[1].Marks has 1 columns"},
		{"no rate", RateDistortion{}.Save(png), "RateDistortion: Rate is empty"},
		{"lengths", RateDistortion{Rate: []float64{1, 2}, Distortion: []float64{3}}.Save(png), "RateDistortion: Distortion has 1 values"},
		{"negative rate", RateDistortion{Rate: []float64{1, -2}, Distortion: []float64{3, 4}}.Save(png), "RateDistortion: Rate[1] is -2, want a KL term of at least 0"},
		{"Inf", RateDistortion{Rate: []float64{1}, Distortion: []float64{math.Inf(1)}}.Save(png), "RateDistortion: Distortion[0] is +Inf"},
		{"names", RateDistortion{Rate: []float64{1}, Distortion: []float64{3}, Names: []string{"a", "b"}}.Save(png), "RateDistortion: Names has 2 values"},
		{"gif", RateDistortion{Rate: []float64{1}, Distortion: []float64{3}}.Save("x.gif"), "want .png, .svg or .pdf"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, tc.err, tc.want)
		}
	}
	// One model, all at zero rate: still a picture.
	if err := (RateDistortion{Rate: []float64{0}, Distortion: []float64{0}}).Save(png); err != nil {
		t.Error(err)
	}
}

// half returns x with every value halved.
func half(x *mat.Dense) *mat.Dense {
	var h mat.Dense
	h.Scale(0.5, x)
	return &h
}
