package datasets_test

import (
	"fmt"
	"log"

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
