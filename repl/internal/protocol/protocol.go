// Package protocol is what the REPL's front end and its kernel say to each
// other. The kernel is a child process of the same binary, started with
// KernelEnv set; it reads requests on file descriptor 3 and writes
// messages on file descriptor 4 (cmd.ExtraFiles), so that a cell that
// closes os.Stdout, or prints straight to file descriptors 1 and 2, never
// touches the protocol. The kernel's stdout and stderr are one pipe the
// front end reads: what a cell prints there is shown as output, and what
// Go's runtime prints there when the kernel dies is how the front end
// learns why.
//
// # Framing
//
// A frame is an 8-byte header and a payload:
//
//	'A' 'K'  magic
//	version  one byte: Version
//	type     one byte: a Type
//	length   four bytes, big-endian: the payload's length, at most MaxPayload
//
// The payload of an Output frame is an 8-byte cell number (big-endian)
// and the bytes the cell printed; every other payload is one JSON object,
// the struct the type names. A reader checks the header before it
// allocates anything: a wrong magic or version, an unknown type or a
// length over MaxPayload is an error, and so is a frame cut short. After
// such an error the stream cannot be trusted and the reader stops; a
// frame whose JSON does not decode is an error too, but the next frame can
// still be read. Both sides treat any such error as the kernel's end: the
// kernel exits (status 3, saying why on its stderr), the front end kills
// it; either way the front end says so and starts another.
//
// # Conversation
//
// The front end's first frame is Init; the kernel answers Ready once its
// interpreter is loaded. Then the front end sends Run (a cell), Query
// (completion, :vars, :doc, an exercise's check, the names defined, :out)
// and, at any time, Interrupt. A Run is answered by Started, then
// Output, Progress, Epoch, Picture and Stuck frames as they happen, then
// Done; a Query by one Reply with its ID. Shutdown ends the kernel. Just
// before Done the kernel writes SyncMarker(cell) to its stdout, so the
// front end knows when it has read everything the cell printed there.
// An Interrupt for a cell whose Run the kernel has not begun stops that
// cell as soon as it begins.
package protocol

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Version is the protocol's version, in every frame's header. It changes
// when a message changes incompatibly.
const Version = 1

// MaxPayload is the longest payload a frame may carry: 8 MiB. Output is
// sent in pieces shorter than that (MaxOutput).
const MaxPayload = 8 << 20

// MaxOutput is the most output one Output frame carries.
const MaxOutput = 64 << 10

// HeaderSize is the length of a frame's header.
const HeaderSize = 8

// KernelEnv is the environment variable that makes the REPL's binary run
// as a kernel; its value is Version.
const KernelEnv = "AEKIT_KERNEL"

// The kernel's file descriptors for the protocol.
const (
	RequestFD = 3 // the kernel reads requests here
	MessageFD = 4 // the kernel writes messages here
)

// IsKernel reports whether this process was started as a kernel.
func IsKernel() bool { return os.Getenv(KernelEnv) != "" }

// magic starts every frame.
var magic = [2]byte{'A', 'K'}

// A Type says what a frame holds.
type Type byte

// Front end to kernel.
const (
	TInit      Type = 1 // Init
	TRun       Type = 2 // Run
	TInterrupt Type = 3 // Interrupt
	TQuery     Type = 4 // Query
	TShutdown  Type = 5 // Shutdown
)

// Kernel to front end.
const (
	TReady    Type = 64 // Ready
	TOutput   Type = 65 // a cell's output: 8-byte cell number, then the bytes
	TProgress Type = 66 // Progress
	TEpoch    Type = 67 // Epoch
	TPicture  Type = 68 // Picture
	TStuck    Type = 69 // Stuck
	TDone     Type = 70 // Done
	TReply    Type = 71 // Reply
	TStarted  Type = 72 // Started
)

var typeNames = map[Type]string{
	TInit: "Init", TRun: "Run", TInterrupt: "Interrupt", TQuery: "Query", TShutdown: "Shutdown",
	TReady: "Ready", TOutput: "Output", TProgress: "Progress", TEpoch: "Epoch", TPicture: "Picture",
	TStuck: "Stuck", TDone: "Done", TReply: "Reply", TStarted: "Started",
}

