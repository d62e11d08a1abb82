package site

import (
	"bytes"
	"strings"

	"relais/internal/feed"
	"relais/internal/page"
	"relais/internal/record"
)

// feedSpecs are the outputs of every feed (package feed), in every
// format.
func (s *Site) feedSpecs() []*plannedOutput {
	content := func(rc *record.Render, p *page.Page) string { return s.pages().Published(rc, p, false, true) }
	var out []*plannedOutput
	for _, fl := range feed.Lists(s.graph, s.cfg, s.taxonomies) {
		for _, f := range feed.Formats {
			out = append(out, &plannedOutput{Out: strings.TrimPrefix(fl.Owner.URL, "/") + f.File(),
				Page: fl.Owner, Render: func(rc *record.Render, w *bytes.Buffer) error {
					return feed.Render(w, rc, s.graph, s.cfg, fl, f, content)
				}})
		}
	}
	return out
}
