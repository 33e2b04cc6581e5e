//go:build unix

package memguard

import (
	"fmt"
	"math"
	"syscall"
)

// setHardCap sets RLIMIT_DATA, unless a lower hard limit is set already.
func setHardCap(limit int64) error {
	lim := &syscall.Rlimit{Cur: uint64(limit), Max: uint64(limit)}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_DATA, &old); err == nil && old.Max != math.MaxUint64 && old.Max < lim.Max {
		lim.Cur, lim.Max = old.Max, old.Max // a lower hard limit was set already
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_DATA, lim); err != nil {
		return fmt.Errorf("setting RLIMIT_DATA to %s: %v (only the soft limit holds)", Format(limit), err)
	}
	return nil
}
