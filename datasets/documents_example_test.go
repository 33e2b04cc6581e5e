package datasets_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/datasets"
)

// Set two lines of text on small pages and look at the ink of the first.
func ExampleRenderText() {
	lines := []string{"Go", "Clear is better than clever.", "Errors are values."}
	pages, err := datasets.RenderText(lines, 20, 200, 12)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pages) // one line fits on a page of 20 pixels: three pages

	// Draw the top left corner of page 0, "Go", one character per pixel.
	first, _ := pages.Image(0)
	for y := 5; y < 16; y++ {
		line := ""
		for x := 2; x < 20; x++ {
			if first[y*200+x] < 0.5 { // ink is dark: 0 is black, 1 is white paper
				line += "#"
			} else {
				line += "."
			}
		}
		fmt.Println(line)
	}

	_, err = datasets.RenderText([]string{"This line is much too long for a page this narrow."}, 20, 100, 12)
	fmt.Println(err)
	// Output:
	// text: 3 images of 20×200, no labels
	// ..................
	// ....#####.........
	// ...#..............
	// ..#...............
	// ..#........##.#...
	// ..#........#...#..
	// ..#....##..#...#..
	// ..#.....#..#...#..
	// ..##....#..#...#..
	// ...######...###...
	// ..................
	// datasets: RenderText: lines[0] ("This line is much too lo…") is 263 pixels wide, a page of width 100 leaves 94
}

// Soil a page with blur, stains and grain; the clean page stays as it was.
func ExampleDirty() {
	pages, err := datasets.RenderText([]string{"Don't panic."}, 32, 96, 14)
	if err != nil {
		log.Fatal(err)
	}
	dirty, err := datasets.Dirty(pages, datasets.Dirt{Blur: 0.7, Stains: 2, Noise: 0.1}, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("mean pixel: clean %.3f, dirty %.3f\n", mat.Sum(pages.Images)/(32*96), mat.Sum(dirty.Images)/(32*96))

	_, err = datasets.Dirty(pages, datasets.Dirt{Blur: -1}, 1)
	fmt.Println(err)
	// Output:
	// mean pixel: clean 0.930, dirty 0.868
	// datasets: text: Dirty: Blur = -1, want 0 to 20 pixels
}

// Cut two pages into overlapping 16×16 patches, as a patch denoiser sees
// them, and put them back together.
func ExamplePatches() {
	pages, err := datasets.RenderText([]string{"Make the zero", "value useful."}, 32, 112, 14)
	if err != nil {
		log.Fatal(err)
	}
	patches, err := datasets.Patches(pages, 16, 8)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pages)
	fmt.Println(patches)
	fmt.Println("patches per page:", patches.Len()/pages.Len(), "(3 down, 13 across)")
	fmt.Println("page of each patch:", patches.Index[0], "...", patches.Index[patches.Len()-1])

	back, err := datasets.Unpatch(patches.Images, 32, 112, 16, 8)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("rebuilt exactly:", mat.Equal(back, pages.Images))
	// Output:
	// text: 2 images of 32×112, no labels
	// text: 78 images of 16×16, no labels
	// patches per page: 39 (3 down, 13 across)
	// page of each patch: 0 ... 1
	// rebuilt exactly: true
}

// Unpatch averages overlapping patches: here a "model" that brightens
// every patch by 0.1 brightens the rebuilt page by 0.1 too.
func ExampleUnpatch() {
	pages, err := datasets.RenderText([]string{"Errors are values."}, 28, 160, 14)
	if err != nil {
		log.Fatal(err)
	}
	patches, err := datasets.Patches(pages, 12, 6)
	if err != nil {
		log.Fatal(err)
	}
	var brighter mat.Dense
	brighter.Apply(func(_, _ int, v float64) float64 { return v + 0.1 }, patches.Images)
	page, err := datasets.Unpatch(&brighter, 28, 160, 12, 6)
	if err != nil {
		log.Fatal(err)
	}
	var diff mat.Dense
	diff.Sub(page, pages.Images)
	fmt.Printf("rebuilt page minus original: %.3f to %.3f\n", mat.Min(&diff), mat.Max(&diff))

	_, err = datasets.Unpatch(patches.Images, 28, 100, 12, 6)
	fmt.Println(err)
	// Output:
	// rebuilt page minus original: 0.100 to 0.100
	// datasets: Unpatch: 104 patches is not a whole number of pages: a 28×100 page has 64 patches of 12×12 with stride 6
}
