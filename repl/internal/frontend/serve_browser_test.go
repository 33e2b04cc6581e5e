package frontend

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/aekit/aekit/repl/internal/events"
)

// The browser tests drive Debian's Chromium, headless. They fail when no
// Chromium is found (CI installs it: .ci/run), unless AEKIT_NO_BROWSER=1
// says to skip them. AEKIT_CHROMIUM names the browser's program;
// AEKIT_SCREENSHOTS names a folder to keep the screenshots in (by default
// they go to the test's temporary folder, removed after it). Under -race
// they skip themselves: CI runs them in its plain pass, and the race pass
// of the server's code is TestServe*'s and package classview's, without
// the 30 s a race-built kernel adds to these.

// chromium returns the path of a Chromium to drive.
func chromium(t *testing.T) string {
	t.Helper()
	if raceEnabled {
		t.Skip("the browser tests run without -race (.ci/run's plain pass runs them)")
	}
	if os.Getenv("AEKIT_NO_BROWSER") == "1" {
		t.Skip("AEKIT_NO_BROWSER=1: the browser test is skipped")
	}
	if p := os.Getenv("AEKIT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const why = "no Chromium found for the browser test of the live page: install Debian's (apt-get install -y chromium), " +
		"or set AEKIT_CHROMIUM to a Chromium or Chrome program"
	// A learner's go test ./... on a machine without a browser passes,
	// saying what it left out; CI (.ci/run sets AEKIT_REQUIRE_BROWSER=1,
	// and installs Chromium) fails instead.
	if os.Getenv("AEKIT_REQUIRE_BROWSER") == "1" {
		t.Fatal(why + " (AEKIT_REQUIRE_BROWSER=1)")
	}
	t.Skip(why + "; skipped")
	return ""
}

// browser starts a headless Chromium, as root may run it on a machine
// with no network: no sandbox, no GPU, no background traffic, a new
// profile. It returns a context for one tab, and the console's messages
// as they come.
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	exe := chromium(t)
	profile, err := os.MkdirTemp("", "aekit-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 800), // a projector's WXGA
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		for range 50 { // Chromium's children may write a moment after it stops
			if os.RemoveAll(profile) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	var mu sync.Mutex
	var msgs []string
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			mu.Lock()
			msgs = append(msgs, m.String())
			mu.Unlock()
		}
	}()
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), msgs...)
	}
}

