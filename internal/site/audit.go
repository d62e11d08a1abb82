package site

import (
	"iter"

	"relais/internal/diag"
	"relais/internal/sitecheck"
	"relais/internal/sitefiles"
)

// Audit returns the warnings of relais check about the last build, which
// must have been made with Options.Audit and have got as far as rendering
// for pages nothing links to to be found: the settings' warnings, pages
// without a title or a summary, pages of a section with the same title,
// pages nothing links to (package sitecheck), and an accessibility
// statement or partners' data that lack what is asked.
func (s *Site) Audit() diag.List {
	var l diag.List
	if !s.graph.Assembled() {
		return l
	}
	l.Add(s.cfg.Warnings...)
	l.Add(sitefiles.BuiltinWarnings(s.graph)...)
	l.Add(s.auditSections()...)
	var linked map[string]bool
	if s.audited != nil {
		linked = sitecheck.Linked(s.auditedLinks(), s.cfg.BasePath())
	}
	l.Add(sitecheck.Audit(s.graph, linked)...)
	l.Sort()
	return l
}

// auditedLinks are the links of each output of an audit build, by its
// path; but the site map's, which links to every page: that finds none
// for a reader.
func (s *Site) auditedLinks() iter.Seq2[string, []string] {
	return func(yield func(string, []string) bool) {
		for out, r := range s.audited {
			if out == sitefiles.OutPath(sitefiles.SiteMapURL) {
				continue
			}
			if !yield(out, r.Hrefs) {
				return
			}
		}
	}
}
