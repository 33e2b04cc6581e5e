package cell

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"sort"
	"strings"
)

// A Knob is a top-level declaration of a name in a step's code:
// `NAME := expr`, `var NAME = expr`, `var NAME T = expr` or `const`,
// alone or as one name of `a, b := x, y`. `:step N NAME=VALUE` runs the
// step with the Knob's value replaced by VALUE.
type Knob struct {
	name    string
	value   string // the source of the value; "" for `var NAME T`
	line    int    // line of the declaration in the code, from 1
	literal bool   // the value is a literal (a number, string, rune, true or false)

	// Where VALUE goes in the code: the byte range of the value, or, for
	// `var NAME T`, the offset after the type, where " = VALUE" is inserted.
	start, end int
	insert     bool
	err        string // why the value cannot be set, if it cannot
	piece      int    // the index of the declaration's piece
	quickSets  []span // assignments to NAME in a later `if quick { ... }`
}

// A span is a byte range of the code.
type span struct{ start, end int }

// A Setting is NAME=VALUE from a :step, :run or :redo command line.
type Setting struct {
	Name  string // the knob's name
	Value string // the Go expression it gets
}

// A Change is one line of a step that a Setting changed, for the
// learner to see.
type Change struct {
	Old, New string // the line before and after
	Note     string // why, when it is not the declaration itself
}

// Knobs returns the knobs of a step's code: the first top-level
// declaration of each name, in the order of the code.
func Knobs(code string) ([]Knob, error) {
	pieces, err := Split(code)
	if err != nil {
		return nil, err
	}
	var knobs []Knob
	seen := map[string]bool{}
	add := func(k Knob) {
		if k.name == "_" || seen[k.name] {
			return
		}
		seen[k.name] = true
		knobs = append(knobs, k)
	}
	for pi, p := range pieces {
		off := func(pos token.Pos) int { return p.Start + p.Offset(pos) }
		line := func(pos token.Pos) int { return p.CellLine(pos) }
		var gens []*ast.GenDecl
		if p.Decl {
			for _, d := range p.File.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
					gens = append(gens, g)
				}
			}
		}
		for _, st := range p.Stmts() {
			switch st := st.(type) {
			case *ast.AssignStmt:
				if st.Tok != token.DEFINE {
					continue
				}
				for i, lhs := range st.Lhs {
					id, ok := lhs.(*ast.Ident)
					if !ok {
						continue
					}
					k := Knob{name: id.Name, line: line(id.Pos()), piece: pi}
					if len(st.Rhs) == len(st.Lhs) {
						v := st.Rhs[i]
						k.value, k.start, k.end = p.SrcOf(v), off(v.Pos()), off(v.End())
						k.literal = isLiteral(v)
					} else {
						k.err = fmt.Sprintf("%s gets its value from %s, which returns several values", id.Name, shortSrc(p.SrcOf(st.Rhs[0])))
					}
					add(k)
				}
			case *ast.DeclStmt:
				if g, ok := st.Decl.(*ast.GenDecl); ok && (g.Tok == token.VAR || g.Tok == token.CONST) {
					gens = append(gens, g)
				}
			}
		}
		for _, g := range gens {
			for _, spec := range g.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, id := range vs.Names {
					k := Knob{name: id.Name, line: line(id.Pos()), piece: pi}
					switch {
					case len(vs.Values) == len(vs.Names):
						v := vs.Values[i]
						k.value, k.start, k.end = p.SrcOf(v), off(v.Pos()), off(v.End())
						k.literal = isLiteral(v)
					case len(vs.Values) == 0 && len(vs.Names) == 1 && vs.Type != nil:
						k.start, k.end, k.insert = off(vs.Type.End()), off(vs.Type.End()), true
					case len(vs.Values) == 0:
						k.err = fmt.Sprintf("%s is declared without a value, with other names", id.Name)
					default:
						k.err = fmt.Sprintf("%s gets its value from %s, which returns several values", id.Name, shortSrc(p.SrcOf(vs.Values[0])))
					}
					add(k)
				}
			}
		}
	}
	// A learner's value wins over the step's own quick-mode Setting: note
	// the assignments to each Knob in a later `if quick { ... }`.
	for pi, p := range pieces {
		for _, st := range p.Stmts() {
			ifs, ok := st.(*ast.IfStmt)
			if !ok || ifs.Init != nil || !isIdent(ifs.Cond, "quick") {
				continue
			}
			ast.Inspect(ifs, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.AssignStmt:
					if n.Tok != token.ASSIGN {
						return true
					}
					for _, lhs := range n.Lhs {
						for j := range knobs {
							if isIdent(lhs, knobs[j].name) && knobs[j].piece < pi {
								knobs[j].quickSets = append(knobs[j].quickSets,
									span{p.Start + p.Offset(lhs.Pos()), p.Start + p.Offset(lhs.End())})
							}
						}
					}
				}
				return true
			})
		}
	}
	return knobs, nil
}

// isIdent reports whether e is the identifier name.
func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// isLiteral reports whether e is a literal a learner would change: a
// number, string or rune (with a sign), true or false.
func isLiteral(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		return (e.Op == token.SUB || e.Op == token.ADD) && isLiteral(e.X)
	case *ast.ParenExpr:
		return isLiteral(e.X)
	case *ast.Ident:
		return e.Name == "true" || e.Name == "false"
	}
	return false
}

// shortSrc shortens source text for a message.
func shortSrc(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return shorten(s, 40)
}

