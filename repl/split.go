package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// A piece is one top-level declaration or statement of a cell. yaegi decides
// from a chunk's first token whether it holds declarations or statements, so
// a cell that mixes both is evaluated piece by piece.
type piece struct {
	src   string    // the piece's source text
	start int       // offset of the piece's first byte in the cell
	line  int       // line of the piece's first token in the cell, from 1
	col   int       // column of the piece's first byte on that line, from 1
	decl  bool      // evaluated as a declaration (func, type, const, import)
	file  *ast.File // the parsed piece: declarations, or statements in func _()
	fset  *token.FileSet
}

// Prefixes that turn a piece into a file yaegi and go/parser accept; both
// stay on the piece's first line, so line numbers carry over.
const (
	declPrefix = "package main;"
	stmtPrefix = "package main;func _(){"
)

// cellLine converts a position inside the parsed piece to a line of the cell.
func (p piece) cellLine(pos token.Pos) int {
	return p.fset.Position(pos).Line + p.line - 1
}

// syntaxError is a cell that does not parse.
type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("line %d: syntax error: %s", e.line, e.msg)
}

// splitCell splits a cell into its top-level pieces and parses each one. A
// package clause is dropped (a pasted file may start with one).
//
// Candidates end at the semicolons (written or automatic) outside
// brackets; a candidate that does not parse on its own is joined with the
// next one, which puts back together the headers of for, if and switch
// statements ("for i := 0; i < n; i++ {").
func splitCell(src string) ([]piece, error) {
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
		return nil, &syntaxError{line: errs[0].Pos.Line, msg: errs[0].Msg}
	}

	var pieces []piece
	for i := 0; i < len(cands); {
		c := cands[i]
		if c.first == token.PACKAGE {
			i++
			continue
		}
		for j := i; ; j++ {
			text := src[c.start:cands[j].end]
			at := file.Position(file.Pos(c.start))
			p := piece{src: text, start: c.start, line: at.Line, col: at.Column, decl: isDecl(c.first, text)}
			err := p.parse()
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
// declaration. var is evaluated as a statement (see evalPiece); func is a
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

// parse parses the piece into p.file.
func (p *piece) parse() error {
	p.fset = token.NewFileSet()
	src := declPrefix + p.src
	if !p.decl {
		src = stmtPrefix + p.src + "\n}"
	}
	f, err := parser.ParseFile(p.fset, "", src, parser.ParseComments)
	if err != nil {
		if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
			msg, line := list[0].Msg, list[0].Pos.Line
			if n := strings.Count(p.src, "\n") + 1; line > n {
				// The wrapper's closing brace is not the learner's.
				msg = strings.Replace(msg, "found '}'", "found the end of the cell", 1)
				line = n
			}
			return &syntaxError{line: line + p.line - 1, msg: msg}
		}
		return &syntaxError{line: p.line, msg: err.Error()}
	}
	p.file = f
	return nil
}

// stmts returns the statements of a statement piece.
func (p piece) stmts() []ast.Stmt {
	if p.decl || p.file == nil || len(p.file.Decls) == 0 {
		return nil
	}
	fn, ok := p.file.Decls[len(p.file.Decls)-1].(*ast.FuncDecl)
	if !ok || fn.Body == nil {
		return nil
	}
	return fn.Body.List
}

// exprStmt returns the expression of a piece that is a single expression
// statement, or nil.
func (p piece) exprStmt() ast.Expr {
	list := p.stmts()
	if len(list) != 1 {
		return nil
	}
	if es, ok := list[0].(*ast.ExprStmt); ok {
		return es.X
	}
	return nil
}

// srcOf returns the piece's source text of node n.
func (p piece) srcOf(n ast.Node) string {
	return p.src[p.offset(n.Pos()):p.offset(n.End())]
}

// offset converts a position in the parsed piece to an offset in p.src.
func (p piece) offset(pos token.Pos) int {
	prefix := len(declPrefix)
	if !p.decl {
		prefix = len(stmtPrefix)
	}
	return p.fset.Position(pos).Offset - prefix
}

// compound reports whether a statement piece is a block statement (for,
// if, switch, select, a bare block, or a labeled one of those).
func (p piece) compound() bool {
	list := p.stmts()
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
