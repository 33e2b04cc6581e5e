//go:build purego || !amd64

package vec

// asmImpls lists the assembly implementations this build can run: none.
func asmImpls() []*impl { return nil }
