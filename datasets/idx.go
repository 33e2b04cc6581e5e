package datasets

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/shape"
)

// IDX magic numbers: two zero bytes, the data type (0x08 = unsigned byte)
// and the number of dimensions.
const (
	imagesMagic = 0x00000803
	labelsMagic = 0x00000801
)

// Limits on what an IDX header may claim. They bound the work a file can
// ask for before it has shown the bytes to back its claim.
const (
	maxSide   = shape.MaxSide // height and width, each
	maxPixels = 1 << 31       // images·height·width, and the number of labels
)

// ReadIDX reads a set of images, and optionally their labels, in the IDX
// format of MNIST and Fashion-MNIST. Each reader may hold a raw IDX file
// or a gzip-compressed one; gzip is recognised by its magic bytes (0x1f
// 0x8b), not by a name. labels may be nil, and the Set then has no
// labels. name becomes the Set's Name and labels the errors, as in
// "datasets: mnist-test images: header says 70000 images, file holds
// 10000".
//
// Pixels are scaled to [0, 1] (byte/255), one image per row of Images;
// Shape is {C: 1, H: rows, W: columns} as the header gives them, and
// Index[i] is i. Labels are the bytes of the labels file, 0 to 255 (MNIST
// and Fashion-MNIST use 0 to 9).
//
// ReadIDX checks the magic numbers, the dimensions, the number of items
// against the bytes present (a truncated file, trailing bytes) and that
// both files hold as many items. Memory grows with the bytes actually
// read, never with what a header claims.
func ReadIDX(name string, images, labels io.Reader) (*Set, error) {
	if images == nil {
		return nil, fmt.Errorf("datasets: ReadIDX %s: images reader is nil", name)
	}
	img := &idxSource{file: name + " images", r: images, size: -1}
	if l, ok := images.(interface{ Len() int }); ok {
		img.size = int64(l.Len())
	}
	var lbl *idxSource
	if labels != nil {
		lbl = &idxSource{file: name + " labels", r: labels, size: -1}
		if l, ok := labels.(interface{ Len() int }); ok {
			lbl.size = int64(l.Len())
		}
	}
	return readIDX(name, img, lbl)
}

// LoadIDX reads a set of images, and optionally their labels, from IDX
// files, raw or gzip-compressed (see ReadIDX). labelsPath may be "", and
// the Set then has no labels. Errors name the file by its base name, as
// in "datasets: t10k-images-idx3-ubyte.gz: header says 70000 images, file
// holds 10000". The Set's Name is the images file's base name without
// ".gz" and "-idx3-ubyte", e.g. "t10k-images".
func LoadIDX(imagesPath, labelsPath string) (*Set, error) {
	img, closeImg, err := openIDX(imagesPath)
	if err != nil {
		return nil, err
	}
	defer closeImg()
	var lbl *idxSource
	if labelsPath != "" {
		var closeLbl func()
		lbl, closeLbl, err = openIDX(labelsPath)
		if err != nil {
			return nil, err
		}
		defer closeLbl()
	}
	return readIDX(setName(imagesPath), img, lbl)
}

// setName derives a Set name from an IDX file name.
func setName(path string) string {
	s := filepath.Base(path)
	s = strings.TrimSuffix(s, ".gz")
	for _, suffix := range []string{"-idx3-ubyte", ".idx3-ubyte"} {
		s = strings.TrimSuffix(s, suffix)
	}
	return s
}

// openIDX opens path and records its size, for the checks of a raw file.
func openIDX(path string) (*idxSource, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %w", err)
	}
	src := &idxSource{file: filepath.Base(path), r: f, size: -1}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		src.size = fi.Size()
	}
	return src, func() { f.Close() }, nil
}

// idxSource is one IDX file being read.
type idxSource struct {
	file string    // base name or description, for errors
	r    io.Reader // the stream; replaced by the decompressed one for gzip
	size int64     // bytes in a raw file, or -1 when unknown or gzip

	gzipped bool
	read    int64 // bytes of the (decompressed) IDX stream read so far
	dims    []int // the header's dimensions
}

func (s *idxSource) errorf(format string, args ...any) error {
	return fmt.Errorf("datasets: %s: "+format, append([]any{s.file}, args...)...)
}

// open detects gzip by its magic bytes and sets up the stream.
func (s *idxSource) open() error {
	br := bufio.NewReader(s.r)
	magic, err := br.Peek(2)
	if err != nil && len(magic) < 2 {
		if err != io.EOF {
			return s.errorf("%v", err)
		}
		// Too short for anything; the header check names it.
	}
	s.r = br
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return s.errorf("bad gzip stream: %v", err)
		}
		zr.Multistream(false)
		s.r = &gzipStream{br: br, zr: zr}
		s.gzipped = true
		s.size = -1
	}
	return nil
}

