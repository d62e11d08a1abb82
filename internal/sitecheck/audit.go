package sitecheck

import (
	"iter"
	"path"
	"sort"
	"strings"

	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/page"
)

// Audit returns the warnings of relais check about the published pages:
// pages without a title or a summary, pages of a section with the same
// title, and, when linked is not nil (the site paths some output links
// to, Linked), pages nothing links to. It returns them sorted.
func Audit(g *graph.Graph, linked map[string]bool) diag.List {
	var l diag.List
	byID := map[string]*page.Page{}
	for p := range g.All(graph.Planning) { // checks, outside any render
		byID[p.ID] = p
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		p := byID[id]
		if p.File == "" {
			continue
		}
		if strings.TrimSpace(p.Title) == "" {
			l.Add(diag.Warnf(p.File, 1, "this page has no title").InGroup("no title").
				WithHint("add title: \"…\" to its front matter: it names the page in lists, tabs and search results"))
		}
		if p.Kind == page.KindPage && strings.TrimSpace(p.Summary) == "" && strings.TrimSpace(p.Description) == "" {
			l.Add(diag.Warnf(p.File, 1, "this page has no summary: it has no text, summary or description").InGroup("no summary").
				WithHint("add description: \"…\" to its front matter: lists and search engines show it"))
		}
		if p.Kind == page.KindPage && linked != nil && !linked[p.URL] {
			l.Add(diag.Warnf(p.File, 0, "no page links to this one (%s): readers cannot find it", p.URL).InGroup("orphan").
				WithHint("link to it from another page or a menu, or make it a draft"))
		}
	}
	// Pages of one section with the same title.
	for _, key := range g.Keys(graph.KindSection) {
		seen := map[string]*page.Page{}
		for _, p := range g.List(graph.Planning, key) {
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

// Linked is the set of site paths that some HTML output links to, from
// the links (href values) of each output by its path; basePath is the
// site's base path ("/" or "/iscg/"). A page's link to itself does not
// count.
func Linked(hrefs iter.Seq2[string, []string], basePath string) map[string]bool {
	linked := map[string]bool{}
	for out, hs := range hrefs {
		dir := "/" + path.Dir(out) + "/"
		for _, h := range hs {
			if strings.Contains(h, "://") || strings.HasPrefix(h, "//") || strings.HasPrefix(h, "#") ||
				strings.HasPrefix(h, "mailto:") || strings.HasPrefix(h, "tel:") {
				continue
			}
			h = strings.SplitN(strings.SplitN(h, "#", 2)[0], "?", 2)[0]
			if !strings.HasPrefix(h, "/") {
				h = path.Join(dir, h) + "/"
			} else {
				h = "/" + strings.TrimPrefix(h, basePath)
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
