package ae

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func savedModel(t testing.TB) (*Model, []byte) {
	t.Helper()
	m, err := New([]Layer{Dense(6, 4, ReLU), Dense(4, 2, Linear)}, []Layer{Dense(2, 4, Tanh), Dense(4, 6, Sigmoid)}, 5)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return m, buf.Bytes()
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m, _ := NewSymmetric([]int{20, 12, 4}, LeakyReLU, Linear, Sigmoid, 3)
	x := lowRank(100, 20, 3, 0.02, 9)
	if _, err := m.Fit(context.Background(), x, Options{Epochs: 2}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sub", "model.aekit")
	if err := m.Save(path); err == nil || !strings.HasPrefix(err.Error(), "ae: Save: ") || !strings.Contains(err.Error(), path) {
		t.Fatalf("Save into a missing folder gave %v, want an error naming %s", err, path)
	}
	path = filepath.Join(t.TempDir(), "model.aekit")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Summary() != m.Summary() || !equal32(got.params, m.params) {
		t.Fatalf("loaded model differs:\n%s\nwant\n%s", got.Summary(), m.Summary())
	}
	a, _ := m.Reconstruct(x)
	b, _ := got.Reconstruct(x)
	if d, _ := MSE.Mean(a, b); d != 0 {
		t.Errorf("reconstructions differ after Load (MSE %v)", d)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("Save left %d files in its folder, want just the model", len(entries))
	}
}

// Save replaces a model only once the new one is complete: a failing write
// leaves the old file as it was.
func TestSaveIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.aekit")
	m, data := savedModel(t)
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	// A folder in place of the file: rename fails, and nothing is left behind.
	bad := filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(bad, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := m.Save(bad); err == nil || !strings.HasPrefix(err.Error(), "ae: Save: ") || !strings.Contains(err.Error(), bad) {
		t.Errorf("Save over a non-empty folder gave %v, want an error naming %s", err, bad)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Error("the saved model changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d entries in the folder after a failed Save, want 2 (no temporary files left)", len(entries))
	}
}

// TestSaveMode checks that a saved model gets the usual permissions, 0644
// under umask 022, and not os.CreateTemp's 0600. The umask belongs to the
// whole process, so rather than change it under other tests, the test runs
// itself again from a shell that sets it.
func TestSaveMode(t *testing.T) {
	const env = "AEKIT_TEST_UMASK_022"
	if os.Getenv(env) == "" {
		if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
			t.Skip("no umask on " + runtime.GOOS)
		}
		sh, err := exec.LookPath("sh")
		if err != nil {
			t.Skip(err)
		}
		cmd := exec.Command(sh, "-c", `umask 022 && exec "$@"`, "sh", os.Args[0], "-test.run=^TestSaveMode$", "-test.v")
		cmd.Env = append(os.Environ(), env+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestSaveMode") {
			t.Fatalf("under umask 022: %v\n%s", err, out)
		}
		return
	}
	path := filepath.Join(t.TempDir(), "model.aekit")
	m, _ := savedModel(t)
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o644 {
		t.Errorf("saved model has mode %v under umask 022, want 0644", perm)
	}
}

// patcher makes variants of a good file: patch sets little-endian uint32s
// (offset, value, offset, value, ...) and fixes the checksum.
type patcher []byte

