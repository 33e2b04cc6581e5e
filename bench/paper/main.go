// Command paper trains Hinton and Salakhutdinov's 2006 deep autoencoder,
// 784-1000-500-250-30 with a mirrored decoder, on the 60,000 MNIST training
// images with a recipe given by flags, and scores it on the 10,000 test
// images in the paper's unit: the squared error summed over the 784 pixels,
// averaged over images (the paper: 3.00; PCA 13.87, logistic PCA 8.01).
//
//	AEKIT_MNIST=DIR go run ./bench/paper [-epochs 100] [-batch 256] [-lr 0.002] [-schedule cosine] ...
//
// It prints one JSON line per evaluation (every -eval epochs, and the last)
// with the training clock, and at the end the test error at the 2-, 5- and
// 10-minute marks (the last evaluation at or before each). The clock counts
// pretraining and training, not the test evaluations the curve needs
// (-eval 0 scores only at the end). With -png it draws the curve of test
// error against minutes.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image/color"
	"math"
	"os"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
)

type point struct {
	Phase   string  `json:"phase"`
	Epoch   int     `json:"epoch"`
	Minutes float64 `json:"minutes"`
	TestSE  float64 `json:"test_se"`
	TrainSE float64 `json:"train_se"` // on the first 10,000 training images
	Train   float64 `json:"train_loss"`
	ImgPerS float64 `json:"img_per_s"`
	Rate    float64 `json:"lr"`
	Batch   int     `json:"batch"`
}

func main() {
	data := flag.String("data", os.Getenv("AEKIT_MNIST"), "folder with the MNIST IDX files")
	epochs := flag.Int("epochs", 100, "epochs of training (fine-tuning, after any pretraining)")
	batch := flag.Int("batch", 128, "batch size (the first, with -maxbatch)")
	maxBatch := flag.Int("maxbatch", 0, "grow the batch, doubling, up to this size (0: no growth)")
	lr := flag.Float64("lr", 0.001, "peak learning rate")
	sched := flag.String("schedule", "constant", "constant, cosine, linear, step or onecycle")
	warm := flag.Float64("warmup", 0, "epochs of linear warm-up")
	minLR := flag.Float64("minlr", 0, "where cosine and linear end")
	beta1 := flag.Float64("beta1", 0, "Adam's β1 (0: 0.9)")
	beta2 := flag.Float64("beta2", 0, "Adam's β2 (0: 0.999)")
	wd := flag.Float64("wd", 0, "decoupled weight decay (AdamW)")
	loss := flag.String("loss", "bce", "bce or mse")
	pre := flag.Int("pretrain", 0, "epochs of layer-wise pretraining per layer (0: none)")
	preLR := flag.Float64("pretrain-lr", 0.001, "learning rate of the pretraining")
	seed := flag.Int64("seed", 1, "seed of the weights and the shuffling")
	eval := flag.Int("eval", 1, "score the test set every this many epochs (0: only at the end)")
	budget := flag.Duration("budget", 0, "stop training when the clock reaches this (0: no limit)")
	out := flag.String("png", "", "draw the curve of test error against minutes here")
	name := flag.String("name", "", "the run's name on the curve")
	initName := flag.String("init", "pytorch", "the starting weights: pytorch (NewSymmetric's) or he")
	flag.Parse()
	if *data == "" {
		fail("no MNIST folder: pass -data DIR or set AEKIT_MNIST (go run ./datasets/cmd/getmnist -o DIR fills one)")
	}
	train, test, err := datasets.LoadMNIST(*data)
	check(err)
	schedule, err := ae.ParseSchedule(*sched)
	check(err)
	lossFn, err := ae.ParseLoss(*loss)
	check(err)
	m, err := ae.NewSymmetric([]int{784, 1000, 500, 250, 30}, ae.ReLU, ae.Linear, ae.Sigmoid, *seed)
	check(err)

	init, err := ae.ParseInit(*initName)
	check(err)
	check(m.Initialize(init, *seed))
	ctx := context.Background()
	if *budget > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() { // the clock excludes evaluations: poll it
			for clockNow() < *budget {
				time.Sleep(50 * time.Millisecond)
			}
			cancel()
		}()
	}
	var points []point
	trainSample := mat.DenseCopyOf(train.Images.Slice(0, test.Len(), 0, 784))
	score := func(phase string, epoch int, trainLoss, ips, rate float64, bs int) {
		pause()
		defer resume()
		xhat, err := m.Reconstruct(test.Images)
		check(err)
		se, err := ae.SquaredErrorPerImage(test.Images, xhat)
		check(err)
		// The same measure on as many training images: the gap between
		// the two is what the model has learnt of its training set only.
		xhat, err = m.Reconstruct(trainSample)
		check(err)
		trainSE, err := ae.SquaredErrorPerImage(trainSample, xhat)
		check(err)
		p := point{phase, epoch, clockNow().Minutes(), round(se, 4), round(trainSE, 4), round(finite(trainLoss), 5), math.Round(finite(ips)), rate, bs}
		points = append(points, p)
		line, _ := json.Marshal(p)
		fmt.Println(string(line))
	}
	load := loadAvg()
	resume()
	if *pre > 0 {
		_, err := m.Pretrain(ctx, train.Images, ae.Options{Epochs: *pre, BatchSize: *batch, LearningRate: *preLR, Loss: lossFn, Seed: *seed})
		if err != nil && ctx.Err() == nil {
			fail(err.Error())
		}
		score("pretrained", 0, math.NaN(), math.NaN(), *preLR, *batch)
	}
	opts := ae.Options{Epochs: *epochs, BatchSize: *batch, MaxBatchSize: *maxBatch, LearningRate: *lr, Loss: lossFn, Seed: *seed,
		Schedule: schedule, WarmupEpochs: *warm, MinLearningRate: *minLR, Beta1: *beta1, Beta2: *beta2, WeightDecay: *wd}
	last := 0
	timer := &epochTimer{func(epoch int, tl, seconds float64) {
		last = epoch
		if *eval > 0 && epoch%*eval == 0 || epoch == *epochs {
			score("fit", epoch, tl, float64(train.Len())/seconds, opts.LearningRateAt(float64(epoch)), opts.BatchSizeAt(epoch))
		}
	}}
	_, err = m.Fit(ae.WithProgress(ctx, timer), train.Images, opts)
	if err != nil && ctx.Err() == nil {
		fail(err.Error())
	}
	if len(points) == 0 || points[len(points)-1].Epoch != last {
		score("stopped", last, math.NaN(), math.NaN(), opts.LearningRateAt(float64(last)), opts.BatchSizeAt(max(last, 1)))
	}
	pause()
	fmt.Printf("load average %s before, %s after\n", load, loadAvg())
	if cpu, ok := cpuTime(); ok {
		fmt.Printf("CPU time of this process: %.2f minutes, %.2f minutes of two cores (loading the data and scoring the test set included)\n",
			cpu.Minutes(), cpu.Minutes()/2)
	}
	for _, mark := range []float64{2, 5, 10} {
		best := math.NaN()
		for _, p := range points {
			if p.Minutes <= mark+1e-9 {
				best = p.TestSE
			}
		}
		fmt.Printf("after %4.1f minutes: %.3f\n", mark, best)
	}
	end := points[len(points)-1]
	fmt.Printf("final: %.3f after %d epochs in %.2f minutes\n", end.TestSE, end.Epoch, end.Minutes)
	if *out != "" {
		check(drawCurve(*out, *name, points))
	}
}

