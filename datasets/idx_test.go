package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aekit/aekit/internal/shape"
)

// idxImages returns an IDX images file of n images of h×w pixels; pixel
// k of the file is byte(k).
func idxImages(n, h, w int) []byte {
	b := idxHeader(imagesMagic, n, h, w)
	for k := range n * h * w {
		b = append(b, byte(k))
	}
	return b
}

// idxLabels returns an IDX labels file of n labels, label i being i%10.
func idxLabels(n int) []byte {
	b := idxHeader(labelsMagic, n)
	for i := range n {
		b = append(b, byte(i%10))
	}
	return b
}

func idxHeader(magic uint32, dims ...int) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	return b
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func cat(bs ...[]byte) []byte { return slices.Concat(bs...) }

func TestReadIDX(t *testing.T) {
	for _, zip := range []bool{false, true} {
		img, lbl := idxImages(5, 3, 2), idxLabels(5)
		if zip {
			img, lbl = gz(img), gz(lbl)
		}
		s, err := ReadIDX("tiny", bytes.NewReader(img), bytes.NewReader(lbl))
		if err != nil {
			t.Fatalf("gzip=%v: %v", zip, err)
		}
		r, c := s.Images.Dims()
		if r != 5 || c != 6 || s.Shape != (Shape{C: 1, H: 3, W: 2}) || s.Name != "tiny" {
			t.Fatalf("gzip=%v: got %d×%d, images of %v, name %q", zip, r, c, s.Shape, s.Name)
		}
		if !slices.Equal(s.Labels, []int{0, 1, 2, 3, 4}) || !slices.Equal(s.Index, []int{0, 1, 2, 3, 4}) {
			t.Errorf("gzip=%v: labels %v, index %v", zip, s.Labels, s.Index)
		}
		if got, want := s.Images.At(1, 2), 8.0/255; got != want {
			t.Errorf("gzip=%v: pixel (1, 2) = %v, want %v", zip, got, want)
		}
	}
}

