package ae

import (
	"fmt"
	"math"
	"sort"
)

// Anomaly detection with an autoencoder: train it on normal data, score each
// sample by its reconstruction error (Loss.Errors), and flag the samples whose
// score is above a threshold.

// QuantileThreshold returns the q-quantile of scores (0 ≤ q ≤ 1), linearly
// interpolated: with q = 0.99 about 1% of the scores lie above it.
func QuantileThreshold(scores []float64, q float64) (float64, error) {
	if err := checkScores("QuantileThreshold", scores); err != nil {
		return 0, err
	}
	if !(q >= 0 && q <= 1) {
		return 0, fmt.Errorf("ae: QuantileThreshold: q is %v, want 0 ≤ q ≤ 1", q)
	}
	s := append([]float64(nil), scores...)
	sort.Float64s(s)
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i >= len(s)-1 {
		return s[len(s)-1], nil
	}
	f := pos - float64(i)
	return s[i]*(1-f) + s[i+1]*f, nil
}

// MeanStdThreshold returns mean + k·std of scores: with k = 1, the rule of
// TensorFlow's ECG anomaly tutorial.
func MeanStdThreshold(scores []float64, k float64) (float64, error) {
	if err := checkScores("MeanStdThreshold", scores); err != nil {
		return 0, err
	}
	if math.IsNaN(k) || math.IsInf(k, 0) {
		return 0, fmt.Errorf("ae: MeanStdThreshold: k is %v", k)
	}
	mean := 0.0
	for _, v := range scores {
		mean += v
	}
	mean /= float64(len(scores))
	variance := 0.0
	for _, v := range scores {
		variance += (v - mean) * (v - mean)
	}
	return mean + k*math.Sqrt(variance/float64(len(scores))), nil
}

// Flag reports, for each score, whether it is above the threshold.
func Flag(scores []float64, threshold float64) []bool {
	out := make([]bool, len(scores))
	for i, v := range scores {
		out[i] = v > threshold
	}
	return out
}

// Count returns how many of flags are true: how many samples Flag
// flagged, or how many anomalies a set holds.
func Count(flags []bool) int {
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	return n
}

// PrecisionRecall compares flagged samples with the known anomalies:
// precision is the fraction of flagged samples that are anomalies, recall the
// fraction of anomalies that were flagged. A precision with nothing flagged,
// or a recall with no anomalies, is NaN.
func PrecisionRecall(flagged, anomalies []bool) (precision, recall float64, err error) {
	if len(flagged) != len(anomalies) {
		return 0, 0, fmt.Errorf("ae: PrecisionRecall: %d flags but %d known labels", len(flagged), len(anomalies))
	}
	tp, fp, fn := 0, 0, 0
	for i, f := range flagged {
		switch {
		case f && anomalies[i]:
			tp++
		case f:
			fp++
		case anomalies[i]:
			fn++
		}
	}
	precision, recall = math.NaN(), math.NaN()
	if tp+fp > 0 {
		precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		recall = float64(tp) / float64(tp+fn)
	}
	return precision, recall, nil
}

// TopK returns the indices of the k highest scores, highest first (ties keep
// the lower index first). k larger than len(scores) returns them all.
func TopK(scores []float64, k int) []int {
	if k < 0 {
		k = 0
	}
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	return idx[:min(k, len(idx))]
}

func checkScores(fn string, scores []float64) error {
	if len(scores) == 0 {
		return fmt.Errorf("ae: %s: no scores", fn)
	}
	for i, v := range scores {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("ae: %s: score %d is %v", fn, i, v)
		}
	}
	return nil
}
