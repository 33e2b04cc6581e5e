//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// syncDir syncs the folder dir, so that a rename in it survives a crash.
// A file system that cannot sync folders says so with EINVAL or ENOTSUP
// (some network and FUSE file systems); that is not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, errors.ErrUnsupported) {
		return nil
	}
	return err
}
