package picture

import (
	"strconv"
	"strings"
)

// Sizes is the sizes attribute of a shown image: the width of the text
// column (46rem) on a wide screen, the screen's width on a phone.
const Sizes = "(min-width: 48rem) 46rem, 100vw"

// Picture is an image shown at the widths of Plan.
type Picture struct {
	URL        string // the fallback: the 960 px size, or the largest under it
	Srcset     string // in the image's format
	WebPSrcset string
	Sizes      string
	Width      int // of the fallback
	Height     int
}

// Show is the Picture of an image width pixels wide in format (its
// sizes in its format and in WebP); variant gives where a size is
// published and its size.
func Show(width int, format string, variant func(Op) (url string, w, h int)) *Picture {
	p := &Picture{Sizes: Sizes}
	var own, webp []string
	for _, w := range Plan(width) {
		u, vw, vh := variant(Op{Kind: "resize", W: w, Format: format})
		own = append(own, u+" "+strconv.Itoa(w)+"w")
		wu, _, _ := variant(Op{Kind: "resize", W: w, Format: "webp"})
		webp = append(webp, wu+" "+strconv.Itoa(w)+"w")
		if p.URL == "" || w <= 960 {
			p.URL, p.Width, p.Height = u, vw, vh
		}
	}
	p.Srcset, p.WebPSrcset = strings.Join(own, ", "), strings.Join(webp, ", ")
	return p
}
