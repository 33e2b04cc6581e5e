package ae

import (
	"fmt"
	"math"
)

// Scores of a clustering against known labels: how much the clusters
// agree with the classes, whatever the clusters' numbers.

// NMI returns the normalised mutual information between labels and
// clusters, two groupings of the same samples: 1 when they are the same
// grouping (whatever numbers name the groups), near 0 when knowing the
// cluster of a sample tells nothing of its label. It is the mutual
// information divided by the mean of the two entropies (scikit-learn's
// default, "arithmetic"); two groupings of one group each score 1.
func NMI(labels, clusters []int) (float64, error) {
	tab, err := contingency("NMI", labels, clusters)
	if err != nil {
		return 0, err
	}
	n := float64(len(labels))
	rowSum := make([]float64, len(tab.counts))
	colSum := make([]float64, tab.cols)
	for i, row := range tab.counts {
		for j, c := range row {
			rowSum[i] += float64(c)
			colSum[j] += float64(c)
		}
	}
	mi := 0.0
	for i, row := range tab.counts {
		for j, c := range row {
			if c == 0 {
				continue
			}
			nij := float64(c)
			mi += nij / n * math.Log(n*nij/(rowSum[i]*colSum[j]))
		}
	}
	entropy := func(sums []float64) float64 {
		h := 0.0
		for _, s := range sums {
			if s > 0 {
				h -= s / n * math.Log(s/n)
			}
		}
		return h
	}
	ha, hb := entropy(rowSum), entropy(colSum)
	if ha == 0 && hb == 0 {
		return 1, nil
	}
	return math.Max(0, math.Min(1, mi/((ha+hb)/2))), nil
}

// MatchClusters matches clusters to labels one to one so that as many
// samples as possible have their cluster's label (the Hungarian
// algorithm), and returns that share, the matched accuracy, and the
// match: match[c] is the label of cluster c, or -1 for a cluster left
// without one (there are more clusters than labels, or no sample is in
// it). Labels and clusters are numbers from 0.
func MatchClusters(labels, clusters []int) (match []int, accuracy float64, err error) {
	return matchClusters("MatchClusters", labels, clusters)
}

// MatchedAccuracy returns the share of samples whose cluster, matched one
// to one to a label as MatchClusters does, carries their label: the
// clustering accuracy of DEC and most clustering papers.
func MatchedAccuracy(labels, clusters []int) (float64, error) {
	_, acc, err := matchClusters("MatchedAccuracy", labels, clusters)
	return acc, err
}

// matchClusters is MatchClusters, with errors naming fn.
func matchClusters(fn string, labels, clusters []int) (match []int, accuracy float64, err error) {
	tab, err := contingency(fn, labels, clusters)
	if err != nil {
		return nil, 0, err
	}
	nl, nc := len(tab.counts), tab.cols
	size := max(nl, nc)
	big := 0
	for _, row := range tab.counts {
		for _, c := range row {
			big = max(big, c)
		}
	}
	// Cost of giving cluster c the label l: big - (samples of label l in c).
	cost := make([]float64, size*size)
	for c := 0; c < size; c++ {
		for l := 0; l < size; l++ {
			n := 0
			if l < nl && c < nc {
				n = tab.counts[l][c]
			}
			cost[c*size+l] = float64(big - n)
		}
	}
	assign := hungarian(cost, size)
	match = make([]int, nc)
	hits := 0
	for c := 0; c < nc; c++ {
		match[c] = -1
		l := assign[c]
		if l >= 0 && l < nl && tab.counts[l][c] > 0 {
			match[c] = tab.labels[l]
			hits += tab.counts[l][c]
		}
	}
	return match, float64(hits) / float64(len(labels)), nil
}

// contingencyTable is a contingency table: counts[l][c] samples have the l-th label
// value (labels[l]) and cluster c.
type contingencyTable struct {
	counts [][]int
	labels []int // the label values, in increasing order
	cols   int   // clusters: the largest cluster number + 1
}

// contingency counts the samples of each label in each cluster.
func contingency(fn string, labels, clusters []int) (contingencyTable, error) {
	if len(labels) == 0 {
		return contingencyTable{}, fmt.Errorf("ae: %s: labels is empty", fn)
	}
	if len(clusters) != len(labels) {
		return contingencyTable{}, fmt.Errorf("ae: %s: %d labels but %d clusters; want one cluster per label", fn, len(labels), len(clusters))
	}
	maxL, maxC := 0, 0
	for i, l := range labels {
		if l < 0 {
			return contingencyTable{}, fmt.Errorf("ae: %s: labels[%d] is %d, want numbers from 0", fn, i, l)
		}
		maxL = max(maxL, l)
	}
	for i, c := range clusters {
		if c < 0 {
			return contingencyTable{}, fmt.Errorf("ae: %s: clusters[%d] is %d, want numbers from 0", fn, i, c)
		}
		maxC = max(maxC, c)
	}
	if maxL >= 1<<20 || maxC >= 1<<20 {
		return contingencyTable{}, fmt.Errorf("ae: %s: labels up to %d and clusters up to %d; want numbers below %d", fn, maxL, maxC, 1<<20)
	}
	// Only the label values present get a row.
	row := make([]int, maxL+1)
	for i := range row {
		row[i] = -1
	}
	var t contingencyTable
	for _, l := range labels {
		row[l] = 0
	}
	for l, r := range row {
		if r == 0 {
			row[l] = len(t.labels)
			t.labels = append(t.labels, l)
		}
	}
	t.cols = maxC + 1
	t.counts = make([][]int, len(t.labels))
	for i := range t.counts {
		t.counts[i] = make([]int, t.cols)
	}
	for i, l := range labels {
		t.counts[row[l]][clusters[i]]++
	}
	return t, nil
}
