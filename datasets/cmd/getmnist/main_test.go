package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCopyVerified(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	os.WriteFile(src, []byte("hello"), 0o644)
	good := mnistFile{"x", 5, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}
	dst := filepath.Join(dir, "out", "x")
	os.Mkdir(filepath.Dir(dst), 0o755)
	if err := copyVerified(src, dst, good); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "hello" {
		t.Errorf("copied %q", b)
	}
	if err := verify(dst, good); err != nil {
		t.Error(err)
	}
	for _, bad := range []mnistFile{
		{"x", 6, good.sha256},
		{"x", 5, strings.Repeat("0", 64)},
	} {
		dst := filepath.Join(dir, "out", "bad")
		err := copyVerified(src, dst, bad)
		if err == nil {
			t.Fatalf("%+v: no error", bad)
		}
		if _, err := os.Stat(dst); !os.IsNotExist(err) {
			t.Errorf("%+v: a bad copy was renamed into place", bad)
		}
		entries, _ := os.ReadDir(filepath.Dir(dst))
		if len(entries) != 1 {
			t.Errorf("%+v: temporary file left behind: %v", bad, entries)
		}
	}
}

// A bad copy over a file in place leaves that file as it was, and a
// missing folder gives an error that names the file.
func TestCopyVerifiedKeepsOld(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	os.WriteFile(src, []byte("hello"), 0o644)
	dst := filepath.Join(dir, "dst")
	os.WriteFile(dst, []byte("old"), 0o644)
	bad := mnistFile{"x", 5, strings.Repeat("0", 64)}
	if err := copyVerified(src, dst, bad); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("a bad copy gave %v, want a SHA-256 error", err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "old" {
		t.Errorf("the file in place now holds %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary file left behind: %v", entries)
	}
	missing := filepath.Join(dir, "no", "x")
	if err := copyVerified(src, missing, bad); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("copy into a missing folder gave %v, want an error naming %s", err, missing)
	}
}

func TestExpandHome(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip(err)
	}
	if got := expandHome("~/mnist"); got != filepath.Join(home, "mnist") {
		t.Errorf("expandHome(~/mnist) = %q", got)
	}
	if got := expandHome("/a/~/b"); got != "/a/~/b" {
		t.Errorf("expandHome(/a/~/b) = %q", got)
	}
}

// TestRun fetches the module with the proxy off: it works when the
// module is in the module cache, as it is for any checkout of aekit that
// has downloaded its dependencies (go.mod requires the module).
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("copies 11 MB")
	}
	t.Setenv("GOPROXY", "off")
	dir := filepath.Join(t.TempDir(), "mnist")
	var out bytes.Buffer
	if err := run(context.Background(), dir, &out); err != nil {
		if strings.Contains(err.Error(), "module lookup disabled") || strings.Contains(err.Error(), "GOPROXY=off") {
			t.Skipf("module not in the cache: %v", err)
		}
		t.Fatal(err)
	}
	for _, f := range files {
		if err := verify(filepath.Join(dir, f.name), f); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(out.String(), "train-images-idx3-ubyte.gz: copied, 9912422 bytes, SHA-256 ok") {
		t.Errorf("output:\n%s", out.String())
	}
	// A second run finds the files in place; a damaged one is replaced.
	os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), []byte("damaged"), 0o644)
	out.Reset()
	if err := run(context.Background(), dir, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "already there"); n != 3 || !strings.Contains(out.String(), "t10k-labels-idx1-ubyte.gz: copied") {
		t.Errorf("second run:\n%s", out.String())
	}
	if err := verify(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), files[3]); err != nil {
		t.Error(err)
	}
}
