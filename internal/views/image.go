package views

import (
	"fmt"
	"path"
	"strings"

	"relais/internal/page"
	"relais/internal/picture"
	"relais/internal/record"
)

// ImageView is an image of the site as templates see it: its size, the
// sizes a page shows it at (.Picture), and other sizes (.Resize "480x",
// .Fit "400x300", .Fill "300x300", each with an optional format: "480x
// webp"). Its original is published only if a page links to it, so it
// has no address of its own; a size has one (.RelPermalink).
type ImageView struct {
	e            *env
	img          Image
	RelPermalink string // of a size; "" for the original
	Width        int
	Height       int
}

// Image returns an image of the site by name, relative to the page's
// folder ("photo.jpg" in a bundle) or from the site's root ("/images/x.jpg",
// in static/ or content/), or nil if relais cannot resize it (not a file
// of the site, or not a JPEG or PNG).
func (v *PageView) Image(name string) *ImageView {
	var cands []string
	if strings.HasPrefix(name, "/") {
		cands = []string{page.StaticDir + name, page.ContentDir + name}
	} else {
		cands = []string{path.Join(path.Dir(v.p.File), name)}
	}
	for _, c := range cands {
		if img := v.e.site.Image(v.e.rc, c); img != nil {
			w, h := img.Size()
			return &ImageView{e: v.e, img: img, Width: w, Height: h}
		}
	}
	return nil
}

// Picture is the sizes a page shows the image at, for a <picture>.
func (iv *ImageView) Picture() *picture.Picture { return show(iv.e.rc, iv.img) }

// Resize is the image scaled to a width ("480x") or a height ("x300").
func (iv *ImageView) Resize(size string) (*ImageView, error) { return iv.size("resize", size) }

// Fit is the image scaled down to fit in a box ("400x300").
func (iv *ImageView) Fit(size string) (*ImageView, error) { return iv.size("fit", size) }

// Fill is the image scaled and cropped around its centre to a box
// ("300x300").
func (iv *ImageView) Fill(size string) (*ImageView, error) { return iv.size("fill", size) }

func (iv *ImageView) size(kind, size string) (*ImageView, error) {
	op, err := picture.Parse(kind, size, iv.img.Format())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", iv.img.Path(), err)
	}
	u, w, h := iv.img.Variant(iv.e.rc, op)
	return &ImageView{e: iv.e, img: iv.img, RelPermalink: u, Width: w, Height: h}, nil
}

// show is the Picture of img at the sizes a page shows it at, recorded
// in rc.
func show(rc *record.Render, img Image) *picture.Picture {
	w, _ := img.Size()
	return picture.Show(w, img.Format(), func(op picture.Op) (string, int, int) { return img.Variant(rc, op) })
}
