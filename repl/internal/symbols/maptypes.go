package symbols

import (
	"fmt"
	"reflect"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// MapTypes tells yaegi which extra interfaces to look for when a cell's
// value goes to compiled code. Compiled code cannot see methods of a
// cell's type beyond the interface it receives, so without these a cell
// type's String method is ignored by fmt.Println, and a cell's plotter
// that has a DataRange method gets axes that ignore it. It is registered
// in Symbols under ".", where interp.Use looks for it.
var MapTypes = map[reflect.Value][]reflect.Type{}

// This file's name sorts after the generated files', so their tables are
// filled when this init runs.
func init() {
	stringers := []reflect.Type{
		reflect.TypeOf((*fmt.Formatter)(nil)).Elem(),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
	for _, f := range []interface{}{fmt.Errorf, fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf, fmt.Println, fmt.Sprint, fmt.Sprintf, fmt.Sprintln} {
		MapTypes[reflect.ValueOf(f)] = stringers
	}
	if w, ok := Symbols["gonum.org/v1/plot/plot"]["_Plotter"]; ok {
		MapTypes[w] = []reflect.Type{reflect.TypeOf(plotterDataRanger{})}
	}
	Symbols["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(MapTypes)}
}

// plotterDataRanger is the wrapper yaegi uses for a cell's plot.Plotter
// that is also a plot.DataRanger: plot.Add asks every plotter for its data
// range with a type assertion, which must succeed on the wrapper.
type plotterDataRanger struct {
	IValue     interface{}
	WPlot      func(c draw.Canvas, plt *plot.Plot)
	WDataRange func() (xmin, xmax, ymin, ymax float64)
}

// Plot implements plot.Plotter.
func (w plotterDataRanger) Plot(c draw.Canvas, plt *plot.Plot) { w.WPlot(c, plt) }

// DataRange implements plot.DataRanger.
func (w plotterDataRanger) DataRange() (xmin, xmax, ymin, ymax float64) { return w.WDataRange() }
