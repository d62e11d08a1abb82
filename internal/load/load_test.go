package load

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/graph/graphtest"
	"relais/internal/i18n"
	"relais/internal/page"
)

// TestOut: static/ is published at the top, content/ at its path, and a
// page bundle's files beside its page, wherever its URL puts it.
func TestOut(t *testing.T) {
	kit := &page.Page{Meta: page.Meta{ID: "ateliers/reseaux/index.md", File: "content/ateliers/reseaux/index.md", Kind: page.KindPage,
		URL: "/kits/reseaux-sociaux/", BundleDir: "ateliers/reseaux", Params: map[string]any{}}}
	g := graphtest.Assemble(t, &config.Config{}, kit)
	for _, tt := range []struct{ file, want string }{
		{"static/images/logo.png", "images/logo.png"},
		{"content/articles/photo.jpg", "articles/photo.jpg"},
		{"content/ateliers/reseaux/fiche.pdf", "kits/reseaux-sociaux/fiche.pdf"},
		{"content/ateliers/reseaux/annexes/carte.png", "kits/reseaux-sociaux/annexes/carte.png"},
		{"content/ateliers/autre/fiche.pdf", "ateliers/autre/fiche.pdf"},
	} {
		if got := Out(g, tt.file); got != tt.want {
			t.Errorf("Out(%s) = %s, want %s", tt.file, got, tt.want)
		}
	}
}

// TestFindings: a draft that is not published has its errors told as
// warnings, saying why; a published page's stay errors.
func TestFindings(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		ld := &Loader{Files: map[string]*File{
			"content/brouillon.md": {Path: "content/brouillon.md", Page: &page.Page{Meta: page.Meta{Draft: true}},
				Diags: diag.List{diag.Errorf("content/brouillon.md", 3, "bad"), diag.Warnf("content/brouillon.md", 4, "odd")}},
			"content/page.md": {Path: "content/page.md", Page: &page.Page{},
				Diags: diag.List{diag.Errorf("content/page.md", 2, "wrong")}},
		}}
		l := ld.Findings(drafts)
		got := l.In(i18n.English)
		wantErrors := 1
		if drafts {
			wantErrors = 2
		}
		if n := len(l.Errors()); n != wantErrors || len(l) != 3 {
			t.Errorf("drafts %v: %d errors of %d findings: %s", drafts, n, len(l), got)
		}
		if !drafts && !strings.Contains(got, "bad (in a draft, which is not published until this is fixed)") {
			t.Errorf("a draft's error does not say why it is a warning: %s", got)
		}
	}
}

// TestUnread: a page whose file could not be read leaves its likely
// address, and its sections', out of the broken links.
func TestUnread(t *testing.T) {
	bad := diag.List{diag.Errorf("x", 1, "bad front matter")}
	ld := &Loader{Files: map[string]*File{
		"content/articles/cassee.md":        {Path: "content/articles/cassee.md", Diags: bad},
		"content/ateliers/kit/index.md":     {Path: "content/ateliers/kit/index.md", Diags: bad},
		"content/_index.md":                 {Path: "content/_index.md", Diags: bad},
		"content/articles/lue.md":           {Path: "content/articles/lue.md", Page: &page.Page{}, Diags: bad},
		"content/articles/avertissement.md": {Path: "content/articles/avertissement.md", Diags: diag.List{diag.Warnf("x", 1, "odd")}},
		"content/images/photo.jpg":          {Path: "content/images/photo.jpg", Diags: bad},
	}}
	got := slices.Sorted(maps.Keys(ld.Unread()))
	want := []string{"/", "/articles/", "/articles/cassee/", "/ateliers/", "/ateliers/kit/"}
	if !slices.Equal(got, want) {
		t.Errorf("Unread() = %q, want %q", got, want)
	}
}

// TestIgnoredFields: the fields of other tools are told once, each with
// how many pages have it, the most used first.
func TestIgnoredFields(t *testing.T) {
	pg := func(ignored ...string) *File { return &File{Page: &page.Page{Meta: page.Meta{Ignored: ignored}}} }
	ld := &Loader{Files: map[string]*File{"a": pg("weight", "toc"), "b": pg("weight"), "c": pg()}}
	got := ld.IgnoredFields().Text().In(i18n.English)
	want := "2 pages have fields that other tools use and relais does not: weight (2 pages), toc (1 page); they are ignored"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if f := (&Loader{Files: map[string]*File{"c": pg()}}).IgnoredFields(); f != nil {
		t.Errorf("pages without such fields: %v", f)
	}
}