// String names the type.
func (t Type) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Known reports whether t is a type of this version.
func (t Type) Known() bool {
	_, ok := typeNames[t]
	return ok
}

// ToKernel reports whether frames of type t go from the front end to the
// kernel.
func (t Type) ToKernel() bool { return t.Known() && t < 64 }

// Init is the front end's first frame: the session's settings.
type Init struct {
	Version     int    // the front end's Version
	Out         string // the folder pictures go to
	Quick       bool   // lessons shrink their data and epochs
	MemoryLimit int64  // bytes the kernel may use; 0 for no limit
}

// Ready is the kernel's answer to Init, once its interpreter is loaded.
type Ready struct {
	Version     int       // the kernel's Version
	PID         int       // the kernel's process
	Interpreter string    // "yaegi v0.16.1"
	MemoryLimit int64     // the limit the kernel applied, 0 for none
	MemoryNote  string    // why the limit is not what Init asked for, if it is not
	Packages    []string  // the packages cells use without an import
	Predefined  []NameDoc // the names every session defines
	Unsupported string    // what the interpreter lacks, for :help
	Millis      float64   // how long the kernel took to get ready
}

// NameDoc is a predefined name and what it is.
type NameDoc struct {
	Name string // as cells use it
	Doc  string // its type and what it is, one line
}

// Step names the lesson step a cell runs.
type Step struct {
	Lesson  string // the lesson's name
	Index   int    // the step, from 0
	Variant string // the settings it runs with ("codeSize=8"), "" for the step as written
}

// Run asks the kernel to run a cell.
type Run struct {
	Cell uint64 // the cell's number in this kernel, from 1, increasing
	Code string // the cell's Go
	Step *Step  // the lesson step, or nil
}

// Started says the kernel has begun a Run: a kernel that dies before it
// says so died before the cell could do anything.
type Started struct {
	Cell uint64 // the Run's Cell
}

// Interrupt cancels the running cell's context (Ctrl-C).
type Interrupt struct {
	Cell uint64 // the cell to stop; an Interrupt for another is ignored
}

// Query kinds.
const (
	QComplete   = "complete"    // Arg: the line up to the cursor; Reply: Word, List
	QVars       = "vars"        // Reply: Text, the :vars table
	QDoc        = "doc"         // Arg: the name; Reply: Text, or Err
	QEvalBool   = "eval-bool"   // Arg: a Go boolean expression; Reply: Bool, or Err
	QEvalString = "eval-string" // Arg: a Go string expression; Reply: Text, or Err
	QNames      = "names"       // Reply: List, every name a cell can use
	QSetOut     = "set-out"     // Arg: the folder; Reply: Err if it cannot be made
)

// Query asks the kernel something between cells.
type Query struct {
	ID   uint64 // echoed by the Reply
	Kind string // one of the Q constants
	Arg  string // what the query is about (see the Q constants)
}

// Reply answers a Query.
type Reply struct {
	ID   uint64   // the Query's ID
	Text string   // a text answer (:vars, :doc, an Answer)
	Word string   // the word completion completes
	List []string // completion's candidates; the names defined
	Bool bool     // a Check's value
	Err  string   // the query failed: why
}

// Shutdown ends the kernel.
type Shutdown struct{}

// Progress is a training run's news, sent at most every few tens of
// milliseconds while it trains.
type Progress struct {
	Cell            uint64 // the Run's Cell
	Model           int    // which Fit of the cell, from 1
	Epoch, Epochs   int    // the epoch, from 1, of how many
	Batch, Batches  int    // the batch in the epoch, from 1, of how many
	Loss            Float  // the batch's loss
	ImagesPerSecond Float  // since the epoch began
}

// Epoch is the end of an epoch of a training run.
type Epoch struct {
	Cell          uint64 // the Run's Cell
	Model         int    // which Fit of the cell, from 1
	Epoch, Epochs int    // the epoch that ended, from 1, of how many
	Train         Float  // its mean training loss
	Validation    Float  // its validation loss, NaN without validation data
	Seconds       Float  // how long it took
}

