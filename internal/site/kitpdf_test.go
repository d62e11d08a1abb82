package site

import (
	"archive/zip"
	"bytes"
	"context"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"relais"
	"relais/internal/builtin"
	"relais/internal/imagemeta/imagetest"
	"relais/internal/testsite"
)

// pdfKit is a kit with everything its PDF prints: a presentation with
// French typography, objectives, a sequence, what to prepare, a guide with
// a heading, a list and links, and two handouts, one with a table and a
// photo taken by a phone (with its owner's name in its metadata).
func pdfKit(t *testing.T) map[string]string {
	return map[string]string{
		"site.toml": "baseURL = \"https://example.org/\"\nlanguage = \"fr\"\n",
		"content/ateliers/reseaux/index.md": strings.Replace(kitIndex, "---\nPrésentation.",
			"prerequis: [Lire le guide]\nmateriel: [Paperboard]\nsalle: Chaises en cercle\n---\nPrésentation : « un atelier » pour les jeunes.", 1),
		"content/ateliers/reseaux/animateur.md": "---\ntitle: Guide de l'animateur\n---\n## Si un jeune se confie\n\n" +
			"Écoutez, puis appelez le **119** ou le **3018**.\n\n1. Écoutez\n2. Notez\n\n" +
			"Voir [e-Enfance](https://www.e-enfance.org/) et [la fiche A](fiches/a.md).\n",
		"content/ateliers/reseaux/fiches/a.md": "---\ntitle: Fiche A\nweight: 1\n---\n| Question | Réponse |\n|---|---|\n| Vrai ? | Faux |\n\n" +
			"![Le groupe en cercle](../photo.jpg)\n",
		"content/ateliers/reseaux/fiches/photo.jpg": string(imagetest.PhoneJPEG(t, 1)),
		"content/ateliers/reseaux/fiches/b.md":      "---\ntitle: Fiche B\nweight: 2\n---\nTexte B.\n",
	}
}

func pdfcpuConf() *model.Configuration {
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationRelaxed
	return c
}

