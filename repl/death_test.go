package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// kernelPID returns the pid of the REPL's kernel: the child process of
// the front end (Linux's /proc/PID/task/*/children).
func (r *ptyREPL) kernelPID() int {
	r.t.Helper()
	var pid int
	ok := waitForPTY(10*time.Second, func() bool {
		tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(r.cmd.Process.Pid) + "/task/*/children")
		for _, t := range tasks {
			b, _ := os.ReadFile(t)
			if f := strings.Fields(string(b)); len(f) > 0 {
				pid, _ = strconv.Atoi(f[0])
				return true
			}
		}
		return false
	})
	if !ok {
		r.t.Fatal("the REPL has no kernel process")
	}
	return pid
}

// alive reports whether a process exists (and is not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	return len(f) > 2 && f[2] != "Z"
}

func waitForPTY(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return cond()
}

// TestKernelDeaths is the table, in a real terminal, in one
// session: each cell that used to end the REPL now ends only its kernel;
// the front end stays, says what killed it in words a learner
// understands, replays the cell that succeeded (keep := 41), and keep+1
// prints 42. kill -9 of the kernel from outside, between cells, too.
func TestKernelDeaths(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("needs Linux's /proc")
	}
	r := startPTY(t, "-out", "pics", "-mem", "4GB")
	r.expect(promptMain, 20*time.Second)
	r.line("keep := 41")
	cases := []struct {
		name  string
		cell  string
		ctrlC bool // the cell never ends: press Ctrl-C, then again
		want  string
	}{
		{"stack overflow", "var f func(int) int; f = func(n int) int { return f(n+1) + 1 }; f(0)", false, "the cell called itself without end"},
		{"128 GB at once", "big := make([]float64, 1<<34)", false, "the cell asked for 128 GB of memory at once; the kernel may use 4 GB, this machine has"},
		{"a matrix of 8 TB", "hm := mat.NewDense(1<<20, 1<<20, nil)", false, "the cell asked for 8 TB of memory"},
		{"time.Sleep and Ctrl-C", "func() { fmt.Println(\"sleeping\"); time.Sleep(time.Hour) }()", true, "you stopped it with Ctrl-C twice"},
		{"closing os.Fd 4", "os.NewFile(4, \"messages\").Close()", false, "the kernel lost its connection to the REPL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r.t = t
			before := r.kernelPID()
			start := time.Now()
			r.send(c.cell + "\r")
			if c.ctrlC {
				r.expect("sleeping\r\n", 10*time.Second)
				// Into the Sleep: a Ctrl-C before the call stops the
				// cell at once, which is not this row.
				time.Sleep(100 * time.Millisecond)
				r.send("\x03")
				r.expect("the cell has not stopped", 10*time.Second)
				r.send("\x03")
			}
			out := r.expect("replayed ", 60*time.Second) + r.expect("\n", 5*time.Second)
			t.Logf("%s: the kernel died and was replaced in %v", c.name, time.Since(start).Round(time.Millisecond))
			if !strings.Contains(out, c.want) {
				t.Errorf("the REPL said:\n%s\nwant %q", out, c.want)
			}
			if !regexp.MustCompile(`kernel died in cell \d+ \(`).MatchString(out) {
				t.Errorf("no line naming the cell:\n%s", out)
			}
			if !regexp.MustCompile(`replayed \d+ cells? in [0-9.]+ m?s \(cell \d+ was not\)`).MatchString(out) {
				t.Errorf("no line reporting the replay:\n%s", out)
			}
			if strings.Contains(out, "goroutine ") || strings.Contains(out, "runtime.") {
				t.Errorf("Go's report reached the learner:\n%s", out)
			}
			r.expect(promptMain, 10*time.Second)
			if got := r.line("keep+1"); !strings.Contains(got, "42") {
				t.Errorf("after %s, keep+1 printed %q", c.name, got)
			}
			if alive(before) {
				t.Errorf("the old kernel (pid %d) is still running", before)
			}
		})
	}

	t.Run("os.Stdout.Close", func(t *testing.T) {
		r.t = t
		r.line("os.Stdout.Close()")
		if got := r.line("keep+1"); !strings.Contains(got, "42") {
			t.Errorf("after os.Stdout.Close(), keep+1 printed %q", got)
		}
		if got := r.line(`fmt.Fprintln(os.Stdout, "straight to fd 1")`); !strings.Contains(got, "straight to fd 1") {
			t.Errorf("printing to os.Stdout after closing it printed %q", got)
		}
		if got := r.line(`fmt.Fprintln(os.Stderr, "panic: not really")`); !strings.Contains(got, "panic: not really") {
			t.Errorf("a cell's text that looks like a crash was not shown: %q", got)
		}
	})

	t.Run("kill -9 from outside", func(t *testing.T) {
		r.t = t
		pid := r.kernelPID()
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		out := r.expect("replayed ", 30*time.Second) + r.expect("\n", 5*time.Second)
		if !strings.Contains(out, "kernel died between cells: the kernel was killed from outside (SIGKILL") || !regexp.MustCompile(`replayed \d+ cells? in `).MatchString(out) {
			t.Errorf("the REPL said:\n%s", out)
		}
		// The notice came while readline showed its prompt, which it
		// redraws below; the next cell runs as usual.
		r.send("keep+1\r")
		r.expect("keep+1\r\n", 5*time.Second)
		if got := r.expect(promptMain, 10*time.Second); !strings.Contains(got, "42") {
			t.Errorf("after kill -9, keep+1 printed %q", got)
		}
	})
}
