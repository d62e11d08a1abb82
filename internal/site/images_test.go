package site

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
	"relais/internal/imagemeta"
	"relais/internal/imagemeta/imagetest"
	"relais/internal/testsite"
)

// TestNoPhotoMetadata: a phone photo (GPS, camera, owner, orientation 6)
// and a PNG with its author, put everywhere an image can be published
// (a page bundle, static/, a cover, a kit and its zip), come out with no
// metadata, turned the right way up; the kit page's SHA-256 is the
// published file's; the build says what it removed; and a file the site
// lists keeps its metadata on purpose.
func TestNoPhotoMetadata(t *testing.T) {
	photo := string(imagetest.PhoneJPEG(t, 6))
	pngText := string(imagetest.TextPNG(t))
	// A motion photo, or a multi-picture file: a second JPEG, with its
	// own EXIF, after the first one's end.
	motion := string(imagetest.Photo(t, 30, 40)) + string(imagetest.PhoneJPEG(t, 1))
	files := map[string]string{
		"site.toml":                              "title = \"Photos\"\nbaseURL = \"https://example.org/\"\n[images]\nkeepMetadata = [\"static/credits/*.jpg\"]\n",
		"content/articles/bureau/index.md":       "---\ntitle: Le bureau\ncover: {image: couverture.jpg, alt: \"La porte\"}\n---\n![Le bureau](photo.jpg) ![Un schéma](schema.png) [La photo animée](anime.jpg)\n",
		"content/articles/bureau/anime.jpg":      motion,
		"static/images/anime.jpg":                motion,
		"content/articles/bureau/photo.jpg":      photo,
		"content/articles/bureau/couverture.jpg": photo,
		"content/articles/bureau/schema.png":     pngText,
		"static/images/jardin.jpg":               photo,
		"static/credits/auteur.jpg":              photo,
		"content/ateliers/kit/index.md":          kitIndex,
		"content/ateliers/kit/affiche.jpg":       photo,
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := outputs(t, dest)
	check := func(name string, b []byte, wantW, wantH int) {
		t.Helper()
		if _, found, err := imagemeta.Clean(b); err != nil || len(found.Kinds) > 0 || found.GPS || found.Owner != "" || found.Camera != "" {
			t.Errorf("%s still holds metadata: %+v (%v)", name, found, err)
		}
		for _, s := range []string{"Marie", "iPhone", "Exif"} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q", name, s)
			}
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if cfg.Width != wantW || cfg.Height != wantH {
			t.Errorf("%s is %dx%d, want %dx%d (turned by its orientation)", name, cfg.Width, cfg.Height, wantW, wantH)
		}
	}
	// Shown images are published at their sizes (one here: the photo is
	// 30 px wide once turned), not whole; static files and a kit's files
	// whole. Every published image, whatever its name, is checked.
	for _, name := range []string{"articles/bureau/photo-30w.jpg", "articles/bureau/photo-30w.webp", "articles/bureau/couverture-30w.jpg",
		"articles/bureau/couverture-30w.webp", "images/jardin.jpg", "ateliers/kit/affiche.jpg", "articles/bureau/schema-8w.png",
		"articles/bureau/anime.jpg", "images/anime.jpg"} {
		if _, ok := out[name]; !ok {
			t.Errorf("%s not published", name)
		}
	}
	for _, name := range []string{"articles/bureau/photo.jpg", "articles/bureau/couverture.jpg", "articles/bureau/schema.png"} {
		if _, ok := out[name]; ok {
			t.Errorf("%s is published whole, though no page links to it", name)
		}
	}
	for name, b := range out {
		switch {
		case strings.HasPrefix(name, "credits/") || strings.Contains(name, ".zip!"):
		case strings.HasPrefix(name, "articles/bureau/schema"):
			check(name, []byte(b), 8, 8)
		case strings.HasSuffix(name, ".jpg") || strings.HasSuffix(name, ".png") || strings.HasSuffix(name, ".webp"):
			check(name, []byte(b), 30, 40)
		}
	}
	// The kit's zip holds the cleaned photo.
	inZip := false
	for name, b := range out {
		if strings.HasSuffix(name, "affiche.jpg") && strings.Contains(name, ".zip!") {
			inZip = true
			check(name, []byte(b), 30, 40)
		}
	}
	if !inZip {
		var names []string
		for n := range out {
			if strings.HasPrefix(n, "ateliers") {
				names = append(names, n)
			}
		}
		t.Errorf("the kit's archive has no affiche.jpg: %v %s", names, res.Warnings)
	}
	// The kit page's SHA-256 is the published file's.
	sum := sha256.Sum256([]byte(out["ateliers/kit/affiche.jpg"]))
	if !strings.Contains(out["ateliers/kit/index.html"], hex.EncodeToString(sum[:])) {
		t.Errorf("the kit page does not show the published file's SHA-256")
	}
	// Kept on purpose.
	if out["credits/auteur.jpg"] != photo {
		t.Errorf("static/credits/auteur.jpg lost the metadata its site keeps")
	}
	// The build says what it removed.
	w := res.Warnings.Error()
	if !strings.Contains(w, "static/images/jardin.jpg: warning: this image held the place it was taken (GPS 45.7578, 4.8319) and a name (Marie Dupont): removed from the published copy") {
		t.Errorf("warnings: %s", w)
	}
	if !strings.Contains(w, "content/articles/bureau/schema.png: warning: this image held a name (Marie Dupont)") {
		t.Errorf("no warning for the PNG's author: %s", w)
	}
}

