package site

import (
	"path"
	"sort"
	"strings"

	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/page"
)

// Audit returns the warnings of relais check about the last build, which
// must have been made with Options.Audit and have got as far as rendering
// for pages nothing links to to be found: pages without a title or a
// summary, pages of a section with the same title, pages nothing links
// to, and an accessibility statement that lacks what the law asks.
func (s *Site) Audit() diag.List {
	var l diag.List
	if s.graph.Pages == nil {
		return l
	}
	l.Add(s.cfg.Warnings...)
	l.Add(s.builtinWarnings()...)
	l.Add(s.nationalWarnings()...)
	ids := make([]string, 0, len(s.graph.Pages))
	for id := range s.graph.Pages {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	linked := s.linkedPaths()
	for _, id := range ids {
		p := s.graph.Pages[id]
		if p.File == "" {
			continue
		}
		if strings.TrimSpace(p.Title) == "" {
			l.Add(diag.Warnf(p.File, 1, "this page has no title").
				WithHint("add title: \"…\" to its front matter: it names the page in lists, tabs and search results"))
		}
		if p.Kind == page.KindPage && strings.TrimSpace(p.Summary) == "" && strings.TrimSpace(p.Description) == "" {
			l.Add(diag.Warnf(p.File, 1, "this page has no summary: it has no text, summary or description").
				WithHint("add description: \"…\" to its front matter: lists and search engines show it"))
		}
		if p.Kind == page.KindPage && linked != nil && !linked[p.URL] {
			l.Add(diag.Warnf(p.File, 0, "no page links to this one (%s): readers cannot find it", p.URL).
				WithHint("link to it from another page or a menu, or make it a draft"))
		}
	}
	// Pages of one section with the same title.
	for _, key := range s.graph.Keys(graph.KindSection) {
		seen := map[string]*page.Page{}
		for _, p := range s.graph.List(graph.Planning, key) {
			t := strings.ToLower(strings.TrimSpace(p.Title))
			if t == "" {
				continue
			}
			if first, ok := seen[t]; ok {
				l.Add(diag.Warnf(p.File, 1, "%s has the same title, %q", first.File, p.Title).
					WithHint("give each page of a section its own title, so that readers can tell them apart"))
				continue
			}
			seen[t] = p
		}
	}
	l.Sort()
	return l
}

// linkedPaths is the set of site paths that some HTML output links to,
// from the links recorded by an audit build; nil without them.
func (s *Site) linkedPaths() map[string]bool {
	if s.audited == nil {
		return nil
	}
	base := s.cfg.BasePath()
	linked := map[string]bool{}
	for out, r := range s.audited {
		if out == outPath(siteMapURL) {
			continue // it links to every page: that finds none for a reader
		}
		dir := "/" + path.Dir(out) + "/"
		for _, h := range r.hrefs {
			if strings.Contains(h, "://") || strings.HasPrefix(h, "//") || strings.HasPrefix(h, "#") ||
				strings.HasPrefix(h, "mailto:") || strings.HasPrefix(h, "tel:") {
				continue
			}
			h = strings.SplitN(strings.SplitN(h, "#", 2)[0], "?", 2)[0]
			if !strings.HasPrefix(h, "/") {
				h = path.Join(dir, h) + "/"
			} else {
				h = "/" + strings.TrimPrefix(h, base)
			}
			h = strings.TrimSuffix(h, "index.html")
			if !strings.HasSuffix(h, "/") && path.Ext(h) == "" {
				h += "/"
			}
			if "/"+strings.TrimSuffix(out, "index.html") != h { // a page linking to itself
				linked[h] = true
			}
		}
	}
	return linked
}
