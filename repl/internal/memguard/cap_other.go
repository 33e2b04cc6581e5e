//go:build !unix

package memguard

import "errors"

// setHardCap has no hard cap to set on this system.
func setHardCap(limit int64) error {
	return errors.New("this system has no RLIMIT_DATA: only the soft limit holds")
}
