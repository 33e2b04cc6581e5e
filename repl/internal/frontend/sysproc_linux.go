package frontend

import "syscall"

// sysProcAttr puts the kernel in a process group of its own, so that the
// terminal's Ctrl-C reaches the front end alone, and has Linux kill it
// when the front end dies.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