// Picture is a picture (PNG or GIF) a cell saved, or saved again.
type Picture struct {
	Cell uint64 // the Run's Cell
	Path string // as the cell named it (relative to the REPL's folder, or absolute)
}

// Stuck says that an interrupted cell has not stopped: it is in compiled
// code that does not watch ctx.
type Stuck struct {
	Cell    uint64 // the cell interrupted
	Seconds Float  // since the interrupt
}

// Problem is how a cell failed.
type Problem struct {
	Kind string // "error", "panic" or "interrupted"
	Line int    // the cell's line, 0 when unknown
	Msg  string // what went wrong
	Hint string // what to write instead, or where to look; may be ""
}

// Error implements error: the problem as the REPL prints it.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.Kind == "interrupted" {
		b.WriteString("interrupted")
	} else {
		b.WriteString(p.Kind + ": ")
		if p.Line > 0 {
			fmt.Fprintf(&b, "line %d: ", p.Line)
		}
		b.WriteString(p.Msg)
	}
	if p.Hint != "" {
		b.WriteString("\n  hint: " + p.Hint)
	}
	return b.String()
}

// Headline is the problem's first line.
func (p *Problem) Headline() string {
	s := p.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Done ends a Run: the cell's problem (nil when it ran), the out folder
// after it (a cell may assign out), and how long it took.
type Done struct {
	Cell    uint64   // the Run's Cell
	Problem *Problem // nil when the cell ran to its end
	Out     string   // the out folder after the cell
	Millis  Float    // how long the kernel took over it
}

// Float is a float64 whose JSON form carries NaN and the infinities
// (as "NaN", "+Inf", "-Inf"), which a diverging loss can be.
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*f = Float(math.NaN())
		return nil
	case `"+Inf"`:
		*f = Float(math.Inf(1))
		return nil
	case `"-Inf"`:
		*f = Float(math.Inf(-1))
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("protocol: %q is not a number", b)
	}
	*f = Float(v)
	return nil
}

// Errors of framing: after one of these the stream cannot be read on.
var (
	ErrMagic    = errors.New("protocol: not a frame (bad magic)")
	ErrVersion  = errors.New("protocol: frame of another version")
	ErrType     = errors.New("protocol: unknown frame type")
	ErrTooLarge = errors.New("protocol: frame longer than the limit")
	ErrCut      = errors.New("protocol: frame cut short")
)

// FrameError is a framing error with the header that caused it.
type FrameError struct {
	Err    error  // one of the Err variables
	Header []byte // the header read, as far as it was read
	Length uint32 // the length the header gave
}

// Error implements error.
func (e *FrameError) Error() string {
	switch e.Err {
	case ErrTooLarge:
		return fmt.Sprintf("%v: %d bytes, limit %d", e.Err, e.Length, MaxPayload)
	case ErrType:
		return fmt.Sprintf("%v %d", e.Err, e.Header[3])
	case ErrVersion:
		return fmt.Sprintf("%v %d (this is version %d)", e.Err, e.Header[2], Version)
	}
	return e.Err.Error()
}

// Unwrap returns the Err variable.
func (e *FrameError) Unwrap() error { return e.Err }

// WriteFrame writes one frame. It writes the header and payload with one
// Write, so frames from goroutines that share w under a lock never
// interleave.
func WriteFrame(w io.Writer, t Type, payload []byte) error {
	if !t.Known() {
		return fmt.Errorf("%w %d", ErrType, t)
	}
	if len(payload) > MaxPayload {
		return &FrameError{Err: ErrTooLarge, Length: uint32(min(len(payload), math.MaxUint32))}
	}
	buf := make([]byte, HeaderSize+len(payload))
	buf[0], buf[1], buf[2], buf[3] = magic[0], magic[1], Version, byte(t)
	binary.BigEndian.PutUint32(buf[4:], uint32(len(payload)))
	copy(buf[HeaderSize:], payload)
	_, err := w.Write(buf)
	return err
}

