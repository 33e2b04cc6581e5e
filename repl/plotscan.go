package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aekit/aekit/internal/termimg"
)

// previewCols is the width in characters of a picture's terminal preview.
const previewCols = 48

// stamp identifies one version of a file.
type stamp struct {
	mod  time.Time
	size int64
}

// snapshotPNGs records the PNGs under the out folder before a cell runs.
// The REPL finds a cell's pictures by comparing snapshots: plots needs no
// hooks, and anything a cell writes there with any package counts.
func (s *session) snapshotPNGs() map[string]stamp {
	snap := map[string]stamp{}
	root := s.opts.out
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || !strings.EqualFold(filepath.Ext(name), ".png") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		snap[path] = stamp{info.ModTime(), info.Size()}
		return nil
	})
	return snap
}

// newPNGs returns the PNGs that are new or changed since before, oldest
// first. It snapshots the folder the cell ended with, which may differ from
// the one it started with (a cell may assign out).
func (s *session) newPNGs(before map[string]stamp) []string {
	after := s.snapshotPNGs()
	var paths []string
	for p, st := range after {
		if old, ok := before[p]; !ok || old != st {
			paths = append(paths, p)
		}
	}
	sort.Slice(paths, func(i, j int) bool {
		a, b := after[paths[i]].mod, after[paths[j]].mod
		if !a.Equal(b) {
			return a.Before(b)
		}
		return paths[i] < paths[j]
	})
	return paths
}

// preview draws a picture in the terminal, below the cell that saved it.
// It writes to the terminal only, never into the notebook.
func (s *session) preview(path string, cols int) {
	mode := termimg.DetectMode(os.Stdout)
	if mode == termimg.None {
		return
	}
	if err := termimg.RenderFile(s.out.terminal(), path, cols, mode); err != nil {
		s.out.terminal().Write([]byte("(no preview: " + err.Error() + ")\n"))
	}
}