func TestReadIDXNoLabels(t *testing.T) {
	s, err := ReadIDX("tiny", bytes.NewReader(idxImages(2, 2, 2)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Labels != nil || s.Len() != 2 {
		t.Errorf("labels %v, Len %d", s.Labels, s.Len())
	}
}

// TestReadIDXStreams reads from readers of unknown length, as a pipe is,
// so that the checks that compare with a file size do not apply.
func TestReadIDXStreams(t *testing.T) {
	type onlyReader struct{ io.Reader }
	for _, tc := range []struct {
		img  []byte
		want string
	}{
		{idxImages(3, 2, 2), ""},
		{idxImages(3, 2, 2)[:20], "header says 3 images, file holds 1"},
		{cat(idxImages(3, 2, 2), []byte{9, 9}), "2 bytes of trailing garbage after the 3 images"},
		{cat(idxHeader(imagesMagic, 1, 1, 1), []byte{1}, make([]byte, 2<<20)), "more than 1048576 bytes of trailing garbage"},
	} {
		_, err := ReadIDX("pipe", onlyReader{bytes.NewReader(tc.img)}, nil)
		checkErr(t, err, tc.want)
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Errorf("no error, want one containing %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Errorf("error %q, want one containing %q", err, want)
	}
}

// malformed lists broken IDX pairs and the error each must give. The
// images file is named "x images" and the labels file "x labels".
var malformed = []struct {
	name     string
	img, lbl []byte
	want     string
}{
	{"empty images", []byte{}, nil, "x images: truncated header: file ends after 0 bytes"},
	{"short magic", []byte{0, 0, 8}, nil, "x images: truncated header: file ends after 3 bytes"},
	{"short dims", idxHeader(imagesMagic, 10, 28), nil, "x images: truncated header: file ends after 12 bytes, an IDX images header has 16"},
	{"text file", []byte("hello, world\n"), nil, "x images: wrong magic 0x68656c6c, want 0x00000803: not an IDX file"},
	{"data type", idxHeader(0x00000d03, 1, 1, 1), nil, "wrong magic 0x00000d03, want 0x00000803: data type 0x0d, want 0x08"},
	{"dimensions", idxHeader(0x00000802, 1, 1), nil, "wrong magic 0x00000802, want 0x00000803: 2 dimensions, an images file has 3"},
	{"labels as images", idxLabels(3), nil, "x images: wrong magic 0x00000801, want 0x00000803: this is a labels file"},
	{"images as labels", idxImages(1, 1, 1), idxImages(1, 1, 1), "x labels: wrong magic 0x00000803, want 0x00000801: this is an images file"},
	{"zero images", idxHeader(imagesMagic, 0, 28, 28), nil, "x images: header says 0 images"},
	{"zero height", idxHeader(imagesMagic, 1, 0, 28), nil, "header says images of 0×28 pixels"},
	{"zero width", idxHeader(imagesMagic, 1, 28, 0), nil, "header says images of 28×0 pixels"},
	{"huge side", idxHeader(imagesMagic, 1, 1<<17, 1), nil, "header says images of 131072×1 pixels, more than 65536 on a side"},
	{"huge count", idxHeader(imagesMagic, 1<<31, 28, 28), nil, "header says 2147483648 images of 28×28 pixels, more than 2147483648 pixels in all"},
	{"max count", idxHeader(imagesMagic, 1<<32-1, 1<<16, 1<<16), nil, "more than 2147483648 pixels in all"},
	{"huge image", idxHeader(imagesMagic, 1, 1<<15, 1<<16), nil, "x images: header says images of 32768×65536 pixels: " + shape.Check(Shape{C: 1, H: 1 << 15, W: 1 << 16}).Error()},
	{"claims more", cat(idxHeader(imagesMagic, 7, 2, 2), make([]byte, 4*3)), nil, "x images: header says 7 images, file holds 3"},
	{"partial image", cat(idxHeader(imagesMagic, 7, 2, 2), make([]byte, 4*3+1)), nil, "header says 7 images, file holds 3 and 1 byte of another"},
	{"no pixels", idxHeader(imagesMagic, 7, 2, 2), nil, "header says 7 images, file holds 0"},
	{"trailing", cat(idxImages(2, 2, 2), []byte("junk")), nil, "x images: 4 bytes of trailing garbage after the 2 images"},
	{"count mismatch", idxImages(3, 2, 2), idxLabels(4), "x images holds 3 images but x labels holds 4 labels"},
	{"empty labels", idxImages(3, 2, 2), []byte{}, "x labels: truncated header: file ends after 0 bytes"},
	{"short labels header", idxImages(3, 2, 2), idxHeader(labelsMagic, 3)[:6], "x labels: truncated header: file ends after 6 bytes, an IDX labels header has 8"},
	{"labels 3 dims", idxImages(3, 2, 2), idxHeader(0x00000803, 3, 1, 1), "x labels: wrong magic"},
	{"labels claim more", idxImages(3, 2, 2), idxLabels(3)[:10], "x labels: header says 3 labels, file holds 2"},
	{"labels trailing", idxImages(3, 2, 2), cat(idxLabels(3), []byte{1}), "x labels: 1 byte of trailing garbage after the 3 labels"},
	{"gzip in gzip", gz(gz(idxImages(1, 1, 1))), nil, "not an IDX file (gzip inside gzip?)"},
	{"gzip claims more", gz(cat(idxHeader(imagesMagic, 70000, 2, 2), make([]byte, 4*10000))), nil, "x images: header says 70000 images, file holds 10000"},
	{"gzip trailing", gz(cat(idxImages(2, 2, 2), []byte{0})), nil, "x images: 1 byte of trailing garbage after the 2 images"},
	{"gzip truncated", gz(idxImages(50, 4, 4))[:100], nil, "x images: corrupt or truncated gzip stream"},
	{"gzip bad header", []byte{0x1f, 0x8b, 0, 0}, nil, "x images: bad gzip stream"},
	{"gzip bad checksum", corruptCRC(gz(idxImages(2, 2, 2))), nil, "x images: corrupt or truncated gzip stream after 24 bytes decompressed: gzip: invalid checksum"},
	{"gzip junk after stream", cat(gz(idxImages(2, 2, 2)), []byte("junk")), nil, "x images: 4 bytes of trailing garbage after the gzip stream"},
	{"gzip labels count", gz(idxImages(3, 2, 2)), gz(idxLabels(30)), "x images holds 3 images but x labels holds 30 labels"},
}

// corruptCRC flips a bit of a gzip stream's CRC-32.
func corruptCRC(b []byte) []byte {
	b = slices.Clone(b)
	b[len(b)-8] ^= 1
	return b
}

func TestReadIDXMalformed(t *testing.T) {
	for _, tc := range malformed {
		t.Run(tc.name, func(t *testing.T) {
			var lbl io.Reader
			if tc.lbl != nil {
				lbl = bytes.NewReader(tc.lbl)
			}
			s, err := ReadIDX("x", bytes.NewReader(tc.img), lbl)
			if err == nil {
				t.Fatalf("no error (set %v), want %q", s, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "datasets: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestLoadIDXMalformed writes the malformed cases to files, checking that
// errors name the file by its base name.
func TestLoadIDXMalformed(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range malformed {
		t.Run(tc.name, func(t *testing.T) {
			imgPath := filepath.Join(dir, "t10k-images-idx3-ubyte.gz")
			lblPath := ""
			if err := os.WriteFile(imgPath, tc.img, 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.lbl != nil {
				lblPath = filepath.Join(dir, "t10k-labels-idx1-ubyte.gz")
				if err := os.WriteFile(lblPath, tc.lbl, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := LoadIDX(imgPath, lblPath)
			want := strings.NewReplacer("x images", "t10k-images-idx3-ubyte.gz", "x labels", "t10k-labels-idx1-ubyte.gz").Replace(tc.want)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v, want one containing %q", err, want)
			}
			if err != nil && strings.Contains(err.Error(), dir) {
				t.Errorf("error %q names the full path, want the base name", err)
			}
		})
	}
}

func TestLoadIDX(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "train-images-idx3-ubyte")
	lbl := filepath.Join(dir, "train-labels-idx1-ubyte.gz")
	os.WriteFile(img, idxImages(4, 2, 3), 0o644)
	os.WriteFile(lbl, gz(idxLabels(4)), 0o644)
	s, err := LoadIDX(img, lbl)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 4 || s.Name != "train-images" || !slices.Equal(s.Labels, []int{0, 1, 2, 3}) {
		t.Errorf("got %v", s)
	}
	s, err = LoadIDX(img, "")
	if err != nil || s.Labels != nil {
		t.Errorf("without labels: %v, %v", s, err)
	}
	_, err = LoadIDX(filepath.Join(dir, "nope"), "")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want os.ErrNotExist", err)
	}
	_, err = LoadIDX(img, filepath.Join(dir, "nope"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing labels: %v, want os.ErrNotExist", err)
	}
	_, err = LoadIDX(dir, "")
	if err == nil {
		t.Error("a folder as images file: no error")
	}
}

func TestReadIDXNilImages(t *testing.T) {
	_, err := ReadIDX("x", nil, nil)
	checkErr(t, err, "images reader is nil")
}

// errReader fails after its bytes.
type errReader struct {
	b   []byte
	err error
}

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, r.err
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func TestReadIDXReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, b := range [][]byte{nil, idxHeader(imagesMagic, 2)[:6], idxImages(2, 2, 2)[:20]} {
		_, err := ReadIDX("x", &errReader{b: b, err: boom}, nil)
		if !errors.Is(err, boom) && (err == nil || !strings.Contains(err.Error(), boom.Error())) {
			t.Errorf("%d bytes then an error: %v, want %v", len(b), err, boom)
		}
	}
}

func TestSetName(t *testing.T) {
	for in, want := range map[string]string{
		"/a/t10k-images-idx3-ubyte.gz": "t10k-images",
		"train-images.idx3-ubyte":      "train-images",
		"foo.bin":                      "foo.bin",
	} {
		if got := setName(in); got != want {
			t.Errorf("setName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReadIDXGzipMembers reads a gzip file of two members, as
// concatenated .gz files make: one stream.
func TestReadIDXGzipMembers(t *testing.T) {
	img := idxImages(2, 2, 2)
	s, err := ReadIDX("x", bytes.NewReader(cat(gz(img[:10]), gz(img[10:]))), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.Images.At(1, 3) != 7.0/255 {
		t.Errorf("got %v", s)
	}
	_, err = ReadIDX("x", bytes.NewReader(cat(gz(img[:10]), gz(img[10:]), []byte{0x1f, 0x8b, 1})), nil)
	checkErr(t, err, "corrupt or truncated gzip stream after 24 bytes decompressed")
}