// readHeader reads the magic number and the dimensions.
func (s *idxSource) readHeader(wantMagic uint32, kind string) error {
	var m [4]byte
	n, err := readFull(s.r, m[:])
	s.read += int64(n)
	if err != nil {
		return s.readErr(err, "truncated header: file ends after %s, an IDX header starts with a 4-byte magic number", nbytes(int64(n)))
	}
	magic := binary.BigEndian.Uint32(m[:])
	if magic != wantMagic {
		return s.magicErr(magic, wantMagic, kind)
	}
	ndim := int(m[3])
	var b [4 * 3]byte
	buf := b[:4*ndim]
	n, err = readFull(s.r, buf)
	s.read += int64(n)
	if err != nil {
		return s.readErr(err, "truncated header: file ends after %s, an IDX %s header has %d", nbytes(s.read), kind, 4+len(buf))
	}
	s.dims = make([]int, ndim)
	for i := range s.dims {
		s.dims[i] = int(binary.BigEndian.Uint32(buf[4*i:]))
	}
	return nil
}

// gzipStream reads a gzip stream of one or more members and reports
// bytes after the last member as a trailingGzipError (the gzip package
// itself would report them as a bad header or an unexpected EOF).
type gzipStream struct {
	br *bufio.Reader
	zr *gzip.Reader
}

func (g *gzipStream) Read(p []byte) (int, error) {
	for {
		n, err := g.zr.Read(p)
		if err != io.EOF {
			return n, err
		}
		// The end of a member: another member, the end or garbage.
		next, perr := g.br.Peek(2)
		if len(next) == 0 && perr == io.EOF {
			return n, io.EOF
		}
		if len(next) == 2 && next[0] == 0x1f && next[1] == 0x8b {
			if err := g.zr.Reset(g.br); err != nil {
				return n, err
			}
			g.zr.Multistream(false)
			if n > 0 {
				return n, nil
			}
			continue
		}
		if perr != nil && perr != io.EOF {
			return n, perr
		}
		junk, _ := io.Copy(io.Discard, io.LimitReader(g.br, 1<<20+1))
		return n, trailingGzipError(junk)
	}
}

// trailingGzipError counts the bytes after a gzip stream.
type trailingGzipError int64

func (e trailingGzipError) Error() string {
	if e > 1<<20 {
		return "more than 1048576 bytes of trailing garbage after the gzip stream"
	}
	return nbytes(int64(e)) + " of trailing garbage after the gzip stream"
}

// readFull is io.ReadFull without its translation of a short read into
// io.ErrUnexpectedEOF: it returns the reader's own error, so a clean end
// of a gzip stream (io.EOF) stays apart from a cut one.
func readFull(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			if n == len(buf) {
				return n, nil
			}
			return n, err
		}
	}
	return n, nil
}

// magicErr explains a wrong magic number.
func (s *idxSource) magicErr(got, want uint32, kind string) error {
	switch {
	case got>>16 != 0:
		hint := ""
		if got>>16 == 0x1f8b {
			hint = " (gzip inside gzip?)"
		}
		return s.errorf("wrong magic 0x%08x, want 0x%08x: not an IDX file%s", got, want, hint)
	case got>>8&0xff != 0x08:
		return s.errorf("wrong magic 0x%08x, want 0x%08x: data type 0x%02x, want 0x08 (unsigned bytes)", got, want, got>>8&0xff)
	case got == labelsMagic && kind == "images":
		return s.errorf("wrong magic 0x%08x, want 0x%08x: this is a labels file, not an images file", got, want)
	case got == imagesMagic && kind == "labels":
		return s.errorf("wrong magic 0x%08x, want 0x%08x: this is an images file, not a labels file", got, want)
	default:
		return s.errorf("wrong magic 0x%08x, want 0x%08x: %d dimensions, an %s file has %d", got, want, got&0xff, kind, want&0xff)
	}
}

// readErr turns a read error into one naming the file: a clean end of a
// stream becomes msg, anything else (a corrupt gzip stream, an I/O error)
// is reported as it is.
func (s *idxSource) readErr(err error, format string, args ...any) error {
	if err == io.EOF || (err == io.ErrUnexpectedEOF && !s.gzipped) {
		return s.errorf(format, args...)
	}
	if s.gzipped {
		var junk trailingGzipError
		if errors.As(err, &junk) {
			return s.errorf("%s", junk)
		}
		return s.errorf("corrupt or truncated gzip stream after %s decompressed: %v", nbytes(s.read), err)
	}
	return s.errorf("%v", err)
}

