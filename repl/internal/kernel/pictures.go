package kernel

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// stamp identifies one version of a file.
type stamp struct {
	mod  time.Time
	size int64
}

// isPicture reports whether a file name is a picture the REPL reports: a
// PNG or a GIF.
func isPicture(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".png" || ext == ".gif"
}

// snapshotPictures records the pictures under the out folder before a cell
// runs. The kernel finds a cell's pictures by comparing snapshots: plots
// needs no hooks, and anything a cell writes there with any package
// counts.
func snapshotPictures(root string) map[string]stamp {
	snap := map[string]stamp{}
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
		if strings.HasPrefix(name, ".") || !isPicture(name) {
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

// newPictures returns the pictures under root that are new or changed
// since before, oldest first. root is the folder the cell ended with,
// which may differ from the one it started with (a cell may assign out).
func newPictures(before map[string]stamp, root string) []string {
	after := snapshotPictures(root)
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
