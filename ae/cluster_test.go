package ae

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestNMIHandCases(t *testing.T) {
	// labels [0 0 1 1], clusters [0 0 0 1]: rows a = (2, 2), columns b = (3, 1).
	mi := 0.5*math.Log(4.0/3) + 0.25*math.Log(2.0/3) + 0.25*math.Log(2)
	ha := math.Log(2)
	hb := -(0.75*math.Log(0.75) + 0.25*math.Log(0.25))
	for _, c := range []struct {
		name             string
		labels, clusters []int
		want             float64
	}{
		{"same grouping, other names", []int{0, 0, 1, 1, 2, 2}, []int{5, 5, 3, 3, 0, 0}, 1},
		{"independent", []int{0, 0, 1, 1}, []int{0, 1, 0, 1}, 0},
		{"hand computed", []int{0, 0, 1, 1}, []int{0, 0, 0, 1}, mi / ((ha + hb) / 2)},
		{"one group each", []int{3, 3, 3}, []int{1, 1, 1}, 1},
		{"one cluster", []int{0, 1, 0, 1}, []int{2, 2, 2, 2}, 0},
	} {
		got, err := NMI(c.labels, c.clusters)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: NMI = %v, %v; want %v", c.name, got, err, c.want)
		}
		// NMI is symmetric.
		if back, _ := NMI(c.clusters, c.labels); math.Abs(back-got) > 1e-12 {
			t.Errorf("%s: NMI(clusters, labels) = %v, NMI(labels, clusters) = %v", c.name, back, got)
		}
	}
}

func TestMatchClustersHandCases(t *testing.T) {
	for _, c := range []struct {
		name             string
		labels, clusters []int
		match            []int
		acc              float64
	}{
		// Cluster 1 holds both 0s, cluster 0 both 1s and a 2, cluster 2 a 2.
		{"renamed", []int{0, 0, 1, 1, 2, 2}, []int{1, 1, 0, 0, 0, 2}, []int{1, 0, 2}, 5.0 / 6},
		// The greedy choice (cluster 0 → label 0, its biggest) is not the best.
		{"greedy loses", []int{0, 0, 0, 1, 1, 0, 0}, []int{0, 0, 0, 0, 0, 1, 1}, []int{1, 0}, 4.0 / 7},
		// More clusters than labels: one cluster stays unmatched.
		{"more clusters", []int{0, 0, 1, 1}, []int{0, 1, 2, 2}, []int{0, -1, 1}, 3.0 / 4},
		// More labels than clusters.
		{"more labels", []int{0, 1, 2, 2}, []int{0, 0, 0, 0}, []int{2}, 2.0 / 4},
		// Label values with gaps; a cluster number nobody uses.
		{"gaps", []int{7, 7, 3}, []int{2, 2, 0}, []int{3, -1, 7}, 1},
	} {
		match, acc, err := MatchClusters(c.labels, c.clusters)
		if err != nil || math.Abs(acc-c.acc) > 1e-12 || !equalInts(match, c.match) {
			t.Errorf("%s: MatchClusters = %v, %v, %v; want %v, %v", c.name, match, acc, err, c.match, c.acc)
		}
		if got, _ := MatchedAccuracy(c.labels, c.clusters); got != acc {
			t.Errorf("%s: MatchedAccuracy = %v, MatchClusters %v", c.name, got, acc)
		}
	}
}

// TestMatchedAccuracyBruteForce compares the Hungarian matching with every
// one-to-one matching of small random clusterings.
func TestMatchedAccuracyBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		nl, nc := 1+rng.IntN(5), 1+rng.IntN(5)
		n := 1 + rng.IntN(30)
		labels, clusters := make([]int, n), make([]int, n)
		for i := range labels {
			labels[i], clusters[i] = rng.IntN(nl), rng.IntN(nc)
		}
		_, acc, err := MatchClusters(labels, clusters)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		counts := map[[2]int]int{}
		for i := range labels {
			counts[[2]int{clusters[i], labels[i]}]++
		}
		// Every injective map of clusters to labels, or of labels to clusters.
		var rec func(c int, used map[int]bool, sum int)
		rec = func(c int, used map[int]bool, sum int) {
			if c == nc {
				want = max(want, sum)
				return
			}
			rec(c+1, used, sum) // cluster c unmatched
			for l := 0; l < nl; l++ {
				if !used[l] {
					used[l] = true
					rec(c+1, used, sum+counts[[2]int{c, l}])
					used[l] = false
				}
			}
		}
		rec(0, map[int]bool{}, 0)
		if math.Abs(acc-float64(want)/float64(n)) > 1e-12 {
			t.Fatalf("trial %d: labels %v clusters %v: accuracy %v, brute force %v", trial, labels, clusters, acc, float64(want)/float64(n))
		}
	}
}

func TestHungarianBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(7)
		cost := make([]float64, n*n)
		for i := range cost {
			cost[i] = float64(rng.IntN(10)) // ties on purpose
			if trial%2 == 1 {
				cost[i] = rng.Float64()*10 - 5
			}
		}
		col := hungarian(cost, n)
		got := 0.0
		seen := map[int]bool{}
		for i, j := range col {
			if j < 0 || j >= n || seen[j] {
				t.Fatalf("trial %d: assignment %v is not a permutation", trial, col)
			}
			seen[j] = true
			got += cost[i*n+j]
		}
		best := math.Inf(1)
		perm := make([]int, n)
		for i := range perm {
			perm[i] = i
		}
		var rec func(k int)
		rec = func(k int) {
			if k == n {
				s := 0.0
				for i, j := range perm {
					s += cost[i*n+j]
				}
				best = math.Min(best, s)
				return
			}
			for i := k; i < n; i++ {
				perm[k], perm[i] = perm[i], perm[k]
				rec(k + 1)
				perm[k], perm[i] = perm[i], perm[k]
			}
		}
		rec(0)
		if math.Abs(got-best) > 1e-9 {
			t.Fatalf("trial %d: cost %v, brute force %v (matrix %v)", trial, got, best, cost)
		}
	}
}

func TestClusterScoreErrors(t *testing.T) {
	for _, c := range []struct {
		labels, clusters []int
		want             string
	}{
		{nil, nil, "labels is empty"},
		{[]int{0, 1}, []int{0}, "2 labels but 1 clusters"},
		{[]int{0, -1}, []int{0, 1}, "labels[1] is -1"},
		{[]int{0, 1}, []int{0, -2}, "clusters[1] is -2"},
	} {
		_, err := NMI(c.labels, c.clusters)
		if err == nil || !strings.Contains(err.Error(), "ae: NMI: "+c.want) {
			t.Errorf("NMI(%v, %v) = %v, want an error with %q", c.labels, c.clusters, err, c.want)
		}
		_, err = MatchedAccuracy(c.labels, c.clusters)
		if err == nil || !strings.Contains(err.Error(), "ae: MatchedAccuracy: "+c.want) {
			t.Errorf("MatchedAccuracy(%v, %v) = %v, want an error with %q", c.labels, c.clusters, err, c.want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