// ReadFrame reads one frame. It returns io.EOF only at a clean end, before
// a frame's first byte, and the reader's own error when it fails there; a
// frame cut anywhere after that is ErrCut. The payload is allocated after
// the header is checked.
func ReadFrame(r io.Reader) (Type, []byte, error) {
	var h [HeaderSize]byte
	n, err := io.ReadFull(r, h[:])
	switch {
	case err == io.EOF:
		return 0, nil, io.EOF
	case err != nil && n == 0 && err != io.ErrUnexpectedEOF:
		return 0, nil, err // the reader failed: a closed descriptor, say
	case err != nil:
		return 0, nil, &FrameError{Err: ErrCut, Header: append([]byte(nil), h[:n]...)}
	}
	if h[0] != magic[0] || h[1] != magic[1] {
		return 0, nil, &FrameError{Err: ErrMagic, Header: h[:]}
	}
	if h[2] != Version {
		return 0, nil, &FrameError{Err: ErrVersion, Header: h[:]}
	}
	t := Type(h[3])
	if !t.Known() {
		return 0, nil, &FrameError{Err: ErrType, Header: h[:]}
	}
	length := binary.BigEndian.Uint32(h[4:])
	if length > MaxPayload {
		return 0, nil, &FrameError{Err: ErrTooLarge, Header: h[:], Length: length}
	}
	payload := make([]byte, length)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, &FrameError{Err: ErrCut, Header: h[:], Length: length}
	}
	return t, payload, nil
}

// Encode returns the payload of message m, which must be the struct (or a
// pointer to the struct) that its type names. An Output payload is made
// with EncodeOutput.
func Encode(m any) (Type, []byte, error) {
	var t Type
	switch m.(type) {
	case Init, *Init:
		t = TInit
	case Run, *Run:
		t = TRun
	case Interrupt, *Interrupt:
		t = TInterrupt
	case Query, *Query:
		t = TQuery
	case Shutdown, *Shutdown:
		t = TShutdown
	case Ready, *Ready:
		t = TReady
	case Progress, *Progress:
		t = TProgress
	case Epoch, *Epoch:
		t = TEpoch
	case Picture, *Picture:
		t = TPicture
	case Stuck, *Stuck:
		t = TStuck
	case Done, *Done:
		t = TDone
	case Reply, *Reply:
		t = TReply
	case Started, *Started:
		t = TStarted
	default:
		return 0, nil, fmt.Errorf("protocol: %T is not a message", m)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return 0, nil, fmt.Errorf("protocol: encoding %v: %v", t, err)
	}
	return t, b, nil
}

// Output is a cell's output, decoded.
type Output struct {
	Cell uint64 // 0 for output between cells (a goroutine a cell left)
	Data []byte // what was printed
}

// EncodeOutput returns the payload of an Output frame.
func EncodeOutput(cell uint64, data []byte) []byte {
	b := make([]byte, 8+len(data))
	binary.BigEndian.PutUint64(b, cell)
	copy(b[8:], data)
	return b
}

