// Package publish decides what a build publishes. It is the one place of
// that rule:
//
//   - A page is published when it is not private, not a draft (unless the
//     build takes drafts), and within its dates (see page.Published).
//   - Owners: a page bundle (a folder with index.md) owns everything in
//     its folder: its child pages (a kit's guide and handouts) and its
//     files. A section page (_index.md) owns the pages and files of its
//     folder and the folders below. The home page owns nothing: its status
//     is its own.
//   - A page or file is published only when every owner above it is. An
//     unpublished bundle hides all it owns, without exception: a bundle is
//     one thing. A section's status applies to its pages unless a page
//     says otherwise on purpose: "visibility: public" over a private
//     section, "draft: false" over a draft section, its own publishDate or
//     date over a section's future date, its own expiryDate over a
//     section's expired one.
//
// Files of content/ (not static/) have one more rule: a file is published
// when it belongs to a kit's or a resource's bundle, when a published page
// links to it, or when the site lists it in site.toml; any other file is
// left out and reported, so that nothing is published by accident (a
// spreadsheet of partners kept beside its export, notes about a person)
// and nothing disappears silently.
package publish

import (
	"path"
	"strings"

	"relais/internal/page"
)

// Reasons a page or file is not published.
const (
	Draft    = "draft"
	Future   = "future"
	Expired  = "expired"
	Private  = "private"
	Unlinked = "unlinked" // a file of content/ that nothing publishes
	// Headless pages are published only inside the pages that include
	// them (page.Page.Headless); their bundle's files are not published.
	Headless = "headless"
)

// Rule decides publication for one build.
type Rule struct {
	o        page.Options
	sections map[string]*page.Page // _index.md pages by folder ("" is home)
	bundles  map[string]*page.Page // bundle pages by folder
	memo     map[*page.Page]string
}

// New makes the rule for the pages read from the site's files, published
// or not.
func New(pages []*page.Page, o page.Options) *Rule {
	r := &Rule{o: o, sections: map[string]*page.Page{}, bundles: map[string]*page.Page{}, memo: map[*page.Page]string{}}
	for _, p := range pages {
		switch {
		case p.Kind == page.KindSection:
			r.sections[p.Dir] = p
		case p.BundleDir != "":
			r.bundles[p.BundleDir] = p
		}
	}
	return r
}

// Page returns "" when p is published, else why not: one of the reasons
// above.
func (r *Rule) Page(p *page.Page) string {
	if why, ok := r.memo[p]; ok {
		return why
	}
	why := r.page(p)
	r.memo[p] = why
	return why
}

func (r *Rule) page(p *page.Page) string {
	if ok, why := p.Published(r.o); !ok {
		return why
	}
	// The folder p lives in: a section page's own folder is its own, so
	// its owners start above it.
	dir := p.Dir
	if p.Kind == page.KindSection || p.Kind == page.KindHome {
		if dir == "" {
			return ""
		}
		dir = parent(dir)
	}
	if why := r.owners(dir, p); why != "" {
		return why
	}
	if m, ok := mirror(p); ok {
		// A translation is as private as its original's folder, and is
		// not published when that folder is the partner area's: the
		// area is protected at its own address, which the translation's
		// is not.
		if r.owners(m, p) == Private || r.areaAbove(m, p) != nil {
			return Private
		}
	}
	if !p.Headless {
		return ""
	}
	return Headless
}

// mirror is the folder of the site's own language that a page of another
// language stands for ("reseau" for en/reseau/x, "articles/kit" for the
// bundle en/articles/kit), and true; false for a page of the site's own
// language.
func mirror(p *page.Page) (string, bool) {
	if p == nil || p.Lang == "" {
		return "", false
	}
	d := p.Dir
	if p.BundleDir != "" {
		d = p.BundleDir
	}
	if d == p.Lang {
		return "", true
	}
	return strings.CutPrefix(d, p.Lang+"/")
}

