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

// The save format, version 2. All integers are little-endian uint32 unless
// said otherwise; floats are IEEE 754, little-endian.
//
//	magic     8 bytes  "AEKITMDL"
//	version   uint32   2
//	layers    uint32   number of layers L (2 to 64)
//	encoder   uint32   how many of them form the encoder (1 to L-1)
//	input     uint32×4 flat (1: rows of plain values, 0: images), C, H, W
//	          (plain values: C values, H = W = 1)
//	L times   68 bytes, one layer (layerRecord): kind (0 Dense, 1 Conv2D,
//	          2 ConvTranspose2D, 3 MaxPool2D, 4 Upsample2D, 5 BatchNorm,
//	          6 Flatten, 7 Unflatten), In, Out, Activation (0 linear, 1 relu,
//	          2 leakyrelu, 3 sigmoid, 4 tanh), Kernel, Stride, Padding (int32:
//	          -1 Same, 0 Valid, n pixels), OutputPadding, Shape C, H, W
//	          (Unflatten), then Slope, Momentum and Eps as float64; the
//	          fields a kind does not use are 0
//	params    float32  every trainable parameter, layer by layer: the
//	          weights, then the biases (BatchNorm: γ, then β). Dense weights
//	          are In×Out row by row (row i: the weights from input i);
//	          Conv2D's Out×In×k×k and ConvTranspose2D's In×Out×k×k, as
//	          PyTorch lays them out
//	state     float32  each BatchNorm's running means, then its running
//	          variances, layer by layer
//	checksum  uint32   CRC-32 (IEEE) of every byte before it
//
// Version 3 is version 2 with one more kind of layer, 8 Sampling (In =
// 2·Out, every other field 0), the last layer of a variational
// autoencoder's encoder. Save writes version 3 for a model with a Sampling
// layer and version 2 for every other, so that aekit from before version 3
// still reads those, and names the version it cannot read for the rest.
//
// Version 1, which aekit wrote before convolutions, had only Dense layers:
// after the encoder count, L times In, Out, Activation (uint32×3), then the
// parameters as above, then the checksum. Load reads all three. The
// optimizer's state is not saved: Fit after Load starts a fresh optimizer;
// nor is a VAE's KLWeight, which is Fit's.
const (
	magic         = "AEKITMDL"
	formatVersion = 2
	// variationalVersion is the version of a model with a Sampling layer.
	variationalVersion = 3
	maxLayers          = 64
)

// layerRecord is one layer in the file, version 2.
type layerRecord struct {
	Kind, In, Out, Act, Kernel, Stride uint32
	Padding                            int32
	OutputPadding, C, H, W             uint32
	Slope, Momentum, Eps               float64
}

const recordSize = 68

func recordOf(l Layer) layerRecord {
	return layerRecord{Kind: uint32(l.kind), In: uint32(l.In), Out: uint32(l.Out), Act: uint32(l.Act),
		Kernel: uint32(l.Kernel), Stride: uint32(l.Stride), Padding: int32(l.Padding),
		OutputPadding: uint32(l.OutputPadding), C: uint32(l.Shape.C), H: uint32(l.Shape.H), W: uint32(l.Shape.W),
		Slope: l.Slope, Momentum: l.Momentum, Eps: l.Eps}
}

