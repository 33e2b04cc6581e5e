package classview

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// maxPicture is the largest picture the view sends or inlines.
const maxPicture = 64 << 20

// refusal is why a picture is not sent, with the HTTP status that says so.
type refusal struct {
	status int
	msg    string
}

func (r *refusal) Error() string { return r.msg }

// statusOf returns the HTTP status of an error of openPicture.
func statusOf(err error) int {
	var r *refusal
	if errors.As(err, &r) {
		return r.status
	}
	return http.StatusInternalServerError
}

// The first bytes of the files the view sends.
var (
	pngMagic   = []byte("\x89PNG\r\n\x1a\n")
	gif87Magic = []byte("GIF87a")
	gif89Magic = []byte("GIF89a")
)

// openPicture opens a picture the session saved, for reading, when it is
// what it claims to be: a regular file (after following symbolic links)
// whose real path lies inside the real path of one of roots (the folders
// the session saved pictures in), of at most maxPicture bytes, whose
// first bytes are a PNG's or a GIF's. It returns the file, its size and
// its content type ("image/png" or "image/gif"). No part of a request
// reaches this function: the path is one the kernel reported.
func openPicture(p picture, roots []string) (f *os.File, size int64, ctype string, err error) {
	real, err := filepath.EvalSymlinks(p.path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, 0, "", &refusal{http.StatusNotFound, fmt.Sprintf("picture %s is gone", p.name)}
		}
		return nil, 0, "", &refusal{http.StatusNotFound, fmt.Sprintf("picture %s: %v", p.name, err)}
	}
	if !insideAny(real, roots) {
		return nil, 0, "", &refusal{http.StatusForbidden, fmt.Sprintf("picture %s is not in the session's output folder (it leads to %s)", p.name, real)}
	}
	f, err = os.Open(real)
	if err != nil {
		return nil, 0, "", &refusal{http.StatusNotFound, fmt.Sprintf("picture %s: %v", p.name, err)}
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, "", &refusal{http.StatusNotFound, fmt.Sprintf("picture %s: %v", p.name, err)}
	}
	// The file opened is the one checked: a regular file that is not a
	// link, swapped for nothing since.
	li, err := os.Lstat(real)
	if err != nil || !li.Mode().IsRegular() || !os.SameFile(fi, li) {
		return nil, 0, "", &refusal{http.StatusForbidden, fmt.Sprintf("picture %s is not a regular file", p.name)}
	}
	if fi.Size() > maxPicture {
		return nil, 0, "", &refusal{http.StatusForbidden, fmt.Sprintf("picture %s is %d MB, more than the %d MB the view sends", p.name, fi.Size()>>20, maxPicture>>20)}
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, pngMagic):
		ctype = "image/png"
	case bytes.HasPrefix(head, gif87Magic), bytes.HasPrefix(head, gif89Magic):
		ctype = "image/gif"
	default:
		return nil, 0, "", &refusal{http.StatusForbidden, fmt.Sprintf("picture %s is neither a PNG nor a GIF", p.name)}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, 0, "", &refusal{http.StatusInternalServerError, fmt.Sprintf("picture %s: %v", p.name, err)}
	}
	ok = true
	return f, fi.Size(), ctype, nil
}

// insideAny reports whether the real path real lies inside the real path
// of one of roots.
func insideAny(real string, roots []string) bool {
	for _, root := range roots {
		abs, err := filepath.Abs(root)
		if err != nil {
			continue
		}
		rr, err := filepath.EvalSymlinks(abs)
		if err != nil {
			continue
		}
		if inside(rr, real) {
			return true
		}
	}
	return false
}

// inside reports whether path lies strictly inside the folder dir (both
// absolute and clean).
func inside(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == "." || filepath.IsAbs(rel) {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
