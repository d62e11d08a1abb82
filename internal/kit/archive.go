package kit

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"io"
	"sort"
	"time"
)

// Doc is a page of a kit (the guide, a handout) for the archive.
type Doc struct {
	Name    string // file name in the archive: "animateur.html"
	Title   string
	Lang    string
	Content template.HTML
}

// File is a file of the kit kept as it is (PDF, ODT, images…).
type File struct {
	Name string // path in the archive
	Open func() (io.ReadCloser, error)
}

// archiveTime is the time of every archive entry, so that the same kit
// gives the same bytes.
var archiveTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// printCSS makes the documents print-ready when opened from the archive,
// with no stylesheet to fetch.
const printCSS = `@page { size: A4; margin: 18mm 16mm; }
body { font-family: system-ui, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; font-size: 12pt; line-height: 1.5; color: #000; max-width: 46rem; margin: 1rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; break-after: avoid; }
table { border-collapse: collapse; } th, td { border: 1px solid #555; padding: 0.3rem 0.5rem; text-align: left; }
a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 90%; }
`

var docTemplate = template.Must(template.New("doc").Parse(`<!doctype html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }}</title>
<style>` + printCSS + `</style>
</head>
<body>
<h1>{{ .Title }}</h1>
{{ .Content }}
</body>
</html>
`))

// Archive writes a kit's archive: each document as a self-contained HTML
// file, then the files, every entry sorted by name and dated the same, so
// that the same kit always gives the same bytes.
func Archive(w io.Writer, docs []Doc, files []File) error {
	type entry struct {
		name string
		fill func(io.Writer) error
	}
	var entries []entry
	for _, d := range docs {
		entries = append(entries, entry{d.Name, func(w io.Writer) error { return docTemplate.Execute(w, d) }})
	}
	for _, f := range files {
		entries = append(entries, entry{f.Name, func(w io.Writer) error {
			r, err := f.Open()
			if err != nil {
				return err
			}
			defer r.Close()
			_, err = io.Copy(w, r)
			return err
		}})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	zw := zip.NewWriter(w)
	for _, e := range entries {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: archiveTime})
		if err != nil {
			return err
		}
		if err := e.fill(fw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Sum is the archive's size and SHA-256, shown beside its link.
func Sum(b []byte) (int, string) {
	h := sha256.Sum256(b)
	return len(b), hex.EncodeToString(h[:])
}