// TestKitPDF: the whole kit is one PDF, linked on the kit's page and put
// in its archive: cover, contents, presentation, objectives, sequence,
// preparation, guide, each handout from a new page, help and files, with
// bookmarks, the title and language set, no one's name but the kit's
// authors, French spacing kept, the photo without its metadata, and the
// same bytes at every build. Each document of
// the kit has a PDF of its own, linked on its page.
func TestKitPDF(t *testing.T) {
	files := pdfKit(t)
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	pdf := []byte(read(t, dest, "ateliers/reseaux/reseaux-v1.0.pdf"))
	kitPage := read(t, dest, "ateliers/reseaux/index.html")
	if !strings.Contains(kitPage, `href="/ateliers/reseaux/reseaux-v1.0.pdf" download`) {
		t.Errorf("the kit page does not link to its PDF")
	}
	if p, s := strings.Index(kitPage, "Présentation"), strings.Index(kitPage, `id="deroule"`); p < 0 || s < p {
		t.Errorf("the kit page does not put its presentation before its sequence")
	}
	// The same bytes in the archive, and at a build a second later.
	zb := []byte(read(t, dest, "ateliers/reseaux/reseaux-v1.0.zip"))
	zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
	if err != nil {
		t.Fatal(err)
	}
	var inZip []byte
	for _, f := range zr.File {
		if f.Name == "reseaux-v1.0/reseaux-v1.0.pdf" {
			r, _ := f.Open()
			inZip, _ = io.ReadAll(r)
			r.Close()
		}
	}
	if !bytes.Equal(inZip, pdf) {
		t.Errorf("the archive does not hold the kit's PDF")
	}
	later, _, err := build(t, files, func(o *Options) { o.Now = now.Add(time.Second) })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"ateliers/reseaux/reseaux-v1.0.pdf", "ateliers/reseaux/fiches/a/a.pdf"} {
		if read(t, dest, f) != read(t, later, f) {
			t.Errorf("%s: two builds made different bytes", f)
		}
	}

	// Read back: pages, bookmarks, metadata.
	conf := pdfcpuConf()
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		t.Fatalf("the PDF does not read: %v", err)
	}
	if lang := ctx.RootDict.StringEntry("Lang"); lang == nil || *lang != "fr" {
		t.Errorf("the PDF's language is %v, not fr", lang)
	}
	if mi := ctx.RootDict.DictEntry("MarkInfo"); mi == nil || ctx.RootDict["StructTreeRoot"] == nil {
		t.Errorf("the kit's PDF is not tagged (package pdfdoc's TestTagged checks its structure)")
	}
	info, err := api.PDFInfo(bytes.NewReader(pdf), "kit.pdf", nil, false, conf)
	if err != nil {
		t.Fatal(err)
	}
	if info.Title != "Réseaux sociaux" || info.Author != "L'intervenante sociale" || info.Creator != "relais" || info.Producer != "relais" {
		t.Errorf("metadata: title %q, author %q, creator %q, producer %q", info.Title, info.Author, info.Creator, info.Producer)
	}
	bms, err := api.Bookmarks(bytes.NewReader(pdf), conf)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	pageOf := map[string]int{}
	for _, b := range bms {
		titles = append(titles, b.Title)
		pageOf[b.Title] = b.PageFrom
	}
	want := []string{"Sommaire", "Présentation", "Objectifs généraux", "Déroulé", "Préparer la séance",
		"Guide de l'animateur", "Fiche A", "Fiche B", "Où trouver de l’aide", "Les fichiers du kit"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("bookmarks:\n%q\nwant\n%q", titles, want)
	}
	if kids := childTitles(bms, "Guide de l'animateur"); len(kids) != 1 || kids[0] != "Si un jeune se confie" {
		t.Errorf("the guide's headings are not bookmarks under it: %q", kids)
	}

	// The text, page by page.
	pages := testsite.PDFPages(t, pdf)
	if n, err := api.PageCount(bytes.NewReader(pdf), conf); err != nil || len(pages) != n {
		t.Errorf("pdftotext read %d pages of %d (%v)", len(pages), n, err)
	}
	if c := pages[0]; !strings.Contains(c, "Réseaux sociaux") || !strings.Contains(c, "CC BY-SA 4.0") || !strings.Contains(c, "12–17 ans") ||
		!strings.Contains(c, "https://example.org/ateliers/reseaux/") || strings.Contains(c, "Page 1") {
		t.Errorf("the cover:\n%s", c)
	}
	if !strings.Contains(pages[1], "Sommaire") || !strings.Contains(pages[1], "Fiche B") {
		t.Errorf("the contents:\n%s", pages[1])
	}
	for _, h := range []string{"Fiche A", "Fiche B", "Guide de l'animateur"} {
		p := pageOf[h]
		if p < 1 || p > len(pages) {
			t.Fatalf("%s: bookmark to page %d", h, p)
		}
		if first := strings.TrimSpace(strings.SplitN(strings.TrimSpace(pages[p-1]), "\n", 2)[0]); first != h {
			t.Errorf("%s does not start its page (page %d starts with %q)", h, p, first)
		}
		if !strings.Contains(pages[1], h) || !strings.Contains(pages[1], " "+strconv.Itoa(p)) {
			t.Errorf("the contents do not give %s at page %d:\n%s", h, p, pages[1])
		}
	}
	// The parts in order, each holding its own text.
	all := strings.Join(pages[2:], "\f")
	start := map[string]int{}
	at := 0
	for _, h := range want[1:] {
		i := strings.Index(all[at:], h)
		if i < 0 {
			t.Errorf("the PDF lacks %q after the part before it", h)
			continue
		}
		at += i
		start[h] = at
		at += len(h)
	}
	partOf := func(h string) string {
		end := len(all)
		for _, o := range want[1:] {
			if start[o] > start[h] && start[o] < end {
				end = start[o]
			}
		}
		return all[start[h]:end]
	}
	for h, ws := range map[string][]string{
		"Guide de l'animateur": {"Écoutez, puis appelez le 119 ou le 3018", "(https://www.e-enfance.org/)"},
		"Fiche A":              {"Vrai ?", "Le groupe en cercle"},
		"Préparer la séance":   {"Chaises en cercle", "Lire le guide"},
		"Présentation":         {"pour les jeunes"},
	} {
		for _, w := range ws {
			if _, ok := start[h]; ok && !strings.Contains(partOf(h), w) {
				t.Errorf("the part %q lacks %q", h, w)
			}
		}
	}
	for i := 1; i < len(want); i++ {
		if pageOf[want[i]] < pageOf[want[i-1]] {
			t.Errorf("%s (page %d) comes before %s (page %d)", want[i], pageOf[want[i]], want[i-1], pageOf[want[i-1]])
		}
	}
	if !strings.Contains(pages[2], "Page 3 sur "+strconv.Itoa(len(pages))) {
		t.Errorf("pages are not numbered:\n%s", pages[2])
	}
	text := testsite.PDFText(pdf)
	if !strings.Contains(text, "«\u202fun") || !strings.Contains(text, "atelier\u202f»") {
		t.Errorf("the PDF lost the narrow no-break spaces of French")
	}
	if strings.Contains(text, "Marie Dupont") || strings.Contains(string(pdf), "Marie Dupont") {
		t.Errorf("the photo's metadata is in the PDF")
	}
	if n := strings.Count(string(pdf), "/Subtype /Image"); n != 1 {
		t.Errorf("the PDF holds %d images, not the one of the kit", n)
	}

	// Each document's own PDF.
	fiche := read(t, dest, "ateliers/reseaux/fiches/a/index.html")
	if !strings.Contains(fiche, `href="/ateliers/reseaux/fiches/a/a.pdf" download`) {
		t.Errorf("the handout's page does not link to its PDF")
	}
	one := testsite.PDFPages(t, []byte(read(t, dest, "ateliers/reseaux/fiches/a/a.pdf")))
	if len(one) != 1 || !strings.Contains(one[0], "Kit pédagogique : Réseaux sociaux") || !strings.Contains(one[0], "Fiche A") ||
		!strings.Contains(one[0], "Page 1 sur 1") || strings.Contains(one[0], "Fiche B") {
		t.Errorf("the handout's PDF:\n%q", one)
	}
	if !exists(dest, "ateliers/reseaux/animateur/animateur.pdf") {
		t.Errorf("the guide has no PDF of its own")
	}
}

