package layout

import (
	"strings"

	"relais/internal/diag"
	"relais/internal/page"
)

// chosen is what the choice of a page's template depends on.
type chosen struct{ kind, dir, section, layout string }

// Choose is the template of the page p (file names it in findings), in
// Hugo's order: its layout field in its folder, its section's or at the
// top, then its kind's template in its folder, its section's, then the
// defaults. A layout field naming no template is a warning (the page
// has the default one); no template at all is an error. A choice without
// a finding is remembered until the templates are loaded again.
func (s *Set) Choose(p *page.Page, file string) (string, *diag.Finding) {
	k := chosen{string(p.Kind), p.Dir, p.Section, p.Layout}
	if name, ok := s.chosen.Load(k); ok {
		return name.(string), nil
	}
	name, f := s.choose(p, file)
	if f == nil {
		s.chosen.Store(k, name)
	}
	return name, f
}

func (s *Set) choose(p *page.Page, file string) (string, *diag.Finding) {
	var names []string
	var dirs []string
	if p.Dir != "" {
		dirs = append(dirs, p.Dir)
	}
	if p.Section != "" && p.Section != p.Dir {
		dirs = append(dirs, p.Section)
	}
	var missing *diag.Finding
	if p.Layout != "" {
		for _, d := range dirs {
			names = append(names, d+"/"+p.Layout+".html")
		}
		names = append(names, p.Layout+".html")
		if n := s.Lookup(names...); n != "" {
			return n, nil
		}
		// Another tool's layout (layouts/base.njk) or a typo: the page
		// builds with the default one, and the build says so.
		missing = diag.Warnf(file, p.LayoutLine, "layout %q: there is no such layout, so the page has the default one", p.Layout).InGroup("layout " + p.Layout)
		if strings.ContainsAny(p.Layout, "./") {
			missing.WithHint("this names another tool's template: remove the field, or add a template of relais in layouts/")
		} else {
			missing.WithHint("add %s, or remove the layout field", "layouts/"+names[len(names)-1])
		}
		names = names[:0]
	}
	switch p.Kind {
	case page.KindPage:
		for _, d := range dirs {
			names = append(names, d+"/single.html")
		}
		names = append(names, "single.html")
	case page.KindSection:
		for _, d := range dirs {
			names = append(names, d+"/list.html")
		}
		names = append(names, "section.html", "list.html")
	case page.KindHome:
		names = append(names, "home.html", "index.html", "list.html")
	case page.KindTaxonomy:
		names = append(names, p.Taxonomy+"/taxonomy.html", "taxonomy.html", "list.html")
	case page.KindTerm:
		names = append(names, p.Taxonomy+"/term.html", "term.html", "list.html")
	case page.Kind404:
		names = append(names, "404.html")
	}
	if n := s.Lookup(names...); n != "" {
		return n, missing
	}
	looked := make([]string, len(names))
	for i, n := range names {
		looked[i] = "layouts/" + n
	}
	return "", diag.Errorf(file, 0, "no layout for this %s page: none of %s exists", p.Kind, strings.Join(looked, ", ")).
		WithHint("add one of these files")
}
