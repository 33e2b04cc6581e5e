package ae

import "math"

// hungarian returns the assignment of rows to columns of the square cost
// matrix cost (n×n, row by row) that makes the total cost smallest: col[i]
// is the column of row i. It is the Hungarian algorithm (Kuhn and Munkres)
// in its O(n³) form with row and column potentials.
func hungarian(cost []float64, n int) []int {
	const none = -1
	inf := math.Inf(1)
	u := make([]float64, n+1) // row potentials, 1-based
	v := make([]float64, n+1) // column potentials
	p := make([]int, n+1)     // p[j]: the row matched to column j (1-based), 0 for none
	way := make([]int, n+1)
	minv := make([]float64, n+1)
	used := make([]bool, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = inf
			used[j] = false
		}
		for {
			used[j0] = true
			i0 := p[j0]
			delta, j1 := inf, 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				cur := cost[(i0-1)*n+j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	col := make([]int, n)
	for i := range col {
		col[i] = none
	}
	for j := 1; j <= n; j++ {
		if p[j] > 0 {
			col[p[j]-1] = j - 1
		}
	}
	return col
}
