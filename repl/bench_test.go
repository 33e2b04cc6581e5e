package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

var (
	buildOnce sync.Once
	builtREPL string
	buildErr  error
)

// replBinary builds the REPL as `go build` does for users, once per run.
func replBinary(b *testing.B) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "aekit-bench-")
		if err != nil {
			buildErr = err
			return
		}
		builtREPL = filepath.Join(dir, "aekit")
		out, err := exec.Command("go", "build", "-o", builtREPL, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			b.Logf("%s", out)
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return builtREPL
}

// BenchmarkStartup starts the built REPL on a pseudo-terminal and measures
// the time until its first prompt (target: under 200 ms), the time until
// its kernel has answered a first cell, and the resident memory of both
// processes when idle at the prompt after that cell (VmRSS from
// /proc/PID/status).
func BenchmarkStartup(b *testing.B) {
	bin := replBinary(b)
	dir := b.TempDir()
	var total, first time.Duration
	var rss, krss float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "-out", filepath.Join(dir, "out"))
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_STATE_HOME=")
		start := time.Now()
		f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
		if err != nil {
			b.Fatal(err)
		}
		if err := waitOutput(f, "aekit> ", 20*time.Second); err != nil {
			cmd.Process.Kill()
			b.Fatal(err)
		}
		total += time.Since(start)
		f.Write([]byte("1 + 1\r"))
		if err := waitOutput(f, "2\r\n", 20*time.Second); err != nil {
			cmd.Process.Kill()
			b.Fatal(err)
		}
		first += time.Since(start)
		time.Sleep(100 * time.Millisecond) // idle
		rss += vmRSS(b, cmd.Process.Pid)
		kids := childPIDs(cmd.Process.Pid)
		if len(kids) != 1 {
			b.Fatalf("the REPL has %d children, want its kernel", len(kids))
		}
		krss += vmRSS(b, kids[0])
		f.Write([]byte{4}) // Ctrl-D
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				b.Errorf("exit: %v", err)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			b.Fatal("Ctrl-D did not end the REPL")
		}
		f.Close()
	}
	b.StopTimer()
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/prompt")
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms/first-cell")
	b.ReportMetric(rss/float64(b.N), "MB-RSS-frontend")
	b.ReportMetric(krss/float64(b.N), "MB-RSS-kernel")
}

// BenchmarkPipedCell measures a whole piped run of one cell, 1+1: start-up,
// evaluation and exit.
func BenchmarkPipedCell(b *testing.B) {
	bin := replBinary(b)
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "-out", filepath.Join(dir, "out"))
		cmd.Stdin = strings.NewReader("1 + 1\n")
		out, err := cmd.Output()
		if err != nil || string(out) != "2\n" {
			b.Fatalf("output %q, err %v", out, err)
		}
	}
}

// waitOutput reads f until it has printed want.
func waitOutput(f *os.File, want string, timeout time.Duration) error {
	found := make(chan error, 1)
	go func() {
		var buf bytes.Buffer
		p := make([]byte, 1024)
		for {
			n, err := f.Read(p)
			buf.Write(p[:n])
			if strings.Contains(buf.String(), want) {
				found <- nil
				return
			}
			if err != nil {
				found <- err
				return
			}
		}
	}()
	select {
	case err := <-found:
		return err
	case <-time.After(timeout):
		return os.ErrDeadlineExceeded
	}
}

// vmRSS returns a process's resident memory in MB.
func vmRSS(b *testing.B, pid int) float64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			fields := strings.Fields(rest) // "26412 kB"
			kb, err := strconv.ParseFloat(fields[0], 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS in /proc/PID/status")
	return 0
}
