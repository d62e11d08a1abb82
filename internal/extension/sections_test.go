package extension

import (
	"slices"
	"testing"

	"relais/internal/diag"
	"relais/internal/page"
	"relais/internal/section"
)

// checked is a kind whose checks and audits say which pages they were
// given, in order, and which offers its bundles' files and publishes.
type checked struct {
	folder
	seen *[]string
}

func (c checked) Check(pages []*page.Page) diag.List {
	for _, p := range pages {
		*c.seen = append(*c.seen, "check "+p.ID)
	}
	return diag.List{diag.Warnf(string(c.folder), 1, "checked")}
}

func (c checked) Audit(pages []*page.Page) diag.List {
	for _, p := range pages {
		*c.seen = append(*c.seen, "audit "+p.ID)
	}
	return nil
}

func (checked) OffersFiles() bool { return true }

func (checked) Facets() []page.Facet { return []page.Facet{{Key: "lieu"}} }

func (c checked) Publish(section.Build, *diag.List) section.Plan { return section.Outputs(nil) }

type checkedExt struct{ c checked }

func (e checkedExt) Extend(r *Registry) { r.Add(Kind{Section: e.c, OwnTitle: true}) }

// TestSections: what a build asks of the kinds reaches the kinds that
// implement it, with the pages in ID order, and no other.
func TestSections(t *testing.T) {
	var seen []string
	r := New(ext{"articles-x", nil}, checkedExt{checked{"ateliers", &seen}})
	pages := []*page.Page{{Meta: page.Meta{ID: "b.md"}}, {Meta: page.Meta{ID: "a.md"}}}
	if l := r.Check(pages); len(l) != 1 {
		t.Errorf("Check: %d findings, want the one kind's", len(l))
	}
	r.Audit(slices.Values(pages))
	if want := []string{"check a.md", "check b.md", "audit a.md", "audit b.md"}; !slices.Equal(seen, want) {
		t.Errorf("the kinds saw %q, want %q", seen, want)
	}
	if pages[0].ID != "b.md" {
		t.Error("Check sorted the caller's pages")
	}
	if !r.OffersFiles("ateliers") || r.OffersFiles("articles-x") || r.OffersFiles("autre") {
		t.Error("OffersFiles answers for the wrong folders")
	}
	if f := r.Facets(); len(f) != 1 || len(f["ateliers"]) != 1 {
		t.Errorf("Facets = %v", f)
	}
	if !r.OwnTitle("ateliers/kit/index.md") || r.OwnTitle("articles-x/a.md") || r.OwnTitle("autre/a.md") {
		t.Error("OwnTitle answers for the wrong pages")
	}
	plans := r.Publish(nil, nil)
	if len(plans) != 2 || plans.At(0) != nil || plans.At(1) == nil || plans.At(2) != nil || plans.At(-1) != nil {
		t.Errorf("plans by kind: %v", plans)
	}
	plans.Close()
}