// TestDocumentNames: a kit's documents whose properties name their author
// are published with a warning that names the person and says how to
// remove it; an SVG loses its metadata and its file path.
func TestDocumentNames(t *testing.T) {
	files := map[string]string{
		"content/ateliers/kit/index.md":   kitIndex,
		"content/ateliers/kit/guide.pdf":  "%PDF-1.4\n1 0 obj << /Author (Marie Dupont) >> endobj\n",
		"content/ateliers/kit/propre.pdf": "%PDF-1.4\n1 0 obj << /Producer (x) >> endobj\n",
		"static/plan.svg":                 `<svg xmlns="http://www.w3.org/2000/svg" sodipodi:docname="C:\Users\marie\plan.svg"><metadata><dc:creator>Marie Dupont</dc:creator></metadata><circle r="4"/></svg>`,
		"content/ateliers/kit/fiche.docx": string(testsite.Zip(t, map[string]string{"word/document.xml": "<w:document>Fiche</w:document>",
			"docProps/core.xml": `<cp:coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Marie Dupont</dc:creator></cp:coreProperties>`})),
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w := res.Warnings.Error()
	if !strings.Contains(w, "content/ateliers/kit/guide.pdf: warning: this document's properties name a person (author: Marie Dupont)") {
		t.Errorf("warnings: %s", w)
	}
	if strings.Contains(w, "propre.pdf") {
		t.Errorf("a document without a name is warned of")
	}
	if strings.Contains(w, "fiche.docx") {
		t.Errorf("an Office document is warned of, though its names are removed: %s", w)
	}
	out := outputs(t, dest)
	// The Word document is published, alone and in the kit's archive,
	// without its author; its text is there.
	for name, b := range out {
		if strings.HasSuffix(name, "fiche.docx") {
			zr, err := zip.NewReader(strings.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, f := range zr.File {
				r, _ := f.Open()
				body, _ := io.ReadAll(r)
				if bytes.Contains(body, []byte("Marie")) {
					t.Errorf("%s: %s holds the author", name, f.Name)
				}
				if f.Name == "word/document.xml" && string(body) != "<w:document>Fiche</w:document>" {
					t.Errorf("%s: the text changed: %s", name, body)
				}
			}
		}
	}
	if _, ok := out["ateliers/kit/fiche.docx"]; !ok {
		t.Errorf("the document is not published")
	}
	if svg := out["plan.svg"]; strings.Contains(svg, "Marie") || strings.Contains(svg, "marie") || !strings.Contains(svg, "<circle") {
		t.Errorf("published SVG: %s", svg)
	}
}

// TestActiveFiles: an SVG, XHTML or HTML file published as it is that
// would run a script from the site's address is an error at its line,
// unless site.toml lists it on purpose; the same files without a script
// are published.
func TestActiveFiles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // in the error, "" if the build passes
	}{
		{"an SVG with a script", map[string]string{"static/plan.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<circle r=\"4\"/>\n<script>alert(1)</script></svg>"},
			"static/plan.svg:3: this file would run code in the reader's browser (<script>)"},
		{"an XHTML file with an event", map[string]string{"content/ressources/fiche/index.md": "---\ntitle: Fiche\n---\nTexte.\n",
			"content/ressources/fiche/page.xhtml": "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body onload=\"go()\"/></html>"},
			"content/ressources/fiche/page.xhtml:1: this file would run code in the reader's browser (onload=…)"},
		{"a bundle's page that loads its own script", map[string]string{"content/ressources/outil/index.md": "---\ntitle: Outil\n---\n[L’outil](outil.html)\n",
			"content/ressources/outil/outil.html": "<!doctype html>\n<title>Outil</title>\n<script src=\"outil.js\"></script>\n",
			"content/ressources/outil/outil.js":   "alert(1)"},
			"content/ressources/outil/outil.html:3: this file would run code"},
		{"listed on purpose", map[string]string{"site.toml": "[publish]\nscripts = [\"content/ressources/outil/*.html\"]\n",
			"content/ressources/outil/index.md":   "---\ntitle: Outil\n---\n[L’outil](outil.html)\n",
			"content/ressources/outil/outil.html": "<!doctype html>\n<script src=\"outil.js\"></script>\n", "content/ressources/outil/outil.js": "alert(1)"}, ""},
		{"without a script", map[string]string{"static/plan.svg": `<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>`,
			"static/google1234.html": "google-site-verification: google1234.html"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"content/_index.md": "---\ntitle: Accueil\n---\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			dest := filepath.Join(t.TempDir(), "public")
			_, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background())
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("build failed: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestFilesBesideThePage: a photo or a document beside a page's file,
// written as every Markdown editor previews it (photo.jpg,
// ./images/a.png), is found from the file, not from the page's address;
// an address that names nothing from the file is read from the page's
// address, as other tools do.
func TestFilesBesideThePage(t *testing.T) {
	photo := string(imagetest.Photo(t, 40, 30))
	files := map[string]string{
		"content/articles/comment-me-joindre.md": "---\ntitle: Comment me joindre\n---\n![Le bureau](photo.jpg)\n\n[Le plan](plan.pdf) et [encore](./plan.pdf#page=2)\n",
		"content/articles/photo.jpg":             photo,
		"content/articles/plan.pdf":              "%PDF-1.4 plan",
		"content/g/1-a.md":                       "---\ntitle: A\n---\n![Un schéma](./images/a.jpg)\n",
		"content/g/images/a.jpg":                 photo,
		"content/vieux/x.md":                     "---\ntitle: X\n---\n[La fiche](fiche.pdf)\n",
		"content/vieux/x/fiche.pdf":              "%PDF-1.4 fiche",
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.Warnings.Error(), "no page leads") {
		t.Errorf("warnings: %s", res.Warnings)
	}
	out := outputs(t, dest)
	page := out["articles/comment-me-joindre/index.html"]
	for _, want := range []string{`src="/articles/photo-40w.jpg"`, `href="/articles/plan.pdf"`, `href="/articles/plan.pdf#page=2"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the article lacks %s:\n%s", want, page)
		}
	}
	for _, f := range []string{"articles/plan.pdf", "articles/photo-40w.jpg", "g/images/a-40w.jpg", "vieux/x/fiche.pdf"} {
		if _, ok := out[f]; !ok {
			t.Errorf("%s is not published", f)
		}
	}
}