func (g patcher) withCRC(b []byte) []byte {
	b = append([]byte(nil), b[:len(b)-4]...)
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func (g patcher) patch(pairs ...int) []byte {
	b := append([]byte(nil), g...)
	for i := 0; i+1 < len(pairs); i += 2 {
		binary.LittleEndian.PutUint32(b[pairs[i]:], uint32(pairs[i+1]))
	}
	return g.withCRC(b)
}

func (g patcher) patch64(off int, v float64) []byte {
	b := append([]byte(nil), g...)
	binary.LittleEndian.PutUint64(b[off:], math.Float64bits(v))
	return g.withCRC(b)
}

type badFile struct {
	name string
	data []byte
	want string
}

// Offsets in a version 2 file: the header is 36 bytes, then 68 bytes a
// layer (see layerRecord); field f of layer i is at rec(i, f).
const headerV2 = 36

func rec(i, field int) int { return headerV2 + recordSize*i + field }

// The fields of a layerRecord, as byte offsets.
const (
	fKind, fIn, fOut, fAct, fKernel, fStride, fPadding, fOutPad = 0, 4, 8, 12, 16, 20, 24, 28
	fC, fH, fW, fSlope, fMomentum, fEps                         = 32, 36, 40, 44, 52, 60
)

// convSaved is a small model with a layer of every kind, trained a little
// so that BatchNorm's running statistics are not their starting values.
func convSaved(t testing.TB) (*Model, []byte) {
	t.Helper()
	m, err := NewConv(Shape{C: 1, H: 6, W: 6},
		[]Layer{Conv2D(1, 2, 3, 2, Same, LeakyReLU).WithSlope(0.2), BatchNorm(2), MaxPool2D(Same), Flatten(), Dense(8, 3, Linear)},
		[]Layer{Dense(3, 18, Linear), Unflatten(Shape{C: 2, H: 3, W: 3}), Upsample2D(), ConvTranspose2D(2, 1, 3, 1, Same, Sigmoid)}, 5)
	if err != nil {
		t.Fatal(err)
	}
	x := lowRank(20, 36, 2, 0.05, 4)
	if _, err := m.Fit(context.Background(), x, Options{Epochs: 2, BatchSize: 8}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return m, buf.Bytes()
}

func badFiles(t *testing.T) []badFile {
	_, good := savedModel(t)
	g := patcher(good)
	flipped := append([]byte(nil), good...)
	flipped[320] ^= 0x10 // inside the weights
	nan := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(nan[len(nan)-8:], 0x7fc00000)
	_, conv := convSaved(t)
	c := patcher(conv)
	negVar := append([]byte(nil), conv...)
	binary.LittleEndian.PutUint32(negVar[len(negVar)-8:], math.Float32bits(-1))
	v1, err := os.ReadFile("testdata/dense-v1.aekit")
	if err != nil {
		t.Fatal(err)
	}
	o := patcher(v1)
	v1Flipped := append([]byte(nil), v1...)
	v1Flipped[100] ^= 0x04
	return []badFile{
		// Version 2, a dense model (savedModel: 6-4-2-4-6).
		{"empty", nil, "ends early reading the magic number"},
		{"wrong magic", []byte("PK\x03\x04 not a model at all"), `the file starts with "PK\x03\x04 not", want "AEKITMDL"`},
		{"truncated header", good[:14], "ends early reading the header"},
		{"truncated input shape", good[:26], "ends early reading the input's shape"},
		{"truncated layers", good[:100], "ends early reading the layers"},
		{"truncated weights", good[:len(good)-20], "bytes in all) but the file has"},
		{"future version", g.patch(8, 9), "format version 9, this aekit reads versions 1 to 3"},
		{"no layers", g.patch(12, 0), "the header says 0 layers"},
		{"too many layers", g.patch(12, 1000), "the header says 1000 layers"},
		{"encoder is everything", g.patch(16, 4), "the header says 4 of 4 layers are the encoder"},
		{"flat flag", g.patch(20, 7), "flat flag is 7"},
		{"huge input", g.patch(24, 1<<30), "plain values, want n×1×1"},
		{"huge layer", g.patch(rec(0, fOut), 1<<30), "wider than"},
		{"shapes disagree", g.patch(rec(1, fIn), 5), "encoder layer 2 (Dense) takes 5 values but encoder layer 1 (Dense) outputs 4"},
		{"bad activation", g.patch(rec(0, fAct), 9), "unknown activation"},
		{"unknown kind", g.patch(rec(0, fKind), 99), "unknown kind"},
		{"kernel on a Dense layer", g.patch(rec(0, fKernel), 3), "only convolutions use"},
		{"NaN slope", g.patch64(rec(0, fSlope), math.NaN()), "LeakyReLU slope NaN"},
		{"corrupted", flipped, "the file is corrupted"},
		{"NaN weight", g.withCRC(nan), "is NaN"},
		{"trailing bytes", append(append([]byte(nil), good...), 0), "the file has"},
		// Version 2, a model with every kind of layer (convSaved).
		{"conv: stride 0", c.patch(rec(0, fStride), 0), "stride 0, want 1 to 64"},
		{"conv: kernel larger than the padded input", c.patch(rec(0, fKernel), 9, rec(0, fPadding), 0), "9×9 kernel, larger than its padded input: the input is 6×6, padded by 0 to 6×6"},
		{"conv: even kernel with Same", c.patch(rec(0, fKernel), 4), "Same padding needs an odd kernel"},
		{"conv: channels do not match", c.patch(rec(1, fIn), 3, rec(1, fOut), 3), "encoder layer 2 (BatchNorm) normalises 3 channels but encoder layer 1 (Conv2D) outputs 2×3×3"},
		{"conv: output padding on a Conv2D", c.patch(rec(0, fOutPad), 1), "only a ConvTranspose2D has one"},
		{"conv: BatchNorm momentum", c.patch64(rec(1, fMomentum), math.NaN()), "Momentum NaN"},
		{"conv: BatchNorm eps", c.patch64(rec(1, fEps), 0), "Eps 0"},
		{"conv: pooling padding", c.patch(rec(2, fPadding), 2), "a max pooling layer takes Valid"},
		{"conv: Unflatten size", c.patch(rec(6, fC), 3), "decoder layer 2 (Unflatten) makes 3×3×3 = 27 values but decoder layer 1 (Dense) outputs 18"},
		{"conv: Dense after Flatten", c.patch(rec(4, fIn), 9), "encoder layer 5 (Dense) takes 9 values but encoder layer 4 (Flatten) outputs 8"},
		{"conv: decoder output", c.patch(rec(8, fOut), 2), "the decoder outputs 2×6×6 but the input is 1×6×6"},
		{"conv: image read as plain values", c.patch(20, 1), "plain values, want n×1×1"},
		{"conv: negative running variance", c.withCRC(negVar), "encoder layer 2 (BatchNorm): the running variance of channel 1 is -1"},
		// Version 1 (testdata/dense-v1.aekit: 20-12-4-12-20).
		{"v1: truncated layers", v1[:30], "ends early reading the layers"},
		{"v1: truncated weights", v1[:len(v1)-9], "bytes in all) but the file has"},
		{"v1: shapes disagree", o.patch(24, 5), "encoder layer 2 (Dense) takes 12 values but encoder layer 1 (Dense) outputs 5"},
		{"v1: bad activation", o.patch(28, 7), "unknown activation"},
		{"v1: corrupted", v1Flipped, "the file is corrupted"},
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	dir := t.TempDir()
	for _, c := range badFiles(t) {
		path := filepath.Join(dir, strings.NewReplacer(" ", "-", ":", "").Replace(c.name))
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrFormat) {
			t.Errorf("%s: Load gave %v, want an ErrFormat error containing %q", c.name, err, c.want)
		} else if !strings.Contains(err.Error(), filepath.Base(path)) {
			t.Errorf("%s: error %q does not name the file", c.name, err)
		}
		// The same bytes through Read, which cannot know the length up front.
		if _, err := Read(bytes.NewReader(c.data)); err == nil || !errors.Is(err, ErrFormat) {
			t.Errorf("%s: Read gave %v, want an ErrFormat error", c.name, err)
		}
	}
	if _, err := Load(filepath.Join(dir, "does-not-exist")); err == nil || !strings.Contains(err.Error(), "does-not-exist") {
		t.Errorf("Load of a missing file gave %v", err)
	}
}

// A header that promises 2^27 parameters (half a gigabyte) in a stream of a few bytes must fail
// without allocating a gigabyte.
func TestReadDoesNotTrustTheHeader(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(magic)
	binary.Write(&b, binary.LittleEndian, []uint32{1, 2, 1, 8192, 8192, 0, 8192, 8192, 0})
	b.WriteString("only a few bytes")
	if _, err := Read(bytes.NewReader(b.Bytes())); err == nil || !strings.Contains(err.Error(), "ends early") {
		t.Fatalf("Read gave %v", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	Read(bytes.NewReader(b.Bytes()))
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 16<<20 {
		t.Errorf("reading a lying header allocated %d bytes", n)
	}
}

// TestReadV2DoesNotTrustTheHeader: the same with a version 2 header of a
// 3×3 convolution with 4096 channels in and out (151 million weights).
func TestReadV2DoesNotTrustTheHeader(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(magic)
	binary.Write(&b, binary.LittleEndian, []uint32{2, 2, 1, 0, 4096, 8, 8})
	binary.Write(&b, binary.LittleEndian, recordOf(Conv2D(4096, 4096, 3, 1, Same, ReLU)))
	binary.Write(&b, binary.LittleEndian, recordOf(Conv2D(4096, 4096, 1, 1, Same, Sigmoid)))
	b.WriteString("only a few bytes")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Read(bytes.NewReader(b.Bytes()))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "ends early") {
		t.Fatalf("Read gave %v", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 16<<20 {
		t.Errorf("reading a lying header allocated %d bytes", n)
	}
}

// TestLoadVersion1 loads a file the aekit before convolutions wrote
// (testdata/dense-v1.aekit, by commit ca05a31) and checks that it rebuilds
// what that aekit rebuilt (testdata/dense-v1.json), and that it writes back
// as version 2 that reads back the same.
func TestLoadVersion1(t *testing.T) {
	m, err := Load("testdata/dense-v1.aekit")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("testdata/dense-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Input, Reconstruction [][]float64
		Summary               string
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if m.String() != want.Summary {
		t.Errorf("loaded %s, want %s", m, want.Summary)
	}
	x := mat.NewDense(len(want.Input), len(want.Input[0]), nil)
	for i, row := range want.Input {
		x.SetRow(i, row)
	}
	xhat, err := m.Reconstruct(x)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range want.Reconstruction {
		for j, v := range row {
			// The dense engine is unchanged: on the machine that wrote
			// the file, the same bits; elsewhere (the pure-Go kernels,
			// -tags purego) within a few float32 roundings.
			if got := xhat.At(i, j); math.Abs(got-v) > 1e-6 {
				t.Fatalf("reconstruction [%d][%d] is %v, the aekit that saved it gave %v", i, j, got, v)
			}
		}
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if v := binary.LittleEndian.Uint32(buf.Bytes()[8:]); v != 2 {
		t.Errorf("written as version %d, want 2", v)
	}
	back, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Summary() != m.Summary() || !equal32(back.params, m.params) {
		t.Error("the version 1 model written as version 2 reads back differently")
	}
}

// TestSaveLoadConv round-trips a model with every kind of layer, BatchNorm's
// running statistics included.
func TestSaveLoadConv(t *testing.T) {
	m, data := convSaved(t)
	path := filepath.Join(t.TempDir(), "conv.aekit")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Summary() != m.Summary() || !equal32(got.params, m.params) || !equal32(got.state, m.state) {
		t.Fatalf("loaded model differs:\n%s\nwant\n%s", got.Summary(), m.Summary())
	}
	if equal32(m.state, []float32{0, 0, 1, 1}) {
		t.Error("the running statistics did not move in training: the test checks nothing")
	}
	x := lowRank(7, 36, 2, 0.05, 5)
	a, _ := m.Reconstruct(x)
	b, _ := got.Reconstruct(x)
	if !mat.Equal(a, b) {
		t.Error("reconstructions differ after Load")
	}
	var again bytes.Buffer
	got.Write(&again)
	if !bytes.Equal(again.Bytes(), data) {
		t.Error("a loaded model writes back differently")
	}
}

func FuzzRead(f *testing.F) {
	_, good := savedModel(f)
	_, conv := convSaved(f)
	v1, err := os.ReadFile("testdata/dense-v1.aekit")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:30])
	f.Add(conv)
	f.Add(conv[:200])
	f.Add(v1)
	f.Add(v1[:40])
	_, vae := vaeSaved(f)
	f.Add(vae)
	f.Add([]byte(magic))
	f.Add([]byte("AEKITMDL\x01\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00"))
	f.Add([]byte("AEKITMDL\x02\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Read(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		// Whatever loads writes back as version 2 (3 for a VAE): to the
		// same bytes if it was version 2 or 3, and for version 1 to bytes
		// that read back to the same model.
		var buf bytes.Buffer
		if err := m.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if v := binary.LittleEndian.Uint32(data[8:]); v == 2 || v == 3 {
			if !bytes.Equal(buf.Bytes(), data) {
				t.Fatal("a model read from bytes writes back differently")
			}
			return
		}
		back, err := Read(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("a version 1 model written as version 2 does not read back: %v", err)
		}
		if back.Summary() != m.Summary() || !equal32(back.params, m.params) {
			t.Fatal("a version 1 model written as version 2 reads back differently")
		}
	})
}
