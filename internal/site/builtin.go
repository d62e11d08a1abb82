package site

import (
	"bytes"

	"relais/internal/record"
	"relais/internal/sitefiles"
)

// builtinSpecs are the outputs of the built-in pages the content does not
// replace (sitefiles.Builtins), each with its layout.
func (s *Site) builtinSpecs() []*plannedOutput {
	var out []*plannedOutput
	for _, p := range sitefiles.Builtins(s.graph, func(key string) string { return s.theme.Set.T(key) }) {
		tpl, f := s.layoutFor(p)
		if f != nil {
			continue // a site's own theme without that layout
		}
		out = append(out, &plannedOutput{Out: sitefiles.OutPath(p.URL), Page: p, Tpl: tpl, HTML: true,
			Render: func(rc *record.Render, w *bytes.Buffer) error { return s.renderPage(rc, p, tpl, 0, w) }})
	}
	return out
}
