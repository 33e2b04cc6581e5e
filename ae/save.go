package ae

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/aekit/aekit/internal/atomicfile"
)

// The save format, version 1. All integers are little-endian uint32.
//
//	magic     8 bytes  "AEKITMDL"
//	version   uint32   1
//	layers    uint32   number of layers L (1 to 64)
//	encoder   uint32   how many of them form the encoder (1 to L-1)
//	L times   uint32×3 In, Out, Activation (0 linear, 1 relu, 2 leakyrelu, 3 sigmoid, 4 tanh)
//	params    float32  Σ(In·Out + Out) values, layer by layer: the In×Out
//	                   weights row by row (row i: the weights from input i),
//	                   then the Out biases
//	checksum  uint32   CRC-32 (IEEE) of every byte before it
//
// The optimizer's state is not saved: Fit after Load starts a fresh optimizer.
const (
	magic         = "AEKITMDL"
	formatVersion = 1
	maxLayers     = 64
)

// Save writes the model to path in aekit's format. It writes a temporary file
// in the same folder and renames it over path, so a crash or a full disk never
// leaves a half-written model where a good one was. A new file gets the
// usual permissions (0644 under umask 022); a file replaced keeps its own.
func (m *Model) Save(path string) error {
	if err := atomicfile.Write(path, 0o666, m.Write); err != nil {
		return fmt.Errorf("ae: Save: %w", err)
	}
	return nil
}

// Write writes the model to w in aekit's format (see Save).
func (m *Model) Write(w io.Writer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := crc32.NewIEEE()
	out := io.MultiWriter(w, h)
	head := []uint32{formatVersion, uint32(len(m.layers)), uint32(m.nEnc)}
	for _, d := range m.layers {
		head = append(head, uint32(d.In), uint32(d.Out), uint32(d.Act))
	}
	if _, err := io.WriteString(out, magic); err != nil {
		return err
	}
	if err := binary.Write(out, binary.LittleEndian, head); err != nil {
		return err
	}
	buf := make([]byte, 4*4096)
	for start := 0; start < len(m.params); start += 4096 {
		chunk := m.params[start:min(start+4096, len(m.params))]
		for i, v := range chunk {
			binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
		}
		if _, err := out.Write(buf[:4*len(chunk)]); err != nil {
			return err
		}
	}
	return binary.Write(w, binary.LittleEndian, h.Sum32())
}

// Load reads a model saved by Save.
func Load(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ae: Load: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("ae: Load: %w", err)
	}
	m, err := read(bufio.NewReader(f), info.Size())
	if err != nil {
		return nil, fmt.Errorf("ae: Load: %s: %w", filepath.Base(path), err)
	}
	return m, nil
}

// Read reads a model in aekit's format from r (see Save).
func Read(r io.Reader) (*Model, error) {
	m, err := read(r, -1)
	if err != nil {
		return nil, fmt.Errorf("ae: Read: %w", err)
	}
	return m, nil
}

// ErrFormat is wrapped by every error about a file that is not a valid model.
var ErrFormat = errors.New("not a valid aekit model")

// read parses the format; size is the stream's length if known, else -1.
// Every size is checked before anything is allocated for it.
func read(r io.Reader, size int64) (*Model, error) {
	h := crc32.NewIEEE()
	tr := io.TeeReader(r, h)
	var mg [8]byte
	if _, err := io.ReadFull(tr, mg[:]); err != nil {
		return nil, fmt.Errorf("%w: %v reading the magic number", ErrFormat, short(err))
	}
	if string(mg[:]) != magic {
		return nil, fmt.Errorf("%w: the file starts with %q, want %q", ErrFormat, mg[:], magic)
	}
	var fixed [3]uint32
	if err := binary.Read(tr, binary.LittleEndian, &fixed); err != nil {
		return nil, fmt.Errorf("%w: %v reading the header", ErrFormat, short(err))
	}
	version, nl, ne := fixed[0], fixed[1], fixed[2]
	if version != formatVersion {
		return nil, fmt.Errorf("%w: format version %d, this aekit reads version %d", ErrFormat, version, formatVersion)
	}
	if nl < 2 || nl > maxLayers {
		return nil, fmt.Errorf("%w: the header says %d layers, want 2 to %d", ErrFormat, nl, maxLayers)
	}
	if ne < 1 || ne >= nl {
		return nil, fmt.Errorf("%w: the header says %d of %d layers are the encoder", ErrFormat, ne, nl)
	}
	dims := make([]uint32, 3*nl)
	if err := binary.Read(tr, binary.LittleEndian, dims); err != nil {
		return nil, fmt.Errorf("%w: %v reading the layers", ErrFormat, short(err))
	}
	layers := make([]Layer, nl)
	for i := range layers {
		layers[i] = Layer{In: int(dims[3*i]), Out: int(dims[3*i+1]), Act: Activation(dims[3*i+2])}
	}
	n, err := checkArchitecture(layers[:ne], layers[ne:])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	total := int64(n)
	want := int64(len(magic)) + 4*int64(3+3*nl) + 4*total + 4
	if size >= 0 && size != want {
		return nil, fmt.Errorf("%w: the header describes %d parameters (%d bytes in all) but the file has %d bytes", ErrFormat, total, want, size)
	}
	// Read the parameters a slice at a time, growing the buffer only as bytes
	// arrive, so a header that lies about a stream's length cannot make us
	// allocate what the stream does not hold.
	params := make([]float32, 0, min(total, 1<<20))
	buf := make([]byte, 4*4096)
	for int64(len(params)) < total {
		n := int(min(4096, total-int64(len(params))))
		if _, err := io.ReadFull(tr, buf[:4*n]); err != nil {
			return nil, fmt.Errorf("%w: %v after %d of %d parameters", ErrFormat, short(err), len(params), total)
		}
		for i := 0; i < n; i++ {
			v := math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
			if v != v || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("%w: parameter %d is %v", ErrFormat, len(params), v)
			}
			params = append(params, v)
		}
	}
	sum := h.Sum32()
	var stored uint32
	if err := binary.Read(r, binary.LittleEndian, &stored); err != nil {
		return nil, fmt.Errorf("%w: %v reading the checksum", ErrFormat, short(err))
	}
	if stored != sum {
		return nil, fmt.Errorf("%w: checksum %08x, the contents give %08x: the file is corrupted", ErrFormat, stored, sum)
	}
	var extra [1]byte
	if n, _ := r.Read(extra[:]); n > 0 {
		return nil, fmt.Errorf("%w: bytes after the checksum", ErrFormat)
	}
	m, err := New(layers[:ne], layers[ne:], 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	copy(m.params, params)
	return m, nil
}

// short turns the io errors of a short read into words.
func short(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the file ends early")
	}
	return err
}
