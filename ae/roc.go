package ae

import (
	"fmt"
	"math"
	"sort"
)

// The ROC curve of a score that should be high for the positives (the
// anomalies, the strangers) and low for the rest: how many of the
// positives a threshold catches (the true-positive rate) against how many
// of the rest it flags by mistake (the false-positive rate), for every
// threshold at once.

// ROC returns the points of the ROC curve of scores, positives[i] saying
// whether sample i is a positive: for each distinct score, from the
// highest down, the false-positive rate fpr (the share of negatives
// scoring at least that) and the true-positive rate tpr (the share of
// positives scoring at least that). The curve starts at (0, 0) and ends
// at (1, 1); a score that separates the two perfectly passes through
// (0, 1), and a useless one follows the diagonal.
func ROC(scores []float64, positives []bool) (fpr, tpr []float64, err error) {
	pos, neg, err := checkROC("ROC", scores, positives)
	if err != nil {
		return nil, nil, err
	}
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	fpr, tpr = []float64{0}, []float64{0}
	tp, fp := 0, 0
	for k, i := range order {
		if positives[i] {
			tp++
		} else {
			fp++
		}
		if k+1 < len(order) && scores[order[k+1]] == scores[i] {
			continue // one point per distinct score
		}
		fpr = append(fpr, float64(fp)/float64(neg))
		tpr = append(tpr, float64(tp)/float64(pos))
	}
	return fpr, tpr, nil
}

// AUC returns the area under the ROC curve of scores: the probability
// that a positive drawn at random scores higher than a negative drawn at
// random (ties count half). 1 is a perfect score, 0.5 is chance, 0 a
// perfectly reversed score.
func AUC(scores []float64, positives []bool) (float64, error) {
	pos, neg, err := checkROC("AUC", scores, positives)
	if err != nil {
		return 0, err
	}
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] < scores[order[b]] })
	// Sum of the positives' ranks (from 1), tied scores sharing their mean rank.
	rankSum := 0.0
	for k := 0; k < len(order); {
		end := k + 1
		for end < len(order) && scores[order[end]] == scores[order[k]] {
			end++
		}
		mean := float64(k+1+end) / 2
		for _, i := range order[k:end] {
			if positives[i] {
				rankSum += mean
			}
		}
		k = end
	}
	p, n := float64(pos), float64(neg)
	return (rankSum - p*(p+1)/2) / (p * n), nil
}

// checkROC checks the arguments of ROC and AUC and counts the positives
// and negatives.
func checkROC(fn string, scores []float64, positives []bool) (pos, neg int, err error) {
	if len(scores) == 0 {
		return 0, 0, fmt.Errorf("ae: %s: scores is empty", fn)
	}
	if len(positives) != len(scores) {
		return 0, 0, fmt.Errorf("ae: %s: %d scores but %d positives; want one flag per score", fn, len(scores), len(positives))
	}
	for i, v := range scores {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, 0, fmt.Errorf("ae: %s: scores[%d] is %v", fn, i, v)
		}
	}
	for _, p := range positives {
		if p {
			pos++
		}
	}
	neg = len(scores) - pos
	if pos == 0 {
		return 0, 0, fmt.Errorf("ae: %s: positives has no true value: a curve needs positives and negatives", fn)
	}
	if neg == 0 {
		return 0, 0, fmt.Errorf("ae: %s: positives is all true: a curve needs positives and negatives", fn)
	}
	return pos, neg, nil
}
