package cell

import (
	"go/scanner"
	"go/token"
	"regexp"
	"strings"
)

// Incomplete reports whether a cell needs more lines, judging from its
// tokens: an open bracket, a trailing binary operator, comma or dot, a
// label's colon, an unterminated raw string or block comment all continue
// the cell. Other scanner errors do not: the cell is complete and
// evaluation reports them.
func Incomplete(src string) bool {
	open, last := scanCell(src)
	if !open && last == token.COLON {
		// Outside brackets only a label ends a line with a colon; a
		// Python habit such as `for i in range(3):` is answered at once.
		m := labelLine.FindStringSubmatch(lastLine(src))
		return m != nil && !token.IsKeyword(m[1])
	}
	return open || continues(last)
}

// labelLine matches a line holding only a label.
var labelLine = regexp.MustCompile(`^\s*([\pL_][\pL\pN_]*)\s*:\s*(//.*)?$`)

// lastLine returns the last line of src that is not blank.
func lastLine(src string) string {
	lines := strings.Split(strings.TrimRight(src, " \t\r\n"), "\n")
	return lines[len(lines)-1]
}

// OpenBracket reports whether a cell has an open bracket, raw string or
// block comment at its end.
func OpenBracket(src string) bool {
	open, _ := scanCell(src)
	return open
}

// scanCell scans a cell's tokens and reports whether something is left
// open at its end, and the last token that is not a comment or an
// automatic semicolon.
func scanCell(src string) (open bool, last token.Token) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(_ token.Position, msg string) {
		switch msg {
		case "raw string literal not terminated", "comment not terminated":
			open = true
		}
	}, scanner.ScanComments)

	depth := 0
	last = token.ILLEGAL
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch {
		case tok == token.COMMENT:
			continue
		case tok == token.SEMICOLON && lit == "\n":
			continue
		case tok == token.LPAREN || tok == token.LBRACK || tok == token.LBRACE:
			depth++
		case tok == token.RPAREN || tok == token.RBRACK || tok == token.RBRACE:
			depth--
		}
		last = tok
	}
	return open || depth > 0, last
}

// continues reports whether a line ending in tok cannot end a statement.
func continues(tok token.Token) bool {
	switch tok {
	case token.COMMA, token.PERIOD, token.COLON, token.ARROW:
		return true
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM,
		token.AND, token.OR, token.XOR, token.SHL, token.SHR, token.AND_NOT,
		token.LAND, token.LOR, token.EQL, token.NEQ, token.LSS, token.LEQ,
		token.GTR, token.GEQ, token.ASSIGN, token.DEFINE,
		token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN, token.QUO_ASSIGN,
		token.REM_ASSIGN, token.AND_ASSIGN, token.OR_ASSIGN, token.XOR_ASSIGN,
		token.SHL_ASSIGN, token.SHR_ASSIGN, token.AND_NOT_ASSIGN:
		return true
	case token.ELSE:
		return true
	}
	return false
}

// Reader gathers input lines into cells, for the REPL's input loops.
type Reader struct {
	lines  []string
	blanks int // consecutive blank lines at the end
	first  int // input line number of the cell's first line
}

// Add adds a line (lineNo is its number in the input, for messages) and
// reports whether the cell is complete: its tokens say so; or the line is
// blank and no bracket, raw string or comment is open; or it is the
// second blank line in a row.
func (c *Reader) Add(line string, lineNo int) bool {
	blank := strings.TrimSpace(line) == ""
	if len(c.lines) == 0 {
		if blank {
			return false
		}
		c.first = lineNo
	}
	c.lines = append(c.lines, line)
	if !blank {
		c.blanks = 0
		return !Incomplete(c.src())
	}
	c.blanks++
	return c.blanks >= 2 || !OpenBracket(c.src())
}

// src is the cell so far.
func (c *Reader) src() string { return strings.Join(c.lines, "\n") }

// Pending reports whether a cell has been started.
func (c *Reader) Pending() bool { return len(c.lines) > 0 }

// First returns the input line number of the pending cell's first line.
func (c *Reader) First() int { return c.first }

// Take returns the cell and starts a new one.
func (c *Reader) Take() string {
	s := strings.TrimRight(c.src(), "\n\t ")
	c.lines, c.blanks = nil, 0
	return s
}
