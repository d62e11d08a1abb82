package load

import (
	"slices"
	"sort"
	"strings"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/publish"
)

// Rules say which files of content/ a build publishes as they are
// (PublishedFiles).
type Rules struct {
	Graph  *graph.Graph // the pages published
	Config *config.Config
	// OffersFiles reports a section (by its folder) whose page bundles
	// offer their files for download; Resized an output relais publishes
	// at its sizes.
	OffersFiles func(section string) bool
	Resized     func(out string) bool
	// AreaFinding is an error about a partner area's file as the build
	// tells it (a warning in a preview).
	AreaFinding func(*diag.Finding) *diag.Finding
}

// PublishedFiles are the files of content/ and static/ published as they
// are, sorted: all of static/, and of content/ what package publish
// keeps (a file linked from a published page, offered by its bundle, or
// listed in site.toml), with a finding for each left out that she may
// not expect. leftOut are the outputs of files left out with an error:
// links to them are not told as broken.
func (ld *Loader) PublishedFiles(r Rules, l *diag.List) (files, leftOut []string) {
	g := r.Graph
	linked, shown, partners := Linked(g, r.Resized)
	for p, e := range ld.Files {
		if e.IsPage() || e.IsMarkdown() || e.LeftOut {
			continue
		}
		if rel, ok := strings.CutPrefix(p, ContentDir+"/"); ok {
			out := Out(g, p)
			b := g.Rule().Bundle(rel)
			listed := publish.Match(r.Config.Publish.Files, rel)
			kept := (b != nil && r.OffersFiles(b.Section)) || linked[out] || listed
			if !kept && shown[out] {
				continue // published at its sizes only
			}
			if partners[out] && !listed && g.Rule().FileArea(rel) == nil {
				l.Add(r.AreaFinding(diag.Errorf(p, 0, "only pages for partners link to this file, but it is not in their area's folder, where the host would protect it: it is not published").
					WithHint("move it into the partner area's folder (beside the pages that link to it), then change their links")))
				leftOut = append(leftOut, out)
				continue
			}
			switch why := g.Rule().File(rel, kept); why {
			case "":
			case publish.Unlinked:
				l.Add(diag.Warnf(p, 0, "not published: no page links to this file, and it is not in a kit or a resource").
					WithHint("link to it from a page to publish it, or move it out of content/ if it is private; "+
						"site.toml can list files to publish anyway: [publish] files = [\"%s\"]", rel))
				continue
			default:
				continue // its page is not published (draft, private…): neither is the file
			}
		}
		files = append(files, p)
	}
	sort.Strings(files)
	return files, leftOut
}

// CheckLoads refuses an HTML page or stylesheet (out, its path in the
// output folder, b its bytes) that would load anything from another
// site. p is the page it shows, nil for a theme's asset; origin names
// the file the load may come from (its template, or the asset).
func (ld *Loader) CheckLoads(out string, p *page.Page, origin func() string, b []byte) error {
	var bad []string
	switch {
	case strings.HasSuffix(out, ".html"):
		bad = ld.Priv.HTML(b)
		if p != nil && len(bad) > 0 {
			// An image of the page's text from another site is told at
			// its line already: one error, not two.
			told := map[string]bool{}
			for _, ln := range p.Links {
				if ln.Image {
					told[ln.Dest] = true
				}
			}
			bad = slices.DeleteFunc(bad, func(u string) bool { return told[u] })
		}
	case strings.HasSuffix(out, ".css"):
		bad = ld.Priv.CSS(b)
	default:
		return nil
	}
	if len(bad) == 0 {
		return nil
	}
	if p == nil { // a theme asset
		return diag.Errorf(origin(), 0, "this stylesheet would load %s from another site", strings.Join(bad, ", ")).
			WithHint(PrivacyHint)
	}
	return diag.Errorf(graph.FileOf(p), 0, "%s would load %s from another site (from %s or the page's HTML)",
		out, strings.Join(bad, ", "), origin()).WithHint(PrivacyHint)
}

// Sources are the published pages' addresses (with the base path), each
// with the file it is made from.
func (ld *Loader) Sources(g *graph.Graph, cfg *config.Config) map[string]string {
	out := make(map[string]string, g.Count(graph.Planning))
	for file, e := range ld.Files {
		for _, pg := range e.Pages() {
			if p := g.Page(graph.Planning, pg.ID); p != nil && p.URL != "" && e.Page != nil {
				out[cfg.RelURL(p.URL)] = file
			}
		}
	}
	return out
}
