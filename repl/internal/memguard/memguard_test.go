package memguard

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "off": 0, "4GB": 4 << 30, "4g": 4 << 30, "512MiB": 512 << 20, "1.5G": 3 << 29, "2048": 2048, " 1 TB ": 1 << 40} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"lots", "-1G", "1e30G", "NaN"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
	for n, want := range map[int64]string{24 << 30: "24 GB", 3 << 29: "1.5 GB", 1 << 30: "1 GB", 512 << 20: "512 MB", 8 << 40: "8 TB", 128 << 30: "128 GB", 100: "100 bytes"} {
		if got := Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestRead(t *testing.T) {
	m := Read()
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("no /proc/meminfo")
	}
	if m.Total <= 0 || m.Available <= 0 || m.Available > m.Total {
		t.Errorf("Read() = %+v", m)
	}
	if l := DefaultLimit(m); l <= 0 || l >= m.Available {
		t.Errorf("DefaultLimit = %d, available %d", l, m.Available)
	}
	if DefaultLimit(Machine{}) != 0 {
		t.Error("a limit for a machine that says nothing")
	}
}

// TestApply runs this test binary as a child with a 512 MB limit: 100 MB
// are fine, 1 GB at once ends it, where without the limit it would
// succeed. Go says "out of memory" or "cannot allocate memory"; about one
// time in six (Go 1.26), its garbage collector instead faults on a nil
// pointer when it cannot map memory for its own work (the front end words
// that as memory too).
func TestApply(t *testing.T) {
	if os.Getenv("AEKIT_MEMGUARD_CHILD") != "" {
		return
	}
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("RLIMIT_DATA is checked on Linux")
	}
	for _, c := range []struct {
		alloc int64
		dies  bool
	}{{100 << 20, false}, {1 << 30, true}} {
		cmd := exec.Command(os.Args[0], "-test.run=TestChild")
		cmd.Env = append(os.Environ(), "AEKIT_MEMGUARD_CHILD="+strconv.FormatInt(c.alloc, 10))
		out, err := cmd.CombinedOutput()
		switch {
		case c.dies && (err == nil || !oom(string(out))):
			t.Errorf("%s under a 512 MB limit: %v\n%.400s", Format(c.alloc), err, out)
		case !c.dies && err != nil:
			t.Errorf("%s under a 512 MB limit failed: %v\n%.400s", Format(c.alloc), err, out)
		}
	}
	if err := Apply(1 << 20); err == nil || !strings.Contains(err.Error(), "too small") {
		t.Errorf("Apply(1 MB) = %v", err)
	}
}

var sink []byte

// TestChild is the child of TestApply.
func TestChild(t *testing.T) {
	n, err := strconv.ParseInt(os.Getenv("AEKIT_MEMGUARD_CHILD"), 10, 64)
	if err != nil {
		t.Skip("the child of TestApply")
	}
	if err := Apply(512 << 20); err != nil {
		t.Fatal(err)
	}
	sink = make([]byte, n)
	for i := 0; i < len(sink); i += 4096 {
		sink[i] = 1
	}
}

// oom reports whether a crash report is one of Go's under a memory limit.
func oom(report string) bool {
	return strings.Contains(report, "fatal error: runtime: out of memory") ||
		strings.Contains(report, "fatal error: runtime: cannot allocate memory") ||
		strings.HasPrefix(report, "SIGSEGV: segmentation violation") && strings.Contains(report, "\nruntime.")
}
