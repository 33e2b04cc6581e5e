package termimg

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// quad is a 2×2 image: red, green over blue, white.
func quad() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	img.Set(1, 0, color.RGBA{0, 255, 0, 255})
	img.Set(0, 1, color.RGBA{0, 0, 255, 255})
	img.Set(1, 1, color.RGBA{255, 255, 255, 255})
	return img
}

func TestRenderExact(t *testing.T) {
	for _, tc := range []struct {
		name string
		img  image.Image
		cols int
		mode Mode
		want string
	}{{
		name: "truecolor 2×2",
		img:  quad(), cols: 2, mode: TrueColor,
		want: "\x1b[38;2;255;0;0m\x1b[48;2;0;0;255m▀" +
			"\x1b[38;2;0;255;0m\x1b[48;2;255;255;255m▀\x1b[0m\n",
	}, {
		name: "256 colours 2×2",
		img:  quad(), cols: 2, mode: Color256,
		want: "\x1b[38;5;196m\x1b[48;5;21m▀\x1b[38;5;46m\x1b[48;5;231m▀\x1b[0m\n",
	}, {
		name: "none",
		img:  quad(), cols: 2, mode: None,
		want: "",
	}, {
		name: "2×2 shrunk to one cell: averages",
		img:  quad(), cols: 1, mode: TrueColor,
		// One column, one row of pixels: the mean of all four.
		want: "\x1b[38;2;128;128;128m▀\x1b[0m\n",
	}, {
		name: "2×2 enlarged to 4 columns repeats pixels",
		img:  quad(), cols: 4, mode: TrueColor,
		want: "\x1b[38;2;255;0;0m\x1b[48;2;255;0;0m▀▀" +
			"\x1b[38;2;0;255;0m\x1b[48;2;0;255;0m▀▀\x1b[0m\n" +
			"\x1b[38;2;0;0;255m\x1b[48;2;0;0;255m▀▀" +
			"\x1b[38;2;255;255;255m\x1b[48;2;255;255;255m▀▀\x1b[0m\n",
	}, {
		name: "unbounded grey picks the grey ramp",
		img:  image.NewUniform(color.Gray{Y: 128}), cols: 1, mode: Color256,
		want: "\x1b[38;5;244m▀\x1b[0m\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, tc.img, tc.cols, tc.mode); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestRenderOddRows(t *testing.T) {
	// A 2×1 image is one row of pixels: upper halves only, no background.
	img := image.NewRGBA(image.Rect(0, 0, 2, 1))
	img.Set(0, 0, color.RGBA{10, 20, 30, 255})
	img.Set(1, 0, color.RGBA{10, 20, 30, 255})
	var buf bytes.Buffer
	if err := Render(&buf, img, 2, TrueColor); err != nil {
		t.Fatal(err)
	}
	want := "\x1b[38;2;10;20;30m▀▀\x1b[0m\n"
	if got := buf.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderAspect(t *testing.T) {
	// 100×50 pixels at 40 columns: 20 rows of pixels, 10 lines.
	img := image.NewRGBA(image.Rect(0, 0, 100, 50))
	var buf bytes.Buffer
	if err := Render(&buf, img, 40, Color256); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 10 {
		t.Fatalf("got %d lines, want 10", len(lines))
	}
	for i, l := range lines {
		if n := strings.Count(l, "▀"); n != 40 {
			t.Errorf("line %d has %d cells, want 40", i, n)
		}
	}
}

func TestXterm256(t *testing.T) {
	for _, tc := range []struct {
		c    rgb
		want int
	}{
		{rgb{0, 0, 0}, 16},
		{rgb{255, 255, 255}, 231},
		{rgb{255, 0, 0}, 196},
		{rgb{0, 0, 255}, 21},
		{rgb{128, 128, 128}, 244}, // grey ramp 8+10·12 = 128
		{rgb{95, 135, 175}, 16 + 36*1 + 6*2 + 3},
	} {
		if got := xterm256(tc.c); got != tc.want {
			t.Errorf("xterm256(%v) = %d, want %d", tc.c, got, tc.want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		img  image.Image
		cols int
		mode Mode
		want string
	}{
		{"nil image", nil, 10, TrueColor, "img is nil"},
		{"empty image", image.NewRGBA(image.Rect(0, 0, 0, 5)), 10, TrueColor, "img is empty"},
		{"zero cols", quad(), 0, Color256, "cols is 0"},
		{"bad mode", quad(), 2, Mode(7), "unknown mode 7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Render(&buf, tc.img, tc.cols, tc.mode)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "termimg: Render: ") {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes on error", buf.Len())
			}
		})
	}
}

func TestRenderFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "quad.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, quad()); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var fromFile, direct bytes.Buffer
	if err := RenderFile(&fromFile, path, 2, TrueColor); err != nil {
		t.Fatal(err)
	}
	if err := Render(&direct, quad(), 2, TrueColor); err != nil {
		t.Fatal(err)
	}
	if fromFile.String() != direct.String() {
		t.Errorf("RenderFile wrote %q, Render %q", fromFile.String(), direct.String())
	}

	var none bytes.Buffer
	if err := RenderFile(&none, filepath.Join(dir, "missing.png"), 2, None); err != nil || none.Len() != 0 {
		t.Errorf("None: got %q, %v; want nothing and no error", none.String(), err)
	}
	if err := RenderFile(&none, filepath.Join(dir, "missing.png"), 2, TrueColor); err == nil {
		t.Error("missing file: no error")
	}
	notPNG := filepath.Join(dir, "text.png")
	os.WriteFile(notPNG, []byte("hello"), 0o644)
	if err := RenderFile(&none, notPNG, 2, TrueColor); err == nil || !strings.Contains(err.Error(), "text.png") {
		t.Errorf("not a PNG: got %v, want an error naming the file", err)
	}
}

func TestModeFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want Mode
	}{
		{map[string]string{}, Color256},
		{map[string]string{"COLORTERM": "truecolor"}, TrueColor},
		{map[string]string{"COLORTERM": "24bit"}, TrueColor},
		{map[string]string{"COLORTERM": "yes"}, Color256},
		{map[string]string{"COLORTERM": "truecolor", "NO_COLOR": "1"}, None},
		{map[string]string{"NO_COLOR": ""}, Color256},
		{map[string]string{"TERM": "dumb"}, None},
	} {
		got := modeFromEnv(func(k string) string { return tc.env[k] })
		if got != tc.want {
			t.Errorf("env %v: got %v, want %v", tc.env, got, tc.want)
		}
	}
}

func TestDetectMode(t *testing.T) {
	if got := DetectMode(nil); got != None {
		t.Errorf("DetectMode(nil) = %v, want None", got)
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := DetectMode(f); got != None {
		t.Errorf("DetectMode(regular file) = %v, want None", got)
	}

	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("COLORTERM", "truecolor")
	if got := DetectMode(tty); got != TrueColor {
		t.Errorf("DetectMode(pty) with COLORTERM=truecolor = %v, want TrueColor", got)
	}
	t.Setenv("COLORTERM", "")
	if got := DetectMode(tty); got != Color256 {
		t.Errorf("DetectMode(pty) = %v, want Color256", got)
	}
}

func TestModeString(t *testing.T) {
	for m, want := range map[Mode]string{None: "None", Color256: "Color256", TrueColor: "TrueColor", 9: "Mode(9)"} {
		if got := m.String(); got != want {
			t.Errorf("Mode(%d).String() = %q, want %q", int(m), got, want)
		}
	}
}
