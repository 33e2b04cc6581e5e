//go:build !unix

package atomicfile

// syncDir does nothing: Windows cannot open a folder for syncing with
// os.Open, and NTFS journals the rename itself.
func syncDir(dir string) error { return nil }
