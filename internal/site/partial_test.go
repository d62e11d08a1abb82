package site

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
)

// partialCached renders once per build and its result follows what it
// read: an edit to the data it shows reaches every page on a rebuild, and
// a partial with variants keeps one result per variant.
func TestPartialCached(t *testing.T) {
	fsys := mapFS(map[string]string{
		"site.toml":               "title = \"T\"\n",
		"data/contact.toml":       "tel = \"01 99 00 00 01\"\n",
		"layouts/partials/c.html": `<p class="c">{{ .Site.Data.contact.tel }}</p>`,
		"layouts/partials/v.html": `<p class="v">{{ .Section }}{{ .MenuCurrent }}</p>`,
		"layouts/single.html": `{{ define "main" }}{{ partialCached "c.html" . }}{{ partialCached "v.html" . .Section .MenuCurrent }}` +
			`{{ partial "partials/v.html" . }}{{ end }}`,
	})
	for i := range 6 {
		sec := []string{"articles", "notes"}[i%2]
		fsys[fmt.Sprintf("content/%s/p%d.md", sec, i)] = file(fmt.Sprintf("---\ntitle: P%d\n---\nTexte.\n", i))
	}
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now})
	check := func(tel string) {
		t.Helper()
		for i := range 6 {
			sec := []string{"articles", "notes"}[i%2]
			got := read(t, s.opts.Dest, fmt.Sprintf("%s/p%d/index.html", sec, i))
			if !strings.Contains(got, `<p class="c">`+tel+`</p>`) {
				t.Errorf("p%d: no %s in\n%s", i, tel, got)
			}
			if want := `<p class="v">` + sec + `</p>`; strings.Count(got, want) != 2 {
				t.Errorf("p%d: want %s twice (cached by variant, and uncached) in\n%s", i, want, got)
			}
		}
	}
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	check("01 99 00 00 01")
	fsys["data/contact.toml"] = file("tel = \"01 99 00 00 02\"\n")
	if _, err := s.Rebuild(context.Background(), []string{"data/contact.toml"}); err != nil {
		t.Fatal(err)
	}
	check("01 99 00 00 02")

	// What a cached partial read of the page that rendered it is not an
	// input of the other pages: editing a page's title rewrites its own
	// page and the lists, not the other pages.
	for i := range 6 {
		sec := []string{"articles", "notes"}[i%2]
		name := fmt.Sprintf("content/%s/p%d.md", sec, i)
		fsys[name] = file(fmt.Sprintf("---\ntitle: P%d bis\n---\nTexte.\n", i))
		res, err := s.Rebuild(context.Background(), []string{name})
		if err != nil {
			t.Fatal(err)
		}
		own := fmt.Sprintf("%s/p%d/index.html", sec, i)
		for _, w := range res.RenderedPaths {
			if (strings.HasPrefix(w, "articles/p") || strings.HasPrefix(w, "notes/p")) && w != own {
				t.Errorf("editing p%d rendered %s again", i, w)
			}
		}
	}

	// A partial that does not exist is an error naming the template.
	fsys["layouts/single.html"] = file(`{{ define "main" }}{{ partialCached "absent.html" . }}{{ end }}`)
	_, err := s.Rebuild(context.Background(), []string{"layouts/single.html"})
	if err == nil || !strings.Contains(err.Error(), "layouts/single.html:1") || !strings.Contains(err.Error(), "no partial partials/absent.html") {
		t.Errorf("err = %v, want the template's line and the missing partial", err)
	}
}
