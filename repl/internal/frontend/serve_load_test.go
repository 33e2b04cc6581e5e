package frontend

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// TestServeLoad measures what a class of browsers costs a training run:
// the same model trained on the 10,000 MNIST test digits, with no viewer
// and with 60 viewers following the session over Server-Sent Events on
// loopback, alternately, several rounds; it reports the images per
// second of each run, the median of each kind and the median ratio of a
// round's two runs, and fails when 60 viewers cost more than
// AEKIT_LOAD_MAX percent by that ratio (default 10: the machine is shared). It runs only with AEKIT_LOAD=1 (it takes about half a
// minute):
//
//	AEKIT_LOAD=1 go test -run TestServeLoad -v ./repl/internal/frontend/
//
// AEKIT_LOAD_ROUNDS (default 12), AEKIT_LOAD_EPOCHS (default 4) and
// AEKIT_LOAD_CLIENTS (default 60) change the run.
func TestServeLoad(t *testing.T) {
	if os.Getenv("AEKIT_LOAD") != "1" {
		t.Skip("AEKIT_LOAD=1 runs the load measurement")
	}
	envInt := func(name string, def int) int {
		if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
			return v
		}
		return def
	}
	rounds, epochs, clients := envInt("AEKIT_LOAD_ROUNDS", 12), envInt("AEKIT_LOAD_EPOCHS", 4), envInt("AEKIT_LOAD_CLIENTS", 60)
	maxCost := float64(envInt("AEKIT_LOAD_MAX", 10))

	ts := newTestSessionOpts(t, Options{NoJournal: true, MemoryLimit: 0})
	out, _ := ts.cmd(":serve 127.0.0.1:0")
	m := servingRe.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf(":serve: %s", out)
	}
	url := m[1] + "events"
	ts.ok(`digits, err := datasets.MNISTTest()
check(err)`)

	// The epochs' seconds of each training run, from the session's events.
	var mu sync.Mutex
	var seconds float64
	cancel := ts.Events().Subscribe(func(e events.Event) {
		if e.Kind == events.Epoch {
			mu.Lock()
			seconds += e.Epoch.Seconds
			mu.Unlock()
		}
	})
	defer cancel()

	// run trains once with n viewers, each an event stream read by a
	// child process (this test binary, see TestMain), so that the front
	// end's CPU time is the server's alone.
	run := func(n int) (ips float64, bytes int64, front, viewers time.Duration) {
		var child *exec.Cmd
		var stdin io.WriteCloser
		var stdout strings.Builder
		if n > 0 {
			child = exec.Command(os.Args[0])
			child.Env = append(os.Environ(), "AEKIT_SSE_VIEWERS="+strconv.Itoa(n)+" "+url)
			child.Stdout, child.Stderr = &stdout, os.Stderr
			var err error
			if stdin, err = child.StdinPipe(); err != nil {
				t.Fatal(err)
			}
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
		}
		if !waitFor(10*time.Second, func() bool { return ts.Viewers() == n }) {
			t.Fatalf("%d viewers connected, want %d", ts.Viewers(), n)
		}
		mu.Lock()
		seconds = 0
		mu.Unlock()
		cpu0 := cpuTime()
		ts.ok(fmt.Sprintf(`m, err := ae.NewSymmetric([]int{784, 256, 64}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
check(err)
h, err := m.Fit(ctx, digits.Images, ae.Options{Epochs: %d, BatchSize: 64, Loss: ae.BCE})
check(err)`, epochs))
		front = cpuTime() - cpu0
		mu.Lock()
		s := seconds
		mu.Unlock()
		if child != nil {
			time.Sleep(200 * time.Millisecond) // the viewers get the cell's end
			stdin.Close()
			if err := child.Wait(); err != nil {
				t.Fatalf("the viewers: %v", err)
			}
			bytes, _ = strconv.ParseInt(strings.TrimSpace(stdout.String()), 10, 64)
			viewers = child.ProcessState.UserTime() + child.ProcessState.SystemTime()
		}
		waitFor(5*time.Second, func() bool { return ts.Viewers() == 0 })
		return float64(epochs*10000) / s, bytes, front, viewers
	}

	load := func() string {
		b, _ := os.ReadFile("/proc/loadavg")
		return strings.Join(strings.Fields(string(b))[:min(3, len(strings.Fields(string(b))))], " ")
	}
	t.Logf("load average before: %s; %d rounds of %d epochs, 0 and %d viewers alternately", load(), rounds, epochs, clients)
	var alone, watched, frontAlone, frontWatched []float64
	for r := 0; r < rounds; r++ {
		order := []int{0, clients}
		if r%2 == 1 {
			order = []int{clients, 0}
		}
		for _, n := range order {
			ips, bytes, front, viewers := run(n)
			t.Logf("round %d, %2d viewers: %6.0f images/s; the front end used %4.0f ms of CPU, the viewers %4.0f ms, receiving %d bytes",
				r+1, n, ips, ms(front), ms(viewers), bytes)
			if n == 0 {
				alone = append(alone, ips)
				frontAlone = append(frontAlone, ms(front))
			} else {
				watched = append(watched, ips)
				frontWatched = append(frontWatched, ms(front))
				if bytes == 0 {
					t.Errorf("round %d: the viewers received nothing", r+1)
				}
			}
		}
	}
	median := func(xs []float64) float64 {
		s := append([]float64(nil), xs...)
		sort.Float64s(s)
		if len(s)%2 == 1 {
			return s[len(s)/2]
		}
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	// Each round's two runs are neighbours in time: the ratio of a round
	// cancels most of the drift of a shared machine's load.
	var ratios []float64
	for i := range alone {
		ratios = append(ratios, watched[i]/alone[i])
	}
	a, w := median(alone), median(watched)
	cost := 100 * (1 - median(ratios))
	t.Logf("median: %.0f images/s alone, %.0f with %d viewers; median ratio of a round's two runs %.3f: %+.1f %%; the front end's CPU per run: %.0f ms alone, %.0f ms with the viewers (load average after: %s)",
		a, w, clients, median(ratios), -cost, median(frontAlone), median(frontWatched), load())
	if cost > maxCost {
		t.Errorf("%d viewers cost %.1f %% of the training speed, more than %.0f %%", clients, cost, maxCost)
	}
}

// ms is a duration in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// cpuTime returns the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// sseViewers is the child process of TestServeLoad: spec is "N URL"; it
// reads N event streams from URL until its stdin closes, then prints the
// bytes received.
func sseViewers(spec string) int {
	num, url, _ := strings.Cut(spec, " ")
	n, _ := strconv.Atoi(num)
	var received atomic.Int64
	var mu sync.Mutex
	var bodies []io.Closer
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(url)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return
			}
			mu.Lock()
			bodies = append(bodies, resp.Body)
			mu.Unlock()
			buf := make([]byte, 32<<10)
			for {
				k, err := resp.Body.Read(buf)
				received.Add(int64(k))
				if err != nil {
					return
				}
			}
		}()
	}
	io.Copy(io.Discard, os.Stdin)
	mu.Lock()
	for _, b := range bodies {
		b.Close()
	}
	mu.Unlock()
	wg.Wait()
	fmt.Println(received.Load())
	return 0
}
