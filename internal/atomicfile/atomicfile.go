// Package atomicfile writes files atomically: a reader of the file, or a
// crash or a full disk while it is written, sees either the old contents
// or the new ones, never a mix and never a half-written file.
//
// The data goes to a temporary file in the destination's folder (the same
// file system, so that the rename cannot fail by crossing devices), which
// is synced to disk, renamed over the destination and made durable by
// syncing the folder.
package atomicfile

import (
	"bufio"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"unicode/utf8"
)

// WriteFile writes data to the file named by path, atomically, like
// os.WriteFile. See Write for the permissions, the errors and what is
// left behind on failure.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write creates or replaces the file named by path, atomically, with what
// fill writes to w, which is buffered.
//
// A new file gets the permissions perm less the process's umask, as with
// os.WriteFile (0666 gives the usual 0644 under umask 022). A file that
// exists keeps its permission bits (not its owner), so that replacing a
// private file does not make it readable by others. A symbolic link at
// path is replaced by the file, not followed. The folder must exist:
// Write does not create it.
//
// The file is written to a temporary file named ".BASE.RANDOM.tmp" in
// path's folder, synced, renamed to path and the folder synced. If
// anything fails, the temporary file is removed and the file at path, if
// any, is left as it was; the one exception is a failure to sync the
// folder, which comes after path has been replaced. If fill panics, the
// temporary file is removed and the panic goes on. (File systems that
// cannot sync a folder, which say so with EINVAL or ENOTSUP, are taken to
// need no sync; on Windows and other systems that are not Unix the
// folder is not synced.)
//
// An error from the file system is a *fs.PathError whose Path is path,
// whose Op names the step that failed ("create", "write", "sync",
// "rename", ...) and whose Err is the operating system's error, such as
// syscall.ENOSPC; fs.ErrPermission and the like match it with errors.Is.
// Writes to w that fail return such an error too. An error that fill
// returns otherwise is returned as it is, for the caller to word.
func Write(path string, perm fs.FileMode, fill func(w io.Writer) error) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := create(dir, base, perm)
	if err != nil {
		return wrap("create", path, err)
	}
	tmp := f.Name()
	renamed := false
	defer func() {
		// Also when fill panics.
		if !renamed {
			f.Close() // a second Close, after a failed one, is harmless
			os.Remove(tmp)
		}
	}()
	if info, err := os.Lstat(path); err == nil && info.Mode().IsRegular() {
		// Before any data goes in, so the temporary file is never more
		// open than the file it replaces.
		if err := f.Chmod(info.Mode().Perm()); err != nil {
			return wrap("chmod", path, err)
		}
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := fill(pathWriter{bw, path}); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return wrap("write", path, err)
	}
	if err := f.Sync(); err != nil {
		return wrap("sync", path, err)
	}
	if err := f.Close(); err != nil {
		return wrap("close", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return wrap("rename", path, err)
	}
	renamed = true
	if err := syncDir(dir); err != nil {
		// path is replaced already: nothing to remove.
		return wrap("sync the folder of", path, err)
	}
	return nil
}

// create creates a new file for writing in dir, with perm less the
// umask, under a random name made from base. Unlike os.CreateTemp, which
// always gives 0600, it lets the kernel apply the umask, without reading
// the umask (syscall.Umask both reads and sets it, for the whole process).
func create(dir, base string, perm fs.FileMode) (*os.File, error) {
	// Keep the name well under the usual 255-byte limit.
	for len(base) > 128 {
		_, n := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-n]
	}
	for try := 0; ; try++ {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(uint64(rand.Uint32()), 10)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if os.IsExist(err) && try < 10000 {
			continue
		}
		return f, err
	}
}

// pathWriter is the writer that fill gets: it words write errors as Write
// does.
type pathWriter struct {
	w    *bufio.Writer
	path string
}

func (w pathWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil {
		err = wrap("write", w.path, err)
	}
	return n, err
}

func (w pathWriter) WriteString(s string) (int, error) {
	n, err := w.w.WriteString(s)
	if err != nil {
		err = wrap("write", w.path, err)
	}
	return n, err
}

// wrap returns err as a *fs.PathError for op on path. An os error that
// names the temporary file is replaced by the system error inside it.
func wrap(op, path string, err error) error {
	switch e := err.(type) {
	case *fs.PathError:
		err = e.Err
	case *os.LinkError:
		err = e.Err
	case *os.SyscallError:
		err = e.Err
	}
	return &fs.PathError{Op: op, Path: path, Err: err}
}
