package protocol

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
)

// every is one message of every type but Output.
var every = []any{
	&Init{Version: Version, Out: "aekit-out", Quick: true, MemoryLimit: 1 << 30},
	&Run{Cell: 3, Code: "x := 1\nfmt.Println(x)", Step: &Step{Lesson: "compression", Index: 1, Variant: "codeSize=8"}},
	&Interrupt{Cell: 3},
	&Query{ID: 9, Kind: QComplete, Arg: "ae.NewS"},
	&Shutdown{},
	&Ready{Version: Version, PID: 42, Interpreter: "yaegi v0.16.1", Packages: []string{"ae", "mat"}, Predefined: []NameDoc{{"ctx", "the context"}}},
	&Progress{Cell: 3, Model: 1, Epoch: 2, Epochs: 10, Batch: 5, Batches: 40, Loss: 0.25, ImagesPerSecond: 41000},
	&Epoch{Cell: 3, Model: 1, Epoch: 2, Epochs: 10, Train: 0.25, Validation: Float(math.NaN()), Seconds: 0.5},
	&Picture{Cell: 3, Path: "aekit-out/x.png"},
	&Stuck{Cell: 3, Seconds: 2},
	&Done{Cell: 3, Problem: &Problem{Kind: "error", Line: 2, Msg: "undefined: y", Hint: "define it"}, Out: "aekit-out", Millis: 1.5},
	&Reply{ID: 9, Word: "NewS", List: []string{"NewSymmetric"}},
	&Started{Cell: 3},
}

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	s := NewSender(&buf)
	for _, m := range every {
		if err := s.Send(m); err != nil {
			t.Fatalf("%T: %v", m, err)
		}
	}
	if err := s.SendOutput(7, []byte("hello\n")); err != nil {
		t.Fatal(err)
	}
	for _, want := range every {
		typ, payload, err := ReadFrame(&buf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(typ, payload)
		if err != nil {
			t.Fatalf("%v: %v", typ, err)
		}
		if e, ok := got.(*Epoch); ok {
			if !math.IsNaN(float64(e.Validation)) {
				t.Errorf("NaN came back as %v", e.Validation)
			}
			e.Validation = 0
			want.(*Epoch).Validation = 0
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v: got %+v, want %+v", typ, got, want)
		}
	}
	typ, payload, err := ReadFrame(&buf)
	if err != nil || typ != TOutput {
		t.Fatalf("Output frame: %v %v", typ, err)
	}
	got, err := Decode(typ, payload)
	if err != nil {
		t.Fatal(err)
	}
	if o := got.(*Output); o.Cell != 7 || string(o.Data) != "hello\n" {
		t.Errorf("Output = %+v", o)
	}
	if _, _, err := ReadFrame(&buf); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
}

func TestFloatJSON(t *testing.T) {
	for _, f := range []float64{0, -1.5, 1e-300, math.Inf(1), math.Inf(-1)} {
		b, err := Float(f).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var g Float
		if err := g.UnmarshalJSON(b); err != nil || float64(g) != f {
			t.Errorf("%v → %s → %v, %v", f, b, g, err)
		}
	}
	var g Float
	if err := g.UnmarshalJSON([]byte(`"lots"`)); err == nil {
		t.Error(`"lots" decoded as a number`)
	}
}

