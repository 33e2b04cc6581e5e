//go:build linux

package ae_test

import (
	"time"

	"golang.org/x/sys/unix"
)

// processCPU is the CPU time of the whole process, every thread.
func processCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		panic(err)
	}
	return time.Duration(ts.Nano())
}
