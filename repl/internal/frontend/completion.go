package frontend

import (
	"strings"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/cell"
	"github.com/aekit/aekit/repl/internal/godata"
	"github.com/aekit/aekit/repl/internal/protocol"
)

// completer is readline's Tab completion for a session.
type completer struct{ s *Session }

// Do implements readline.AutoCompleter: it returns the rest of each
// candidate after the word being completed, and that word's length.
func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	word, cands := c.s.Complete(string(line[:pos]))
	n := len([]rune(word))
	out := make([][]rune, 0, len(cands))
	for _, cand := range cands {
		out = append(out, []rune(cand)[n:])
	}
	return out, n
}

// Complete returns the word at the end of text and the candidates that
// complete it (each starting with the word): commands and their
// arguments here, Go names from the kernel. A kernel that is busy (a
// replay) completes nothing rather than keep the learner waiting.
func (s *Session) Complete(text string) (string, []string) {
	if t := strings.TrimLeft(text, " \t"); strings.HasPrefix(t, ":") {
		return s.completeCommand(t)
	}
	if !s.kmu.TryLock() {
		return "", nil
	}
	k := s.k
	s.kmu.Unlock()
	if k == nil {
		return "", nil
	}
	r, err := k.query(protocol.QComplete, text)
	if err != nil || r.Err != "" {
		return "", nil
	}
	return r.Word, r.List
}

// completeCommand completes a ":" line: command names, then lesson names
// after :open, documentation keys after :doc, off after :serve.
func (s *Session) completeCommand(t string) (string, []string) {
	name, arg, hasArg := strings.Cut(t[1:], " ")
	if !hasArg {
		var names []string
		for _, c := range commands {
			names = append(names, ":"+c.name)
		}
		return t, cell.WithPrefix(names, t)
	}
	if name == "doc" {
		return arg, cell.WithPrefix(godata.DocKeys(), arg)
	}
	if name == "serve" {
		return arg, cell.WithPrefix([]string{"off"}, arg)
	}
	if name == "open" {
		all, err := lessons.All()
		if err != nil {
			return arg, nil
		}
		var names []string
		for _, l := range all {
			names = append(names, l.Name)
		}
		return arg, cell.WithPrefix(names, arg)
	}
	return arg, nil
}
