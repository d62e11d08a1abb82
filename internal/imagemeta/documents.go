package imagemeta

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"slices"
	"strings"
)

// Person is a name a document carries in its properties, and where.
type Person struct {
	Name  string // as found
	Field string // "author", "last modified by"
}

// pdfEnds is how much of a PDF's start and end is read for its
// properties: the Info dictionary and XMP sit there, before the pages or
// in the last update, and a large PDF is not read whole.
const pdfEnds = 2 << 20

// DocumentPeople returns the names a document's properties carry, for a
// warning: PDF (its Info dictionary and XMP), OpenDocument (meta.xml) and
// Office Open XML (docProps/core.xml) files. CleanDocument removes them
// from OpenDocument and Office files; a PDF's structure, or a signed
// document, is easily broken by a rewriting: the author removes them in
// the program that made the file. name says the format,
// by its extension; r holds size bytes, of which only what is needed is
// read (a zip's directory and one entry, a PDF's two ends).
func DocumentPeople(name string, r io.ReaderAt, size int64) []Person {
	ext := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])
	switch ext {
	case "pdf":
		head := make([]byte, min(size, pdfEnds))
		n, _ := r.ReadAt(head, 0)
		people := pdfPeople(head[:n])
		if size > pdfEnds {
			tail := make([]byte, min(size-pdfEnds, pdfEnds))
			n, _ := r.ReadAt(tail, size-int64(len(tail)))
			people = dedupe(append(people, pdfPeople(tail[:n])...))
		}
		return people
	case "odt", "ods", "odp", "odg":
		return zipPeople(r, size, "meta.xml", map[string]string{"initial-creator": "author", "creator": "last modified by"})
	case "docx", "xlsx", "pptx":
		return zipPeople(r, size, "docProps/core.xml", map[string]string{"creator": "author", "lastModifiedBy": "last modified by"})
	}
	return nil
}

// Remedy says how to remove a document's names, by its extension.
func Remedy(name string) string {
	switch strings.ToLower(name[strings.LastIndexByte(name, '.')+1:]) {
	case "pdf":
		return "export the PDF again after removing the author from the source document, " +
			"or in a PDF editor's document properties"
	case "odt", "ods", "odp", "odg":
		return "in LibreOffice: Outils > Options > LibreOffice > Sécurité > Options, tick « Supprimer les informations " +
			"personnelles lors de l’enregistrement », then save the file again"
	}
	return "in Word, Excel or PowerPoint: Fichier > Informations > Vérifier l’absence de problèmes > Inspecter le document, " +
		"remove « Propriétés du document et informations personnelles », then save"
}

var (
	pdfAuthor  = regexp.MustCompile(`/Author\s*(\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>)`)
	xmpCreator = regexp.MustCompile(`(?s)<dc:creator>.*?<rdf:li[^>]*>([^<]+)</rdf:li>`)
)

func pdfPeople(b []byte) []Person {
	var out []Person
	for _, m := range pdfAuthor.FindAllSubmatch(b, 4) {
		if s := pdfString(m[1]); s != "" {
			out = append(out, Person{Name: s, Field: "author"})
		}
	}
	for _, m := range xmpCreator.FindAllSubmatch(b, 2) {
		if s := strings.TrimSpace(string(m[1])); s != "" {
			out = append(out, Person{Name: s, Field: "author"})
		}
	}
	return dedupe(out)
}

// pdfString reads a PDF string, literal "(…)" or hex "<…>", in
// PDFDocEncoding (as Latin-1) or UTF-16BE with its mark.
func pdfString(v []byte) string {
	var raw []byte
	if v[0] == '(' {
		in := v[1 : len(v)-1]
		for i := 0; i < len(in); i++ {
			if in[i] == '\\' && i+1 < len(in) {
				i++
			}
			raw = append(raw, in[i])
		}
	} else {
		hex := bytes.Map(func(r rune) rune {
			if strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return r
			}
			return -1
		}, v)
		for i := 0; i+1 < len(hex); i += 2 {
			var c byte
			for _, h := range hex[i : i+2] {
				c <<= 4
				switch {
				case h >= 'a':
					c |= h - 'a' + 10
				case h >= 'A':
					c |= h - 'A' + 10
				default:
					c |= h - '0'
				}
			}
			raw = append(raw, c)
		}
	}
	if bytes.HasPrefix(raw, []byte{0xfe, 0xff}) {
		var rs []rune
		for i := 2; i+1 < len(raw); i += 2 {
			rs = append(rs, rune(raw[i])<<8|rune(raw[i+1]))
		}
		return strings.TrimSpace(string(rs))
	}
	rs := make([]rune, len(raw))
	for i, c := range raw {
		rs[i] = rune(c)
	}
	return strings.TrimSpace(string(rs))
}

// zipPeople reads the elements named in fields (local names) of one XML
// file of a zip-based document.
func zipPeople(r io.ReaderAt, size int64, file string, fields map[string]string) []Person {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil
	}
	for _, f := range zr.File {
		if f.Name != file || f.UncompressedSize64 > 1<<20 {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil
		}
		defer rc.Close()
		var out []Person
		d := xml.NewDecoder(io.LimitReader(rc, 1<<20))
		field := ""
		for {
			tok, err := d.Token()
			if err != nil {
				return dedupe(out)
			}
			switch t := tok.(type) {
			case xml.StartElement:
				field = fields[t.Name.Local]
			case xml.CharData:
				if s := strings.TrimSpace(string(t)); field != "" && s != "" {
					out = append(out, Person{Name: s, Field: field})
				}
			case xml.EndElement:
				field = ""
			}
		}
	}
	return nil
}

