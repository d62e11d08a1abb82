package extension

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/section"
)

type folder string

func (f folder) Folder() string       { return string(f) }
func (f folder) Owns(rel string) bool { return strings.HasPrefix(rel, string(f)+"/") }
func (folder) Fields() []fields.Def   { return nil }
func (folder) Strict() bool           { return false }
func (folder) Decode(string, []frontmatter.Field, *config.Config, time.Time) (any, diag.List) {
	return nil, nil
}

// ext registers a kind owning its folder, with views of those names.
type ext struct {
	folder string
	views  []string
}

func (e ext) Extend(r *Registry) {
	k := Kind{Section: folder(e.folder), Views: map[string]View{}}
	for _, v := range e.views {
		k.Views[v] = func(PageView, section.Plan) any { return e.folder + ":" + v }
	}
	r.Add(k)
}

// form registers a kind with a form called name.
type form struct{ name string }

func (f form) Extend(r *Registry) {
	r.Add(Kind{Section: folder("x-" + f.name + fmt.Sprint(len(r.Kinds()))), Forms: []Form{{Name: f.name}}})
}

func TestRegistry(t *testing.T) {
	r := New(ext{"ateliers", []string{"kit", "kitPDF"}}, ext{"partenaires", []string{"partner"}})
	for _, tc := range []struct {
		rel  string
		kind int
	}{
		{"ateliers/kit/index.md", 0},
		{"partenaires/cidff.md", 1},
		{"articles/a.md", -1},
		{"ateliersx/a.md", -1},
	} {
		if got := r.Of(tc.rel); got != tc.kind {
			t.Errorf("Of(%q) = %d, want %d", tc.rel, got, tc.kind)
		}
	}
	for _, tc := range []struct {
		name string
		want any
		kind int
	}{
		{"kit", "ateliers:kit", 0},
		{"kitPDF", "ateliers:kitPDF", 0},
		{"partner", "partenaires:partner", 1},
		{"nothing", nil, -1},
	} {
		v, kind, ok := r.View(tc.name)
		if kind != tc.kind || ok != (tc.want != nil) {
			t.Errorf("View(%q): kind %d, ok %v", tc.name, kind, ok)
			continue
		}
		if ok && v(nil, nil) != tc.want {
			t.Errorf("View(%q) is another kind's", tc.name)
		}
	}
	if got := len(r.Sections()); got != 2 {
		t.Errorf("%d sections", got)
	}
	var none *Registry
	if none.Of("ateliers/kit/index.md") != -1 || none.Sections() != nil {
		t.Errorf("a site without extensions has kinds")
	}
}

// Two kinds on one folder, or one view name given twice, are mistakes
// of the program, said at once.
func TestRegistryRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		exts []Extension
		want string
	}{
		{"one folder twice", []Extension{ext{"ateliers", nil}, ext{"ateliers", nil}}, `two kinds own the folder "ateliers"`},
		{"one view twice", []Extension{ext{"ateliers", []string{"kit"}}, ext{"agenda", []string{"kit"}}}, `two kinds give the view "kit"`},
		{"a form called as every site's pages", []Extension{form{"article"}}, `two kinds of file are called "article"`},
		{"one form twice", []Extension{form{"kit"}, form{"kit"}}, `two kinds of file are called "kit"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), tc.want) {
					t.Errorf("got %v, want %q", r, tc.want)
				}
			}()
			New(tc.exts...)
		})
	}
}
