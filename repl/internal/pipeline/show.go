package pipeline

import (
	"fmt"
	"go/constant"
	"go/types"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Limits that keep a printed value to a few lines: a 60000×784 matrix
// prints as its shape and a corner, a long slice as its length and head.
const (
	showRows     = 4   // matrix rows shown
	showCols     = 6   // matrix columns shown
	showElems    = 8   // slice and map elements shown
	showMaxBytes = 600 // the longest single value printed
	showDepth    = 3   // nesting depth of structs and slices
	showLines    = 10  // lines of a value printed on many lines
)

// show formats a value a cell evaluated, for printing after the cell. A
// String or Summary method that panics cannot take the REPL down.
func show(v reflect.Value) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("%s (printing it panicked: %v)", v.Type(), r)
		}
	}()
	if sum, ok := summaryOf(v); ok {
		// A model's layer table is what a learner asks for when typing
		// its name (Keras' model.summary()): whole, however many layers.
		return sum
	}
	s = cutRows(format(v, 0), showLines)
	if len(s) > showMaxBytes {
		if i := strings.LastIndexByte(s[:showMaxBytes], '\n'); i > 0 {
			rest := strings.Count(s[i+1:], "\n") + 1
			return s[:i] + fmt.Sprintf("\n… %d more line%s", rest, plural(rest))
		}
		s = s[:showMaxBytes] + " …"
	}
	return s
}

// cutRows shortens a value printed on many lines (a History's table, say)
// to its first lines, a line "… N more rows" and its last line, as a
// matrix is printed.
func cutRows(s string, keep int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= keep+2 {
		return s
	}
	last := lines[len(lines)-1]
	n := len(lines) - keep - 1
	if last == "" { // a String that ends with a newline
		last = lines[len(lines)-2]
		n--
		if n <= 1 {
			return s
		}
	}
	return strings.Join(lines[:keep], "\n") + fmt.Sprintf("\n  … %d more rows\n", n) + last
}

type summarizer interface{ Summary() string }

// summaryOf returns the Summary of v when v is a value with one (a model),
// not nil.
func summaryOf(v reflect.Value) (string, bool) {
	for v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() || !v.CanInterface() || isNilPtr(v) {
		return "", false
	}
	x, ok := v.Interface().(summarizer)
	if !ok {
		return "", false
	}
	return x.Summary(), true
}

// format formats v, depth levels down.
func format(v reflect.Value, depth int) string {
	if !v.IsValid() {
		return "<nil>"
	}
	for v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "<nil>"
		}
		v = v.Elem()
	}
	if s, ok := formatSet(v); ok {
		return s
	}
	if v.CanInterface() {
		switch x := v.Interface().(type) {
		case constant.Value:
			return x.ExactString()
		case mat.Matrix:
			if isNilPtr(v) {
				return "<nil>"
			}
			return formatMatrix(x)
		case summarizer:
			if isNilPtr(v) {
				return "<nil>"
			}
			return x.Summary()
		case error:
			if isNilPtr(v) {
				return "<nil>"
			}
			return "error: " + x.Error()
		case fmt.Stringer:
			if isNilPtr(v) {
				return "<nil>"
			}
			if depth == 0 {
				return x.String()
			}
		}
	}
	switch v.Kind() {
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Float32, reflect.Float64:
		return formatFloat(v.Float())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return typeName(v) + "(nil)"
		}
		return formatList(v, depth)
	case reflect.Map:
		return formatMap(v, depth)
	case reflect.Ptr:
		if v.IsNil() {
			return "<nil>"
		}
		if v.Elem().Kind() == reflect.Struct {
			return "&" + format(v.Elem(), depth)
		}
		return fmt.Sprintf("%v", v)
	case reflect.Struct:
		return formatStruct(v, depth)
	case reflect.Func:
		if v.IsNil() {
			return "<nil>"
		}
		return typeName(v)
	}
	if v.CanInterface() {
		return fmt.Sprint(v.Interface())
	}
	return fmt.Sprintf("%v", v)
}

