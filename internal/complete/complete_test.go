package complete

import (
	"strings"
	"testing"

	"relais/internal/blob"
	"relais/internal/config"
	"relais/internal/graph/graphtest"
	"relais/internal/imageset"
	"relais/internal/load"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/record"
)

// pages are three pages of a site at /iscg/: a links to b and to a file
// that is no page, and includes c; c includes itself and links to b.
func pages(t *testing.T) (Pages, map[string]*page.Page) {
	t.Helper()
	cfg := &config.Config{BaseURL: "https://example.org/iscg/"}
	conv := markdown.New(markdown.Options{BasePath: cfg.BasePath(), Marks: true})
	blobs := blob.New("")
	bodies := map[string]string{
		"a": "Voir [la fiche](b.md) et [l’autre](nulle-part.md).\n\n![[c.md]]\n",
		"b": "La fiche.\n",
		"c": "Texte inclus, [vers la fiche](/articles/b.md).\n\n![[c.md]]\n",
	}
	ps := map[string]*page.Page{}
	var all []*page.Page
	for _, n := range []string{"a", "b", "c"} {
		r := conv.Convert([]byte(bodies[n]), 1)
		p := &page.Page{Meta: page.Meta{ID: "articles/" + n + ".md", File: "content/articles/" + n + ".md", Kind: page.KindPage,
			URL: "/articles/" + n + "/", Title: n, Params: map[string]any{}}}
		p.Content, p.Links, p.Includes = blobs.Put(r.HTML), r.Links, r.Includes
		ps[n] = p
		all = append(all, p)
	}
	g := graphtest.Assemble(t, cfg, all...)
	var imgs imageset.Set
	imgs.Index(cfg, g, map[string]*load.File{}, blob.New(""))
	return Pages{Config: cfg, Graph: g, Blobs: blobs, Images: &imgs}, ps
}

// TestComplete: a page as published leads its links to Markdown files to
// their pages and holds the pages it includes, completed as they show
// themselves, a loop cut; with includes only, its own links stay as
// written. Each page read is recorded.
func TestComplete(t *testing.T) {
	c, ps := pages(t)
	for _, tt := range []struct {
		name      string
		published bool
		want, not []string
	}{
		{"published", true,
			[]string{`href="/iscg/articles/b/"`, `href="nulle-part.md"`, "Texte inclus", `href="/iscg/articles/b/">vers la fiche`},
			[]string{"relais:include", "\x00"}},
		{"with its includes", false,
			[]string{`href="b.md"`, "Texte inclus", `href="/iscg/articles/b/">vers la fiche`},
			[]string{"relais:include", "\x00"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rc := record.New()
			var got string
			if tt.published {
				got = c.Published(rc, ps["a"], false, false)
			} else {
				got = c.WithIncludes(rc, ps["a"])
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q\ndoes not hold %q", got, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("%q\nholds %q", got, w)
				}
			}
			if n := strings.Count(got, "Texte inclus"); n != 1 {
				t.Errorf("the included page is there %d times: its loop is not cut", n)
			}
			keys := map[string]bool{}
			for k := range rc.Keys() {
				keys[k.Name] = true
			}
			if !keys["articles/c.md"] || (tt.published && !keys["articles/b.md"]) {
				t.Errorf("reads recorded: %v", keys)
			}
		})
	}
}
