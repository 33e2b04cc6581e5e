package classview

import (
	"encoding/json"
	"go/scanner"
	"go/token"
	"strings"
)

// Span is a run of a cell's code with the class the page colours it by:
// "k" a keyword, "s" a string or rune literal, "n" a number, "c" a
// comment, "b" a predeclared name (int, len, nil, true), "p" a package
// (ae, plots, fmt), "f" a function or method being called, "" anything
// else (names, operators, spaces).
type Span struct {
	Class string
	Text  string
}

// MarshalJSON writes a span as the pair [class, text], which keeps the
// page's data small.
func (s Span) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]string{s.Class, s.Text})
}

// UnmarshalJSON reads a span written by MarshalJSON.
func (s *Span) UnmarshalJSON(b []byte) error {
	var pair [2]string
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	s.Class, s.Text = pair[0], pair[1]
	return nil
}

// predeclared are Go's predeclared identifiers.
var predeclared = map[string]bool{}

// packages are the packages a cell uses without importing them (and a few
// more of the standard library a cell may import).
var packages = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`any bool byte comparable complex64 complex128 error float32 float64
		int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr
		true false iota nil
		append cap clear close complex copy delete imag len make max min new panic print println real recover`) {
		predeclared[n] = true
	}
	for _, n := range strings.Fields(`ae datasets plots mat stat plot plotter vg fmt math rand strings sort
		time context errors os filepath bytes io strconv sync slices maps image color`) {
		packages[n] = true
	}
}

// Highlight splits Go source into spans for colouring, with go/scanner:
// the spans' texts joined give src back (carriage returns removed). Code
// that does not scan (a cell that failed to compile, say) is split as far
// as the scanner gets; what it cannot place is plain text.
func Highlight(src string) []Span {
	src = strings.ReplaceAll(src, "\r", "")
	type tok struct {
		start, end int
		tok        token.Token
	}
	var toks []tok
	fset := token.NewFileSet()
	file := fset.AddFile("cell", fset.Base(), len(src))
	var sc scanner.Scanner
	sc.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	at := 0
	for {
		pos, tk, lit := sc.Scan()
		if tk == token.EOF {
			break
		}
		if tk == token.SEMICOLON && lit != ";" {
			continue // inserted by the scanner
		}
		start := file.Offset(pos)
		n := len(lit)
		if lit == "" {
			n = len(tk.String())
		}
		end := min(start+n, len(src))
		if start < at || start >= len(src) {
			continue
		}
		toks = append(toks, tok{start, end, tk})
		at = end
	}
	var out []Span
	add := func(class, text string) {
		if text == "" {
			return
		}
		if k := len(out) - 1; k >= 0 && out[k].Class == class {
			out[k].Text += text
			return
		}
		out = append(out, Span{class, text})
	}
	// next returns the token after i that is not a comment.
	next := func(i int) token.Token {
		for j := i + 1; j < len(toks); j++ {
			if toks[j].tok != token.COMMENT {
				return toks[j].tok
			}
		}
		return token.EOF
	}
	prev := token.ILLEGAL
	at = 0
	for i, t := range toks {
		add("", src[at:t.start])
		text := src[t.start:t.end]
		class := ""
		switch {
		case t.tok.IsKeyword():
			class = "k"
		case t.tok == token.STRING || t.tok == token.CHAR:
			class = "s"
		case t.tok == token.INT || t.tok == token.FLOAT || t.tok == token.IMAG:
			class = "n"
		case t.tok == token.COMMENT:
			class = "c"
		case t.tok == token.IDENT:
			nt := next(i)
			switch {
			case prev != token.PERIOD && nt == token.PERIOD && packages[text]:
				class = "p"
			case nt == token.LPAREN && (prev == token.PERIOD || !predeclared[text]):
				class = "f"
			case prev != token.PERIOD && predeclared[text]:
				class = "b"
			}
		}
		add(class, text)
		at = t.end
		if t.tok != token.COMMENT {
			prev = t.tok
		}
	}
	add("", src[at:])
	return out
}
