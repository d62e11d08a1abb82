package site

import (
	"bytes"
	"context"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/gen2brain/webp"

	"relais"
	"relais/internal/builtin"
	"relais/internal/imagemeta"
	"relais/internal/imagemeta/imagetest"
)

// TestPictures: an image a page shows, and its cover, are published at
// their widths (none wider than the original), in their format and in
// WebP, and shown with srcset, sizes, width and height (golden HTML);
// the first thing seen loads at once and the rest lazily; the original is
// published only where a page links to it; feeds get a plain size.
func TestPictures(t *testing.T) {
	files := map[string]string{
		"site.toml": "title = \"S\"\nbaseURL = \"https://iscg.test/\"\n[feeds]\nfullContent = true\n",
		"content/articles/bureau/index.md": "---\ntitle: Le bureau\ndate: 2026-01-01\n---\n![L’entrée](entree.jpg)\n\n" +
			"Le couloir :\n\n![Le couloir](couloir.jpg \"Au fond\")\n\n[La photo en grand](couloir.jpg)\n",
		"content/articles/bureau/entree.jpg":  string(imagetest.Photo(t, 1200, 900)),
		"content/articles/bureau/couloir.jpg": string(imagetest.Photo(t, 400, 300)),
		"content/articles/jardin/index.md":    "---\ntitle: Le jardin\ncover: {image: jardin.jpg, alt: \"Le jardin\"}\n---\n![Un banc](banc.jpg)\n",
		"content/articles/jardin/jardin.jpg":  string(imagetest.Photo(t, 2000, 1000)),
		"content/articles/jardin/banc.jpg":    string(imagetest.Photo(t, 300, 400)),
	}
	dest, res, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	for _, page := range []string{"articles/bureau/index.html", "articles/jardin/index.html"} {
		checkGolden(t, "pictures_"+strings.ReplaceAll(page, "/", "_"), mainOf(read(t, dest, page)))
	}
	for name, size := range map[string][2]int{
		"articles/bureau/entree-480w.jpg": {480, 360}, "articles/bureau/entree-960w.webp": {960, 720}, "articles/bureau/entree-1200w.jpg": {1200, 900},
		"articles/bureau/couloir-400w.webp": {400, 300}, "articles/jardin/jardin-1600w.jpg": {1600, 800}, "articles/jardin/jardin-1600w.webp": {1600, 800},
		"articles/jardin/banc-300w.jpg": {300, 400},
	} {
		b, err := os.ReadFile(filepath.Join(dest, name))
		if err != nil {
			t.Errorf("%s not published", name)
			continue
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width != size[0] || cfg.Height != size[1] {
			t.Errorf("%s is %dx%d (%v), want %dx%d", name, cfg.Width, cfg.Height, err, size[0], size[1])
		}
	}
	for name, whole := range map[string]bool{"articles/bureau/entree.jpg": false, "articles/bureau/couloir.jpg": true,
		"articles/jardin/jardin.jpg": false, "articles/jardin/jardin-2000w.jpg": false, "articles/bureau/entree-1600w.jpg": false} {
		if exists(dest, name) != whole {
			t.Errorf("%s published: %v, want %v", name, !whole, whole)
		}
	}
	feed := read(t, dest, "articles/index.xml")
	if !strings.Contains(feed, `<img src="https://iscg.test/articles/bureau/entree-960w.jpg" alt="L’entrée" width="960" height="720">`) {
		t.Errorf("the feed does not show the 960 px size")
	}
}

// TestPictureCache: a second build takes the sizes from the cache without
// decoding (a size changed in the cache is what gets published), and an
// image that changes is made again.
func TestPictureCache(t *testing.T) {
	cache := t.TempDir()
	files := map[string]string{
		"content/articles/a/index.md":  "---\ntitle: A\n---\n![Une photo](photo.jpg)\n",
		"content/articles/a/photo.jpg": string(imagetest.Photo(t, 600, 400)),
	}
	buildIn := func() string {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now, CacheDir: cache}).Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		return dest
	}
	buildIn()
	sizes, _ := filepath.Glob(filepath.Join(cache, "sizes", "*-480w.jpg"))
	if len(sizes) != 1 {
		t.Fatalf("the cache holds %v, want one 480 px size", sizes)
	}
	marker := imagetest.Photo(t, 8, 8)
	if err := os.WriteFile(sizes[0], marker, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(buildIn(), "articles/a/photo-480w.jpg")); !bytes.Equal(b, marker) {
		t.Errorf("the second build made the size again instead of taking it from the cache")
	}
	files["content/articles/a/photo.jpg"] = string(imagetest.Photo(t, 601, 400))
	if b, _ := os.ReadFile(filepath.Join(buildIn(), "articles/a/photo-480w.jpg")); bytes.Equal(b, marker) || len(b) == 0 {
		t.Errorf("a changed image was taken from the cache")
	}
}

