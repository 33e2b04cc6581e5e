package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestJournalSurvivesKill: a piped session opens a lesson, runs two of its
// steps, defines variables, fails a cell, then starts a cell that does not
// end; the whole REPL is killed with kill -9 (its kernel dies with it).
// The journal in the out folder holds every cell that ended; -resume
// replays it into a new session: the variables are back, the lesson
// stands at step 2, the failed cell is not run again, and the cell that
// was running is not there.
func TestJournalSurvivesKill(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-out", "pics", "-quick")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "AEKIT_REPL_MAIN=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitLine := func(want string) {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the REPL ended before printing %q", want)
				}
				if strings.Contains(l, want) {
					return
				}
			case <-deadline:
				t.Fatalf("no line %q", want)
			}
		}
	}
	lesson := filepath.Join(fixtures(t), "basics.go")
	for _, step := range []struct{ in, want string }{
		{":open " + lesson, "basics — a tiny lesson"},
		{":next", "rows: 2"},
		{":next", "saved pics/basics-2-rows.png"},
		{"keep := 41\nfmt.Println(\"defined\")", "defined"},
		{`words := strings.Fields("a b c"); fmt.Println(len(words))`, "3"},
		{`fmt.Println("running"); for { time.Sleep(time.Second) }`, "running"},
	} {
		io.WriteString(stdin, step.in+"\n")
		waitLine(step.want)
	}
	kernels := childPIDs(cmd.Process.Pid)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	for _, k := range kernels {
		if waitForPTY(5*time.Second, func() bool { return !alive(k) }) == false {
			t.Errorf("the kernel (pid %d) outlived its REPL", k)
		}
	}

	journals, _ := filepath.Glob(filepath.Join(dir, "pics", "session-*.md"))
	if len(journals) != 1 {
		t.Fatalf("journals: %v", journals)
	}
	b, err := os.ReadFile(journals[0])
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	for _, want := range []string{"<!-- aekit command {\"n\":0,\"line\":\":open " + lesson, "## basics, step 2: Draw it", "![basics-2-rows.png](basics-2-rows.png)", "keep := 41", "```text\n3\n```"} {
		if !strings.Contains(md, want) {
			t.Errorf("the journal lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "running") {
		t.Errorf("the journal holds the cell that was running:\n%s", md)
	}

	resume := exec.Command(os.Args[0], "-out", "pics2", "-quick", "-resume", journals[0])
	resume.Dir = dir
	resume.Env = append(os.Environ(), "AEKIT_REPL_MAIN=1")
	resume.Stdin = strings.NewReader("keep + 1\nlen(words)\n:show\n:next\n")
	out, err := resume.CombinedOutput()
	if err != nil {
		t.Fatalf("-resume: %v\n%s", err, out)
	}
	for _, want := range []string{"resumed " + journals[0] + ": 5 cells ran in ", "lesson basics is at step 2", "\n42\n", "\n3\n", "basics, step 2/3", "total: 2"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("-resume printed:\n%s\nwant %q", out, want)
		}
	}
	if strings.Contains(string(out), "running") {
		t.Errorf("-resume ran the cell that was running:\n%s", out)
	}
}

// childPIDs returns the children of a process.
func childPIDs(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	for _, t := range tasks {
		b, _ := os.ReadFile(t)
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}