func childTitles(bms []pdfcpu.Bookmark, parent string) []string {
	var out []string
	for _, b := range bms {
		if b.Title == parent {
			for _, k := range b.Kids {
				out = append(out, k.Title)
			}
		}
	}
	return out
}

// TestKitPDFLooks: the cover and the page of the sequence look as they
// did when a person checked them (testdata/kitpdf-*.png, rendered by
// pdftoppm at 30 dpi in gray), within a small tolerance. RELAIS_UPDATE=1
// writes them again: look at them before committing.
func TestKitPDFLooks(t *testing.T) {
	tool := testsite.Poppler(t, "pdftoppm")
	dest, _, err := build(t, pdfKit(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "kit.pdf")
	if err := os.WriteFile(src, []byte(read(t, dest, "ateliers/reseaux/reseaux-v1.0.pdf")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"1", "3"} {
		out := filepath.Join(dir, "p"+page)
		if b, err := exec.Command(tool, "-r", "30", "-gray", "-png", "-f", page, "-l", page, "-singlefile", src, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, b)
		}
		got, err := os.ReadFile(out + ".png")
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "kitpdf-"+page+".png")
		if d := pixelDiff(t, got, goldenFile(t, golden, got)); d > 0.01 {
			t.Errorf("page %s differs from %s on %.1f %% of its pixels", page, golden, d*100)
		}
	}
}

