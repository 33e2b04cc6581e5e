package pipeline

import (
	"reflect"
	"strings"
	"unicode"

	"github.com/aekit/aekit/repl/internal/cell"
	"github.com/aekit/aekit/repl/internal/symbols"
)

// Complete returns the word at the end of text (a line of Go being typed)
// and the candidates that complete it, each starting with the word: the
// names a cell can use, a package's exported names after "pkg.", the
// fields and methods of a variable's value after "v.".
func (s *Session) Complete(text string) (string, []string) {
	i := len(text)
	for i > 0 {
		r := rune(text[i-1])
		if r == '.' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			i--
			continue
		}
		break
	}
	expr := text[i:]
	if strings.HasPrefix(expr, ".") {
		return "", nil
	}
	dot := strings.LastIndexByte(expr, '.')
	if dot < 0 {
		return expr, cell.WithPrefix(s.Names(), expr)
	}
	base, word := expr[:dot], expr[dot+1:]
	return word, cell.WithPrefix(s.members(base), word)
}

// members lists what may follow "base.": a package's exported symbols, or
// the fields and methods of a variable's value (compiled types; the
// methods of a cell's own types are not visible to reflection).
func (s *Session) members(base string) []string {
	parts := strings.Split(base, ".")
	g := s.globals()
	if path, ok := s.imports[parts[0]]; ok && len(parts) == 1 {
		if _, shadowed := g[parts[0]]; !shadowed {
			var names []string
			for name := range symbols.Symbols[path+"/"+cell.PkgBase(path)] {
				if !strings.HasPrefix(name, "_") {
					names = append(names, name)
				}
			}
			return names
		}
	}
	v, ok := g[parts[0]]
	if !ok || !v.IsValid() {
		return nil
	}
	t := dynamicType(v)
	for _, field := range parts[1:] {
		st := t
		for st.Kind() == reflect.Ptr {
			st = st.Elem()
		}
		if st.Kind() != reflect.Struct {
			return nil
		}
		f, ok := st.FieldByName(field)
		if !ok {
			return nil
		}
		t = f.Type
		if v.IsValid() {
			v = fieldValue(v, f.Index)
			if v.IsValid() {
				t = dynamicType(v)
			}
		}
	}
	return typeMembers(t)
}

// dynamicType is the type of the value inside v's interfaces.
func dynamicType(v reflect.Value) reflect.Type {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	return v.Type()
}

// fieldValue follows a field index through pointers; invalid on nil.
func fieldValue(v reflect.Value, index []int) reflect.Value {
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Ptr {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	f, err := v.FieldByIndexErr(index)
	if err != nil {
		return reflect.Value{}
	}
	return f
}

// typeMembers lists the exported methods and fields of t.
func typeMembers(t reflect.Type) []string {
	set := map[string]bool{}
	addMethods := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			if m := t.Method(i); m.IsExported() {
				set[m.Name] = true
			}
		}
	}
	addMethods(t)
	if t.Kind() != reflect.Ptr && t.Kind() != reflect.Interface {
		addMethods(reflect.PointerTo(t))
	}
	st := t
	if st.Kind() == reflect.Ptr {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(st) {
			if f.IsExported() && !f.Anonymous {
				set[f.Name] = true
			}
		}
	}
	names := make([]string, 0, len(set))
	for k := range set {
		names = append(names, k)
	}
	return names
}