// header builds a frame header.
func header(m0, m1, version, typ byte, length uint32) []byte {
	h := []byte{m0, m1, version, typ, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(h[4:], length)
	return h
}

// TestMalformedFrames: every way a frame can be wrong is an error, with
// nothing allocated for a length over the limit.
func TestMalformedFrames(t *testing.T) {
	good := header('A', 'K', Version, byte(TRun), 2)
	cases := []struct {
		name string
		in   []byte
		want error
	}{
		{"bad magic", append(header('X', 'K', Version, byte(TRun), 2), "{}"...), ErrMagic},
		{"other version", append(header('A', 'K', Version+1, byte(TRun), 2), "{}"...), ErrVersion},
		{"unknown type", append(header('A', 'K', Version, 200, 2), "{}"...), ErrType},
		{"too large", header('A', 'K', Version, byte(TRun), MaxPayload+1), ErrTooLarge},
		{"4 GB", header('A', 'K', Version, byte(TRun), math.MaxUint32), ErrTooLarge},
		{"header cut", good[:5], ErrCut},
		{"payload cut", append(good, '{'), ErrCut},
	}
	for _, c := range cases {
		var allocs float64
		var err error
		allocs = testing.AllocsPerRun(1, func() {
			_, _, err = ReadFrame(bytes.NewReader(c.in))
		})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if err != nil && err.Error() == "" {
			t.Errorf("%s: an empty message", c.name)
		}
		if c.want == ErrTooLarge && allocs > 3 {
			t.Errorf("%s: %v allocations before refusing", c.name, allocs)
		}
	}
	if err := WriteFrame(io.Discard, TRun, make([]byte, MaxPayload+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("writing an oversized frame: %v", err)
	}
	if err := WriteFrame(io.Discard, Type(200), nil); !errors.Is(err, ErrType) {
		t.Errorf("writing an unknown type: %v", err)
	}
}

// TestMalformedPayloads: a frame whose payload is not its message is an
// error, and the frame after it is read as usual.
func TestMalformedPayloads(t *testing.T) {
	for _, c := range []struct {
		typ     Type
		payload string
	}{
		{TRun, `{"Cell": "three"}`},
		{TRun, `{"Cell": 3, "Extra": 1}`},
		{TRun, `not json`},
		{TRun, `{"Cell": 3} {"Cell": 4}`},
		{TDone, `{"Problem": 5}`},
		{TEpoch, `{"Train": "fast"}`},
		{TOutput, "1234567"},
		{TQuery, ``},
	} {
		var buf bytes.Buffer
		WriteFrame(&buf, c.typ, []byte(c.payload))
		s := NewSender(&buf)
		s.Send(&Interrupt{Cell: 1})
		typ, payload, err := ReadFrame(&buf)
		if err != nil {
			t.Fatalf("%v %q: framing error %v", c.typ, c.payload, err)
		}
		if _, err := Decode(typ, payload); err == nil {
			t.Errorf("%v %q decoded", c.typ, c.payload)
		}
		typ, payload, err = ReadFrame(&buf)
		if err != nil || typ != TInterrupt {
			t.Fatalf("after a bad payload: %v %v", typ, err)
		}
		if m, err := Decode(typ, payload); err != nil || m.(*Interrupt).Cell != 1 {
			t.Errorf("the next frame: %v %v", m, err)
		}
	}
	if _, _, err := Encode(struct{}{}); err == nil {
		t.Error("encoded a struct that is no message")
	}
}

// TestOutputSplit: long output goes in frames of MaxOutput bytes.
func TestOutputSplit(t *testing.T) {
	var buf bytes.Buffer
	data := bytes.Repeat([]byte("x"), 2*MaxOutput+10)
	if err := NewSender(&buf).SendOutput(1, data); err != nil {
		t.Fatal(err)
	}
	var got []byte
	frames := 0
	for {
		typ, payload, err := ReadFrame(&buf)
		if err == io.EOF {
			break
		}
		if err != nil || typ != TOutput {
			t.Fatal(typ, err)
		}
		m, _ := Decode(typ, payload)
		got = append(got, m.(*Output).Data...)
		frames++
	}
	if frames != 3 || !bytes.Equal(got, data) {
		t.Errorf("%d frames, %d bytes", frames, len(got))
	}
}

// TestSenderStopsAfterError: a Sender whose writer failed reports the
// same error for every later frame.
func TestSenderStopsAfterError(t *testing.T) {
	s := NewSender(failWriter{})
	if err := s.Send(&Shutdown{}); err == nil {
		t.Fatal("no error")
	}
	if err := s.SendOutput(1, []byte("x")); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("second send: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// TestSyncScanner: markers are found whatever the pieces the stream
// arrives in, and text that only looks like one is kept.
func TestSyncScanner(t *testing.T) {
	stream := "a" + string(SyncMarker(1)) + "b\x1b]7770;aekit-sync;x\x07c" + string(SyncMarker(12345)) + "\x1b]7770"
	for cut := 1; cut <= len(stream); cut++ {
		var sc SyncScanner
		var text []byte
		var cells []uint64
		var order []string
		for i := 0; i < len(stream); i += cut {
			sc.Scan([]byte(stream[i:min(i+cut, len(stream))]),
				func(b []byte) { text = append(text, b...); order = append(order, "t") },
				func(c uint64) { cells = append(cells, c); order = append(order, "m") })
		}
		if f := sc.Flush(); len(f) > 0 {
			text = append(text, f...)
			order = append(order, "t")
		}
		if o := strings.Join(compact(order), ""); o != "tmtmt" {
			t.Errorf("pieces of %d: order %s, want text, marker, text, marker, text", cut, o)
		}

		if want := "ab\x1b]7770;aekit-sync;x\x07c\x1b]7770"; string(text) != want {
			t.Errorf("pieces of %d: text %q, want %q", cut, text, want)
		}
		if !reflect.DeepEqual(cells, []uint64{1, 12345}) {
			t.Errorf("pieces of %d: cells %v", cut, cells)
		}
	}
}

// compact drops repeats in a row.
func compact(s []string) []string {
	var out []string
	for _, x := range s {
		if len(out) == 0 || out[len(out)-1] != x {
			out = append(out, x)
		}
	}
	return out
}
