package ae

import (
	"fmt"
	"strings"
)

// Activation, Loss and Optimizer are small enumerations with lower-case
// names; these two functions give them String and Parse.

// nameOf returns names[v], or "Kind(v)" for a value outside the list.
func nameOf(names []string, kind string, v int) string {
	if v < 0 || v >= len(names) {
		return fmt.Sprintf("%s(%d)", kind, v)
	}
	return names[v]
}

// parseName returns the position of name in names, ignoring case.
func parseName(names []string, kind, name string) (int, error) {
	for i, n := range names {
		if strings.EqualFold(name, n) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("ae: unknown %s %q (want one of %s)", strings.ToLower(kind), name, strings.Join(names, ", "))
}
