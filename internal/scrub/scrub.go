// Package scrub is what relais removes from a file of the site before it
// publishes it: an image's metadata (the place it was taken, a name, a
// motion photo's video after its end), a document's authors. Bytes in,
// the bytes to publish and the findings, at the file, out; the caller
// reads and stores them.
package scrub

import (
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"relais/internal/diag"
	"relais/internal/i18n"
	"relais/internal/imagemeta"
)

// Image is an image as it is published.
type Image struct {
	// Out are the bytes to publish; nil when the image is refused (its
	// Findings say why).
	Out []byte
	// Format ("jpeg" or "png") and size of an image relais can resize;
	// "" for others.
	Format string
	W, H   int
	// Findings are what was removed, or why the image is refused.
	Findings diag.List
}

// tooLarge says an image has more pixels than relais reads.
func tooLarge(file string, w, h int) *diag.Finding {
	return diag.Errorf(file, 0, "this image is %d×%d pixels, more than the %d relais reads", w, h, imagemeta.MaxSide).
		WithHint("make it smaller before adding it: a photo for the web needs no more than 2,000 pixels across " +
			"(any photo editor can export it smaller, as JPEG)")
}

// CleanImage is the image file (its bytes data) as published: without
// its metadata unless keep (site.toml's [images] keepMetadata names it),
// an SVG without its editors' names and paths; cache keeps turned photos
// between builds (may be nil).
func CleanImage(file string, data []byte, keep bool, cache imagemeta.Cache) Image {
	var im Image
	out := data
	if strings.EqualFold(path.Ext(file), ".svg") {
		if !keep {
			out, _ = imagemeta.CleanSVG(data)
		}
	} else if !keep {
		var found imagemeta.Found
		var err error
		out, found, err = imagemeta.CleanWith(data, cache)
		if tl := (*imagemeta.TooLargeError)(nil); errors.As(err, &tl) {
			im.Findings.Add(tooLarge(file, tl.W, tl.H))
			return im
		}
		if err != nil {
			im.Findings.Add(diag.Errorf(file, 0, "this image cannot be read (%v), so its metadata cannot be removed", err).
				WithHint("open it in a photo editor and save it again, or remove it"))
			return im
		}
		if f := removed(file, found); f != nil {
			im.Findings.Add(f)
		}
	}
	if format := imagemeta.Format(out); format == "jpeg" || format == "png" {
		w, h, err := imagemeta.Size(out)
		if err == nil && max(w, h) > imagemeta.MaxSide {
			im.Findings.Add(tooLarge(file, w, h))
			return im
		}
		if err == nil {
			im.Format, im.W, im.H = format, w, h
		}
	}
	im.Out = out
	return im
}

// removed says what an image's metadata held that identifies someone,
// or nil.
func removed(file string, found imagemeta.Found) *diag.Finding {
	var what i18n.Text
	place := i18n.T("the place it was taken (GPS %.4f, %.4f)", found.Lat, found.Lon)
	name := i18n.T("a name (%s)", found.Owner)
	switch {
	case found.GPS && found.Owner != "":
		what = i18n.T("%s and %s", place, name)
	case found.GPS:
		what = place
	case found.Owner != "":
		what = name
	default:
		return nil
	}
	return diag.Warnf(file, 0, "this image held %s: removed from the published copy", what).
		WithHint("nothing to do for the site; the file itself still holds it: remove its metadata before sharing it elsewhere")
}

// CleanDocument reads a document's properties (ra holds its size bytes):
// an Office or LibreOffice document that names people is published
// without them (out); one that cannot be rewritten (a PDF, a signed
// document) is published as it is, with a warning. out is nil when the
// document is published as it is.
func CleanDocument(file string, ra io.ReaderAt, size int64) (out []byte, findings diag.List) {
	people := imagemeta.DocumentPeople(file, ra, size)
	if len(people) == 0 {
		return nil, nil
	}
	if data, err := io.ReadAll(io.NewSectionReader(ra, 0, size)); err == nil {
		if out := imagemeta.CleanDocument(file, data); out != nil {
			return out, nil
		}
	}
	var found []string
	for _, p := range people {
		found = append(found, fmt.Sprintf("%s: %s", p.Field, p.Name))
	}
	findings.Add(diag.Warnf(file, 0, "this document's properties name a person (%s), and it is published as it is", strings.Join(found, "; ")).
		WithHint("%s; or list it in site.toml [images] keepMetadata if the name is meant to be public", imagemeta.Remedy(file)))
	return nil, findings
}