// The clock: training time, paused while the test set is scored.
var (
	clockStart   time.Time
	clockPaused  time.Duration
	clockStopped = true
	clockMu      sync.Mutex
)

func clockNow() time.Duration {
	clockMu.Lock()
	defer clockMu.Unlock()
	if clockStopped {
		return clockPaused
	}
	return clockPaused + time.Since(clockStart)
}

func pause() {
	clockMu.Lock()
	defer clockMu.Unlock()
	if !clockStopped {
		clockPaused += time.Since(clockStart)
		clockStopped = true
	}
}

func resume() {
	clockMu.Lock()
	defer clockMu.Unlock()
	if clockStopped {
		clockStart, clockStopped = time.Now(), false
	}
}

// epochTimer hands each epoch, with its duration as Fit measured it, to f.
type epochTimer struct {
	f func(epoch int, train, seconds float64)
}

func (*epochTimer) Batch(epoch, epochs, batch, batches, seen int, loss float64) {}
func (t *epochTimer) Epoch(epoch, epochs int, train, validation, seconds float64) {
	t.f(epoch, train, seconds)
}

func drawCurve(path, name string, points []point) error {
	p := plot.New()
	p.Title.Text = "784-1000-500-250-30 on MNIST: test squared error per image"
	p.X.Label.Text = "minutes of training (2 cores)"
	p.Y.Label.Text = "squared error per test image"
	xy := make(plotter.XYs, 0, len(points))
	for _, q := range points {
		xy = append(xy, plotter.XY{X: q.Minutes, Y: q.TestSE})
	}
	line, err := plotter.NewLine(xy)
	if err != nil {
		return err
	}
	line.Color = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	line.Width = vg.Points(1.5)
	p.Add(line, plotter.NewGrid())
	if name == "" {
		name = "aekit"
	}
	p.Legend.Add(name, line)
	for _, ref := range []struct {
		name string
		v    float64
		c    color.RGBA
	}{{"2006 paper, deep autoencoder: 3.00", 3.00, color.RGBA{R: 214, G: 39, B: 40, A: 255}},
		{"logistic PCA: 8.01", 8.01, color.RGBA{R: 148, G: 103, B: 189, A: 255}},
		{"PCA: 13.87", 13.87, color.RGBA{R: 127, G: 127, B: 127, A: 255}}} {
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: ref.v}, {X: math.Max(10, xy[len(xy)-1].X), Y: ref.v}})
		if err != nil {
			return err
		}
		l.Color, l.Dashes = ref.c, []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
		p.Legend.Add(ref.name, l)
	}
	// Room above the PCA line for the legend.
	p.Y.Min, p.Y.Max = 0, 22
	p.Legend.Top = true
	p.Legend.YOffs = -vg.Points(4)
	p.Title.Padding = vg.Points(8)
	return p.Save(7*vg.Inch, 4.5*vg.Inch, path)
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil || len(b) < 14 {
		return "?"
	}
	return string(b[:14])
}

// finite returns v, or 0 for NaN (JSON has no NaN).
func finite(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "paper:", msg)
	os.Exit(1)
}
