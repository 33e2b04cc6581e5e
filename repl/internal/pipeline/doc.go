package pipeline

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/godata"
	"github.com/aekit/aekit/repl/internal/typecheck"
)

// Doc is :doc NAME: the documentation of a package the REPL knows
// ("ae"), of one of its names ("ae.NewSymmetric", "ae.Model"), or of a
// method ("ae.Model.Fit"), from the text godata embeds (what `go doc`
// shows); a method of a variable's value ("m.Fit"); or a name the session
// defines (a predefined name, a lesson helper, a function a cell
// declared). Without NAME it lists the packages.
func (s *Session) Doc(arg string) (string, error) {
	name := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(arg), "()"))
	if name == "" {
		return fmt.Sprintf("Documentation of the packages cells use without an import: %s.\n", strings.Join(s.PreludeNames(), ", ")) +
			":doc PKG lists a package's names; :doc PKG.NAME, :doc PKG.TYPE.METHOD or :doc VAR.METHOD shows one.\n", nil
	}
	if text, ok := s.docText(name); ok {
		return strings.TrimRight(text, "\n") + "\n", nil
	}
	msg := fmt.Sprintf("no documentation for %s", name)
	if near := nearDocKeys(name); len(near) > 0 {
		msg += "; did you mean " + strings.Join(near, ", ") + "?"
	} else {
		msg += ": :doc lists the packages, :doc PKG a package's names"
	}
	return "", errors.New(msg)
}

// docText finds the documentation of name.
func (s *Session) docText(name string) (string, bool) {
	if text, ok := godata.Doc(name); ok {
		return text, true
	}
	// VAR.METHOD or VAR.FIELD: the documentation of the variable's type's
	// method, or of the type.
	if v, member, ok := strings.Cut(name, "."); ok {
		if key, ok := s.typeKey(v); ok {
			if text, ok := godata.Doc(key + "." + member); ok {
				return text, true
			}
			if text, ok := godata.Doc(key); ok {
				return text, true
			}
		}
	}
	if key, ok := s.typeKey(name); ok {
		if text, ok := godata.Doc(key); ok {
			vt, _ := s.tenv.VarType(name)
			t := typecheck.TypeString(vt)
			return fmt.Sprintf("%s has type %s\n\n%s", name, t, text), true
		}
	}
	for _, p := range Predefined {
		if p.Name == name {
			return fmt.Sprintf("%s (predefined in every session)\n    %s\n", name, p.Doc), true
		}
	}
	if helpers, err := lessons.Helpers(); err == nil {
		for _, h := range helpers {
			if doc, ok := helperDoc(h, name); ok {
				return doc, true
			}
		}
	}
	if sig, ok := s.funcs[name]; ok {
		return fmt.Sprintf("func %s%s\n    (declared in a cell)\n", name, strings.TrimPrefix(sig, "func")), true
	}
	if def, ok := s.types[name]; ok {
		return fmt.Sprintf("type %s %s\n    (declared in a cell)\n", name, def), true
	}
	return "", false
}

// typeKey returns the documentation key of the named type of a variable
// the session defines ("ae.Model" for m := ae.NewSymmetric(…)).
func (s *Session) typeKey(v string) (string, bool) {
	t, ok := s.tenv.VarType(v)
	if !ok {
		return "", false
	}
	for {
		switch u := t.(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Named:
			if u.Obj().Pkg() == nil || u.Obj().Pkg().Path() == typecheck.SessionPath {
				return "", false
			}
			return u.Obj().Pkg().Name() + "." + u.Obj().Name(), true
		}
		return "", false
	}
}

// helperDoc returns the declaration and doc comment of the lesson helper
// src when it declares name.
func helperDoc(src, name string) (string, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p\n"+src, parser.ParseComments)
	if err != nil {
		return "", false
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != name {
			continue
		}
		var b strings.Builder
		b.WriteString(nodeString(fset, fd.Type)[len("func"):])
		sig := "func " + name + b.String()
		doc := ""
		if fd.Doc != nil {
			for _, line := range strings.Split(strings.TrimSpace(fd.Doc.Text()), "\n") {
				doc += "    " + line + "\n"
			}
		}
		return sig + "\n" + doc + "    (a helper of the lessons, defined in every session)\n", true
	}
	return "", false
}

// nearDocKeys returns up to five documentation keys that name differs
// from only in case, or that start with it.
func nearDocKeys(name string) []string {
	var out []string
	lower := strings.ToLower(name)
	for _, k := range godata.DocKeys() {
		if strings.EqualFold(k, name) || strings.HasPrefix(strings.ToLower(k), lower) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	if len(out) > 5 {
		out = append(out[:5], "…")
	}
	return out
}