// pixelDiff is the share of pixels of two gray images that differ by more
// than a quarter of the scale (anti-aliasing differs by less).
func pixelDiff(t *testing.T, a, b []byte) float64 {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if ia.Bounds() != ib.Bounds() {
		return 1
	}
	n, r := 0, ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			a := color.GrayModel.Convert(ia.At(x, y)).(color.Gray).Y
			b := color.GrayModel.Convert(ib.At(x, y)).(color.Gray).Y
			if d := int(a) - int(b); d > 64 || d < -64 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

// TestKitPDFRebuild: in relais serve, editing a handout changes the kit's
// PDF and that handout's PDF, and leaves the other handouts' PDFs alone.
func TestKitPDFRebuild(t *testing.T) {
	fsys := mapFS(pdfKit(t))
	dest := filepath.Join(t.TempDir(), "public")
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	kitBefore := read(t, dest, "ateliers/reseaux/reseaux-v1.0.pdf")
	bInfo, _ := os.Stat(filepath.Join(dest, "ateliers/reseaux/fiches/b/b.pdf"))
	fsys["content/ateliers/reseaux/fiches/a.md"] = file("---\ntitle: Fiche A\nweight: 1\n---\nNOUVEAU texte de la fiche.\n")
	_, err := s.Rebuild(context.Background(), []string{"content/ateliers/reseaux/fiches/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	if read(t, dest, "ateliers/reseaux/reseaux-v1.0.pdf") == kitBefore {
		t.Errorf("the kit's PDF did not change with its handout")
	}
	if !strings.Contains(testsite.PDFText([]byte(read(t, dest, "ateliers/reseaux/fiches/a/a.pdf"))), "NOUVEAU") {
		t.Errorf("the handout's PDF did not change")
	}
	if after, _ := os.Stat(filepath.Join(dest, "ateliers/reseaux/fiches/b/b.pdf")); !after.ModTime().Equal(bInfo.ModTime()) {
		t.Errorf("another handout's PDF was written again")
	}
	// A new title, the text the same: the PDFs kept in the cache folder
	// must not be taken for the new ones.
	cache := t.TempDir()
	files := pdfKit(t)
	first, _, err := build(t, files, func(o *Options) { o.CacheDir = cache })
	if err != nil {
		t.Fatal(err)
	}
	files["content/ateliers/reseaux/fiches/b.md"] = strings.Replace(files["content/ateliers/reseaux/fiches/b.md"], "title: Fiche B", "title: Fiche Bis", 1)
	second, _, err := build(t, files, func(o *Options) { o.CacheDir = cache })
	if err != nil {
		t.Fatal(err)
	}
	if read(t, first, "ateliers/reseaux/fiches/b/b.pdf") == read(t, second, "ateliers/reseaux/fiches/b/b.pdf") ||
		!strings.Contains(testsite.PDFText([]byte(read(t, second, "ateliers/reseaux/fiches/b/b.pdf"))), "Fiche Bis") {
		t.Errorf("a handout's new title did not reach its PDF: the cache gave the old one")
	}
	// The kit changed under its version: its files get a short hash.
	kitPDF, _ := filepath.Glob(filepath.Join(second, "ateliers/reseaux/reseaux-v1.0*.pdf"))
	if len(kitPDF) != 1 {
		t.Fatalf("kit PDFs: %v", kitPDF)
	}
	if b, _ := os.ReadFile(kitPDF[0]); !strings.Contains(testsite.PDFText(b), "Fiche Bis") {
		t.Errorf("a handout's new title did not reach the kit's PDF")
	}
}

// TestKitPDFUnprintable: a character of a kit page its PDF cannot print
// (an emoji) is a warning at its line, naming it.
func TestKitPDFUnprintable(t *testing.T) {
	files := pdfKit(t)
	files["content/ateliers/reseaux/fiches/b.md"] = "---\ntitle: Fiche B\n---\nTexte.\n\nPose ton 📱 ici.\n"
	_, res, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Warnings.Error(); !strings.Contains(w, "content/ateliers/reseaux/fiches/b.md:6: warning: « 📱 » (U+1F4F1) cannot be printed in the kit's PDF") {
		t.Errorf("no warning for the emoji:\n%s", w)
	}
}
