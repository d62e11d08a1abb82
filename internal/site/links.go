package site

import (
	"iter"
	"time"

	"relais/internal/complete"
	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/imageset"
	"relais/internal/page"
	"relais/internal/sitecheck"
)

// builtOutputs are the outputs of a build as the link checks see them
// (sitecheck.Outputs): their records by path, and the images published
// at their sizes.
type builtOutputs struct {
	recs map[string]*remembered
	imgs *imageset.Set
}

func (b builtOutputs) Anchors(p string) ([]string, bool) {
	r, ok := b.recs[p]
	if !ok {
		return nil, false
	}
	return r.IDs, true
}

func (b builtOutputs) Resized(p string) bool { return b.imgs.Shown(p) != nil }

func (b builtOutputs) Paths() iter.Seq[string] {
	return func(yield func(string) bool) {
		for p := range b.recs {
			if !yield(p) {
				return
			}
		}
		for p := range b.imgs.Paths() {
			if !yield(p) {
				return
			}
		}
	}
}

// checkLinks reports the links of pages that lead nowhere (package
// sitecheck), among the outputs of the build by path; all is false when
// no output appeared, went or changed its anchors since the last check.
func (s *Site) checkLinks(outputs map[string]*remembered, all bool, l *diag.List) {
	c := sitecheck.Site{Graph: s.graph, Outputs: builtOutputs{outputs, &s.imgs}, Unread: s.unread,
		BrokenAreWarnings: s.cfg.Check.Links == "warning"}
	s.brokenLinks = c.Links(all, l)
}

// pages complete the pages' HTML for this build (package complete).
func (s *Site) pages() complete.Pages {
	return complete.Pages{Config: s.cfg, Graph: s.graph, Blobs: s.blobs, Images: &s.imgs}
}

// BrokenLinks is how many links of the last build's checked pages lead
// to no page, file or anchor of the site.
func (s *Site) BrokenLinks() int { return s.brokenLinks }

// ExternalLinks lists the links of the published pages to other sites
// (http and https), for relais check --external.
func (s *Site) ExternalLinks() []sitecheck.ExternalLink { return sitecheck.ExternalLinks(s.graph) }

// Published are the pages the last build published, in no order.
func (s *Site) Published() iter.Seq[*page.Page] { return s.graph.All(graph.Planning) }

// Now is the time of the last build.
func (s *Site) Now() time.Time { return s.now }

// StandIns are, by output path, what a preview serves in place of the
// sizes of images it left for MakePending (Result.Pending), until they
// are made and the page reloads (imageset.Set.StandIns).
func (s *Site) StandIns() map[string]func() []byte { return s.imgs.StandIns() }
