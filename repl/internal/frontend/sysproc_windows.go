package frontend

import "syscall"

// sysProcAttr puts the kernel in a process group of its own, so that the
// console's Ctrl-C reaches the front end alone.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}
