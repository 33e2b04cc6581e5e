// Package cell is the first stage of the REPL's cell pipeline: the syntax
// of a cell, with no interpreter. It splits a cell into its top-level
// pieces (yaegi wants declarations and statements apart), says whether a
// cell typed so far is complete, and finds the names a piece declares and
// uses. The front end uses it to read cells and lesson steps; the kernel's
// pipeline uses it before it checks and evaluates them.
package cell

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// A Piece is one top-level declaration or statement of a cell. yaegi decides
// from a chunk's first token whether it holds declarations or statements, so
// a cell that mixes both is evaluated piece by piece.
type Piece struct {
	Src   string         // the piece's source text
	Start int            // offset of the piece's first byte in the cell
	Line  int            // line of the piece's first token in the cell, from 1
	Col   int            // column of the piece's first byte on that line, from 1
	Decl  bool           // evaluated as a declaration (func, type, const, import)
	File  *ast.File      // the parsed piece: declarations, or statements in func _()
	Fset  *token.FileSet // the file set File was parsed with
}

// Prefixes that turn a piece into a file yaegi and go/parser accept; both
// stay on the piece's first line, so line numbers carry over.
const (
	declPrefix = "package main;"
	stmtPrefix = "package main;func _(){"
)

// CellLine converts a position inside the parsed piece to a line of the cell.
func (p Piece) CellLine(pos token.Pos) int {
	return p.Fset.Position(pos).Line + p.Line - 1
}

// SyntaxError is a cell that does not parse.
type SyntaxError struct {
	Line int    // the cell's line, from 1
	Msg  string // the parser's words
}

// Error implements error.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: syntax error: %s", e.Line, e.Msg)
}

// Split splits a cell into its top-level pieces and parses each one. A
// package clause is dropped (a pasted file may start with one).
//
// Candidates end at the semicolons (written or automatic) outside
// brackets; a candidate that does not parse on its own is joined with the
// next one, which puts back together the headers of for, if and switch
// statements ("for i := 0; i < n; i++ {").
func Split(src string) ([]Piece, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)

	type candidate struct {
		start, end int
		first      token.Token
	}
	var cands []candidate
	cur := candidate{start: -1}
	depth := 0
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		if tok == token.SEMICOLON && depth <= 0 {
			if cur.start >= 0 {
				cands = append(cands, cur)
			}
			cur = candidate{start: -1}
			continue
		}
		if cur.start < 0 {
			cur.start, cur.first = off, tok
		}
		if lit != "" {
			cur.end = off + len(lit)
		} else {
			cur.end = off + len(tok.String())
		}
	}
	if cur.start >= 0 {
		cands = append(cands, cur)
	}
	if len(errs) > 0 {
		return nil, &SyntaxError{Line: errs[0].Pos.Line, Msg: errs[0].Msg}
	}

	var pieces []Piece
	for i := 0; i < len(cands); {
		c := cands[i]
		if c.first == token.PACKAGE {
			i++
			continue
		}
		for j := i; ; j++ {
			text := src[c.start:cands[j].end]
			at := file.Position(file.Pos(c.start))
			p := Piece{Src: text, Start: c.start, Line: at.Line, Col: at.Column, Decl: isDecl(c.first, text)}
			err := p.Parse()
			if err == nil {
				pieces = append(pieces, p)
				i = j + 1
				break
			}
			if j+1 == len(cands) || cands[j+1].first == token.PACKAGE {
				return nil, err
			}
		}
	}
	return pieces, nil
}

// isDecl reports whether a piece starting with tok is evaluated as a
// declaration. var is evaluated as a statement (see the pipeline); func is a
// declaration only when it parses as one (not a function literal call).
func isDecl(tok token.Token, text string) bool {
	switch tok {
	case token.IMPORT, token.TYPE, token.CONST:
		return true
	case token.FUNC:
		_, err := parser.ParseFile(token.NewFileSet(), "", declPrefix+text, 0)
		return err == nil
	}
	return false
}

// Parse parses the piece's Src into File, with a fresh Fset: after Src
// has been rewritten, say.
func (p *Piece) Parse() error {
	p.Fset = token.NewFileSet()
	src := declPrefix + p.Src
	if !p.Decl {
		src = stmtPrefix + p.Src + "\n}"
	}
	f, err := parser.ParseFile(p.Fset, "", src, parser.ParseComments)
	if err != nil {
		if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
			msg, line := list[0].Msg, list[0].Pos.Line
			if n := strings.Count(p.Src, "\n") + 1; line > n {
				// The wrapper's closing brace is not the learner's.
				msg = strings.Replace(msg, "found '}'", "found the end of the cell", 1)
				line = n
			}
			return &SyntaxError{Line: line + p.Line - 1, Msg: msg}
		}
		return &SyntaxError{Line: p.Line, Msg: err.Error()}
	}
	p.File = f
	return nil
}

// Stmts returns the statements of a statement piece.
func (p Piece) Stmts() []ast.Stmt {
	if p.Decl || p.File == nil || len(p.File.Decls) == 0 {
		return nil
	}
	fn, ok := p.File.Decls[len(p.File.Decls)-1].(*ast.FuncDecl)
	if !ok || fn.Body == nil {
		return nil
	}
	return fn.Body.List
}

// ExprStmt returns the expression of a piece that is a single expression
// statement, or nil.
func (p Piece) ExprStmt() ast.Expr {
	list := p.Stmts()
	if len(list) != 1 {
		return nil
	}
	if es, ok := list[0].(*ast.ExprStmt); ok {
		return es.X
	}
	return nil
}

// SrcOf returns the piece's source text of node n.
func (p Piece) SrcOf(n ast.Node) string {
	return p.Src[p.Offset(n.Pos()):p.Offset(n.End())]
}

// Offset converts a position in the parsed piece to an offset in p.Src.
func (p Piece) Offset(pos token.Pos) int {
	prefix := len(declPrefix)
	if !p.Decl {
		prefix = len(stmtPrefix)
	}
	return p.Fset.Position(pos).Offset - prefix
}

// Compound reports whether a statement piece is a block statement (for,
// if, switch, select, a bare block, or a labeled one of those).
func (p Piece) Compound() bool {
	list := p.Stmts()
	if len(list) != 1 {
		return false
	}
	st := list[0]
	if l, ok := st.(*ast.LabeledStmt); ok {
		st = l.Stmt
	}
	switch st.(type) {
	case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt:
		return true
	}
	return false
}
