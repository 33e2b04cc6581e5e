package datasets

import (
	"math"
	"slices"
	"testing"
)

func TestFilter(t *testing.T) {
	s := tinySet(10)
	f, err := s.Filter([]int{2, 0})
	if err != nil {
		t.Fatal(err)
	}
	consistent(t, f)
	if got := rowIDs(f); !slices.Equal(got, []int{0, 2, 3, 5, 6, 8, 9}) {
		t.Errorf("rows %v", got)
	}
	if f.Name != "tiny" || f.Shape != (Shape{C: 1, H: 2, W: 2}) {
		t.Errorf("Name %q, Shape %v", f.Name, f.Shape)
	}
}

func TestFilterErrors(t *testing.T) {
	s := tinySet(4)
	noLabels := tinySet(4)
	noLabels.Labels = nil
	for _, tc := range []struct {
		s      *Set
		labels []int
		want   string
	}{
		{s, nil, "datasets: tiny: Filter: labels is empty"},
		{s, []int{}, "labels is empty"},
		{s, []int{7, 11}, "no image has a label in [7 11]"},
		{noLabels, []int{1}, "Filter: the set has no labels"},
	} {
		_, err := tc.s.Filter(tc.labels)
		checkErr(t, err, tc.want)
	}
}

func TestTake(t *testing.T) {
	s := tinySet(10)
	got, err := s.Take(3)
	if err != nil {
		t.Fatal(err)
	}
	consistent(t, got)
	if !slices.Equal(rowIDs(got), []int{0, 1, 2}) {
		t.Errorf("rows %v", rowIDs(got))
	}
	if all, err := s.Take(10); err != nil || all.Len() != 10 {
		t.Errorf("Take(10): %v, %v", all, err)
	}
	for _, n := range []int{-1, 0, 11} {
		_, err := s.Take(n)
		checkErr(t, err, "datasets: tiny: Take: n = ")
	}
}

func TestSubset(t *testing.T) {
	s := tinySet(10)
	got, err := s.Subset([]int{7, 2, 7})
	if err != nil {
		t.Fatal(err)
	}
	consistent(t, got)
	if !slices.Equal(rowIDs(got), []int{7, 2, 7}) {
		t.Errorf("rows %v", rowIDs(got))
	}
	for _, tc := range []struct {
		rows []int
		want string
	}{
		{nil, "Subset: rows is empty"},
		{[]int{1, 10}, "Subset: rows[1] = 10, want 0 <= row < 10"},
		{[]int{-1}, "rows[0] = -1"},
	} {
		_, err := s.Subset(tc.rows)
		checkErr(t, err, tc.want)
	}
}

func TestSelect(t *testing.T) {
	s := tinySet(5)
	got, err := s.Select([]bool{false, true, false, true, true})
	if err != nil {
		t.Fatal(err)
	}
	consistent(t, got)
	if !slices.Equal(rowIDs(got), []int{1, 3, 4}) {
		t.Errorf("rows %v", rowIDs(got))
	}
	for _, tc := range []struct {
		keep []bool
		want string
	}{
		{nil, "Select: keep has 0 values for 5 rows, want one per row"},
		{[]bool{true}, "Select: keep has 1 values for 5 rows"},
		{make([]bool, 5), "Select: keep is false for every row"},
	} {
		_, err := s.Select(tc.keep)
		checkErr(t, err, tc.want)
	}
}

func TestShuffle(t *testing.T) {
	s := tinySet(50)
	a, err := s.Shuffle(1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Shuffle(1)
	c, _ := s.Shuffle(2)
	consistent(t, a)
	consistent(t, c)
	if !slices.Equal(rowIDs(a), rowIDs(b)) {
		t.Error("same seed, different orders")
	}
	if slices.Equal(rowIDs(a), rowIDs(c)) {
		t.Error("different seeds, same order")
	}
	if slices.Equal(rowIDs(a), rowIDs(s)) {
		t.Error("Shuffle left the order unchanged")
	}
	ids := rowIDs(a)
	slices.Sort(ids)
	if !slices.Equal(ids, rowIDs(s)) {
		t.Errorf("Shuffle lost or duplicated rows: %v", ids)
	}
}

func TestSplit(t *testing.T) {
	s := tinySet(100)
	train, val, err := s.Split(0.2, 7)
	if err != nil {
		t.Fatal(err)
	}
	consistent(t, train)
	consistent(t, val)
	if train.Len() != 80 || val.Len() != 20 {
		t.Fatalf("split %d/%d, want 80/20", train.Len(), val.Len())
	}
	all := slices.Concat(rowIDs(train), rowIDs(val))
	slices.Sort(all)
	if !slices.Equal(all, rowIDs(s)) {
		t.Error("Split lost or duplicated rows")
	}
	train2, val2, _ := s.Split(0.2, 7)
	if !slices.Equal(rowIDs(train), rowIDs(train2)) || !slices.Equal(rowIDs(val), rowIDs(val2)) {
		t.Error("same seed, different splits")
	}
	_, val3, _ := s.Split(0.2, 8)
	if slices.Equal(rowIDs(val), rowIDs(val3)) {
		t.Error("different seeds, same split")
	}
	for _, tc := range []struct {
		s    *Set
		f    float64
		want string
	}{
		{s, 0, "Split: validationFraction = 0, want 0 < validationFraction < 1"},
		{s, 1, "validationFraction = 1,"},
		{s, -0.5, "validationFraction = -0.5"},
		{s, math.NaN(), "validationFraction = NaN"},
		{s, 0.001, "leaves 0 for validation and 100 for training"},
		{s, 0.999, "leaves 100 for validation and 0 for training"},
		{tinySet(1), 0.5, "want at least 1 each"},
	} {
		_, _, err := tc.s.Split(tc.f, 1)
		checkErr(t, err, tc.want)
	}
}

func TestBatches(t *testing.T) {
	s := tinySet(10)
	bs, err := s.Batches(4)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 3 {
		t.Fatalf("%d batches, want 3", len(bs))
	}
	var ids []int
	for i, b := range bs {
		consistent(t, b)
		if want := []int{4, 4, 2}[i]; b.Len() != want {
			t.Errorf("batch %d has %d rows, want %d", i, b.Len(), want)
		}
		ids = append(ids, rowIDs(b)...)
	}
	if !slices.Equal(ids, rowIDs(s)) {
		t.Errorf("batches hold %v", ids)
	}
	if bs, err := s.Batches(100); err != nil || len(bs) != 1 || bs[0].Len() != 10 {
		t.Errorf("Batches(100): %d batches, %v", len(bs), err)
	}
	for _, size := range []int{0, -3} {
		_, err := s.Batches(size)
		checkErr(t, err, "datasets: tiny: Batches: size = ")
	}
}

func TestSelectOnMNIST(t *testing.T) {
	s, err := MNISTTest()
	if err != nil {
		t.Fatal(err)
	}
	ones, err := s.Filter([]int{1})
	if err != nil {
		t.Fatal(err)
	}
	if ones.Len() != 1135 {
		t.Errorf("%d ones, want 1135", ones.Len())
	}
	// Index leads back to the same image of the source.
	sh, _ := ones.Shuffle(3)
	for i := range 20 {
		if !slices.Equal(sh.Images.RawRowView(i), s.Images.RawRowView(sh.Index[i])) || s.Labels[sh.Index[i]] != 1 {
			t.Fatalf("row %d: Index %d does not lead to its image", i, sh.Index[i])
		}
	}
}