func (r layerRecord) layer() Layer {
	return Layer{kind: layerKind(min(r.Kind, 255)), In: int(r.In), Out: int(r.Out), Act: Activation(r.Act),
		Kernel: int(r.Kernel), Stride: int(r.Stride), Padding: Padding(r.Padding), OutputPadding: int(r.OutputPadding),
		Shape: Shape{C: int(r.C), H: int(r.H), W: int(r.W)}, Slope: r.Slope, Momentum: r.Momentum, Eps: r.Eps}
}

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
	flat := uint32(0)
	if m.input.flat {
		flat = 1
	}
	version := uint32(formatVersion)
	if m.variational() {
		version = variationalVersion
	}
	head := []uint32{version, uint32(len(m.layers)), uint32(m.nEnc),
		flat, uint32(m.input.C), uint32(m.input.H), uint32(m.input.W)}
	if _, err := io.WriteString(out, magic); err != nil {
		return err
	}
	if err := binary.Write(out, binary.LittleEndian, head); err != nil {
		return err
	}
	for _, d := range m.layers {
		if err := binary.Write(out, binary.LittleEndian, recordOf(d.Layer)); err != nil {
			return err
		}
	}
	buf := make([]byte, 4*4096)
	for _, values := range [][]float32{m.params, m.state} {
		for start := 0; start < len(values); start += 4096 {
			chunk := values[start:min(start+4096, len(values))]
			for i, v := range chunk {
				binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
			}
			if _, err := out.Write(buf[:4*len(chunk)]); err != nil {
				return err
			}
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
	if version < 1 || version > variationalVersion {
		return nil, fmt.Errorf("%w: format version %d, this aekit reads versions 1 to %d", ErrFormat, version, variationalVersion)
	}
	if nl < 2 || nl > maxLayers {
		return nil, fmt.Errorf("%w: the header says %d layers, want 2 to %d", ErrFormat, nl, maxLayers)
	}
	if ne < 1 || ne >= nl {
		return nil, fmt.Errorf("%w: the header says %d of %d layers are the encoder", ErrFormat, ne, nl)
	}
	layers := make([]Layer, nl)
	var input tensor
	headBytes := int64(len(magic)) + 12
	if version == 1 {
		dims := make([]uint32, 3*nl)
		if err := binary.Read(tr, binary.LittleEndian, dims); err != nil {
			return nil, fmt.Errorf("%w: %v reading the layers", ErrFormat, short(err))
		}
		for i := range layers {
			layers[i] = Layer{In: int(dims[3*i]), Out: int(dims[3*i+1]), Act: Activation(dims[3*i+2])}
		}
		input = flatOf(layers[0].In)
		headBytes += 12 * int64(nl)
	} else {
		var in [4]uint32
		if err := binary.Read(tr, binary.LittleEndian, &in); err != nil {
			return nil, fmt.Errorf("%w: %v reading the input's shape", ErrFormat, short(err))
		}
		input = tensor{Shape: Shape{C: int(in[1]), H: int(in[2]), W: int(in[3])}, flat: in[0] == 1}
		switch {
		case in[0] > 1:
			return nil, fmt.Errorf("%w: the input's flat flag is %d, want 0 or 1", ErrFormat, in[0])
		case input.flat && (input.H != 1 || input.W != 1 || input.C < 1 || input.C > maxValues):
			return nil, fmt.Errorf("%w: the input is %d×%d×%d plain values, want n×1×1 with 1 ≤ n ≤ %d", ErrFormat, input.C, input.H, input.W, maxValues)
		case !input.flat:
			if err := checkShape(input.Shape); err != nil {
				return nil, fmt.Errorf("%w: the input: %v", ErrFormat, err)
			}
		}
		recs := make([]layerRecord, nl)
		if err := binary.Read(tr, binary.LittleEndian, recs); err != nil {
			return nil, fmt.Errorf("%w: %v reading the layers", ErrFormat, short(err))
		}
		for i, rec := range recs {
			layers[i] = rec.layer()
		}
		headBytes += 16 + recordSize*int64(nl)
	}
	m, err := build(input, layers[:ne], layers[ne:])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if version == 1 && !m.dense() {
		return nil, fmt.Errorf("%w: a version 1 file holds only Dense layers", ErrFormat)
	}
	if v := m.variational(); v != (version == variationalVersion) {
		if v {
			return nil, fmt.Errorf("%w: a version %d file holds no Sampling layer (version 3 does)", ErrFormat, version)
		}
		return nil, fmt.Errorf("%w: a version 3 file holds a variational autoencoder, and this one has no Sampling layer", ErrFormat)
	}
	total := int64(m.nParams + m.nState)
	want := headBytes + 4*total + 4
	if size >= 0 && size != want {
		return nil, fmt.Errorf("%w: the header describes %d parameters (%d bytes in all) but the file has %d bytes", ErrFormat, total, want, size)
	}
	// Read the parameters a slice at a time, growing the buffer only as bytes
	// arrive, so a header that lies about a stream's length cannot make us
	// allocate what the stream does not hold. (build has allocated the
	// model's parameters already; its sizes are bounded.)
	values := make([]float32, 0, min(total, 1<<20))
	buf := make([]byte, 4*4096)
	for int64(len(values)) < total {
		n := int(min(4096, total-int64(len(values))))
		if _, err := io.ReadFull(tr, buf[:4*n]); err != nil {
			return nil, fmt.Errorf("%w: %v after %d of %d parameters", ErrFormat, short(err), len(values), total)
		}
		for i := 0; i < n; i++ {
			v := math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
			if v != v || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("%w: parameter %d is %v", ErrFormat, len(values), v)
			}
			values = append(values, v)
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
	m.allocate()
	copy(m.params, values)
	copy(m.state, values[m.nParams:])
	for i, d := range m.layers {
		if d.kind != kindBatchNorm {
			continue
		}
		for c, v := range d.run[d.In:] {
			if v < 0 {
				return nil, fmt.Errorf("%w: %s: the running variance of channel %d is %v, below 0", ErrFormat, layerTitle(i, m.nEnc, d.Layer), c, v)
			}
		}
	}
	return m, nil
}

// short turns the io errors of a short read into words.
func short(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the file ends early")
	}
	return err
}