// owners returns why the owners of folder dir hide what is in it, for
// page p (nil for a file), or "".
func (r *Rule) owners(dir string, p *page.Page) string {
	for d := dir; d != ""; d = parent(d) {
		if b := r.bundles[d]; b != nil && b != p {
			if why := r.Page(b); why != "" {
				return why
			}
		}
	}
	for d := dir; d != ""; d = parent(d) {
		s := r.sections[d]
		if s == nil || s == p {
			continue
		}
		if why := r.Page(s); why != "" && !overrides(p, why) {
			return why
		}
	}
	return ""
}

// overrides reports whether page p says on purpose what a section's
// reason would otherwise decide.
func overrides(p *page.Page, why string) bool {
	if p == nil {
		return false
	}
	switch why {
	case Private:
		return p.Explicit&page.ExplicitVisibility != 0
	case Draft:
		return p.Explicit&page.ExplicitDraft != 0
	case Future:
		return !p.PublishDate.IsZero() || !p.Date.IsZero()
	case Expired:
		return !p.ExpiryDate.IsZero()
	}
	return false
}

// Area returns the page that puts p in a partner area (access:
// partners): the outermost section or bundle above p that says so, else
// p itself when it does; nil for a public page. Everything a section or
// bundle of the area holds belongs to it, whatever it says itself.
func (r *Rule) Area(p *page.Page) *page.Page {
	dir := p.Dir
	if p.Kind == page.KindSection || p.Kind == page.KindHome {
		dir = parent(dir)
		if p.Dir == "" {
			dir = ""
		}
	}
	if a := r.areaAbove(dir, p); a != nil {
		return a
	}
	if p.Partners {
		return p
	}
	return nil
}

// FileArea is Area for the file of content/ at rel.
func (r *Rule) FileArea(rel string) *page.Page { return r.areaAbove(dirOf(rel), nil) }

// areaAbove is the outermost section or bundle of folder dir or above it,
// other than p, that says access: partners, or nil.
func (r *Rule) areaAbove(dir string, p *page.Page) *page.Page {
	var top *page.Page
	for d := dir; d != ""; d = parent(d) {
		if b := r.bundles[d]; b != nil && b != p && b.Partners {
			top = b
		}
		if s := r.sections[d]; s != nil && s != p && s.Partners {
			top = s
		}
	}
	if s := r.sections[""]; s != nil && s != p && s.Partners {
		top = s
	}
	return top
}

// Owned returns "" when the owners of a file of content/ at rel (a path
// relative to content/, "articles/x.pdf") let it be published, else why
// not. Whether anything publishes the file is the caller's to say (see
// File).
func (r *Rule) Owned(rel string) string {
	return r.owners(dirOf(rel), nil)
}

// Bundle returns the bundle page that owns the file at rel, or nil.
func (r *Rule) Bundle(rel string) *page.Page {
	for d := dirOf(rel); d != ""; d = parent(d) {
		if b := r.bundles[d]; b != nil {
			return b
		}
	}
	return nil
}

// File decides a file of content/ at rel: "" when it is published, else
// why not. kept says whether something publishes it: a kit or resource
// bundle it belongs to, a published page's link, or the site's patterns.
func (r *Rule) File(rel string, kept bool) string {
	if why := r.Owned(rel); why != "" {
		return why
	}
	if !kept {
		return Unlinked
	}
	return ""
}

// Match reports whether rel (relative to content/) matches one of the
// patterns a site lists to publish: path.Match patterns, matched against
// the whole path and against the file name.
func Match(patterns []string, rel string) bool {
	for _, pat := range patterns {
		pat = strings.TrimPrefix(pat, "/")
		if ok, _ := path.Match(pat, rel); ok {
			return true
		}
		if !strings.Contains(pat, "/") {
			if ok, _ := path.Match(pat, path.Base(rel)); ok {
				return true
			}
		}
	}
	return false
}

func dirOf(rel string) string {
	d := path.Dir(rel)
	if d == "." {
		return ""
	}
	return d
}

func parent(d string) string {
	p := path.Dir(d)
	if p == "." {
		return ""
	}
	return p
}
