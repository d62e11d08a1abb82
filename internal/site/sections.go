package site

import (
	"relais/internal/diag"
	"relais/internal/graph"
)

// sectionOutputs plans the outputs of the kinds of section that publish
// some, for one build (closePlans ends it).
func (s *Site) sectionOutputs(l *diag.List) []*plannedOutput {
	s.closePlans()
	s.plans = s.reg.Publish(built{s}, l)
	var out []*plannedOutput
	for _, plan := range s.plans {
		if plan == nil {
			continue
		}
		for _, o := range plan.Outputs() {
			out = append(out, &plannedOutput{Out: o.Path, Page: o.Page, Render: o.Render, Stream: o.Stream})
		}
	}
	return out
}

// closePlans ends the sections' plans of the last build.
func (s *Site) closePlans() {
	s.plans.Close()
	s.plans = nil
}

// offersFiles reports a section (by its folder) whose page bundles offer
// their files for download: the resources', and those of a kind of
// section that says so.
func (s *Site) offersFiles(section string) bool {
	return section == ResourcesSection || s.reg.OffersFiles(section)
}

// auditSections runs the audits of the kinds of section that have some.
func (s *Site) auditSections() diag.List { return s.reg.Audit(s.graph.All(graph.Planning)) }
