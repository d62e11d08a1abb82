package kit

import (
	"archive/zip"
	"fmt"
	"html/template"
	"io"
	"path"
	"relais/internal/duration"
	"sort"
	"strings"
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

// archiveTime dates the entries of a kit without a date, so that the same
// kit always gives the same bytes.
var archiveTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Meta is what the archive says of the kit as a whole.
type Meta struct {
	Folder  string // the one folder at the top of the archive: "reseaux-sociaux-v1.0"
	Title   string
	Summary string
	Lang    string
	Date    time.Time     // the kit's date (lastmod, else date): every entry's
	Intro   template.HTML // the kit page's own text
	Kit     *Kit
	// PDF is the whole kit as one document to print (PDF), put in the
	// archive as PDFName.
	PDF []byte
}

// PDFName is the name of the kit's PDF in its archive: the folder's.
func (m Meta) PDFName() string { return m.Folder + ".pdf" }

// printCSS makes the documents print-ready when opened from the archive,
// with no stylesheet to fetch.
const printCSS = `@page { size: A4; margin: 18mm 16mm; }
body { font-family: system-ui, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; font-size: 12pt; line-height: 1.5; color: #000; max-width: 46rem; margin: 1rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #555; padding: 0.3rem 0.5rem; text-align: left; overflow-wrap: anywhere; }
img, svg, video { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 90%; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.answer { display: inline-block; min-width: 10em; height: 1.1em; border-bottom: 1px dotted; vertical-align: baseline; }
.answer-lines { display: block; width: 100%; height: 5.2em; position: relative; }
.answer-lines::before { content: ""; position: absolute; left: 0; right: 0; top: 2.6em; border-bottom: 1px dotted; }
`

// pages are the archive's HTML documents: each self-contained, with the
// print style and no stylesheet to fetch ("top" is their common start).
var pages = template.Must(template.New("pages").Funcs(template.FuncMap{"duration": duration.French}).Parse(`
{{- define "top" }}<!doctype html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<style>` + printCSS + `</style>
</head>
<body>
<h1>{{ .Title }}</h1>
{{ end -}}
{{ define "doc" }}{{ template "top" . }}{{ .Content }}
</body>
</html>
{{ end -}}
{{ define "kit" }}{{ template "top" . }}` + kitBody + `{{ end }}`))

// Archive writes a kit's archive: one folder named after the kit and its
// version (unzipping it spills nothing into the Downloads folder), holding
// the kit's presentation as index.html, its guide and handouts, each a
// self-contained print-ready HTML file, its files as they are, and
// LISEZMOI.txt saying what is inside. Every entry is sorted by name and
// dated with the kit's date, so that the same kit always gives the same
// bytes.
func Archive(w io.Writer, m Meta, docs []Doc, files []File) error {
	type entry struct {
		name  string
		fill  func(io.Writer) error
		store bool // already compressed: stored as it is
	}
	var entries []entry
	for _, d := range docs {
		entries = append(entries, entry{name: d.Name, fill: func(w io.Writer) error { return pages.ExecuteTemplate(w, "doc", d) }})
	}
	for _, f := range files {
		entries = append(entries, entry{name: f.Name, store: compressed[strings.ToLower(path.Ext(f.Name))], fill: func(w io.Writer) error {
			r, err := f.Open()
			if err != nil {
				return err
			}
			defer r.Close()
			_, err = io.Copy(w, r)
			return err
		}})
	}
	if len(m.PDF) > 0 {
		entries = append(entries, entry{name: m.PDFName(), store: true, fill: func(w io.Writer) error {
			_, err := w.Write(m.PDF)
			return err
		}})
	}
	l := labelsFor(m.Lang)
	entries = append(entries, entry{name: "index.html", fill: func(w io.Writer) error {
		return pages.ExecuteTemplate(w, "kit", struct {
			Meta
			L     labels
			Docs  []Doc
			Files []File
		}{m, l, docs, files})
	}})
	entries = append(entries, entry{name: l.ReadmeFile, fill: func(w io.Writer) error { return readme(w, m, l, docs, files) }})
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	when := m.Date
	if when.IsZero() {
		when = archiveTime
	}
	zw := zip.NewWriter(w)
	for _, e := range entries {
		method := zip.Deflate
		if e.store {
			method = zip.Store
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: m.Folder + "/" + e.name, Method: method, Modified: when.UTC()})
		if err != nil {
			return err
		}
		if err := e.fill(fw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// compressed are the formats that are compressed already: deflating a
// video or a photo again takes time and saves nothing.
var compressed = map[string]bool{".mp4": true, ".m4v": true, ".mov": true, ".webm": true, ".mkv": true, ".avi": true,
	".mp3": true, ".m4a": true, ".ogg": true, ".opus": true, ".jpg": true, ".jpeg": true, ".png": true, ".webp": true,
	".gif": true, ".pdf": true, ".zip": true, ".odt": true, ".ods": true, ".odp": true, ".docx": true, ".xlsx": true, ".pptx": true, ".epub": true}

// labels are the words of the archive's own documents.
type labels struct {
	ReadmeFile, Contents, Open, Version, Date, Authors, Licence, Audience, Ages, AgesUnit, Participants,
	Duration, General, Operational, Prerequisites, Materials, Room, Sequence, Time, Step, Method, Material,
	Documents, FilesL, Help, PrintAll string
}

func labelsFor(lang string) labels {
	if lang == "ar" {
		return labels{"README.txt", "يحتوي هذا المجلد على:", "افتحوا index.html للبدء.", "الإصدار", "التاريخ", "المؤلفون",
			"الترخيص", "الفئة المستهدفة", "الأعمار", "سنة", "المشاركون", "المدة", "الأهداف العامة",
			"الأهداف الإجرائية", "قبل الجلسة", "المعدات", "القاعة", "سير الجلسة", "المدة", "المرحلة",
			"الطريقة", "المعدات", "الوثائق", "الملفات", "أين تجدون المساعدة: 3018 (التحرش والعنف عبر الإنترنت)، 119 (الأطفال في خطر).",
			"الحقيبة كاملة، للطباعة"}
	}
	if lang == "en" {
		return labels{"README.txt", "This folder holds:", "Open index.html to start.", "Version", "Date", "Authors",
			"Licence", "Audience", "Ages", "years", "Participants", "Duration", "General objectives",
			"Operational objectives", "Before the session", "Materials", "Room", "Sequence", "Time", "Step",
			"Method", "Materials", "Documents", "Files", "Where to find help: 3018 (online harassment), 119 (children in danger).",
			"the whole kit, to print"}
	}
	return labels{"LISEZMOI.txt", "Ce dossier contient :", "Ouvrez index.html pour commencer.", "Version", "Date",
		"Auteurs", "Licence", "Public", "Âges", "ans", "Participants", "Durée", "Objectifs généraux",
		"Objectifs opérationnels", "À savoir avant la séance", "Matériel", "Salle", "Déroulé", "Durée", "Étape",
		"Méthode", "Matériel", "Documents", "Fichiers",
		"Où trouver de l’aide : 3018 (harcèlement en ligne), 119 (enfance en danger).",
		"tout le kit, à imprimer"}
}

// readme writes LISEZMOI.txt: what the folder holds, the version and the
// licence, in plain text with Windows line ends (Notepad opens it).
func readme(w io.Writer, m Meta, l labels, docs []Doc, files []File) error {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	line("%s", m.Title)
	if m.Summary != "" {
		line("%s", m.Summary)
	}
	line("")
	if m.Kit != nil {
		colon := ": "
		if strings.HasPrefix(m.Lang, "fr") {
			colon = " : "
		}
		line("%s%s%s", l.Version, colon, m.Kit.Version)
		if !m.Date.IsZero() {
			line("%s%s%s", l.Date, colon, m.Date.Format("2006-01-02"))
		}
		line("%s%s%s", l.Authors, colon, strings.Join(m.Kit.Authors, ", "))
		line("%s%s%s", l.Licence, colon, m.Kit.Licence)
		line("")
	}
	line("%s", l.Contents)
	line("  index.html")
	if len(m.PDF) > 0 {
		line("  %s (%s)", m.PDFName(), l.PrintAll)
	}
	for _, d := range docs {
		line("  %s (%s)", d.Name, d.Title)
	}
	for _, f := range files {
		line("  %s", f.Name)
	}
	line("")
	line("%s", l.Open)
	_, err := io.WriteString(w, b.String())
	return err
}

// kitBody is the kit's presentation, after its title.
const kitBody = `{{ with .Summary }}<p>{{ . }}</p>{{ end }}
{{ with .Kit }}<dl>
<dt>{{ $.L.Version }}</dt><dd>{{ .Version }}{{ if not $.Date.IsZero }}, {{ $.Date.Format "2006-01-02" }}{{ end }}</dd>
<dt>{{ $.L.Authors }}</dt><dd>{{ range $i, $a := .Authors }}{{ if $i }}, {{ end }}{{ $a }}{{ end }}</dd>
<dt>{{ $.L.Licence }}</dt><dd>{{ .Licence }}</dd>
<dt>{{ $.L.Audience }}</dt><dd>{{ .Audience }}{{ with .Setting }} ({{ . }}){{ end }}</dd>
<dt>{{ $.L.Ages }}</dt><dd>{{ .AgeMin }}–{{ .AgeMax }} {{ $.L.AgesUnit }}</dd>
<dt>{{ $.L.Participants }}</dt><dd>{{ .Participants }}</dd>
<dt>{{ $.L.Duration }}</dt><dd>{{ duration .Minutes }}</dd>
</dl>
{{ with .General }}<h2>{{ $.L.General }}</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Operational }}<h2>{{ $.L.Operational }}</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Prerequisite }}<h2>{{ $.L.Prerequisites }}</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Materials }}<h2>{{ $.L.Materials }}</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Room }}<h2>{{ $.L.Room }}</h2><p>{{ . }}</p>{{ end }}
{{ with .Sequence }}<h2>{{ $.L.Sequence }}</h2>
<table><thead><tr><th scope="col">{{ $.L.Time }}</th><th scope="col">{{ $.L.Step }}</th><th scope="col">{{ $.L.Method }}</th><th scope="col">{{ $.L.Material }}</th></tr></thead>
<tbody>{{ range . }}<tr><td>{{ duration .Minutes }}</td><td>{{ .Title }}</td><td>{{ .Method }}</td><td>{{ .Materials }}</td></tr>{{ end }}</tbody></table>{{ end }}
{{ end }}
{{ .Intro }}
{{ with .Docs }}<h2>{{ $.L.Documents }}</h2><ul>{{ range . }}<li><a href="{{ .Name }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ if .PDF }}<p><a href="{{ .PDFName }}">{{ .PDFName }}</a> ({{ .L.PrintAll }})</p>{{ end }}
{{ with .Files }}<h2>{{ $.L.FilesL }}</h2><ul>{{ range . }}<li><a href="{{ .Name }}">{{ .Name }}</a></li>{{ end }}</ul>{{ end }}
<p>{{ .L.Help }}</p>
</body>
</html>
`
