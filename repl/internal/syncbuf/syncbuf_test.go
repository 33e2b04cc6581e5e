package syncbuf

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentWrites: writers at once lose nothing, and Take empties.
func TestConcurrentWrites(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				fmt.Fprint(&b, "x")
			}
		}()
	}
	wg.Wait()
	if got := b.Take(); got != strings.Repeat("x", 800) {
		t.Errorf("Take returned %d bytes, want 800", len(got))
	}
	if b.String() != "" {
		t.Errorf("after Take the buffer holds %q", b.String())
	}
}
