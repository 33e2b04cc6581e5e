package frontend

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/aekit/aekit/repl/internal/memguard"
)

// death is how a kernel ended, in a learner's words.
type death struct {
	cause    string // "the cell called itself without end (…)"
	detail   string // Go's own words, for the notebook and for instructors
	expected bool   // the front end asked it to end (Shutdown)
}

var (
	stackLimitRe = regexp.MustCompile(`goroutine stack exceeds (\d+)-byte limit`)
	mallocRe     = regexp.MustCompile(`runtime\.mallocgc\((0x[0-9a-f]+)`)
	fatalRe      = regexp.MustCompile(`(?m)^fatal error: (.*)$`)
	panicRe      = regexp.MustCompile(`(?m)^panic: (.*)$`)
	kernelSaidRe = regexp.MustCompile(`(?m)^aekit kernel: (.*)$`)
)

// memory is what the death of an allocation is compared with.
type memory struct {
	limit int64 // the kernel's limit, 0 for none
	total int64 // the machine's memory, 0 when unknown
}

// explainDeath turns a kernel's end into a cause a learner understands.
// report is what the kernel printed from the first line that looked like
// a crash report on; tail is the last of everything it printed; protoErr
// is set when it broke the protocol; killedAs when the front end killed
// it, and why.
func explainDeath(state *os.ProcessState, waitErr error, report, tail string, protoErr error, killedAs string, shutdown bool, mem memory) *death {
	d := &death{detail: firstLines(report, 3)}
	status, signaled, sig := exitOf(state)
	switch {
	case killedAs != "":
		d.cause = killedAs
		return d
	case shutdown && status == 0 && !signaled:
		d.expected = true
		d.cause = "the kernel ended"
		return d
	case strings.Contains(report, "stack overflow") || stackLimitRe.MatchString(report):
		limit := "its limit"
		if m := stackLimitRe.FindStringSubmatch(report); m != nil {
			if n, err := strconv.ParseInt(m[1], 10, 64); err == nil {
				limit = memguard.Format(n)
			}
		}
		d.cause = "the cell called itself without end (Go's stack grew past " + limit + ")"
		return d
	case strings.Contains(report, "out of memory"), strings.Contains(report, "cannot allocate memory"),
		strings.Contains(report, "failed to create new OS thread"):
		// Go's words when the memory guard (RLIMIT_DATA) or the machine
		// refuses an allocation: for the heap, its arenas, a thread.
		d.cause = mem.cause(report)
		return d
	case mem.limit > 0 && runtimeFault(report):
		// Under RLIMIT_DATA, Go 1.26's garbage collector sometimes fails
		// to map memory for its own work and faults on a nil pointer,
		// instead of reporting "out of memory" (memguard's test sees it
		// about one time in six).
		d.cause = "the kernel ran out of memory, most likely: Go's runtime crashed (SIGSEGV in its garbage collector) when the memory guard refused it more" + mem.note()
		return d
	case strings.Contains(report, "concurrent map"):
		d.cause = "two goroutines used the same map at once, which Go stops a program for (guard it with a sync.Mutex)"
		return d
	}
	if m := panicRe.FindStringSubmatch(report); m != nil {
		d.cause = "a goroutine in compiled code panicked: " + strings.TrimSpace(m[1])
		return d
	}
	if m := fatalRe.FindStringSubmatch(report); m != nil {
		d.cause = "Go stopped the kernel: " + strings.TrimSpace(m[1])
		return d
	}
	if protoErr != nil {
		d.cause = "the kernel sent a message the REPL cannot read (" + protoErr.Error() + ")"
		d.detail = protoErr.Error()
		return d
	}
	if m := kernelSaidRe.FindStringSubmatch(report); m != nil {
		said := strings.TrimSpace(m[1])
		switch {
		case strings.Contains(said, "bad file descriptor"), strings.Contains(said, "broken pipe"), strings.Contains(said, "file already closed"):
			d.cause = "the kernel lost its connection to the REPL (did the cell close one of its files?)"
		default:
			d.cause = "the kernel stopped: " + said
		}
		d.detail = said
		return d
	}
	switch {
	case signaled && sig == syscall.SIGKILL:
		d.cause = "the kernel was killed from outside (SIGKILL: kill -9, or the system's out-of-memory killer)"
	case signaled:
		d.cause = fmt.Sprintf("the kernel was stopped by a signal from outside (%s)", signalName(sig))
	case state != nil && status == 0:
		d.cause = "the kernel exited (os.Exit(0) in compiled code?)"
	case state != nil:
		d.cause = fmt.Sprintf("the kernel exited with status %d (os.Exit in compiled code?)", status)
	case waitErr != nil:
		d.cause = "the kernel could not be waited for: " + waitErr.Error()
	default:
		d.cause = "the kernel ended"
	}
	if d.detail == "" {
		d.detail = firstLines(tail, 2)
	}
	return d
}

// cause says what an allocation past the memory guard asked for.
func (mem memory) cause(report string) string {
	if m := mallocRe.FindStringSubmatch(report); m != nil {
		if n, err := strconv.ParseUint(m[1], 0, 64); err == nil && n >= 64<<20 {
			return fmt.Sprintf("the cell asked for %s of memory at once%s", memguard.Format(int64(n)), mem.note())
		}
	}
	return "the cell used more memory than the kernel may have" + mem.note()
}

// note is "; the kernel may use 4 GB, this machine has 24 GB".
func (mem memory) note() string {
	s := ""
	if mem.limit > 0 {
		s = "; the kernel may use " + memguard.Format(mem.limit)
	}
	if mem.total > 0 {
		s += ", this machine has " + memguard.Format(mem.total)
	}
	return s
}

// runtimeFault reports whether a crash report is a segmentation fault in
// Go's runtime itself (not in compiled code a cell called).
func runtimeFault(report string) bool {
	if !strings.HasPrefix(strings.TrimSpace(report), "SIGSEGV") {
		return false
	}
	for _, line := range strings.Split(report, "\n") {
		if strings.HasPrefix(line, "goroutine ") || strings.HasPrefix(line, "PC=") || strings.HasPrefix(line, "SIGSEGV") || strings.TrimSpace(line) == "" {
			continue
		}
		return strings.HasPrefix(line, "runtime.") // the faulting frame
	}
	return false
}

// exitOf returns how a process ended.
func exitOf(state *os.ProcessState) (status int, signaled bool, sig syscall.Signal) {
	if state == nil {
		return -1, false, 0
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok {
		if ws.Signaled() {
			return -1, true, ws.Signal()
		}
		return ws.ExitStatus(), false, 0
	}
	return state.ExitCode(), false, 0
}

// signalName names a signal as kill -l does.
func signalName(sig syscall.Signal) string {
	names := map[syscall.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT", syscall.SIGHUP: "SIGHUP",
		syscall.SIGQUIT: "SIGQUIT", syscall.SIGSEGV: "SIGSEGV", syscall.SIGABRT: "SIGABRT", syscall.SIGBUS: "SIGBUS",
		syscall.SIGPIPE: "SIGPIPE", syscall.SIGKILL: "SIGKILL"}
	if n, ok := names[sig]; ok {
		return n
	}
	return sig.String()
}

// firstLines returns the first n lines of s that are not blank.
func firstLines(s string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, strings.TrimSpace(l))
		if len(out) == n {
			break
		}
	}
	return strings.Join(out, "; ")
}

// errNoKernel is returned when no kernel can be started.
var errNoKernel = errors.New("no kernel could be started")
