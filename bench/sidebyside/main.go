// Command sidebyside trains the same autoencoders with aekit and with PyTorch
// on the full MNIST, alternately in the same shell, and prints their speed and
// test loss side by side.
//
//	go run ./bench/sidebyside -torch PATH/torch_ref.py [-models simple,deep,paper,conv,kconv] [-epochs 3] [-rounds 2]
//
// The MNIST folder comes from -data or $AEKIT_MNIST (fill one with
// `go run ./datasets/cmd/getmnist -o DIR`). PyTorch runs as
// /usr/bin/python3 PATH --model M --epochs E --data DIR --threads 2 at its
// strongest setting on a 2-core machine (OMP_WAIT_POLICY=PASSIVE, OpenBLAS
// left to choose its kernels); install it with
// `apt-get install -y python3-torch python3-numpy`.
//
// Each round runs aekit then PyTorch for every model; the table reports, per
// model, the median images/s over all epochs after the first of every round,
// the ratio aekit/PyTorch, the test losses after the last epoch (mean
// per-pixel BCE, and the 2006 paper's squared error per image), and the
// peak resident memory of each side (aekit's is this process's, the MNIST
// sets included; PyTorch's its process's).
//
// The models are torch_ref.py's: simple, deep and paper (dense, BCE), conv
// (PyImageSearch's ConvAutoencoder, ae.PyImageSearchConv: MSE, batch 32) and
// kconv (the Keras blog's, ae.KerasBlogConv: BCE, batch 128), all with Adam
// at 0.001 and PyTorch's default initialisation, on the 60,000 training
// images in the order a seeded shuffle gives.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
)

// epochResult is one JSON line, in torch_ref.py's format.
type epochResult struct {
	Impl      string  `json:"impl"`
	Model     string  `json:"model"`
	Threads   int     `json:"threads"`
	Batch     int     `json:"batch"`
	Epoch     int     `json:"epoch"`
	TrainS    float64 `json:"train_s"`
	ImgPerS   float64 `json:"img_per_s"`
	TrainLoss float64 `json:"train_loss"`
	TestBCE   float64 `json:"test_bce"`
	TestSE    float64 `json:"test_se"`
}

type model struct {
	build func(seed int64) (*ae.Model, error)
	batch int
	loss  ae.Loss
}

func dense(sizes []int, code ae.Activation) func(int64) (*ae.Model, error) {
	return func(seed int64) (*ae.Model, error) {
		return ae.NewSymmetric(sizes, ae.ReLU, code, ae.Sigmoid, seed)
	}
}

var digit = ae.Shape{C: 1, H: 28, W: 28}

var models = map[string]model{
	"simple": {dense([]int{784, 32}, ae.ReLU), 256, ae.BCE},
	"deep":   {dense([]int{784, 256, 64}, ae.ReLU), 256, ae.BCE},
	"paper":  {dense([]int{784, 1000, 500, 250, 30}, ae.Linear), 128, ae.BCE},
	"conv":   {func(seed int64) (*ae.Model, error) { return ae.PyImageSearchConv(digit, seed) }, 32, ae.MSE},
	"kconv":  {func(seed int64) (*ae.Model, error) { return ae.KerasBlogConv(digit, seed) }, 128, ae.BCE},
}

func main() {
	torch := flag.String("torch", "", "path of torch_ref.py (empty: aekit only)")
	data := flag.String("data", os.Getenv("AEKIT_MNIST"), "folder with the MNIST IDX files")
	names := flag.String("models", "simple,deep,paper", "models to run, comma-separated")
	epochs := flag.Int("epochs", 3, "epochs per run")
	rounds := flag.Int("rounds", 2, "alternating rounds")
	seed := flag.Int64("seed", 1, "seed for both")
	flag.Parse()
	if *data == "" {
		fail("no MNIST folder: pass -data DIR or set AEKIT_MNIST (go run ./datasets/cmd/getmnist -o DIR fills one)")
	}
	train, test, err := datasets.LoadMNIST(*data)
	if err != nil {
		fail(err.Error())
	}
	results := map[string][]epochResult{}
	rss := map[string]int64{} // peak resident bytes
	for r := 1; r <= *rounds; r++ {
		for _, name := range strings.Split(*names, ",") {
			spec, ok := models[name]
			if !ok {
				fail(fmt.Sprintf("unknown model %q (want simple, deep, paper, conv or kconv)", name))
			}
			runtime.GC()
			debug.FreeOSMemory()
			resetPeakRSS()
			results["aekit/"+name] = append(results["aekit/"+name], runAekit(name, spec, train, test, *epochs, *seed)...)
			rss["aekit/"+name] = max(rss["aekit/"+name], peakRSS(os.Getpid()))
			if *torch != "" {
				tr, mem, err := runTorch(*torch, name, *data, *epochs, *seed)
				if err != nil {
					fail(err.Error())
				}
				results["torch/"+name] = append(results["torch/"+name], tr...)
				rss["torch/"+name] = max(rss["torch/"+name], mem)
			}
		}
	}
	fmt.Printf("\n%-7s %12s %12s %7s   %-24s %-24s %-20s\n", "model", "aekit img/s", "torch img/s", "ratio",
		"test BCE (aekit, torch)", "test SE/image (aekit, torch)", "peak RSS MB (aekit, torch)")
	for _, name := range strings.Split(*names, ",") {
		a, t := results["aekit/"+name], results["torch/"+name]
		as, ts := median(speeds(a)), median(speeds(t))
		fmt.Printf("%-7s %12.0f %12.0f %7.2f   %-24s %-24s %-20s\n", name, as, ts, as/ts,
			fmt.Sprintf("%.4f, %.4f", last(a).TestBCE, last(t).TestBCE),
			fmt.Sprintf("%.2f, %.2f", last(a).TestSE, last(t).TestSE),
			fmt.Sprintf("%d, %d", rss["aekit/"+name]>>20, rss["torch/"+name]>>20))
	}
}