// TestTemplateImages: templates resize, fit and fill an image, get its
// sizes and size, and a mistake is reported at the template's line.
func TestTemplateImages(t *testing.T) {
	files := map[string]string{
		"content/articles/a/index.md":  "---\ntitle: A\n---\nTexte.\n",
		"content/articles/a/photo.jpg": string(imagetest.Photo(t, 600, 400)),
		"layouts/single.html": `{{ define "main" }}{{ with .Image "photo.jpg" }}<p>{{ .Width }}x{{ .Height }}</p>` +
			`{{ with .Resize "300x" }}<img src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}" alt="">{{ end }}` +
			`{{ with .Fit "100x100 webp" }}<img src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}" alt="">{{ end }}` +
			`{{ with .Fill "50x50" }}<img src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}" alt="">{{ end }}` +
			`<p>{{ .Picture.Srcset }}</p>{{ end }}{{ if not (.Image "absente.jpg") }}<p>absente</p>{{ end }}{{ end }}`,
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := read(t, dest, "articles/a/index.html")
	for _, w := range []string{"<p>600x400</p>", `<img src="/articles/a/photo-300w.jpg" width="300" height="200" alt="">`,
		`<img src="/articles/a/photo-fit-100x100.webp" width="100" height="67" alt="">`, `<img src="/articles/a/photo-fill-50x50.jpg" width="50" height="50" alt="">`,
		"<p>/articles/a/photo-480w.jpg 480w, /articles/a/photo-600w.jpg 600w</p>", "<p>absente</p>"} {
		if !strings.Contains(page, w) {
			t.Errorf("the page lacks %s", w)
		}
	}
	for name, size := range map[string][2]int{"articles/a/photo-300w.jpg": {300, 200}, "articles/a/photo-fit-100x100.webp": {100, 67},
		"articles/a/photo-fill-50x50.jpg": {50, 50}, "articles/a/photo-600w.webp": {600, 400}} {
		b, _ := os.ReadFile(filepath.Join(dest, name))
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width != size[0] || cfg.Height != size[1] {
			t.Errorf("%s is %dx%d (%v), want %dx%d", name, cfg.Width, cfg.Height, err, size[0], size[1])
		}
	}
	files["layouts/single.html"] = "{{ define \"main\" }}\n{{ with .Image \"photo.jpg\" }}{{ (.Resize \"300x200\").RelPermalink }}{{ end }}{{ end }}"
	_, _, err = build(t, files, nil)
	if err == nil || !strings.Contains(err.Error(), "layouts/single.html:2") || !strings.Contains(err.Error(), "give a width or a height, not both") {
		t.Errorf("error %v, want one at layouts/single.html:2 saying what is wrong", err)
	}
}

// TestDeferredSizes: a preview publishes the pages at once and leaves the
// sizes of new images for MakePending, which publishes them without
// rendering a page again; meanwhile the photo as published stands in for
// them; sizes in the cache are not deferred.
func TestDeferredSizes(t *testing.T) {
	cache := t.TempDir()
	files := map[string]string{
		"content/articles/a/index.md":  "---\ntitle: A\n---\n![Une photo](photo.jpg)\n",
		"content/articles/a/photo.jpg": string(imagetest.WithPhoneMetadata(imagetest.Photo(t, 600, 400), 1)),
	}
	dest := filepath.Join(t.TempDir(), "public")
	s := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now, CacheDir: cache, DeferSizes: true})
	res, err := s.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Pending != 4 || !exists(dest, "articles/a/index.html") || exists(dest, "articles/a/photo-480w.jpg") {
		t.Fatalf("first build: %d pending, page %v, size %v; want 4 pending, the page and no size yet",
			res.Pending, exists(dest, "articles/a/index.html"), exists(dest, "articles/a/photo-480w.jpg"))
	}
	// Meanwhile the preview serves the photo as published in place of
	// each size: without its metadata, as large as it is.
	stand := s.StandIns()
	if len(stand) != 4 {
		t.Errorf("%d stand-ins, want one for each of the 4 sizes: %v", len(stand), stand)
	}
	for _, out := range []string{"articles/a/photo-480w.jpg", "articles/a/photo-480w.webp", "articles/a/photo-600w.jpg", "articles/a/photo-600w.webp"} {
		f := stand[out]
		if f == nil {
			t.Errorf("no stand-in for %s", out)
			continue
		}
		b := f()
		if _, found, err := imagemeta.Clean(b); err != nil || len(found.Kinds) > 0 || found.GPS || found.Owner != "" || found.Camera != "" {
			t.Errorf("the stand-in for %s holds metadata: %+v (%v)", out, found, err)
		}
		if w, h, err := imagemeta.Size(b); err != nil || w != 600 || h != 400 {
			t.Errorf("the stand-in for %s: %dx%d (%v), want the photo's 600x400", out, w, h, err)
		}
	}
	res, err = s.MakePending(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.StandIns()) != 0 {
		t.Errorf("stand-ins left once the sizes are made: %v", s.StandIns())
	}
	slices.Sort(res.RenderedPaths)
	want := []string{"articles/a/photo-480w.jpg", "articles/a/photo-480w.webp", "articles/a/photo-600w.jpg", "articles/a/photo-600w.webp"}
	if res.Pending != 0 || !slices.Equal(res.RenderedPaths, want) {
		t.Errorf("MakePending: %d pending, rendered %v; want 0 and %v", res.Pending, res.RenderedPaths, want)
	}
	// Another preview of the same site finds them in the cache.
	res, err = New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now, CacheDir: cache, DeferSizes: true}).Build(context.Background())
	if err != nil || res.Pending != 0 {
		t.Errorf("with a warm cache: %d pending (%v), want 0", res.Pending, err)
	}
}
