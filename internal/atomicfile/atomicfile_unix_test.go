//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// withUmask runs f with the process's umask set to mask. The umask is
// process-wide: these tests must not run in parallel with others.
func withUmask(mask int, f func()) {
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	f()
}

// A new file gets perm less the umask, not os.CreateTemp's 0600.
func TestWriteMode(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		umask int
		perm  os.FileMode
		want  os.FileMode
	}{
		{0o022, 0o666, 0o644},
		{0o077, 0o666, 0o600},
		{0o002, 0o666, 0o664},
		{0o022, 0o600, 0o600},
		{0o022, 0o755, 0o755},
	} {
		path := filepath.Join(dir, "new")
		os.Remove(path)
		withUmask(tc.umask, func() {
			if err := WriteFile(path, []byte("x"), tc.perm); err != nil {
				t.Fatal(err)
			}
		})
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != tc.want {
			t.Errorf("perm %v under umask %03o: mode %v, want %v", tc.perm, tc.umask, got, tc.want)
		}
	}
}

// An existing file keeps its mode.
func TestWriteKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "private")
	withUmask(0o022, func() {
		if err := WriteFile(path, []byte("old"), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(path, []byte("new"), 0o666); err != nil {
			t.Fatal(err)
		}
	})
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("replaced a 0600 file: mode %v, want 0600 kept", got)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("read %q, want new", b)
	}
}

// A symbolic link at the path is replaced, and its target left alone.
func TestWriteReplacesSymlink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target"), filepath.Join(dir, "link")
	os.WriteFile(target, []byte("target"), 0o644)
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if err := WriteFile(link, []byte("new"), 0o666); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || !info.Mode().IsRegular() {
		t.Errorf("the link is not a regular file now: %v, %v", info, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "target" {
		t.Errorf("the link's target changed to %q", b)
	}
}
