package sitefiles

import (
	"slices"
	"strings"
	"testing"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/graph/graphtest"
	"relais/internal/i18n"
	"relais/internal/page"
)

// TestAliases: a page's aliases and old address become files that lead
// to it, unless they would take its own file, another page's place or
// another page's old address, or lead from the public site into the
// partner area; a query address has no file (nginx.conf leads it).
func TestAliases(t *testing.T) {
	tests := []struct {
		name    string
		aliases []string
		oldURL  string
		area    string
		written []string // taken by other pages' aliases
		want    []string
		told    string
	}{
		{"aliases", []string{"/ancien/", "/vieux.html"}, "", "", nil, []string{"ancien/index.html", "vieux.html"}, ""},
		{"its own address", []string{"/a/"}, "", "", nil, nil, "is this page's own URL"},
		{"a query address", []string{"/?p=12"}, "", "", nil, nil, ""},
		{"its old address", nil, "/2019/01/a/", "", nil, []string{"2019/01/a/index.html"}, ""},
		{"an old address that is an alias already", []string{"/2019/01/a/"}, "/2019/01/a/", "", nil, []string{"2019/01/a/index.html"}, ""},
		{"an old address another page took", nil, "/2019/01/a/", "", []string{"/2019/01/a/"}, nil, ""},
		{"an old address where a page is", nil, "/b/", "", nil, nil, ""},
		{"a page for partners", []string{"/ancien/"}, "/2019/01/a/", "/reseau/", nil, nil, "is left out: its page is for partners"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &page.Page{Meta: page.Meta{ID: "a.md", File: "content/a.md", Kind: page.KindPage, URL: "/a/",
				Aliases: tt.aliases, Params: map[string]any{}}}
			b := &page.Page{Meta: page.Meta{ID: "b.md", File: "content/b.md", Kind: page.KindPage, URL: "/b/", Params: map[string]any{}}}
			g := graphtest.Assemble(t, &config.Config{}, a, b)
			var l diag.List
			a.Area, a.OldURL = tt.area, tt.oldURL // as the graph decides them
			written := map[string]bool{}
			for _, w := range tt.written {
				written[w] = true
			}
			got := Aliases(a, g, written, &l)
			if !slices.Equal(got, tt.want) {
				t.Errorf("files %q, want %q", got, tt.want)
			}
			told := l.In(i18n.English)
			switch {
			case tt.told == "" && len(l) > 0:
				t.Errorf("told %q", told)
			case tt.told != "" && !strings.Contains(told, tt.told):
				t.Errorf("told %q, want it to say %q", told, tt.told)
			}
			for _, w := range append(slices.Clone(tt.aliases), tt.want...) {
				if !written[w] && !written["/"+strings.TrimSuffix(w, "index.html")] {
					t.Errorf("%s is not marked as taken", w)
				}
			}
		})
	}
}
