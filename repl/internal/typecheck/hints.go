package typecheck

import (
	"fmt"
	"go/types"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// The hints a learner gets with an error: mostly for the habits Python
// and NumPy teach, which Go answers with a syntax or type error whose
// words alone do not say what to write instead. Each rule matches the
// error's message and, when the message is not enough, the source line
// it is on; the first rule that matches gives the hint. hints_test.go
// has a cell for every rule.

// hintCtx is what a rule sees.
type hintCtx struct {
	msg   string   // the error's message
	line  string   // the cell's line the error is on ("" when unknown)
	cell  string   // the whole cell
	known []string // the names the session defines
	sub   []string // the submatches of the rule's message pattern
}

// hintRule is one line of the hint table.
type hintRule struct {
	name string         // what it is for, for the tests
	msg  *regexp.Regexp // matches the message; nil matches any
	src  *regexp.Regexp // matches the error's line; nil matches any
	hint func(h hintCtx) string
}

func text(s string) func(hintCtx) string { return func(hintCtx) string { return s } }

var re = regexp.MustCompile

// hintRules returns the hint table, in the order the rules are tried. It
// is built on first use: compiling its patterns at start-up would cost
// every session half a millisecond.
var hintRules = sync.OnceValue(func() []hintRule { return hintTable() })

func hintTable() []hintRule {
	return []hintRule{
		// Python and NumPy habits that Go rejects as syntax.
		{"import without quotes", nil, re(`^\s*import\s+[\w.]+(\s+as\s+\w+)?\s*$`),
			text("Go imports a package by its path in quotes, import \"strings\"; and there is no NumPy here: matrices are gonum's mat.Dense (mat, like ae, datasets and plots, needs no import; :help lists them).")},
		{"for … in", nil, re(`^\s*for\s+\w+(\s*,\s*\w+)?\s+in\s`),
			text("Go counts with for i := 0; i < 3; i++ { … } and walks a slice with for i, v := range xs { … }; the loop's body goes in braces, not after a colon.")},
		{"def", nil, re(`^\s*def\s`),
			text("Go declares a function with func and the types: func f(x float64) float64 { return x * 2 }.")},
		{"class", nil, re(`^\s*class\s`),
			text("Go has no classes: declare a struct type and its methods, type T struct{ N int } and func (t T) Double() int { return 2 * t.N }.")},
		{"elif", nil, re(`^\s*elif\b|\belif\s`),
			text("Go writes else if, and braces: if a { … } else if b { … } else { … }.")},
		{"a block after a colon", nil, re(`^\s*(if|while|else|try|with|except)\b.*:\s*$`),
			text("Go puts a block in braces, not after a colon: if x > 0 { … }; a while loop is for x > 0 { … }.")},
		{"lambda", nil, re(`\blambda\b`),
			text("Go's function literals: func(x float64) float64 { return x * 2 }.")},
		{"# comment", re(`illegal character U\+0023 '#'`), nil,
			text("comments start with // in Go.")},
		{"single-quoted string", re(`illegal rune literal|rune literal not terminated`), nil,
			text(`strings are in double quotes in Go, "abc"; single quotes hold one character (a rune), 'a'.`)},
		{"f-string", nil, re(`\bf"`),
			text(`Go formats with fmt.Sprintf("x = %v", x), or prints with fmt.Printf("x = %v\n", x).`)},
		{"list literal", re(`syntax error`), re(`(^|[=(,:]\s*)\[\s*[-\w."']+\s*,`),
			text("Go has no list literal: write the slice's type before the braces, []int{784, 32} (or []float64{…}, []string{…}).")},
		{"keyword argument", re(`syntax error`), re(`\(.*\b\w+\s*=[^=]`),
			text("Go has no keyword arguments: pass the values in order (:doc NAME shows a function's parameters); training settings go in a struct, ae.Options{Epochs: 1, Loss: ae.BCE}.")},
		{"and, or, not", re(`syntax error`), re(`\b(and|or|not)\b`),
			text("Go writes && for and, || for or, and ! for not.")},
		{"**", nil, re(`\*\*`),
			text("Go has no ** operator: x*x, or math.Pow(x, 2).")},

		// Names Python has and Go does not.
		{"None, True, False", re(`^undefined: (None|True|False)$`), nil,
			text("Go writes nil, true and false, in lower case.")},
		{"list, dict", re(`^undefined: (list|dict|tuple|set)$`), nil,
			text("Go's lists are slices and its dicts are maps: []int{1, 2}, make([]float64, n), map[string]int{}.")},
		{"str", re(`^undefined: str$`), nil,
			text("to make a string of a value: fmt.Sprint(x); of an int: strconv.Itoa(n).")},
		{"NumPy and friends", re(`^undefined: (np|numpy|pd|pandas|plt|torch|tf|keras)$`), nil,
			text("there is no NumPy (or pandas, matplotlib, PyTorch) here: matrices are gonum's mat.Dense (mat), models come from ae, pictures from plots; :doc ae lists what ae has.")},
		{"self", re(`^undefined: self$`), nil,
			text("a Go method names its receiver: func (m Model) Size() int { return m.n }.")},
		{"= for a new name", re(`^undefined: (\w+)$`), nil, newNameHint},

		// Matrices and data sets.
		{"len of a matrix", re(`^invalid argument: (\S+) \((?:variable|value) of type \*mat\.Dense\) for built-in len`), nil,
			func(h hintCtx) string {
				return fmt.Sprintf("a matrix has no len: r, c := %s.Dims() gives its rows and columns.", h.sub[1])
			}},
		{"len of a data set", re(`^invalid argument: (\S+) \((?:variable|value) of type \*datasets\.Set\) for built-in len`), nil,
			func(h hintCtx) string { return fmt.Sprintf("%s.Len() is the number of images.", h.sub[1]) }},
		{"shape", re(`^(\S+)\.shape undefined`), nil,
			func(h hintCtx) string {
				return fmt.Sprintf("a matrix's size is r, c := %s.Dims(); a data set's image size is its Shape field (%s.Shape, say digits.Shape).", h.sub[1], h.sub[1])
			}},
		{"append as a method", re(`\.append undefined \(type \[\]`), nil,
			text("a slice grows with the builtin append: s = append(s, x).")},
		{"lower-case name", re(`undefined \(type .* but does have (?:field|method) (\w+)\)`), nil,
			func(h hintCtx) string {
				return fmt.Sprintf("a package's names start with a capital letter when it exports them: %s.", h.sub[1])
			}},
		{"index of a matrix", re(`cannot index (\S+) \((?:variable|value) of type \*mat\.Dense\)`), nil,
			func(h hintCtx) string {
				return fmt.Sprintf("a matrix is not indexed with [ ]: %s.At(i, j) is one value, %s.RawRowView(i) is row i as a []float64.", h.sub[1], h.sub[1])
			}},
		{"negative index", re(`must not be negative`), nil,
			text("Go has no negative indexes: the last element is s[len(s)-1].")},
		{"a string for a constant", re(`cannot use "[^"]*" \(untyped string constant\) as (\w+)\.(\w+) value`), nil, constantsHint},
		{"a number for a Shape", re(`as (?:plots|datasets)\.Shape value`), nil,
			text("a Shape is a struct: pass the data set's, digits.Shape (or plots.Shape{C: 1, H: 28, W: 28}).")},
		{"a number for a matrix", re(`as mat\.Matrix value`), nil,
			text("a mat.Matrix is a matrix, such as a *mat.Dense: mat.NewDense(rows, cols, data).")},

		// Results and errors.
		{"value and error to one variable", re(`^assignment mismatch: 1 variable but (\S+) returns 2 values$`), nil,
			func(h hintCtx) string {
				return fmt.Sprintf("%s returns a value and an error: v, err := %s(…), then check(err).", h.sub[1], h.sub[1])
			}},
		{"value and error as an argument", re(`^multiple-value (.+?) \(value of type \(.*error\)\) in single-value context`), nil,
			func(h hintCtx) string {
				return fmt.Sprintf("%s returns a value and an error: take them apart on a line of their own, v, err := %s, then check(err), then pass v.", h.sub[1], h.sub[1])
			}},
		{"Fit's arguments", re(`(?:not enough|too many) arguments in call to \S+\.Fit\b`), nil,
			text("Fit takes the context, the images and the options: m.Fit(ctx, x, ae.Options{Epochs: 10}).")},
		{"arguments", re(`(?:not enough|too many) arguments in call to (\S+)`), nil,
			text("the have and want lines above show the arguments given and the parameters; :doc NAME shows a function's documentation.")},

		// Types Go keeps apart.
		{"text times a number", re(`invalid operation: .*\* .*\(mismatched types (?:untyped )?string and (?:untyped )?int\)`), nil,
			text(`to repeat a string: strings.Repeat("-", 10).`)},
		{"text and a number", re(`mismatched types (?:untyped )?string and (?:untyped )?(?:int|float64|rune)|mismatched types (?:untyped )?(?:int|float64) and (?:untyped )?string`), nil,
			text(`to join text and a number: fmt.Sprint("epochs: ", 10), or "epochs: " + strconv.Itoa(n).`)},
		{"two kinds of number", re(`mismatched types (?:float64|float32|int|int64|int32) and (?:float64|float32|int|int64|int32)`), nil,
			text("Go never mixes two kinds of number: convert one, float64(i) or int(f).")},
		{"unused variable", re(`^declared and not used: (\w+)`), nil,
			text("inside a function or a block Go refuses a variable that is never used: use it, drop it, or write _ = name.")},
		{"no new variables", re(`no new variables on left side of :=`), nil,
			text("every name on the left exists already in this cell: assign with = instead of :=.")},
		{"missing return", re(`^missing return`), nil,
			text("a function with results must end with a return statement.")},
	}
}

// newNameHint explains an undefined name: `name = …` where the name is
// new wants :=; a name spelt like a known one in another case gets a
// "did you mean"; any other may be in a step not run yet.
func newNameHint(h hintCtx) string {
	name := h.sub[1]
	if regexp.MustCompile(`(^|[;{]\s*)` + regexp.QuoteMeta(name) + `\s*(,\s*\w+\s*)*=[^=]`).MatchString(h.line) {
		return fmt.Sprintf("%s does not exist yet: := defines a new name (%s := …); = assigns to a name that exists.", name, name)
	}
	for _, k := range h.known {
		if k != name && strings.EqualFold(k, name) {
			return fmt.Sprintf("did you mean %s? Go tells upper and lower case apart.", k)
		}
	}
	return "is it defined in a cell or step you have not run yet? :vars lists the names defined so far."
}

// constantsHint lists the constants of the type a string was used as:
// the three losses for ae.Loss, say.
func constantsHint(h hintCtx) string {
	pkgName, typeName := h.sub[1], h.sub[2]
	var names []string
	checkMu.Lock()
	for _, p := range importer.pkgs {
		if p.Name() != pkgName {
			continue
		}
		for _, n := range p.Scope().Names() {
			c, ok := p.Scope().Lookup(n).(*types.Const)
			if !ok || !c.Exported() {
				continue
			}
			if named, ok := c.Type().(*types.Named); ok && named.Obj().Name() == typeName {
				names = append(names, pkgName+"."+n)
			}
		}
	}
	checkMu.Unlock()
	if len(names) == 0 {
		return fmt.Sprintf("%s.%s is not a string: :doc %s.%s shows its values.", pkgName, typeName, pkgName, typeName)
	}
	sort.Strings(names)
	return fmt.Sprintf("a value of type %s.%s is one of %s, not a string.", pkgName, typeName, strings.Join(names, ", "))
}

// Hint returns the first hint of the table for an error message on a
// line of a cell; "" when no rule matches.
func Hint(msg, line, cell string, known []string) string {
	for _, r := range hintRules() {
		var sub []string
		if r.msg != nil {
			if sub = r.msg.FindStringSubmatch(msg); sub == nil {
				continue
			}
		}
		if r.src != nil && !r.src.MatchString(line) {
			continue
		}
		return r.hint(hintCtx{msg: msg, line: line, cell: cell, known: known, sub: sub})
	}
	return ""
}

// LineText returns line n (from 1) of a cell, "" when there is none.
func LineText(cell string, n int) string {
	lines := strings.Split(cell, "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// HintRuleNames returns the names of the hint table's rules, in order: the
// tests give each one a case.
func HintRuleNames() []string {
	var names []string
	for _, r := range hintRules() {
		names = append(names, r.name)
	}
	return names
}
