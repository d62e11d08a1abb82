package imagemeta

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

func zipOf(t testing.TB, files map[string]string) []byte {
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

// TestCleanDocument: an Office or LibreOffice document loses the names of
// its properties and nothing else: every other entry is the same bytes,
// in the same order, the mimetype first and stored; a signed document,
// a PDF or a damaged file is not rewritten.
func TestCleanDocument(t *testing.T) {
	core := `<?xml version="1.0"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Déroulé</dc:title><dc:creator>Marie Dupont</dc:creator><cp:lastModifiedBy>Poste ISCG Lyon</cp:lastModifiedBy></cp:coreProperties>`
	app := `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Mairie de Lyon</Company><Pages>2</Pages></Properties>`
	meta := `<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<office:meta><meta:initial-creator>Marie Dupont</meta:initial-creator><dc:creator>Marie <b>Dupont</b></dc:creator><meta:generator>LibreOffice</meta:generator></office:meta></office:document-meta>`
	ordered := func(entries ...[2]string) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for i, e := range entries {
			h := &zip.FileHeader{Name: e[0], Method: zip.Deflate}
			if i == 0 && e[0] == "mimetype" {
				h.Method = zip.Store
			}
			w, err := zw.CreateHeader(h)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(e[1]))
		}
		zw.Close()
		return b.Bytes()
	}
	docx := ordered([2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"docProps/core.xml", core}, [2]string{"docProps/app.xml", app},
		[2]string{"word/document.xml", "<w:document>Texte</w:document>"})
	odt := ordered([2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"meta.xml", meta},
		[2]string{"content.xml", "<office:document-content>Texte</office:document-content>"})
	signed := ordered([2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"meta.xml", meta},
		[2]string{"META-INF/documentsignatures.xml", "<signature/>"})
	for _, tt := range []struct {
		name string
		in   []byte
	}{{"notes.docx", docx}, {"Déroulé.odt", odt}} {
		out := CleanDocument(tt.name, tt.in)
		if out == nil {
			t.Fatalf("%s: not cleaned", tt.name)
		}
		for _, s := range []string{"Marie", "Dupont", "ISCG", "Mairie"} {
			if bytes.Contains(out, []byte(s)) {
				t.Errorf("%s: %q is still in it", tt.name, s)
			}
		}
		if p := DocumentPeople(tt.name, bytes.NewReader(out), int64(len(out))); len(p) > 0 {
			t.Errorf("%s: names left: %v", tt.name, p)
		}
		a, _ := zip.NewReader(bytes.NewReader(tt.in), int64(len(tt.in)))
		b, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
		if err != nil || len(a.File) != len(b.File) {
			t.Fatalf("%s: the cleaned zip: %v", tt.name, err)
		}
		for i, f := range a.File {
			g := b.File[i]
			if g.Name != f.Name || g.Method != f.Method {
				t.Errorf("%s: entry %d is %s (method %d), was %s (%d)", tt.name, i, g.Name, g.Method, f.Name, f.Method)
			}
			fa, _ := f.Open()
			fb, _ := g.Open()
			ba, _ := io.ReadAll(fa)
			bb, err := io.ReadAll(fb)
			if err != nil {
				t.Errorf("%s: %s does not read: %v", tt.name, g.Name, err)
			}
			if !strings.HasSuffix(f.Name, "core.xml") && !strings.HasSuffix(f.Name, "app.xml") && f.Name != "meta.xml" && !bytes.Equal(ba, bb) {
				t.Errorf("%s: %s changed", tt.name, f.Name)
			}
			if f.Name == "docProps/core.xml" && !bytes.Contains(bb, []byte("<dc:title>Déroulé</dc:title><dc:creator></dc:creator>")) {
				t.Errorf("%s: core.xml is now %s", tt.name, bb)
			}
		}
	}
	for _, tt := range []struct {
		name string
		in   []byte
	}{{"signé.odt", signed}, {"guide.pdf", []byte("%PDF-1.4 /Author (Marie)")}, {"cassé.docx", []byte("PK not a zip")},
		{"propre.odt", ordered([2]string{"mimetype", "x"}, [2]string{"meta.xml", "<office:meta/>"})}} {
		if out := CleanDocument(tt.name, tt.in); out != nil {
			t.Errorf("%s: rewritten", tt.name)
		}
	}
}

// FuzzDocuments reads any bytes as a PDF, an OpenDocument and an Office
// document, as a site's downloads are read: names found or none, never a
// panic; a document CleanDocument rewrote is still a zip whose
// properties name nobody.
func FuzzDocuments(f *testing.F) {
	f.Add(zipOf(f, map[string]string{"word/document.xml": "<w:document/>", "docProps/core.xml": `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Marie Dupont</dc:creator></cp:coreProperties>`}))
	f.Add(zipOf(f, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "meta.xml": `<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta><meta:initial-creator>Marie Dupont</meta:initial-creator></office:meta></office:document-meta>`}))
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Author (Marie Dupont) /Creator (Writer) >> endobj\ntrailer << /Info 1 0 R >>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"a.pdf", "a.odt", "a.docx", "a.xlsx"} {
			DocumentPeople(name, bytes.NewReader(data), int64(len(data)))
			out := CleanDocument(name, data)
			if out == nil {
				continue
			}
			if _, err := zip.NewReader(bytes.NewReader(out), int64(len(out))); err != nil {
				t.Fatalf("%s: the cleaned document is no longer a zip: %v", name, err)
			}
			if again := DocumentPeople(name, bytes.NewReader(out), int64(len(out))); len(again) > 0 {
				t.Errorf("%s: the cleaned document still names %v", name, again)
			}
		}
	})
}

// FuzzCleanSVG: any bytes as an SVG are cleaned once for all (cleaning
// again finds nothing).
func FuzzCleanSVG(f *testing.F) {
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg" sodipodi:docname="C:\Users\marie\carte.svg"><metadata><rdf:RDF/></metadata><path d="M0 0"/></svg>`))
	// Found by CI's fuzzing: a removal joined what stood around it into
	// another metadata element, and attributes followed one another.
	f.Add([]byte(`<svg><meta sodipodi:docname="x"data><rdf:RDF/></metadata><path d="M0 0"/></svg>`))
	f.Add([]byte(`<svg><meta<metadata/>data><rdf:RDF/></metadata><path d="M0 0"/></svg>`))
	// A value hiding the element's end: its removal reveals it.
	f.Add([]byte(`<svg><metadata/ inkscape:export-filename="a>b"  /><path d="M0 0"/></svg>`))
	f.Add([]byte(`<svg sodipo<metadata/>di:docname="x" a="1"sodipodi:docname="a"inkscape:export-filename="b"inkscape:export-xdpi="1"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, _ := CleanSVG(data)
		if again, found := CleanSVG(out); found {
			t.Errorf("cleaning twice removes more: %q then %q", out, again)
		}
	})
}