// readBody reads exactly want bytes and checks that nothing follows.
// unit names one item (of per bytes) for the error messages. The bytes
// come back as a list of chunks that are allocated as the bytes arrive,
// so memory grows with the bytes actually present, not with want, and
// no byte is copied twice.
func (s *idxSource) readBody(want int64, per int64, unit string) ([][]byte, error) {
	count := want / per
	if s.size >= 0 {
		// A raw file of known size: compare before reading anything.
		rest := s.size - s.read
		if rest < want {
			return nil, s.shortErr(count, rest, per, unit)
		}
		if rest > want {
			return nil, s.errorf("%s of trailing garbage after the %d %s", nbytes(rest-want), count, plural(unit))
		}
	}
	var chunks [][]byte
	var got int64
	lr := io.LimitReader(s.r, want+1) // one more, to see trailing bytes
	size := int64(1 << 16)
	for {
		buf := make([]byte, min(size, want+1-got))
		n, err := readFull(lr, buf)
		got += int64(n)
		s.read += int64(n)
		if n > 0 {
			chunks = append(chunks, buf[:n])
		}
		if err == io.EOF || got == want+1 {
			break
		}
		if err != nil {
			return nil, s.readErr(err, "read: %v", err)
		}
		size = min(2*size, 1<<22)
	}
	if got < want {
		return nil, s.shortErr(count, got, per, unit)
	}
	if got > want {
		// Count the trailing bytes, up to a limit, for the message.
		extra, err := io.Copy(io.Discard, io.LimitReader(s.r, 1<<20))
		if err != nil && s.gzipped {
			return nil, s.readErr(err, "read: %v", err)
		}
		extra++ // the byte past want
		more := ""
		if extra > 1<<20 {
			more = "more than "
			extra = 1 << 20
		}
		return nil, s.errorf("%s%s of trailing garbage after the %d %s", more, nbytes(extra), count, plural(unit))
	}
	return chunks, nil
}

// shortErr reports a body shorter than the header claims.
func (s *idxSource) shortErr(count, got, per int64, unit string) error {
	msg := fmt.Sprintf("header says %d %s, file holds %d", count, plural(unit), got/per)
	if r := got % per; r != 0 {
		msg += fmt.Sprintf(" and %s of another", nbytes(r))
	}
	return s.errorf("%s", msg)
}

func plural(unit string) string { return unit + "s" }

// nbytes writes "1 byte" or "n bytes".
func nbytes(n int64) string {
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// readIDX reads an images file and an optional labels file into a Set.
func readIDX(name string, img, lbl *idxSource) (*Set, error) {
	if err := img.open(); err != nil {
		return nil, err
	}
	if err := img.readHeader(imagesMagic, "images"); err != nil {
		return nil, err
	}
	count, h, w := img.dims[0], img.dims[1], img.dims[2]
	sh := Shape{C: 1, H: h, W: w}
	switch {
	case count == 0:
		return nil, img.errorf("header says 0 images")
	case h == 0 || w == 0:
		return nil, img.errorf("header says images of %d×%d pixels", h, w)
	case h > maxSide || w > maxSide:
		return nil, img.errorf("header says images of %d×%d pixels, more than %d on a side", h, w, maxSide)
	case count > maxPixels/(h*w):
		return nil, img.errorf("header says %d images of %d×%d pixels, more than %d pixels in all", count, h, w, maxPixels)
	}
	if err := shape.Check(sh); err != nil {
		return nil, img.errorf("header says images of %v pixels: %v", sh, err)
	}
	if lbl != nil {
		if err := lbl.open(); err != nil {
			return nil, err
		}
		if err := lbl.readHeader(labelsMagic, "labels"); err != nil {
			return nil, err
		}
		if n := lbl.dims[0]; n != count {
			return nil, fmt.Errorf("datasets: %s holds %d images but %s holds %d labels", img.file, count, lbl.file, n)
		}
	}
	pix, err := img.readBody(int64(count)*int64(h*w), int64(h*w), "image")
	if err != nil {
		return nil, err
	}
	var labels []int
	if lbl != nil {
		chunks, err := lbl.readBody(int64(count), 1, "label")
		if err != nil {
			return nil, err
		}
		labels = make([]int, 0, count)
		for _, c := range chunks {
			for _, v := range c {
				labels = append(labels, int(v))
			}
		}
	}
	data := make([]float64, count*h*w)
	i := 0
	for _, c := range pix {
		d := data[i : i+len(c)]
		for k, v := range c {
			d[k] = byteScale[v]
		}
		i += len(c)
	}
	return &Set{
		Images: mat.NewDense(count, h*w, data),
		Labels: labels,
		Shape:  sh,
		Index:  seq(count),
		Name:   name,
	}, nil
}

// byteScale maps a pixel byte to [0, 1].
var byteScale = func() (t [256]float64) {
	for i := range t {
		t[i] = float64(i) / 255
	}
	return t
}()
