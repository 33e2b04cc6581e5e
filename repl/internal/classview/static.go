package classview

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
)

// static holds every byte the page needs: its body, style, script and
// icon. Nothing is fetched from anywhere else.
//
//go:embed static/body.html static/app.css static/app.js static/icon.svg
var static embed.FS

// staticFile is an embedded file as the server sends it.
type staticFile struct {
	data  []byte
	ctype string
	etag  string
}

// The page's parts, and the files the server sends by name.
var (
	bodyHTML    string
	styleCSS    string
	scriptJS    string
	staticFiles map[string]staticFile
)

// liveCSP is the live page's Content-Security-Policy: its script, style,
// pictures and event stream come from the server itself, nothing else
// from anywhere, and no other site may frame it.
const liveCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func init() {
	read := func(name string) string {
		b, err := static.ReadFile("static/" + name)
		if err != nil {
			panic("classview: embedded " + name + ": " + err.Error())
		}
		return string(b)
	}
	bodyHTML, styleCSS, scriptJS = read("body.html"), read("app.css"), read("app.js")
	page := "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		"<title>aekit session · live</title>\n" +
		"<link rel=\"icon\" href=\"icon.svg\" type=\"image/svg+xml\">\n" +
		"<link rel=\"stylesheet\" href=\"app.css\">\n" +
		"<script src=\"app.js\" defer></script>\n</head>\n<body data-mode=\"live\">\n" + bodyHTML + "</body>\n</html>\n"
	staticFiles = map[string]staticFile{}
	for name, f := range map[string]struct{ data, ctype string }{
		"index.html": {page, "text/html; charset=utf-8"},
		"app.css":    {styleCSS, "text/css; charset=utf-8"},
		"app.js":     {scriptJS, "text/javascript; charset=utf-8"},
		"icon.svg":   {read("icon.svg"), "image/svg+xml"},
	} {
		sum := sha256.Sum256([]byte(f.data))
		staticFiles[name] = staticFile{data: []byte(f.data), ctype: f.ctype, etag: fmt.Sprintf("\"%x\"", sum[:12])}
	}
}

// hashSource returns the CSP source that allows an inline element whose
// text is s: 'sha256-…'.
func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
