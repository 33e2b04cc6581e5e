package classview

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
	"time"

	"github.com/aekit/aekit/internal/atomicfile"
	"github.com/aekit/aekit/repl/internal/events"
)

// HandoutOptions say what a handout is of.
type HandoutOptions struct {
	Title   string    // heads the page; "" for "aekit session"
	Started time.Time // when the session started

	// Roots are the folders the session saved pictures in: a picture is
	// inlined only when its real path lies inside one of them.
	Roots []string
}

// HandoutStats says what a handout holds.
type HandoutStats struct {
	Cells    int      // cells shown
	Pictures int      // pictures inlined
	Left     []string // pictures left out, each with why
	Bytes    int64    // the file's size
}

// maxHandoutPictures is the most picture data a handout inlines; the
// pictures after it are left out, each with a note.
const maxHandoutPictures = 512 << 20

// WriteHandout writes a session (its events, as events.Bus.History gives
// them) as one self-contained HTML file: the live page's style and script
// inline, the session's frames in the page, and every picture as a data:
// URI, so that the file opens from a USB stick with no server and no
// network. Its Content-Security-Policy allows only its own script and
// style (by hash) and inline pictures. The file is written atomically
// (package atomicfile), replacing one at path; whether to replace is the
// caller's choice.
func WriteHandout(path string, history []events.Event, opts HandoutOptions) (HandoutStats, error) {
	var st HandoutStats
	title := opts.Title
	if title == "" {
		title = "aekit session"
	}
	v := newView()
	frames := []frame{helloFrame(title, "handout", opts.Started)}
	for _, e := range history {
		if e.Kind == events.Progress {
			continue
		}
		for _, f := range v.frames(e) {
			if f.K == string(events.CellStart) {
				st.Cells++
			}
			frames = append(frames, f)
		}
	}
	var size int64
	err := atomicfile.Write(path, 0o666, func(w io.Writer) error {
		cw := &countWriter{w: w}
		bw := bufio.NewWriterSize(cw, 64<<10)
		csp := "default-src 'none'; script-src " + hashSource(scriptJS) + "; style-src " + hashSource(styleCSS) +
			"; img-src data:; base-uri 'none'; form-action 'none'"
		fmt.Fprintf(bw, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"+
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"+
			"<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"+
			"<meta name=\"generator\" content=\"aekit\">\n"+
			"<title>%s</title>\n<style>%s</style>\n</head>\n<body data-mode=\"handout\">\n%s",
			html.EscapeString(csp), html.EscapeString(title), styleCSS, bodyHTML)
		bw.WriteString("<script id=\"session-data\" type=\"application/json\">[\n")
		inlined := int64(0)
		for i, f := range frames {
			if i > 0 {
				bw.WriteString(",\n")
			}
			if f.K != string(events.Picture) {
				if err := writeFrame(bw, f); err != nil {
					return err
				}
				continue
			}
			n := indexOfSrc(f.Src)
			p, ok := v.picture(n)
			if !ok {
				continue
			}
			written, err := writePicture(bw, f, p, opts.Roots, maxHandoutPictures-inlined)
			if err != nil {
				if r, ok := err.(*refusal); ok {
					st.Left = append(st.Left, r.msg)
					note := frame{K: "note", Cell: f.Cell, Text: "picture left out of the handout: " + r.msg}
					if err := writeFrame(bw, note); err != nil {
						return err
					}
					continue
				}
				return err
			}
			inlined += written
			st.Pictures++
		}
		bw.WriteString("\n]</script>\n<script>")
		bw.WriteString(scriptJS)
		bw.WriteString("</script>\n</body>\n</html>\n")
		if err := bw.Flush(); err != nil {
			return err
		}
		size = cw.n
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("handout %s: %w", path, err)
	}
	st.Bytes = size
	return st, nil
}

// writeFrame writes f as JSON (which escapes <, > and &: nothing in it can
// end the script element).
func writeFrame(w *bufio.Writer, f frame) error {
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("encoding a %s frame: %w", f.K, err)
	}
	_, err = w.Write(b)
	return err
}

// writePicture writes a picture frame whose src is the picture's data as
// a data: URI, read through openPicture's checks, and returns the
// picture's size. A picture that cannot be inlined (gone, outside the
// out folders, not a PNG or GIF, larger than room) is a *refusal, and
// nothing is written.
func writePicture(w *bufio.Writer, f frame, p picture, roots []string, room int64) (int64, error) {
	file, size, ctype, err := openPicture(p, roots)
	if err != nil {
		if _, ok := err.(*refusal); ok {
			return 0, err
		}
		return 0, &refusal{0, err.Error()}
	}
	defer file.Close()
	if size > room {
		return 0, &refusal{0, fmt.Sprintf("%s: the handout holds %d MB of pictures at most", p.name, maxHandoutPictures>>20)}
	}
	f.Src = ""
	b, err := json.Marshal(f)
	if err != nil {
		return 0, fmt.Errorf("encoding a picture frame: %w", err)
	}
	w.Write(b[:len(b)-1]) // without its closing brace
	w.WriteString(`,"src":"data:` + ctype + `;base64,`)
	enc := base64.NewEncoder(base64.StdEncoding, w)
	n, err := io.Copy(enc, io.LimitReader(file, size))
	if err != nil {
		return 0, fmt.Errorf("reading picture %s: %w", p.name, err)
	}
	if err := enc.Close(); err != nil {
		return 0, err
	}
	if n != size {
		return 0, fmt.Errorf("picture %s changed while it was read (%d bytes of %d)", p.name, n, size)
	}
	_, err = w.WriteString(`"}`)
	return n, err
}

// indexOfSrc returns N of a picture frame's src "pic/N/NAME".
func indexOfSrc(src string) int {
	rest, ok := strings.CutPrefix(src, "pic/")
	if !ok {
		return -1
	}
	num, _, _ := strings.Cut(rest, "/")
	if !isDigits(num) || len(num) > 9 {
		return -1
	}
	n := 0
	for _, c := range num {
		n = n*10 + int(c-'0')
	}
	return n
}

// countWriter counts what goes through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