// LiteralKnobs describes the knobs whose values are literals, as
// "codeSize = 32, rate = 0.01"; "" when there are none.
func LiteralKnobs(knobs []Knob) string {
	var parts []string
	for _, k := range knobs {
		if k.literal {
			parts = append(parts, k.name+" = "+k.value)
		}
	}
	return strings.Join(parts, ", ")
}

// ParseSettings splits the NAME=VALUE arguments of :step, :run and :redo.
// A VALUE may hold spaces (`layers=[]int{784, 256, 32}`): a new Setting
// starts at a name followed by "=" outside brackets. Each VALUE must be a
// Go expression.
func ParseSettings(args string) ([]Setting, error) {
	if strings.TrimSpace(args) == "" {
		return nil, nil
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(args))
	var s scanner.Scanner
	var scanErr error
	s.Init(file, []byte(args), func(pos token.Position, msg string) {
		if scanErr == nil {
			scanErr = fmt.Errorf("%s: %s", args, msg)
		}
	}, 0)
	type tok struct {
		off int
		tok token.Token
		lit string
	}
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.SEMICOLON && lit == "\n" {
			continue // the automatic one at the end
		}
		toks = append(toks, tok{file.Offset(pos), t, lit})
	}
	if scanErr != nil {
		return nil, scanErr
	}
	// The starts of the settings: NAME "=" at depth 0.
	var starts []int // indexes into toks
	depth := 0
	for i, t := range toks {
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.IDENT:
			if depth == 0 && i+1 < len(toks) && toks[i+1].tok == token.ASSIGN {
				starts = append(starts, i)
			}
		}
	}
	if len(starts) == 0 || starts[0] != 0 {
		return nil, fmt.Errorf("%q: want NAME=VALUE, e.g. codeSize=8", strings.TrimSpace(args))
	}
	var out []Setting
	seen := map[string]bool{}
	for k, i := range starts {
		name := toks[i].lit
		from := toks[i+1].off + 1
		to := len(args)
		if k+1 < len(starts) {
			to = toks[starts[k+1]].off
		}
		value := strings.TrimSpace(args[from:to])
		if value == "" {
			return nil, fmt.Errorf("%s= needs a value, e.g. %s=8", name, name)
		}
		if _, err := parser.ParseExpr(value); err != nil {
			return nil, fmt.Errorf("%s=%s: the value is not a Go expression", name, value)
		}
		if seen[name] {
			return nil, fmt.Errorf("%s is set twice", name)
		}
		seen[name] = true
		out = append(out, Setting{Name: name, Value: value})
	}
	return out, nil
}

// unknownKnobError is a Setting for a name the step does not declare at its
// top level.
type unknownKnobError struct {
	name  string
	knobs []Knob
}

// Error implements error, listing the step's knobs.
func (e *unknownKnobError) Error() string {
	msg := fmt.Sprintf("%s is not declared at the top of this step", e.name)
	if lit := LiteralKnobs(e.knobs); lit != "" {
		return msg + "; its knobs: " + lit
	}
	return msg + "; it has no knobs (top-level declarations of a number, string or bool)"
}

// ApplySettings returns code with each Setting's Knob declared with the
// Setting's value, and the lines that changed. Assignments to a set Knob
// in a later `if quick { ... }` assign to _ instead, so that the learner's
// value holds in quick mode too.
func ApplySettings(code string, sets []Setting) (string, []Change, error) {
	knobs, err := Knobs(code)
	if err != nil {
		return "", nil, err
	}
	type edit struct {
		span
		text string
		note string
	}
	var edits []edit
	for _, st := range sets {
		var k *Knob
		for i := range knobs {
			if knobs[i].name == st.Name {
				k = &knobs[i]
				break
			}
		}
		if k == nil {
			return "", nil, &unknownKnobError{name: st.Name, knobs: knobs}
		}
		if k.err != "" {
			return "", nil, fmt.Errorf("%s can't be set with %s=VALUE: %s", st.Name, st.Name, k.err)
		}
		text := st.Value
		if k.insert {
			text = " = " + st.Value
		}
		edits = append(edits, edit{span: span{k.start, k.end}, text: text})
		for _, q := range k.quickSets {
			edits = append(edits, edit{span: q, text: "_", note: fmt.Sprintf("quick mode no longer changes %s", st.Name)})
		}
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	for i := 1; i < len(edits); i++ {
		if edits[i].start < edits[i-1].end {
			return "", nil, fmt.Errorf("the settings overlap in the step's code")
		}
	}

	// Apply from the end, so that earlier offsets stay right, and collect
	// the changed lines (first line of each; values have no newlines).
	newCode := code
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		newCode = newCode[:e.start] + e.text + newCode[e.end:]
	}
	oldLines := strings.Split(code, "\n")
	newLines := strings.Split(newCode, "\n")
	var changes []Change
	removed := 0 // newlines removed by earlier edits
	lastLine := -1
	for _, e := range edits {
		line := strings.Count(code[:e.start], "\n")
		if line != lastLine {
			ch := Change{Old: strings.TrimSpace(oldLines[line]), New: strings.TrimSpace(newLines[line-removed]), Note: e.note}
			if n := strings.Count(code[e.start:e.end], "\n"); n > 0 {
				ch.Old += " …"
			}
			changes = append(changes, ch)
			lastLine = line
		}
		removed += strings.Count(code[e.start:e.end], "\n")
	}
	return newCode, changes, nil
}

// SettingsString formats settings as the learner typed them:
// "codeSize=8 rate=0.1".
func SettingsString(sets []Setting) string {
	parts := make([]string, len(sets))
	for i, st := range sets {
		parts[i] = st.Name + "=" + st.Value
	}
	return strings.Join(parts, " ")
}

// shorten cuts s to n runes, marking the cut with "…".
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
