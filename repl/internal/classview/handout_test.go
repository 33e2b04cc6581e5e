package classview

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// TestHandout: the handout is one file that needs nothing else: its
// style and script inline and allowed by hash, the session's frames in
// the page (a cell's text cannot end the script element), its pictures
// as data: URIs holding the files' bytes, nothing from any other address.
// A picture that leads out of the output folder is left out, with a note.
func TestHandout(t *testing.T) {
	bus, out := refusalFixture(t)
	pngBytes := writePNG(t, filepath.Join(out, "digits.png"), 30, 20)
	gifBytes := writeGIF(t, filepath.Join(out, "anim.gif"))
	bus.Publish(events.Event{Kind: events.CellStart, Cell: 2, Code: "fmt.Println(\"</script><script>alert(1)</script>\")", Step: &events.Step{Lesson: "l", Count: 1, Title: "<b>T</b>"}})
	bus.Publish(events.Event{Kind: events.Output, Cell: 2, Text: "</script><script>alert(1)</script>\n"})
	bus.Publish(events.Event{Kind: events.Progress, Cell: 2, Progress: &events.TrainingProgress{Epoch: 1}})
	bus.Publish(events.Event{Kind: events.Epoch, Cell: 2, Epoch: &events.EpochEnd{Model: 1, Epoch: 1, Epochs: 1, Train: 0.5}})
	bus.Publish(events.Event{Kind: events.Picture, Cell: 2, Path: filepath.Join(out, "digits.png"), Format: "png"})
	bus.Publish(events.Event{Kind: events.Picture, Cell: 2, Path: filepath.Join(out, "anim.gif"), Format: "gif"})
	bus.Publish(events.Event{Kind: events.CellEnd, Cell: 2, OK: true})

	path := filepath.Join(t.TempDir(), "class.html")
	st, err := WriteHandout(path, bus.History(), HandoutOptions{Title: "a <class>", Started: time.Now(), Roots: []string{out}})
	if err != nil {
		t.Fatal(err)
	}
	// Of the fixture's seven pictures only real.png is sent; here, with
	// digits.png and anim.gif, three are inlined.
	if st.Cells != 2 || st.Pictures != 3 || len(st.Left) != 6 {
		t.Errorf("stats %+v", st)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(b)) != st.Bytes {
		t.Errorf("the file has %d bytes, the stats say %d", len(b), st.Bytes)
	}
	page := string(b)
	if strings.Contains(page, secret) {
		t.Error("the handout holds the secret")
	}
	if n := strings.Count(page, "</script>"); n != 2 {
		t.Errorf("%d </script> in the handout, want 2 (the data's and the script's)", n)
	}
	if !strings.Contains(page, "<title>a &lt;class&gt;</title>") {
		t.Error("the title is not escaped")
	}
	for _, bad := range []string{`src="http`, `href="http`, "url(", "@import", "<link", `<script src`} {
		if strings.Contains(page, bad) {
			t.Errorf("the handout refers to something outside it: %s", bad)
		}
	}
	// The CSP allows the inline script and style by their hashes.
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page)
	script := regexp.MustCompile(`(?s)<script>(.*)</script>`).FindStringSubmatch(page)
	style := regexp.MustCompile(`(?s)<style>(.*)</style>`).FindStringSubmatch(page)
	if csp == nil || script == nil || style == nil {
		t.Fatal("the handout lacks its CSP, script or style")
	}
	policy := strings.ReplaceAll(csp[1], "&#39;", "'")
	for _, want := range []string{"default-src 'none'", "script-src " + hashSource(script[1]), "style-src " + hashSource(style[1]), "img-src data:"} {
		if !strings.Contains(policy, want) {
			t.Errorf("the CSP %q lacks %s", policy, want)
		}
	}
	// The data: the frames, each picture's bytes.
	data := regexp.MustCompile(`(?s)<script id="session-data" type="application/json">(.*?)</script>`).FindStringSubmatch(page)
	if data == nil {
		t.Fatal("no session data")
	}
	var frames []frame
	if err := json.Unmarshal([]byte(data[1]), &frames); err != nil {
		t.Fatal(err)
	}
	if frames[0].K != "hello" || frames[0].Mode != "handout" {
		t.Errorf("first frame %+v", frames[0])
	}
	pics := map[string][]byte{}
	for _, f := range frames {
		if f.K == "progress" {
			t.Error("the handout holds progress")
		}
		if f.K == "picture" {
			mime, b64, ok := strings.Cut(strings.TrimPrefix(f.Src, "data:"), ";base64,")
			raw, err := base64.StdEncoding.DecodeString(b64)
			if !ok || err != nil {
				t.Errorf("picture %s: src %.40q", f.Name, f.Src)
			}
			pics[f.Name+" "+mime] = raw
		}
	}
	if !bytes.Equal(pics["digits.png image/png"], pngBytes) || !bytes.Equal(pics["anim.gif image/gif"], gifBytes) {
		t.Errorf("the inlined pictures are not the files: %d entries", len(pics))
	}
	if !strings.Contains(page, "picture left out of the handout: picture evil.png is not in the session") {
		t.Error("no note for the picture left out")
	}
}

// TestHandoutAtomic: a handout that cannot be written leaves the file
// that was there as it was, and no temporary file.
func TestHandoutAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "class.html")
	if err := os.WriteFile(path, []byte("the old handout"), 0o644); err != nil {
		t.Fatal(err)
	}
	bus := events.NewBus()
	bus.Publish(events.Event{Kind: events.CellStart, Cell: 1, Code: "x"})
	bus.Publish(events.Event{Kind: events.CellEnd, Cell: 1, OK: true})
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	_, err := WriteHandout(path, bus.History(), HandoutOptions{})
	if os.Geteuid() == 0 {
		// root writes anyway: check the replacement instead.
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		if !strings.Contains(string(b), "<!doctype html>") {
			t.Error("the handout did not replace the file")
		}
	} else {
		if err == nil || !strings.Contains(err.Error(), "handout "+path) {
			t.Errorf("writing into a read-only folder: %v", err)
		}
		b, _ := os.ReadFile(path)
		if string(b) != "the old handout" {
			t.Errorf("the old handout became %q", b)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want 1", len(entries))
	}
}

// TestScriptFitsInline: the script and style can be inlined whole: they
// hold nothing that ends their element.
func TestScriptFitsInline(t *testing.T) {
	if strings.Contains(strings.ToLower(scriptJS), "</script") || strings.Contains(strings.ToLower(styleCSS), "</style") {
		t.Error("the script or the style holds its own end tag")
	}
	for _, name := range []string{"app.js", "app.css", "body.html"} {
		b, _ := static.ReadFile("static/" + name)
		if regexp.MustCompile(`https?://[^w]`).Match(b) {
			t.Errorf("%s refers to an address outside the page", name)
		}
	}
}
