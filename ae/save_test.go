package ae

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
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

func TestLoadRejectsBadFiles(t *testing.T) {
	_, good := savedModel(t)
	withCRC := func(b []byte) []byte {
		b = append([]byte(nil), b[:len(b)-4]...)
		return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	}
	patch := func(off int, v uint32) []byte {
		b := append([]byte(nil), good...)
		binary.LittleEndian.PutUint32(b[off:], v)
		return withCRC(b)
	}
	flipped := append([]byte(nil), good...)
	flipped[80] ^= 0x10 // inside the weights
	nan := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(nan[len(nan)-8:], 0x7fc00000)
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "ends early reading the magic number"},
		{"wrong magic", []byte("PK\x03\x04 not a model at all"), `the file starts with "PK\x03\x04 not", want "AEKITMDL"`},
		{"truncated header", good[:14], "ends early reading the header"},
		{"truncated weights", good[:len(good)-20], "bytes in all) but the file has"},
		{"future version", patch(8, 9), "format version 9, this aekit reads version 1"},
		{"no layers", patch(12, 0), "the header says 0 layers"},
		{"too many layers", patch(12, 1000), "the header says 1000 layers"},
		{"encoder is everything", patch(16, 4), "the header says 4 of 4 layers are the encoder"},
		{"huge layer", patch(20, 1<<30), "wider than"},
		{"shapes disagree", patch(24, 5), "encoder layer 2 takes 4 inputs but encoder layer 1 gives 5"},
		{"bad activation", patch(28, 9), "unknown activation"},
		{"corrupted", flipped, "the file is corrupted"},
		{"NaN weight", withCRC(nan), "is NaN"},
		{"trailing bytes", append(append([]byte(nil), good...), 0), "the file has"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrFormat) && c.name != "missing" {
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

func FuzzRead(f *testing.F) {
	_, good := savedModel(f)
	f.Add(good)
	f.Add(good[:30])
	f.Add([]byte(magic))
	f.Add([]byte("AEKITMDL\x01\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Read(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		// Whatever loads must write back to the same bytes.
		var buf bytes.Buffer
		if err := m.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), data) {
			t.Fatal("a model read from bytes writes back differently")
		}
	})
}
