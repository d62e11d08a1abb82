package imagemeta

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDocumentPeople(t *testing.T) {
	docx := zipOf(t, map[string]string{"word/document.xml": "<w:document/>", "docProps/core.xml": `<?xml version="1.0"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:creator>Marie Dupont</dc:creator><cp:lastModifiedBy>Poste ISCG Lyon</cp:lastModifiedBy></cp:coreProperties>`})
	odt := zipOf(t, map[string]string{"meta.xml": `<office:document-meta xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<office:meta><meta:initial-creator>Marie Dupont</meta:initial-creator><dc:creator>Marie Dupont</dc:creator></office:meta></office:document-meta>`})
	clean := zipOf(t, map[string]string{"meta.xml": `<office:document-meta><office:meta><meta:generator>LibreOffice</meta:generator></office:meta></office:document-meta>`})
	pdf := "%PDF-1.4\n1 0 obj << /Title (Guide) /Author (Marie Dupont) /Producer (LibreOffice) >> endobj\n"
	pdf16 := "%PDF-1.7\n1 0 obj << /Author <FEFF004D0061007200690065> >> endobj\n"
	xmp := "%PDF-1.7\n<x:xmpmeta><dc:creator><rdf:Seq><rdf:li>Marie Dupont</rdf:li></rdf:Seq></dc:creator></x:xmpmeta>"
	tests := []struct {
		name string
		data []byte
		want string // "" for none
	}{
		{"notes.docx", docx, "author: Marie Dupont; last modified by: Poste ISCG Lyon"},
		{"Déroulé.odt", odt, "author: Marie Dupont"},
		{"propre.odt", clean, ""},
		{"guide.pdf", []byte(pdf), "author: Marie Dupont"},
		{"guide16.pdf", []byte(pdf16), "author: Marie"},
		{"xmp.pdf", []byte(xmp), "author: Marie Dupont"},
		{"vide.pdf", []byte("%PDF-1.4\n<< /Producer (x) >>"), ""},
		{"cassé.docx", []byte("not a zip"), ""},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range DocumentPeople(tt.name, bytes.NewReader(tt.data), int64(len(tt.data))) {
			got = append(got, p.Field+": "+p.Name)
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, g, tt.want)
		}
		if tt.want != "" && Remedy(tt.name) == "" {
			t.Errorf("%s: no remedy", tt.name)
		}
	}
}

func TestCleanSVG(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" sodipodi:docname="C:\Users\marie.dupont\Bureau\plan.svg" inkscape:export-filename="/home/marie/plan.png">
<metadata><rdf:RDF><cc:Work><dc:creator><cc:Agent><dc:title>Marie Dupont</dc:title></cc:Agent></dc:creator></cc:Work></rdf:RDF></metadata>
<circle r="4"/></svg>`
	out, found := CleanSVG([]byte(svg))
	if !found || bytes.Contains(out, []byte("marie")) || bytes.Contains(out, []byte("Marie")) || !bytes.Contains(out, []byte(`<circle r="4"/>`)) {
		t.Errorf("cleaned: %s", out)
	}
	if _, found := CleanSVG(out); found {
		t.Errorf("cleaning twice found more")
	}
}

// TestLargePDF: the author at the end of a PDF larger than what is read
// from each end is found, and the middle is never read.
func TestLargePDF(t *testing.T) {
	middle := bytes.Repeat([]byte("x"), 3*pdfEnds)
	pdf := append(append([]byte("%PDF-1.7\n"), middle...), "\n1 0 obj << /Author (Marie Dupont) >> endobj\ntrailer"...)
	r := &countingReader{b: pdf}
	got := DocumentPeople("gros.pdf", r, int64(len(pdf)))
	if len(got) != 1 || got[0].Name != "Marie Dupont" {
		t.Errorf("found %+v", got)
	}
	if r.read > 2*pdfEnds {
		t.Errorf("read %d bytes of a %d-byte PDF", r.read, len(pdf))
	}
}

type countingReader struct {
	b    []byte
	read int
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n := copy(p, c.b[off:])
	c.read += n
	return n, nil
}
