package protocol

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzReadFrame feeds arbitrary bytes to the reader and the decoder, as a
// kernel or front end gone wrong might send them: nothing panics, nothing
// larger than MaxPayload is allocated, and every frame that decodes
// encodes again. Its seed corpus (the f.Add calls) runs with go test.
func FuzzReadFrame(f *testing.F) {
	var stream bytes.Buffer
	s := NewSender(&stream)
	for _, m := range every {
		s.Send(m)
	}
	s.SendOutput(3, []byte("output\n"))
	f.Add(stream.Bytes())
	f.Add([]byte{})
	f.Add([]byte("AK"))
	f.Add(header('A', 'K', Version, byte(TRun), MaxPayload+1))
	f.Add(append(header('A', 'K', Version, byte(TRun), 7), `{"Cell"`...))
	f.Add(append(header('A', 'K', Version, byte(TDone), 14), `{"Problem":[]}`...))
	f.Add(append(header('A', 'K', Version, byte(TOutput), 3), "abc"...))
	f.Add(append(header('A', 'K', Version, byte(TEpoch), 15), `{"Train":"NaN"}`...))
	f.Add(append(header('A', 'K', 9, byte(TRun), 2), "{}"...))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		for {
			typ, payload, err := ReadFrame(r)
			if err == io.EOF {
				return
			}
			if err != nil {
				var fe *FrameError
				if !errors.As(err, &fe) && err != io.ErrUnexpectedEOF {
					t.Fatalf("a framing error of type %T: %v", err, err)
				}
				return
			}
			if len(payload) > MaxPayload {
				t.Fatalf("payload of %d bytes", len(payload))
			}
			m, err := Decode(typ, payload)
			if err != nil {
				continue
			}
			if o, ok := m.(*Output); ok {
				if !bytes.Equal(EncodeOutput(o.Cell, o.Data), payload) {
					t.Fatalf("Output does not encode back")
				}
				continue
			}
			if _, _, err := Encode(m); err != nil {
				t.Fatalf("%v decoded but does not encode: %v", typ, err)
			}
		}
	})
}

// FuzzSyncScanner: whatever the stream and however it is cut, the scanner
// loses no byte that is not part of a marker.
func FuzzSyncScanner(f *testing.F) {
	f.Add([]byte("a"+string(SyncMarker(7))+"b"), 3)
	f.Add([]byte("\x1b]7770;aekit-sync;12"), 5)
	f.Add([]byte("\x1b\x1b]7770;aekit-sync;1\x07"), 1)
	f.Fuzz(func(t *testing.T, data []byte, cut int) {
		if cut <= 0 {
			cut = 1
		}
		var sc SyncScanner
		var text []byte
		var cells []uint64
		for i := 0; i < len(data); i += cut {
			sc.Scan(data[i:min(i+cut, len(data))],
				func(b []byte) { text = append(text, b...) },
				func(c uint64) { cells = append(cells, c) })
		}
		text = append(text, sc.Flush()...)
		var whole SyncScanner
		var wantText []byte
		var wantCells []uint64
		whole.Scan(data, func(b []byte) { wantText = append(wantText, b...) }, func(c uint64) { wantCells = append(wantCells, c) })
		wantText = append(wantText, whole.Flush()...)
		if !bytes.Equal(text, wantText) || len(cells) != len(wantCells) {
			t.Fatalf("cut %d: %q %v, in one piece %q %v", cut, text, cells, wantText, wantCells)
		}
		if len(text)+len(cells)*len(syncPrefix) > len(data) {
			t.Fatalf("more out than in")
		}
	})
}
