package vec

import (
	"math/rand/v2"
	"testing"
)

// The benchmarks run every kernel with every implementation this CPU has
// on rows of 784 values (an MNIST image), either one row again and again
// (in L1: the arithmetic) or the 256 rows of a batch in turn (200,704
// values, 800 KB a slice: the memory traffic of training), and report
// ns/elem. For example:
//
//	go test -run XXX -bench 'Kernels/.*/batch' ./internal/vec/

const benchCols, benchRows = 784, 256

type benchData struct {
	z, y, g, b, m, v []float32
	d                []float64
}

func newBenchData(n int) *benchData {
	rng := rand.New(rand.NewPCG(9, 9))
	d := &benchData{
		z: normal(rng, n, 4), y: unit(rng, n), g: normal(rng, n, 1e-3), b: normal(rng, benchCols, 1),
		m: normal(rng, n, 1e-3), v: normal(rng, n, 1e-3), d: make([]float64, n),
	}
	for i := range d.v {
		d.v[i] *= d.v[i]
		d.d[i] = float64(d.y[i])
	}
	return d
}

// benchKernels are the kernels as training calls them, on row r of d.
var benchKernels = []struct {
	name string
	row  func(d *benchData, lo, hi int)
}{
	{"SigmoidBCE", func(d *benchData, lo, hi int) {
		// Keep the logits where they were: the outputs overwrite them.
		SigmoidBCE(d.z[lo:hi], d.y[lo:hi], d.g[lo:hi], d.b, 1)
		copy(d.z[lo:hi], d.m[lo:hi])
	}},
	{"BiasReLU", func(d *benchData, lo, hi int) { BiasReLU(d.z[lo:hi], d.b) }},
	{"BiasSigmoid", func(d *benchData, lo, hi int) { BiasSigmoid(d.z[lo:hi], d.b) }},
	{"BiasAdd", func(d *benchData, lo, hi int) { BiasAdd(d.z[lo:hi], d.b) }},
	{"BiasTanh", func(d *benchData, lo, hi int) { BiasTanh(d.z[lo:hi], d.b) }},
	{"ReLUGrad", func(d *benchData, lo, hi int) { ReLUGrad(d.g[lo:hi], d.z[lo:hi]) }},
	{"SigmoidGrad", func(d *benchData, lo, hi int) { SigmoidGrad(d.g[lo:hi], d.y[lo:hi]) }},
	{"MSE", func(d *benchData, lo, hi int) { MSE(d.z[lo:hi], d.y[lo:hi], d.g[lo:hi], 1) }},
	{"Add", func(d *benchData, lo, hi int) { Add(d.g[lo:hi], d.z[lo:hi]) }},
	{"Adam", func(d *benchData, lo, hi int) {
		Adam(d.z[lo:hi], d.g[lo:hi], d.m[lo:hi], d.v[lo:hi], 0.9, 0.999, 1e-4, 0.5, 1e-8)
	}},
	{"ToFloat32", func(d *benchData, lo, hi int) { ToFloat32(d.z[lo:hi], d.d[lo:hi]) }},
	{"Finite", func(d *benchData, lo, hi int) { Finite(d.d[lo:hi]) }},
}

func BenchmarkKernels(b *testing.B) {
	d := newBenchData(benchCols * benchRows)
	for _, k := range impls() {
		for _, kern := range benchKernels {
			for _, size := range []struct {
				name string
				rows int
			}{{"row", 1}, {"batch", benchRows}} {
				b.Run(k.name+"/"+kern.name+"/"+size.name, func(b *testing.B) {
					defer setImpl(setImpl(k))
					for b.Loop() {
						for r := 0; r < size.rows; r++ {
							kern.row(d, r*benchCols, (r+1)*benchCols)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size.rows*benchCols), "ns/elem")
				})
			}
		}
	}
}