func isNilPtr(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Ptr, reflect.Map, reflect.Slice, reflect.Func, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// typeName is a readable type name; yaegi's types for cell structs are
// anonymous, so they print as their field list.
func typeName(v reflect.Value) string {
	return v.Type().String()
}

func formatFloat(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Sprint(f)
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// formatMatrix prints a matrix as its shape and its top-left corner.
func formatMatrix(m mat.Matrix) string {
	r, c := m.Dims()
	var b strings.Builder
	fmt.Fprintf(&b, "%T %d×%d", m, r, c)
	if r == 0 || c == 0 {
		return b.String()
	}
	rows, cols := min(r, showRows), min(c, showCols)
	cells := make([][]string, rows)
	width := make([]int, cols) // per column
	for i := 0; i < rows; i++ {
		cells[i] = make([]string, cols)
		for j := 0; j < cols; j++ {
			s := strconv.FormatFloat(m.At(i, j), 'g', 4, 64)
			cells[i][j] = s
			width[j] = max(width[j], len(s))
		}
	}
	for i := range cells {
		b.WriteString("\n  ")
		for j, s := range cells[i] {
			if j > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%*s", width[j], s)
		}
		if c > cols {
			b.WriteString("  …")
		}
	}
	if r > rows {
		fmt.Fprintf(&b, "\n  ⋮ (%d more rows)", r-rows)
	}
	return b.String()
}

// formatList prints a slice or array: short ones whole, long ones as their
// length and first elements.
func formatList(v reflect.Value, depth int) string {
	n := v.Len()
	if depth >= showDepth {
		return fmt.Sprintf("%s len %d", typeName(v), n)
	}
	show := min(n, showElems)
	parts := make([]string, show)
	for i := 0; i < show; i++ {
		parts[i] = format(v.Index(i), depth+1)
	}
	body := strings.Join(parts, " ")
	if n > show {
		return fmt.Sprintf("%s len %d: [%s …]", typeName(v), n, body)
	}
	if depth == 0 {
		return fmt.Sprintf("%s len %d: [%s]", typeName(v), n, body)
	}
	return "[" + body + "]"
}

// formatMap prints a map with its keys sorted, long ones as their length
// and first entries.
func formatMap(v reflect.Value, depth int) string {
	if v.IsNil() {
		return typeName(v) + "(nil)"
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	n := len(keys)
	show := min(n, showElems)
	parts := make([]string, show)
	for i := 0; i < show; i++ {
		parts[i] = format(keys[i], depth+1) + ":" + format(v.MapIndex(keys[i]), depth+1)
	}
	s := "map[" + strings.Join(parts, " ")
	if n > show {
		s += fmt.Sprintf(" … (%d entries)", n)
	}
	return s + "]"
}

// formatStruct prints a struct's fields, nested values shortened.
func formatStruct(v reflect.Value, depth int) string {
	if depth >= showDepth {
		return "{…}"
	}
	t := v.Type()
	var parts []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		parts = append(parts, f.Name+":"+format(v.Field(i), depth+1))
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// formatSet prints a *datasets.Set (recognised by its fields, so the REPL
// does not depend on the datasets package's types): name, count, image
// shape and how many images carry each label.
func formatSet(v reflect.Value) (string, bool) {
	if v.Kind() != reflect.Ptr || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return "", false
	}
	e := v.Elem()
	images, labels := e.FieldByName("Images"), e.FieldByName("Labels")
	shape, name := e.FieldByName("Shape"), e.FieldByName("Name")
	if !images.IsValid() || !labels.IsValid() || !shape.IsValid() || !name.IsValid() || !shape.CanInterface() ||
		images.Type() != reflect.TypeOf((*mat.Dense)(nil)) || labels.Type() != reflect.TypeOf([]int(nil)) {
		return "", false
	}
	n := 0
	if !images.IsNil() {
		n, _ = images.Interface().(*mat.Dense).Dims()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d images of %v", name.String(), n, shape.Interface())
	ls := labels.Interface().([]int)
	if len(ls) == 0 {
		b.WriteString(", no labels")
		return b.String(), true
	}
	counts := map[int]int{}
	for _, l := range ls {
		counts[l]++
	}
	keys := make([]int, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	b.WriteString("\n  labels:")
	for i, k := range keys {
		if i == 12 {
			fmt.Fprintf(&b, " … (%d labels)", len(keys))
			break
		}
		fmt.Fprintf(&b, " %d:%d", k, counts[k])
	}
	return b.String(), true
}

// showStatic formats a value for printing after a cell, knowing its static
// type from the type checker when there is one: a function prints its
// signature with its parameters' names, which reflection does not know.
func showStatic(v reflect.Value, static types.Type) string {
	if sig, ok := static.(*types.Signature); ok {
		if v.IsValid() && v.Kind() == reflect.Func && v.IsNil() {
			return "<nil>"
		}
		return types.TypeString(sig, func(p *types.Package) string { return p.Name() })
	}
	return show(v)
}
