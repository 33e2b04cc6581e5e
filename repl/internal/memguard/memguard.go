// Package memguard is the kernel's memory guard: a limit below the
// machine's free memory, applied to the kernel process twice over. Go's
// soft limit (debug.SetMemoryLimit, what GOMEMLIMIT sets) makes the
// garbage collector work harder as the heap nears it; the hard cap is
// RLIMIT_DATA, which Linux (since 4.7) counts against every private
// writable mapping, Go's heap included, so that an allocation past it
// fails and Go's runtime ends the process ("fatal error: runtime: out of
// memory", or "cannot allocate memory" when the refused mapping is the
// heap's bookkeeping) before the machine swaps or the system's OOM killer
// picks a process. The front end computes the limit (DefaultLimit, or the -mem
// flag) and states it; the kernel applies it (Apply).
package memguard

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// Machine describes the memory of the machine, or of the container the
// process runs in.
type Machine struct {
	Total     int64 // bytes of RAM (or the cgroup's limit, if lower)
	Available int64 // bytes available now (MemAvailable, or what the cgroup has left)
}

// Read reads /proc/meminfo and the cgroup (v2) limit; zero fields when it
// cannot tell.
func Read() Machine {
	var m Machine
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			k, v, ok := strings.Cut(sc.Text(), ":")
			if !ok {
				continue
			}
			f := strings.Fields(v)
			if len(f) < 1 {
				continue
			}
			kb, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				continue
			}
			switch k {
			case "MemTotal":
				m.Total = kb << 10
			case "MemAvailable":
				m.Available = kb << 10
			}
		}
		f.Close()
	}
	if max, ok := readCgroup("/sys/fs/cgroup/memory.max"); ok && max > 0 && (m.Total == 0 || max < m.Total) {
		m.Total = max
		cur, _ := readCgroup("/sys/fs/cgroup/memory.current")
		if left := max - cur; m.Available == 0 || left < m.Available {
			m.Available = left
		}
	}
	return m
}

// readCgroup reads a cgroup file holding a number ("max" is no limit).
func readCgroup(path string) (int64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return n, err == nil
}

// DefaultLimit is the kernel's limit when the learner sets none: three
// quarters of the memory available now, so that a runaway allocation ends
// the kernel while the front end, the desktop and the class's browser keep
// what they need; 0 (no limit) when the machine does not say.
func DefaultLimit(m Machine) int64 {
	if m.Available <= 0 {
		return 0
	}
	return m.Available / 4 * 3
}

// minLimit is the least the kernel is allowed: it needs about 100 MB to
// start, and the lessons a few hundred more.
const minLimit = 256 << 20

// Apply sets the process's soft limit to nine tenths of limit and its
// hard cap (RLIMIT_DATA) to limit. It returns what it could not do; the
// soft limit is set in any case. A limit of 0 applies nothing.
func Apply(limit int64) error {
	if limit <= 0 {
		return nil
	}
	if limit < minLimit {
		return fmt.Errorf("a limit of %s is too small for the kernel (at least %s)", Format(limit), Format(minLimit))
	}
	debug.SetMemoryLimit(limit / 10 * 9)
	return setHardCap(limit)
}

// Parse reads a size as the -mem flag takes it: a number of bytes with
// an optional unit (k, M, G, T, with or without B or iB: powers of 1024),
// or "0", "off" or "none" for no limit.
func Parse(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	switch t {
	case "0", "off", "none", "":
		return 0, nil
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "b"), "i")
	mult := int64(1)
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'k':
			mult, t = 1<<10, t[:n-1]
		case 'm':
			mult, t = 1<<20, t[:n-1]
		case 'g':
			mult, t = 1<<30, t[:n-1]
		case 't':
			mult, t = 1<<40, t[:n-1]
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a size: write it like 4GB, 512MB or off", s)
	}
	if v*float64(mult) > math.MaxInt64/2 {
		return 0, errors.New(s + " is more memory than any machine has")
	}
	return int64(v * float64(mult)), nil
}

// Format writes a number of bytes for a learner: "24 GB", "1.5 GB",
// "512 MB", "8 TB" (powers of 1024, as free and top count).
func Format(n int64) string {
	const gb = 1 << 30
	switch {
	case n >= 1<<40:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<40)), ".0") + " TB"
	case n >= 10*gb:
		return fmt.Sprintf("%.0f GB", float64(n)/gb)
	case n >= gb:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/gb), ".0") + " GB"
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
