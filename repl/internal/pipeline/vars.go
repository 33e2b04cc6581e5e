package pipeline

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"
)

// Vars returns the :vars table: the variables cells defined with their
// types and short values, then the functions and types they declared.
func (s *Session) Vars() string {
	var b strings.Builder
	g := s.globals()
	names := make([]string, 0, len(g))
	for k := range g {
		names = append(names, k)
	}
	sort.Strings(names)
	var funcs, types []string
	for k := range s.funcs {
		funcs = append(funcs, k)
	}
	sort.Strings(funcs)
	for k := range s.types {
		types = append(types, k)
	}
	sort.Strings(types)
	// The name column is as wide as the longest name (up to a limit, past
	// which a name gets a line of its own), so that columns line up.
	const maxName = 24
	width := 10
	for _, list := range [][]string{names, funcs, types} {
		for _, k := range list {
			if n := utf8.RuneCountInString(k); n > width && n <= maxName {
				width = n
			}
		}
	}
	name := func(k string) string {
		if utf8.RuneCountInString(k) > width {
			return k + "\n  " + strings.Repeat(" ", width)
		}
		return k + strings.Repeat(" ", width-utf8.RuneCountInString(k))
	}
	for _, k := range names {
		v := g[k]
		t := "?"
		if v.IsValid() {
			t = v.Type().String()
			if v.Kind() == reflect.Interface && !v.IsNil() && v.Type().NumMethod() == 0 {
				t = v.Elem().Type().String()
			}
		}
		val := firstLine(show(v))
		fmt.Fprintf(&b, "  %s %-22s %s\n", name(k), shorten(t, 22), shorten(val, 60))
	}
	for _, k := range funcs {
		fmt.Fprintf(&b, "  %s %s\n", name(k), s.funcs[k])
	}
	for _, k := range types {
		fmt.Fprintf(&b, "  %s type %s\n", name(k), s.types[k])
	}
	return b.String()
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
