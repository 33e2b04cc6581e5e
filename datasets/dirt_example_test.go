package datasets_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/datasets"
)

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
