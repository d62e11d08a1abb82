package site

import (
	"strings"
	"testing"
)

func TestSeries(t *testing.T) {
	files := map[string]string{
		"site.toml": "[taxonomies]\nserie = \"series\"\n",
		// Parts dated out of order: the series follows part, not date.
		"content/articles/p1.md":   "---\ntitle: Un\ndate: 2026-03-01\nseries: [\"Le métier\"]\npart: 1\n---\nx\n",
		"content/articles/p2.md":   "---\ntitle: Deux\ndate: 2026-01-01\nseries: [\"Le métier\"]\npart: 2\nauthor: Camille\n---\nx\n",
		"content/articles/p3.md":   "---\ntitle: Trois\ndate: 2026-02-01\nseries: [\"Le métier\"]\npart: 3\n---\nx\n",
		"content/articles/seul.md": "---\ntitle: Seul\ndate: 2026-04-01\n---\nx\n",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	two := read(t, dest, "articles/p2/index.html")
	for _, w := range []string{
		`Partie 2 sur 3 de la série <a href="/series/le-metier/">Le métier</a>`,
		`<span aria-current="page">Deux</span>`,
		`<a href="/articles/p1/" rel="prev"><span>Partie précédente` + "\u00a0" + `:</span> Un</a>`,
		`<a href="/articles/p3/" rel="next"><span>Partie suivante` + "\u00a0" + `:</span> Trois</a>`,
		`· par Camille`,
	} {
		if !strings.Contains(two, w) {
			t.Errorf("part 2 lacks %q", w)
		}
	}
	if first := read(t, dest, "articles/p1/index.html"); strings.Contains(first, `rel="prev"`) {
		t.Errorf("part 1 links to a previous part")
	}
	page := read(t, dest, "series/le-metier/index.html")
	i1, i2, i3 := strings.Index(page, ">Un<"), strings.Index(page, ">Deux<"), strings.Index(page, ">Trois<")
	if i1 < 0 || !(i1 < i2 && i2 < i3) {
		t.Errorf("series page not in part order (%d %d %d)", i1, i2, i3)
	}
	if seul := read(t, dest, "articles/seul/index.html"); strings.Contains(seul, `class="series"`) {
		t.Errorf("page outside the series shows a series")
	}
}

func TestCover(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		err   string
		img   string // in the page when the build passes
	}{
		{"beside the page", map[string]string{
			"content/articles/a.md":      "---\ntitle: A\ncover: {image: photo.jpg, alt: \"Un bureau\"}\n---\n",
			"content/articles/photo.jpg": "jpg"}, "", `<img class="cover" src="/articles/photo.jpg" alt="Un bureau">`},
		{"in a bundle", map[string]string{
			"content/articles/b/index.md":  "---\ntitle: B\ncover: {image: photo.jpg, alt: \"Un bureau\"}\n---\n",
			"content/articles/b/photo.jpg": "jpg"}, "", `<img class="cover" src="/articles/b/photo.jpg" alt="Un bureau">`},
		{"from static", map[string]string{
			"content/a.md":     "---\ntitle: A\ncover: {image: /img/p.jpg, alt: \"Un bureau\"}\n---\n",
			"static/img/p.jpg": "jpg"}, "", `src="/img/p.jpg"`},
		{"no alt", map[string]string{
			"content/a.md":      "---\ntitle: A\ncover:\n  image: photo.jpg\n---\n",
			"content/photo.jpg": "jpg"}, "content/a.md:3: cover: the image photo.jpg has no alt text", ""},
		{"missing file", map[string]string{
			"content/a.md": "---\ntitle: A\n\ncover: {image: nope.jpg, alt: x}\n---\n"}, "content/a.md:4: cover: the image nope.jpg is not a file of the site", ""},
		{"not a map", map[string]string{
			"content/a.md": "---\ntitle: A\ncover: photo.jpg\n---\n"}, "content/a.md:3: cover: \"photo.jpg\" is not an image with its description", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest, _, err := build(t, tt.files, nil)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"a/index.html", "articles/a/index.html", "articles/b/index.html"} {
				if exists(dest, f) && strings.Contains(read(t, dest, f), tt.img) {
					return
				}
			}
			t.Errorf("no page shows %s", tt.img)
		})
	}
}
