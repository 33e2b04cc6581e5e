package datasets_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/datasets"
)

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

	back, err := datasets.Unpatch(patches.Images, pages.Shape, 16, 8)
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
	page, err := datasets.Unpatch(&brighter, pages.Shape, 12, 6)
	if err != nil {
		log.Fatal(err)
	}
	var diff mat.Dense
	diff.Sub(page, pages.Images)
	fmt.Printf("rebuilt page minus original: %.3f to %.3f\n", mat.Min(&diff), mat.Max(&diff))

	_, err = datasets.Unpatch(patches.Images, datasets.Shape{C: 1, H: 28, W: 100}, 12, 6)
	fmt.Println(err)
	// Output:
	// rebuilt page minus original: 0.100 to 0.100
	// datasets: Unpatch: 104 patches is not a whole number of pages: a 28×100 page has 64 patches of 12×12 with stride 6
}
