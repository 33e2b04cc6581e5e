//go:build unix && !linux

package frontend

import "syscall"

// sysProcAttr puts the kernel in a process group of its own, so that the
// terminal's Ctrl-C reaches the front end alone. (A kernel whose front end
// died ends when it reads the end of its requests.)
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
