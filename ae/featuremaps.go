package ae

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// FeatureMaps returns what every layer makes of the rows of x, as Encode
// and Reconstruct compute it (BatchNorm with its running statistics):
// maps[i] holds layer i's outputs, one row per row of x (C·H·W values,
// channels first), and shapes[i] is that layer's output Shape. It keeps
// every layer's output for every row: give it a few images.
//
// To look at them, Channels(maps[i], shapes[i], 0) makes the channels of
// the first image into rows of one channel each, for a grid of pictures.
func (m *Model) FeatureMaps(x *mat.Dense) (maps []*mat.Dense, shapes []Shape, err error) {
	if err := checkRows("FeatureMaps", "x", x, m.input); err != nil {
		return nil, nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	ws := m.inferWorkspace()
	r, _ := x.Dims()
	maps = make([]*mat.Dense, len(m.layers))
	shapes = make([]Shape, len(m.layers))
	for l, d := range m.layers {
		maps[l] = mat.NewDense(r, d.out.Size(), nil)
		shapes[l] = d.out.Shape
	}
	in := m.InputSize()
	for start := 0; start < r; start += ws.rows {
		n := min(ws.rows, r-start)
		ws.load(ws.x, x, nil, start, n)
		m.forward(ws, n, ws.x[:n*in], 0, len(m.layers), false, false)
		for l, d := range m.layers {
			size := d.out.Size()
			for i := 0; i < n; i++ {
				dst := maps[l].RawRowView(start + i)
				for j, v := range ws.acts[l][i*size : (i+1)*size] {
					dst[j] = float64(v)
				}
			}
		}
	}
	return maps, shapes, nil
}

// Channels returns the channels of row i of maps, whose rows are images of
// shape s (C×H×W, channels first), as C rows of H·W values: one picture a
// channel, to draw with Shape{C: 1, H: s.H, W: s.W}, e.g. the 32 feature
// maps a first convolution makes of one digit.
func Channels(maps *mat.Dense, s Shape, i int) (*mat.Dense, error) {
	if err := checkMaps("Channels", maps, s); err != nil {
		return nil, err
	}
	r, _ := maps.Dims()
	if i < 0 || i >= r {
		return nil, fmt.Errorf("ae: Channels: row %d does not exist (maps has rows 0 to %d)", i, r-1)
	}
	return mat.NewDense(s.C, s.H*s.W, append([]float64(nil), maps.RawRowView(i)...)), nil
}

// Channel returns channel c of every row of maps, whose rows are images of
// shape s: one row of H·W values per row of maps, to draw with
// Shape{C: 1, H: s.H, W: s.W}, e.g. what one filter finds in each of
// several digits.
func Channel(maps *mat.Dense, s Shape, c int) (*mat.Dense, error) {
	if err := checkMaps("Channel", maps, s); err != nil {
		return nil, err
	}
	if c < 0 || c >= s.C {
		return nil, fmt.Errorf("ae: Channel: channel %d does not exist (the shape %s has channels 0 to %d)", c, imageString(s), s.C-1)
	}
	r, _ := maps.Dims()
	hw := s.H * s.W
	out := mat.NewDense(r, hw, nil)
	for i := 0; i < r; i++ {
		copy(out.RawRowView(i), maps.RawRowView(i)[c*hw:(c+1)*hw])
	}
	return out, nil
}

func checkMaps(fn string, maps *mat.Dense, s Shape) error {
	if maps == nil {
		return fmt.Errorf("ae: %s: maps is nil", fn)
	}
	if err := checkShape(s); err != nil {
		return fmt.Errorf("ae: %s: %v", fn, err)
	}
	if r, c := maps.Dims(); c != s.Size() {
		return fmt.Errorf("ae: %s: maps is %d×%d, but shape %s makes rows of %d values", fn, r, c, imageString(s), s.Size())
	}
	return nil
}
