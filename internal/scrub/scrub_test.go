package scrub

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"relais/internal/imagemeta"
	"relais/internal/imagemeta/imagetest"
)

func TestCleanImage(t *testing.T) {
	phone := imagetest.PhoneJPEG(t, 1)
	for _, tc := range []struct {
		name, file string
		data       []byte
		keep       bool
		format     string // "" for none
		find       string // a finding
		refused    bool
	}{
		{"a phone photo: its place and owner removed", "content/a/photo.jpg", phone, false, "jpeg", "this image held the place it was taken", false},
		{"kept as it is when the site says so", "content/a/photo.jpg", phone, true, "jpeg", "", false},
		{"a PNG with text chunks", "content/a/plan.png", imagetest.TextPNG(t), false, "png", "this image held a name (Marie Dupont)", false},
		{"an SVG without its editor's paths", "static/carte.svg", []byte(`<svg sodipodi:docname="C:\Users\marie\carte.svg"><metadata>x</metadata></svg>`), false, "", "", false},
		{"a photo cut short", "content/a/photo.jpg", phone[:40], false, "", "this image cannot be read", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			im := CleanImage(tc.file, tc.data, tc.keep, nil)
			if (im.Out == nil) != tc.refused {
				t.Fatalf("published %v, findings %v", im.Out != nil, im.Findings)
			}
			if im.Format != tc.format {
				t.Errorf("format %q, want %q", im.Format, tc.format)
			}
			if got := im.Findings.Error(); tc.find == "" && got != "" || !strings.Contains(got, tc.find) {
				t.Errorf("findings %q, want %q", got, tc.find)
			}
			if tc.refused {
				return
			}
			switch {
			case tc.keep && !bytes.Equal(im.Out, tc.data):
				t.Errorf("a kept image changed")
			case !tc.keep && bytes.Contains(im.Out, []byte("docname")):
				t.Errorf("the SVG keeps its editor's path")
			}
			if !tc.keep && tc.format == "jpeg" {
				if _, found, _ := imagemeta.Clean(im.Out); found.GPS || found.Owner != "" {
					t.Errorf("the published photo still says where or who: %+v", found)
				}
			}
		})
	}
}

func TestCleanDocument(t *testing.T) {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("docProps/core.xml")
	w.Write([]byte(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Marie Dupont</dc:creator></cp:coreProperties>`))
	w, _ = z.Create("word/document.xml")
	w.Write([]byte("<w:document/>"))
	z.Close()
	docx := b.Bytes()
	pdf := []byte("%PDF-1.4\n1 0 obj << /Author (Marie Dupont) >> endobj\ntrailer << /Info 1 0 R >>\n%%EOF")
	for _, tc := range []struct {
		name, file string
		data       []byte
		cleaned    bool
		find       string
	}{
		{"an Office document loses its author", "content/kit/fiche.docx", docx, true, ""},
		{"a PDF is said, published as it is", "content/kit/fiche.pdf", pdf, false, "this document's properties name a person (author: Marie Dupont)"},
		{"a document naming nobody", "content/kit/fiche.pdf", []byte("%PDF-1.4\n%%EOF"), false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, l := CleanDocument(tc.file, bytes.NewReader(tc.data), int64(len(tc.data)))
			if (out != nil) != tc.cleaned || bytes.Contains(out, []byte("Marie Dupont")) {
				t.Errorf("cleaned %v", out != nil)
			}
			if got := l.Error(); tc.find == "" && got != "" || !strings.Contains(got, tc.find) {
				t.Errorf("findings %q, want %q", got, tc.find)
			}
		})
	}
}
