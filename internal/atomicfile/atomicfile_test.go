package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// only checks that dir holds just the named files: no temporary file is
// left behind.
func only(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("folder holds %q, want %q", got, names)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := WriteFile(path, []byte("hello"), 0o666); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "hello" {
		t.Fatalf("read %q, %v; want hello", b, err)
	}
	// Replacing, with more than a buffer's worth.
	big := bytes.Repeat([]byte("0123456789"), 100_000)
	if err := WriteFile(path, big, 0o666); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, big) {
		t.Fatalf("read %d bytes, want the %d written", len(b), len(big))
	}
	only(t, dir, "a.txt")
}

func TestWriteStreams(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "b.txt")
	err := Write(path, 0o666, func(w io.Writer) error {
		for i := range 3 {
			if _, err := io.WriteString(w, strings.Repeat(string(rune('a'+i)), 50_000)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if want := strings.Repeat("a", 50_000) + strings.Repeat("b", 50_000) + strings.Repeat("c", 50_000); string(b) != want {
		t.Errorf("read %d bytes, want %d", len(b), len(want))
	}
	only(t, dir, "b.txt")
}

// A relative path is written in the current folder.
func TestWriteRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := WriteFile("c.txt", []byte("c"), 0o666); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile("c.txt"); string(b) != "c" {
		t.Errorf("read %q", b)
	}
	only(t, ".", "c.txt")
}

// A failing fill leaves an existing file as it was and no temporary file.
func TestWriteFailKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model")
	if err := WriteFile(path, []byte("old contents"), 0o666); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, 0o666, func(w io.Writer) error {
		w.Write(bytes.Repeat([]byte("new"), 100_000)) // more than the buffer: some reaches the disk
		return boom
	})
	if err != boom {
		t.Errorf("Write returned %v, want fill's error as it is", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old contents" {
		t.Errorf("the file holds %q, want the old contents", b[:min(len(b), 20)])
	}
	only(t, dir, "model")

	// A panic in fill: the same, and the panic goes on.
	func() {
		defer func() {
			if r := recover(); r != "bang" {
				t.Errorf("recovered %v, want the panic of fill", r)
			}
		}()
		Write(path, 0o666, func(w io.Writer) error {
			io.WriteString(w, "new")
			panic("bang")
		})
	}()
	if b, _ := os.ReadFile(path); string(b) != "old contents" {
		t.Errorf("after a panic the file holds %q, want the old contents", b)
	}
	only(t, dir, "model")

	// A folder where the file should go: the rename fails.
	taken := filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(taken, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err = WriteFile(taken, []byte("x"), 0o666)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "rename" || pe.Path != taken {
		t.Errorf("writing over a folder gave %v, want a rename error naming %s", err, taken)
	}
	only(t, dir, "model", "taken")
}

// An error names the path, what failed, and matches the system's error.
func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no", "such", "folder", "x.png")
	err := WriteFile(missing, nil, 0o666)
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing folder: got %v, want an fs.ErrNotExist error naming %s", err, missing)
	}
	// A file where the folder should be.
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if err := WriteFile(filepath.Join(file, "x"), nil, 0o666); err == nil || !strings.Contains(err.Error(), filepath.Join(file, "x")) {
		t.Errorf("a file as the folder: got %v, want an error naming the path", err)
	}
	// A folder that cannot be written to (root writes anyway).
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o555)
	defer os.Chmod(ro, 0o755)
	path := filepath.Join(ro, "x")
	if f, err := os.Create(filepath.Join(ro, "probe")); err == nil {
		f.Close()
		t.Log("the folder is writable after all (root?): skipping the read-only case")
	} else if err := WriteFile(path, nil, 0o666); err == nil || !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), path) {
		t.Errorf("read-only folder: got %v, want an fs.ErrPermission error naming %s", err, path)
	}
	only(t, dir, "file", "ro")
}

// Writers racing for one path leave one of their files, whole.
func TestWriteConcurrent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x")
	const n = 16
	contents := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		contents[i] = bytes.Repeat([]byte{'a' + byte(i)}, 200_000+i)
		wg.Go(func() {
			if err := WriteFile(path, contents[i], 0o666); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := len(b) - 200_000
	if i < 0 || i >= n || !bytes.Equal(b, contents[i]) {
		t.Errorf("the file holds %d bytes that are not one writer's", len(b))
	}
	only(t, dir, "x")
}
