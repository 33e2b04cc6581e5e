package pipeline

import (
	"context"
	"sync"
	"time"
)

// cellContext is the value of the predefined name ctx: one context.Context
// for the whole session whose methods delegate to the context of the cell
// running now. A function defined in one cell and called in a later one
// (or a model's Fit) therefore always watches the current cell's Ctrl-C.
type cellContext struct {
	mu  sync.Mutex
	cur context.Context
}

func newCellContext() *cellContext {
	return &cellContext{cur: context.Background()}
}

// set makes c delegate to ctx.
func (c *cellContext) set(ctx context.Context) {
	c.mu.Lock()
	c.cur = ctx
	c.mu.Unlock()
}

func (c *cellContext) current() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

// Deadline implements context.Context.
func (c *cellContext) Deadline() (time.Time, bool) { return c.current().Deadline() }

// Done implements context.Context.
func (c *cellContext) Done() <-chan struct{} { return c.current().Done() }

// Err implements context.Context.
func (c *cellContext) Err() error { return c.current().Err() }

// Value implements context.Context.
func (c *cellContext) Value(key any) any { return c.current().Value(key) }

// String names the value when a cell prints ctx.
func (c *cellContext) String() string { return "ctx (the running cell's context; Ctrl-C cancels it)" }
