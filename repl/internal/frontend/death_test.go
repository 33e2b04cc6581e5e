package frontend

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestKernelMisbehaves: a kernel that dies in each way a cell cannot
// cause from the interpreter (os.Exit in compiled code, a signal, a panic
// on a goroutine of compiled code, running out of memory), or that sends
// what the protocol does not allow (garbage, a frame over the limit, one
// cut short, a payload that does not decode, a request the wrong way),
// costs the cell: the front end names the cause, starts a real kernel,
// and the next cell runs.
func TestKernelMisbehaves(t *testing.T) {
	for _, c := range []struct{ mode, want string }{
		{"garbage", "the kernel sent a message the REPL cannot read (protocol: not a frame (bad magic))"},
		{"oversized", "frame longer than the limit: 4294967295 bytes"},
		{"truncated", "the kernel sent a message the REPL cannot read (protocol: frame cut short)"},
		{"bad-done", "bad Done payload"},
		{"wrong-way", "the kernel sent a Run frame"},
		{"exit", "the kernel exited with status 7"},
		{"sigterm", "the kernel was stopped by a signal from outside (SIGTERM)"},
		{"panic", "a goroutine in compiled code panicked: boom in compiled code"},
		{"oom", "the cell asked for 128 GB of memory at once"},
	} {
		t.Run(c.mode, func(t *testing.T) {
			once := filepath.Join(t.TempDir(), "once")
			ts := newTestSessionOpts(t, Options{NoJournal: true, KernelEnv: []string{"AEKIT_FAKE_KERNEL=" + c.mode, "AEKIT_FAKE_ONCE=" + once}})
			out, err := ts.cell("x := 1")
			var cd *cellDeath
			if !errors.As(err, &cd) || !strings.Contains(cd.d.cause, c.want) {
				t.Fatalf("err %v, want a death: %q\noutput:\n%s", err, c.want, out)
			}
			if !strings.Contains(out, "kernel died in cell 1 (x := 1): ") || !strings.Contains(out, "new kernel started") {
				t.Errorf("output:\n%s", out)
			}
			if got := ts.ok("x := 2\nx + 1"); !strings.Contains(got, "3") {
				t.Errorf("the next kernel: %q", got)
			}
		})
	}
}

// TestExplainDeath: Go's reports, worded for a learner.
func TestExplainDeath(t *testing.T) {
	mem := memory{limit: 4 << 30, total: 24 << 30}
	for _, c := range []struct{ report, want string }{
		{"runtime: goroutine stack exceeds 1000000000-byte limit\nruntime: sp=0xc020160398 stack=[0xc020160000, 0xc040160000]\nfatal error: stack overflow\n", "the cell called itself without end (Go's stack grew past 954 MB)"},
		{"fatal error: runtime: out of memory\n\nruntime stack:\nruntime.throw({0x4c8ea4?, 0x40000000?})\n\ngoroutine 1 [running]:\nruntime.mallocgc(0x40000000, 0x4aa9a0, 0x1)\n", "the cell asked for 1 GB of memory at once; the kernel may use 4 GB, this machine has 24 GB"},
		{"fatal error: runtime: cannot allocate memory\n\nruntime stack:\nruntime.newArenaMayUnlock()\n", "the cell used more memory than the kernel may have"},
		{"fatal error: runtime: out of memory\n", "the cell used more memory than the kernel may have; the kernel may use 4 GB, this machine has 24 GB"},
		{"fatal error: concurrent map writes\n", "two goroutines used the same map at once"},
		{"fatal error: all goroutines are asleep - deadlock!\n", "Go stopped the kernel: all goroutines are asleep - deadlock!"},
		{"aekit kernel: write |1: bad file descriptor\n", "the kernel lost its connection to the REPL"},
		{"SIGSEGV: segmentation violation\nPC=0x43297d m=3 sigcode=1 addr=0x0\n\ngoroutine 0 gp=0x1 m=3 mp=0x1 [idle]:\nruntime.(*spanQueue).tryDrain(0x1, 0x2, 0x3)\n", "the kernel ran out of memory, most likely: Go's runtime crashed (SIGSEGV in its garbage collector)"},
	} {
		d := explainDeath(nil, nil, c.report, "", nil, "", false, mem)
		if !strings.Contains(d.cause, c.want) {
			t.Errorf("%.40q: %q, want %q", c.report, d.cause, c.want)
		}
	}
	if d := explainDeath(nil, nil, "fatal error: stack overflow", "", nil, "you pressed Ctrl-C", false, mem); d.cause != "you pressed Ctrl-C" {
		t.Errorf("the front end's own reason lost: %q", d.cause)
	}
}

// TestKernelDiesBeforeCell: a kernel that dies before it begins a cell
// (killed while the learner typed) is replaced, and the cell runs in the
// new one: it is not the cell's fault.
func TestKernelDiesBeforeCell(t *testing.T) {
	once := filepath.Join(t.TempDir(), "once")
	ts := newTestSessionOpts(t, Options{NoJournal: true, KernelEnv: []string{"AEKIT_FAKE_KERNEL=unstarted", "AEKIT_FAKE_ONCE=" + once}})
	out, err := ts.cell("x := 40\nx + 2")
	if err != nil || !strings.Contains(out, "kernel died between cells: the kernel exited with status 1") || !strings.Contains(out, "42") {
		t.Errorf("err %v, output:\n%s", err, out)
	}
}