func runAekit(name string, spec model, train, test *datasets.Set, epochs int, seed int64) []epochResult {
	m, err := spec.build(seed)
	if err != nil {
		fail(err.Error())
	}
	rep := &reporter{name: name, batch: spec.batch, m: m, train: train, test: test}
	ctx := ae.WithProgress(context.Background(), rep)
	if _, err := m.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: spec.batch, Loss: spec.loss, Seed: seed}); err != nil {
		fail(err.Error())
	}
	return rep.out
}

// reporter scores the model on the test set after every epoch; Fit has
// timed the epoch before it calls, so the scoring is not in train_s.
type reporter struct {
	name        string
	batch       int
	m           *ae.Model
	train, test *datasets.Set
	out         []epochResult
}

func (r *reporter) Batch(epoch, epochs, batch, batches, seen int, loss float64) {}

func (r *reporter) Epoch(epoch, epochs int, train, validation, seconds float64) {
	xhat, err := r.m.Reconstruct(r.test.Images)
	if err != nil {
		fail(err.Error())
	}
	bce, _ := ae.BCE.Mean(r.test.Images, xhat)
	se, _ := ae.SquaredErrorPerImage(r.test.Images, xhat)
	res := epochResult{Impl: "aekit", Model: r.name, Threads: 2, Batch: r.batch, Epoch: epoch,
		TrainS: round(seconds, 3), ImgPerS: math.Round(float64(r.train.Len()) / seconds),
		TrainLoss: round(train, 5), TestBCE: round(bce, 5), TestSE: round(se, 3)}
	line, _ := json.Marshal(res)
	fmt.Println(string(line))
	r.out = append(r.out, res)
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// resetPeakRSS resets this process's peak resident memory (Linux 4.0 and
// later), so that peakRSS measures from here.
func resetPeakRSS() {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS returns a process's peak resident memory in bytes (VmHWM), or 0
// where /proc is not there.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func runTorch(script, name, data string, epochs int, seed int64) ([]epochResult, int64, error) {
	cmd := exec.CommandContext(context.Background(), "/usr/bin/python3", script, "--model", name,
		"--epochs", fmt.Sprint(epochs), "--data", data, "--threads", "2", "--seed", fmt.Sprint(seed))
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") && !strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "OMP_WAIT_POLICY=PASSIVE")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("starting PyTorch: %v", err)
	}
	// Sample the child's peak resident memory while it runs.
	var mem atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if v := peakRSS(cmd.Process.Pid); v > mem.Load() {
				mem.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	var out []epochResult
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		fmt.Println(sc.Text())
		var r epochResult
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Epoch > 0 {
			out = append(out, r)
		}
	}
	close(stop)
	<-sampled
	if err := cmd.Wait(); err != nil {
		return nil, 0, fmt.Errorf("PyTorch (%s, after %.0f s): %v", name, time.Since(start).Seconds(), err)
	}
	return out, mem.Load(), nil
}

// speeds returns images/s of every epoch but the first of each run.
func speeds(rs []epochResult) []float64 {
	var v []float64
	for _, r := range rs {
		if r.Epoch > 1 {
			v = append(v, r.ImgPerS)
		}
	}
	if len(v) == 0 {
		for _, r := range rs {
			v = append(v, r.ImgPerS)
		}
	}
	return v
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func last(rs []epochResult) epochResult {
	if len(rs) == 0 {
		return epochResult{TestBCE: math.NaN(), TestSE: math.NaN()}
	}
	return rs[len(rs)-1]
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "sidebyside:", msg)
	os.Exit(1)
}