func dedupe(ps []Person) []Person {
	var out []Person
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.Name] {
			seen[p.Name] = true
			out = append(out, p)
		}
	}
	return out
}

// svgMetadata are the parts of an SVG that say who made it and where it was
// kept: <metadata> (Dublin Core creator, rights), and the editor's record
// of the file's path on its author's computer.
var (
	svgMetadata  = regexp.MustCompile(`(?s)<metadata\b.*?</metadata>|<metadata\b[^>]*/>`)
	svgPathAttrs = regexp.MustCompile(`\b(?:sodipodi:docname|inkscape:export-filename|inkscape:export-xdpi|inkscape:export-ydpi)="[^"]*"`)
)

// CleanSVG removes an SVG's metadata element and the attributes where
// editors keep the file's name and path, and reports whether it found any.
// Each is replaced by a space, never by nothing: what stood on either
// side cannot join into a new one (« <meta<metadata/>data> »), so that
// one pass finds all, and a second finds none.
//
// An attribute's value may hide the end of an element (« > »), so a
// removal can still reveal another: the passes go on until one finds
// nothing, up to maxSVGPasses; a file that needs more (no editor writes
// one) loses all from its first remaining metadata element on.
func CleanSVG(b []byte) ([]byte, bool) {
	space := []byte(" ")
	out := b
	for range maxSVGPasses {
		next := svgPathAttrs.ReplaceAll(svgMetadata.ReplaceAll(out, space), space)
		if bytes.Equal(next, out) {
			return out, !bytes.Equal(out, b)
		}
		out = next
	}
	if i := bytes.Index(out, []byte("<metadata")); i >= 0 {
		out = out[:i]
	}
	out = svgPathAttrs.ReplaceAll(out, space)
	return out, !bytes.Equal(out, b)
}

// maxSVGPasses bounds CleanSVG's passes over a hostile file.
const maxSVGPasses = 16

// documentProperties are, by format, the zip entries that hold a
// document's properties and the elements (local names) that name a
// person or an organisation in them.
var documentProperties = map[string]map[string][]string{
	"odt": {"meta.xml": {"initial-creator", "creator"}},
	"docx": {"docProps/core.xml": {"creator", "lastModifiedBy"},
		"docProps/app.xml": {"Company", "Manager"}},
}

func init() {
	for _, ext := range []string{"ods", "odp", "odg"} {
		documentProperties[ext] = documentProperties["odt"]
	}
	for _, ext := range []string{"xlsx", "pptx"} {
		documentProperties[ext] = documentProperties["docx"]
	}
}

// maxCleaned is the largest document CleanDocument rewrites.
const maxCleaned = 64 << 20

// CleanDocument returns an OpenDocument or Office Open XML file with the
// names its properties carry emptied (author, last modified by, company,
// manager), every other entry of its zip copied byte for byte, in order
// (an OpenDocument's uncompressed mimetype first). It returns nil for a
// file it does not rewrite: another format, none of these names, a file
// larger than 64 MB, a damaged zip, or a signed document, which the
// rewriting would break; those keep DocumentPeople's warning.
func CleanDocument(name string, data []byte) []byte {
	props := documentProperties[strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])]
	if props == nil || len(data) > maxCleaned {
		return nil
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	cleaned := map[string][]byte{}
	for _, f := range zr.File {
		if strings.Contains(strings.ToLower(f.Name), "signature") {
			return nil
		}
		fields := props[f.Name]
		if fields == nil {
			continue
		}
		if f.UncompressedSize64 > 1<<20 {
			return nil
		}
		rc, err := f.Open()
		if err != nil {
			return nil
		}
		b, err := io.ReadAll(io.LimitReader(rc, 1<<20+1))
		rc.Close()
		if err != nil || len(b) > 1<<20 {
			return nil
		}
		out, changed, ok := emptyElements(b, fields)
		if !ok {
			return nil
		}
		if changed {
			cleaned[f.Name] = out
		}
	}
	if len(cleaned) == 0 {
		return nil
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		b, ok := cleaned[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil
			}
			continue
		}
		h := f.FileHeader
		h.CompressedSize64, h.UncompressedSize64, h.CRC32 = 0, 0, 0
		w, err := zw.CreateHeader(&h)
		if err != nil {
			return nil
		}
		if _, err := w.Write(b); err != nil {
			return nil
		}
	}
	if zw.Close() != nil {
		return nil
	}
	return buf.Bytes()
}

// emptyElements removes the text of the elements of b whose local name is
// in names, byte for byte elsewhere; it reports whether it removed any,
// and false for XML it cannot read.
func emptyElements(b []byte, names []string) ([]byte, bool, bool) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var cut [][2]int64 // the text spans to remove
	depth, start := 0, int64(0)
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth > 0 {
				depth++
			} else if slices.Contains(names, t.Name.Local) {
				depth, start = 1, d.InputOffset()
			}
		case xml.EndElement:
			if depth > 0 {
				if depth--; depth == 0 && before > start {
					cut = append(cut, [2]int64{start, before})
				}
			}
		}
	}
	if len(cut) == 0 {
		return b, false, true
	}
	var out []byte
	last := int64(0)
	for _, c := range cut {
		out = append(out, b[last:c[0]]...)
		last = c[1]
	}
	return append(out, b[last:]...), true, true
}