// Decode decodes a payload of type t into a pointer to its struct (or an
// *Output). Unknown fields are refused, so that a frame of another
// version's making is noticed.
func Decode(t Type, payload []byte) (any, error) {
	var m any
	switch t {
	case TOutput:
		if len(payload) < 8 {
			return nil, fmt.Errorf("protocol: Output payload of %d bytes, want at least 8", len(payload))
		}
		return &Output{Cell: binary.BigEndian.Uint64(payload), Data: payload[8:]}, nil
	case TInit:
		m = new(Init)
	case TRun:
		m = new(Run)
	case TInterrupt:
		m = new(Interrupt)
	case TQuery:
		m = new(Query)
	case TShutdown:
		m = new(Shutdown)
	case TReady:
		m = new(Ready)
	case TProgress:
		m = new(Progress)
	case TEpoch:
		m = new(Epoch)
	case TPicture:
		m = new(Picture)
	case TStuck:
		m = new(Stuck)
	case TDone:
		m = new(Done)
	case TReply:
		m = new(Reply)
	case TStarted:
		m = new(Started)
	default:
		return nil, fmt.Errorf("%w %d", ErrType, t)
	}
	dec := json.NewDecoder(strings.NewReader(string(payload)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return nil, fmt.Errorf("protocol: bad %v payload: %v", t, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("protocol: bad %v payload: more than one value", t)
	}
	return m, nil
}

// SyncMarker is what the kernel writes to its stdout after a cell, so the
// front end knows it has read everything the cell printed there before
// Done. It is an escape sequence terminals ignore.
func SyncMarker(cell uint64) []byte {
	return []byte("\x1b]7770;aekit-sync;" + strconv.FormatUint(cell, 10) + "\x07")
}

// syncPrefix starts every SyncMarker.
const syncPrefix = "\x1b]7770;aekit-sync;"

// SyncScanner finds SyncMarkers in a stream read in arbitrary pieces.
type SyncScanner struct {
	pending []byte // the start of what may be a marker, held back
}

// Scan passes the text of p (after what was held back) to text and the
// cell number of each marker to mark, in the order they come. A piece
// that may be the start of a marker is held back until the next Scan or
// Flush.
func (s *SyncScanner) Scan(p []byte, text func([]byte), mark func(cell uint64)) {
	buf := append(s.pending, p...)
	s.pending = nil
	emit := func(b []byte) {
		if len(b) > 0 {
			text(b)
		}
	}
	for {
		i := indexPrefixOrPartial(buf)
		if i < 0 {
			emit(buf)
			return
		}
		emit(buf[:i])
		buf = buf[i:]
		if len(buf) < len(syncPrefix) {
			s.pending = append([]byte(nil), buf...) // a partial prefix at the end
			return
		}
		end := -1
		for j := len(syncPrefix); j < len(buf) && j < len(syncPrefix)+21; j++ {
			if buf[j] == '\a' {
				end = j
				break
			}
			if buf[j] < '0' || buf[j] > '9' {
				break
			}
		}
		switch {
		case end > len(syncPrefix):
			n, err := strconv.ParseUint(string(buf[len(syncPrefix):end]), 10, 64)
			if err == nil {
				mark(n)
				buf = buf[end+1:]
				continue
			}
		case end < 0 && allDigits(buf[len(syncPrefix):]) && len(buf) < len(syncPrefix)+21:
			s.pending = append([]byte(nil), buf...) // the number may go on
			return
		}
		// Not a marker after all: the prefix is text.
		emit(buf[:1])
		buf = buf[1:]
	}
}

// Flush returns what Scan held back: the stream has ended.
func (s *SyncScanner) Flush() []byte {
	p := s.pending
	s.pending = nil
	return p
}

// indexPrefixOrPartial returns the index of the first syncPrefix in b, or
// of a partial one at its end; -1 when there is neither.
func indexPrefixOrPartial(b []byte) int {
	for i := 0; i < len(b); i++ {
		if b[i] != syncPrefix[0] {
			continue
		}
		n := min(len(b)-i, len(syncPrefix))
		if string(b[i:i+n]) == syncPrefix[:n] {
			return i
		}
	}
	return -1
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Sender writes frames to one writer for several goroutines: a cell's
// output, its goroutines' panics and the kernel's replies share it.
type Sender struct {
	mu  sync.Mutex
	w   io.Writer
	err error // the first write error: after it, nothing is sent
}

// NewSender returns a Sender writing to w.
func NewSender(w io.Writer) *Sender { return &Sender{w: w} }

// Send writes message m.
func (s *Sender) Send(m any) error {
	t, b, err := Encode(m)
	if err != nil {
		return err
	}
	return s.frame(t, b)
}

// SendOutput writes a cell's output, in frames of at most MaxOutput bytes.
func (s *Sender) SendOutput(cell uint64, data []byte) error {
	for len(data) > 0 {
		n := min(len(data), MaxOutput)
		if err := s.frame(TOutput, EncodeOutput(cell, data[:n])); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// Err returns the write error that stopped the Sender, if one did.
func (s *Sender) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *Sender) frame(t Type, b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if err := WriteFrame(s.w, t, b); err != nil {
		s.err = err
		return err
	}
	return nil
}
