package datasets_test

import (
	"fmt"
	"log"

	"github.com/aekit/aekit/datasets"
)

// Set two proverbs in Go Mono, read them back with the OCR, then read a
// dirty copy of the same page.
func ExampleOCR_Read() {
	lines := []string{"Clear is better than clever.", "Errors are values."}
	pages, texts, err := datasets.RenderMono(lines, 40, 240, 13)
	if err != nil {
		log.Fatal(err)
	}
	ocr, err := datasets.NewOCR(13)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ocr)
	read, _ := ocr.Read(pages)
	acc, _ := datasets.CharAccuracy(read, texts)
	fmt.Printf("clean: %q, accuracy %.2f\n", read[0], acc)

	dirty, _ := datasets.Dirty(pages, datasets.Dirt{Blur: 0.8, Stains: 2, Noise: 0.15}, 1)
	read, _ = ocr.Read(dirty)
	acc, _ = datasets.CharAccuracy(read, texts)
	fmt.Printf("dirty: %q, accuracy %.2f\n", read[0], acc)
	cells, got, want, _ := ocr.Misread(dirty, texts)
	fmt.Printf("%d cells misread: %q should be %q\n", cells.Len(), got, want)
	// Output:
	// datasets.OCR: Go Mono at 13 pixels, cells of 16×8, 95 characters
	// clean: "Clear is better than clever.\nErrors are values.", accuracy 1.00
	// dirty: "C|ear |s better than c|ever.\nLrror+ are vaTues", accuracy 0.85
	// 7 cells misread: "|||L+T " should be "lilEsl."
}

// Letters in the Go fonts, drawn as MNIST draws its digits.
func ExampleLetters() {
	digits, err := datasets.MNISTTest()
	if err != nil {
		log.Fatal(err)
	}
	letters, err := datasets.Letters(1000, digits.Shape, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(letters)
	fmt.Printf("the first three are %c, %c and %c\n", letters.Labels[0], letters.Labels[1], letters.Labels[2])
	// Output:
	// letters: 1000 images of 28×28, labels 65 to 122
	// the first three are B, N and l
}

// Zalando's clothes, embedded like the MNIST digits.
func ExampleFashionTest() {
	clothes, err := datasets.FashionTest()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(clothes)
	fmt.Println("the first picture shows:", datasets.FashionLabels()[clothes.Labels[0]])
	// Output:
	// fashion-test: 10000 images of 28×28, labels 0 to 9
	// the first picture shows: Ankle boot
}