// eval evaluates a script in the page.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// waitJS waits until a script's value is true, for up to d.
func waitJS(t *testing.T, ctx context.Context, js string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		if eval[bool](t, ctx, js) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page did not come to %s within %s; it shows:\n%s", js, d, eval[string](t, ctx, "document.body.innerText"))
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// screenshot saves what the window shows (or, whole, the page) as a PNG
// in dir.
func screenshot(t *testing.T, ctx context.Context, dir, name string, whole bool) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	shot := chromedp.CaptureScreenshot()
	if whole {
		shot = chromedp.FullScreenshot(100)
	}
	png, err := chromedp.Run(c, shot)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// colorScheme makes the page see prefers-color-scheme as scheme.
func colorScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// screenshotDir is where the screenshots go: AEKIT_SCREENSHOTS, or the
// test's temporary folder.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("AEKIT_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

var servingRe = regexp.MustCompile(`serving the session at (http://\S+/) `)

// TestServeInBrowser: a class's view of a session, in a real browser. A
// browser that comes late gets the session so far; a lesson step shows
// its title and text; cells that print, save PNGs and train appear
// without a reload, each picture loads, and the loss curve gains points
// while the model trains. The page works under its own
// Content-Security-Policy: the console stays clean. Screenshots, light
// and dark, are kept (AEKIT_SCREENSHOTS names where).
func TestServeInBrowser(t *testing.T) {
	ctx, console := browser(t)
	ts := newTestSession(t)
	out, err := ts.cmd(":serve 127.0.0.1:0")
	m := servingRe.FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf(":serve: %v\n%s", err, out)
	}
	url := m[1]

	// Before any browser: a lesson step that saves a PNG.
	if _, err := ts.cmd(":open compression"); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.cmd(":next"); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	// The late browser gets the session so far.
	waitJS(t, ctx, `document.querySelectorAll('section.cell').length === 1 && document.querySelector('.step h2') !== null`, 10*time.Second)
	if got := eval[string](t, ctx, `document.querySelector('.step h2').textContent`); got != "Look at the digits" {
		t.Errorf("step title %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('.step .text').textContent`); !strings.Contains(got, "MNIST is a set of handwritten digits") {
		t.Errorf("step text %q", got)
	}
	if got := eval[string](t, ctx, `document.getElementById('status').textContent`); got != "live" {
		t.Errorf("status %q", got)
	}
	eval[bool](t, ctx, `window.aekitTestMarker = true`) // gone if the page reloads

	// A cell that prints and saves two PNGs and a GIF, typed while the page
	// watches:
	// on the page within a second of its end.
	var endMu sync.Mutex
	var ended time.Time
	cancelSub := ts.Events().Subscribe(func(e events.Event) {
		if e.Kind == events.CellEnd && e.Cell == 2 {
			endMu.Lock()
			ended = e.Time
			endMu.Unlock()
		}
	})
	defer cancelSub()
	ts.ok(`fmt.Println("a cell typed during class")
x, err := datasets.MNISTTest()
check(err)
few, err := x.Take(12)
check(err)
check(plots.Grid{Images: few.Images, Shape: x.Shape, Title: "twelve digits"}.Save(picture("twelve.png")))
check(plots.Grid{Images: few.Images, Shape: x.Shape, Cols: 3, Title: "in three columns"}.Save(picture("three.png")))
check(plots.Animation{Frames: []plots.Figure{plots.Grid{Images: few.Images, Shape: x.Shape, Title: "frame one"}, plots.Grid{Images: few.Images, Shape: x.Shape, Cols: 6, Title: "frame two"}}}.Save(picture("turns.gif")))`)
	waitJS(t, ctx, `document.querySelectorAll('section.cell').length === 2 && document.querySelector('section.cell[data-cell="2"] .foot').textContent.startsWith('✓')`, 5*time.Second)
	endMu.Lock()
	lag := time.Since(ended)
	endMu.Unlock()
	t.Logf("a new cell's end was on the page %s after the front end published it (the poll takes 25 ms and a round trip)", lag.Round(time.Millisecond))
	if lag > time.Second {
		t.Errorf("the cell's end reached the page %s after it happened, more than a second", lag)
	}
	if got := eval[string](t, ctx, `document.querySelector('section.cell[data-cell="2"] pre.text').textContent`); !strings.Contains(got, "a cell typed during class") {
		t.Errorf("cell 2's output %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('section.cell[data-cell="2"] pre.code').textContent`); !strings.HasPrefix(got, `fmt.Println("a cell typed during class")`) {
		t.Errorf("cell 2's code %q", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('section.cell[data-cell="2"] pre.code span.k, section.cell[data-cell="2"] pre.code span.p, section.cell[data-cell="2"] pre.code span.s').length`); n < 5 {
		t.Errorf("cell 2's code has %d highlighted words", n)
	}

	// A cell that trains: the curve gains points while it runs.
	done := make(chan error, 1)
	go func() {
		_, err := ts.cell(`m, err := ae.NewSymmetric([]int{784, 256, 32}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
check(err)
train, err := x.Take(6000)
check(err)
h, err := m.Fit(ctx, train.Images, ae.Options{Epochs: 8, BatchSize: 32, Loss: ae.BCE, Validation: few.Images})
check(err)
check(plots.LossCurves{Curves: []plots.Curve{{Name: "train", Train: h.Train, Validation: h.Validation}}}.Save(picture("loss.png")))`)
		done <- err
	}()
	dir := screenshotDir(t)
	var seen []int
	progressShown, shotTraining := false, false
	curve := `(() => { const s = document.querySelector('section.cell[data-cell="3"] svg.curve'); return s ? Number(s.dataset.points) : 0; })()`
	deadline := time.After(120 * time.Second)
training:
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("the training cell: %v", err)
			}
			break training
		case <-deadline:
			t.Fatal("the training cell did not end")
		case <-time.After(40 * time.Millisecond):
		}
		n := eval[int](t, ctx, curve)
		if len(seen) == 0 || seen[len(seen)-1] != n {
			seen = append(seen, n)
		}
		if n >= 6 && !shotTraining {
			shotTraining = true
			t.Logf("screenshot while training: %s", screenshot(t, ctx, dir, "classview-training.png", false))
		}
		if !progressShown {
			progressShown = eval[bool](t, ctx, `(() => { const l = document.querySelector('section.cell[data-cell="3"] .prog .line'); return !!l && /epoch \d+\/8 · batch \d+\/\d+ · loss [0-9.]+ · [0-9,]+ images\/s/.test(l.textContent); })()`)
		}
	}
	waitJS(t, ctx, `document.querySelector('section.cell[data-cell="3"]').classList.contains('ok')`, 5*time.Second)
	final := eval[int](t, ctx, curve)
	if final != 16 { // 8 epochs, train and validation
		t.Errorf("the loss curve has %d points at the end, want 16", final)
	}
	growing := 0
	for _, n := range seen {
		if n > 0 && n < final {
			growing++
		}
	}
	if growing < 2 {
		t.Errorf("the loss curve did not grow while the model trained: point counts seen %v", seen)
	}
	if !progressShown {
		t.Error("no progress line (epoch, batch, loss, images/s) was seen while the model trained")
	}
	t.Logf("the loss curve's point counts, as polled during training: %v", seen)

	// Every picture loaded, at full size.
	waitJS(t, ctx, `document.querySelectorAll('img').length === 5 && [...document.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0)`, 10*time.Second)
	sizes := eval[[]string](t, ctx, `[...document.querySelectorAll('img')].map(i => i.alt + ' ' + i.naturalWidth + '×' + i.naturalHeight)`)
	t.Logf("pictures: %s", strings.Join(sizes, ", "))

	// No reload happened: the marker is still there.
	if !eval[bool](t, ctx, `window.aekitTestMarker === true`) {
		t.Error("the page was reloaded")
	}
	// The newest cell is in view: the page follows (once the last picture
	// has taken its place).
	waitJS(t, ctx, `window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160`, 3*time.Second)

	colorScheme(t, ctx, "light")
	time.Sleep(200 * time.Millisecond)
	t.Logf("screenshot: %s", screenshot(t, ctx, dir, "classview-light.png", false))
	t.Logf("screenshot: %s", screenshot(t, ctx, dir, "classview-page.png", true))
	colorScheme(t, ctx, "dark")
	time.Sleep(200 * time.Millisecond)
	t.Logf("screenshot: %s", screenshot(t, ctx, dir, "classview-dark.png", false))

	// A reader who scrolls up to look back stops the following: a new cell
	// does not pull the page down; the follow button brings it back.
	eval[bool](t, ctx, `window.dispatchEvent(new WheelEvent('wheel', {deltaY: -300})), window.scrollTo(0, 0), true`)
	ts.ok(`fmt.Println("while the reader looks back")`)
	waitJS(t, ctx, `document.querySelectorAll('section.cell').length === 4`, 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	if !eval[bool](t, ctx, `window.scrollY < 100 && !document.getElementById('follow').hidden`) {
		t.Errorf("the page moved while the reader looked back: %s", eval[string](t, ctx, `JSON.stringify({y: window.scrollY, button: !document.getElementById('follow').hidden})`))
	}
	eval[bool](t, ctx, `document.getElementById('follow').click(), true`)
	waitJS(t, ctx, `window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160 && document.getElementById('follow').hidden`, 3*time.Second)

	// Stopping the server changes nothing in the session; the page keeps
	// what it shows and says it is not connected.
	if out, _ := ts.cmd(":serve off"); !strings.Contains(out, "stopped") {
		t.Errorf(":serve off printed %q", out)
	}
	waitJS(t, ctx, `!document.getElementById('status').classList.contains('live')`, 10*time.Second)
	if n := eval[int](t, ctx, `document.querySelectorAll('section.cell').length`); n != 4 {
		t.Errorf("after :serve off the page shows %d cells, want 4", n)
	}
	if out := ts.ok("m"); !strings.Contains(out, "784") {
		t.Errorf("the model after :serve off: %q", out)
	}

	for _, msg := range console() {
		// The page's own messages and errors, CSP refusals among them. A
		// refused connection after :serve off is expected.
		if strings.Contains(msg, "ERR_CONNECTION_REFUSED") || strings.Contains(msg, "net::ERR_") {
			continue
		}
		t.Errorf("browser console: %s", msg)
	}
}

// TestHandoutInBrowser: a handout saved with :save FILE.html opens from
// the disk, with no server: its cells, its pictures (inlined) and its
// loss curve show, under the file's own Content-Security-Policy.
func TestHandoutInBrowser(t *testing.T) {
	ctx, console := browser(t)
	ts := newTestSession(t)
	ts.ok(`fmt.Println("for the handout")`)
	ts.ok(`x, err := datasets.MNISTTest()
check(err)
few, err := x.Take(8)
check(err)
check(plots.Grid{Images: few.Images, Shape: x.Shape}.Save(picture("eight.png")))
m, err := ae.NewSymmetric([]int{784, 16}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
check(err)
h, err := m.Fit(ctx, few.Images, ae.Options{Epochs: 3, BatchSize: 4})
check(err)
check(plots.Animation{Frames: []plots.Figure{plots.Grid{Images: few.Images, Shape: x.Shape, Title: "one"}, plots.Grid{Images: few.Images, Shape: x.Shape, Title: "two"}}}.Save(picture("anim.gif")))`)
	path := filepath.Join(t.TempDir(), "usb stick", "class.html")
	out, err := ts.cmd(":save " + path)
	if err != nil || !strings.Contains(out, "saved 2 cells and 2 pictures to") {
		t.Fatalf(":save: %v\n%s", err, out)
	}
	// The pictures may go: the handout holds them.
	if err := os.RemoveAll(filepath.Join(ts.dir, "out")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelectorAll('section.cell.ok').length === 2`, 10*time.Second)
	waitJS(t, ctx, `document.querySelectorAll('img').length === 2 && [...document.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0)`, 10*time.Second)
	if got := eval[string](t, ctx, `document.body.innerText`); !strings.Contains(got, "for the handout") {
		t.Errorf("the handout shows:\n%s", got)
	}
	if n := eval[int](t, ctx, `Number(document.querySelector('svg.curve').dataset.points)`); n != 3 {
		t.Errorf("the handout's loss curve has %d points, want 3", n)
	}
	if s := eval[string](t, ctx, `[...document.querySelectorAll('img')].map(i => i.src.slice(0, 22)).join(' ')`); s != "data:image/png;base64, data:image/gif;base64," {
		t.Errorf("the pictures' sources: %s", s)
	}
	t.Logf("screenshot: %s", screenshot(t, ctx, screenshotDir(t), "handout.png", false))
	for _, msg := range console() {
		t.Errorf("browser console: %s", msg)
	}
}

// TestServeTokenInBrowser: on every interface, the page works from the
// address with its token (its script, style, stream and pictures carry
// it, being relative), and the same server without the token shows 403.
func TestServeTokenInBrowser(t *testing.T) {
	ctx, console := browser(t)
	ts := newTestSession(t)
	out, err := ts.cmd(":serve :0")
	m := tokenRe.FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf(":serve :0: %v\n%s", err, out)
	}
	page := "http://127.0.0.1:" + m[1] + "/t/" + m[2] + "/"
	ts.ok(`p := plot.New()
l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}})
check(err)
p.Add(l)
check(p.Save(300, 150, picture("line.png")))
fmt.Println("through the token")`)
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelectorAll('section.cell.ok').length === 1 && document.getElementById('status').textContent === 'live'`, 10*time.Second)
	waitJS(t, ctx, `[...document.querySelectorAll('img')].length === 1 && document.querySelector('img').naturalWidth > 0`, 10*time.Second)
	if got := eval[string](t, ctx, `document.querySelector('pre.text').textContent`); got != "through the token\n" {
		t.Errorf("the output %q", got)
	}
	for _, msg := range console() {
		t.Errorf("browser console: %s", msg)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("http://127.0.0.1:"+m[1]+"/")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, ctx, `document.body.innerText`); !strings.Contains(got, "this page needs the address with its token") {
		t.Errorf("without the token the browser shows %q", got)
	}
}
