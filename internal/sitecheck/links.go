// Package sitecheck holds the checks of a built site across its pages and
// outputs: links that lead nowhere (to no page, file or anchor), links and
// images without text, pages to include that are not there; and, for
// relais check, the audit of pages (no title, no summary, linked from
// nowhere, the same title as another of their section) and the links to
// other sites.
package sitecheck

import (
	"bytes"
	"iter"
	"maps"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"

	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/page"
)

// Outputs is what the checks know of a build's outputs.
type Outputs interface {
	// Anchors are the id attributes of the output at path (under the
	// output folder: "a/index.html"); ok is false when there is none.
	Anchors(path string) (ids []string, ok bool)
	// Resized reports an image that relais publishes at its sizes only,
	// at path.
	Resized(path string) bool
	// Paths are the paths of every output and of every image published at
	// its sizes.
	Paths() iter.Seq[string]
}

// Site is what the link checks read of a built site.
type Site struct {
	Graph   *graph.Graph
	Outputs Outputs
	// Unread are the URLs of pages whose file could not be read: links
	// to them are not told as broken, the file's error is.
	Unread map[string]bool
	// BrokenAreWarnings makes broken links warnings rather than errors
	// (check.links = "warning", for a site being moved from another
	// tool).
	BrokenAreWarnings bool
}

// AttrValues lists the values of one attribute ("id", "href") in an HTML
// page, as relais's own templates and goldmark write them: double-quoted,
// after a space.
func AttrValues(b []byte, attr string) []string {
	var out []string
	// '=' is rare in text, unlike the space that starts ` id="`.
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '=')
		if j < 0 {
			return out
		}
		j += i
		i = j + 1
		if j+1 >= len(b) || b[j+1] != '"' || j < len(attr)+1 || b[j-len(attr)-1] != ' ' || string(b[j-len(attr):j]) != attr {
			continue
		}
		start := j + 2
		end := bytes.IndexByte(b[start:], '"')
		if end < 0 {
			return out
		}
		out = append(out, string(b[start:start+end]))
		i = start + end
	}
}

// checkLinks reports the links of pages that lead nowhere: to no page,
// section, file or asset of the site, or to an anchor the target does not
// have; and links and images with no text. It returns how many links
// are broken.
//
// When no output appeared, went or changed its anchors since the last
// check (all is false), only pages not checked yet are: the others' links
// lead where they did.
func (s Site) Links(all bool, l *diag.List) (brokenLinks int) {
	broken := diag.Errorf
	if s.BrokenAreWarnings {
		broken = diag.Warnf // a site being moved from another tool
	}
	for p := range s.Graph.All(graph.Planning) { // checks, outside any render
		if p.File == "" || len(p.Links)+len(p.Includes) == 0 {
			continue
		}
		before := len(*l)
		// Includes every time: a headless page turned draft has no output
		// that went, and they are few.
		for _, inc := range p.Includes {
			switch q := s.Graph.Includable(graph.FileID(p, inc.Dest)); {
			case q == nil:
				l.Add(diag.Errorf(p.File, inc.Line, "the page to include, %s, is not a published or headless page of the site", inc.Dest).
					WithHint("write the path of its file from this page's folder (autre.md, ../articles/x.md) or from content/ (/articles/x.md); a draft or private page is never shown"))
			case q == p:
				l.Add(diag.Errorf(p.File, inc.Line, "this page includes itself").WithHint("include another page"))
			}
		}
		for _, ln := range p.Links {
			if p.LinksChecked && !all {
				break
			}
			if f, hint := s.link(p, ln.Dest, ln.Image); f.Format != "" {
				l.Add(broken(p.File, ln.Line, f.Format, f.Args...).WithHint("%s", hint))
				brokenLinks++
			}
			switch {
			case ln.Image && ln.Alone && strings.TrimSpace(ln.Alt) == "":
				// An empty alt says an image is decorative (RGAA 1.2),
				// but an image that is all a link holds names the link.
				l.Add(diag.Warnf(p.File, ln.Line, "the image %s is all its link holds, and has no alt text: the link has no name", ln.Dest).
					WithHint("say where the link leads in the image's alt text: [![where it leads](%s)](…)", ln.Dest))
			case !ln.Image && ln.Alone:
				// Its name is its image's alt text, checked above.
			case !ln.Image && !ln.Auto && !ln.Raw && strings.TrimSpace(ln.Alt) == "":
				l.Add(diag.Errorf(p.File, ln.Line, "the link to %s has no text", ln.Dest).
					WithHint("write the words a reader clicks: [where it leads](%s)", ln.Dest))
			}
		}
		p.LinksChecked = len(*l) == before
	}
	return brokenLinks
}

func linkHint(dest string) i18n.Text {
	if page.IsMarkdownName(strings.SplitN(dest, "#", 2)[0]) {
		return i18n.T("a link to a Markdown file is the path of its file, from the page's folder (autre.md, ../articles/x.md) or from content/ (/articles/x.md)")
	}
	return i18n.T("check the address: a page's address is its folder and slug, such as /articles/mon-titre/")
}

// link returns what is wrong with a link from p and how to fix it,
// or "".
// An image's problem is said of an image.
func (s Site) link(p *page.Page, dest string, image bool) (i18n.Text, i18n.Text) {
	of := func(link, img i18n.Text) i18n.Text {
		if image {
			return img
		}
		return link
	}
	var none i18n.Text
	if strings.Contains(dest, "{{") || strings.Contains(dest, "{%") {
		return none, none // another tool's template tag, reported once for the page
	}
	for _, pre := range []string{"https://", "http://", "mailto:", "tel:", "//"} {
		if strings.HasPrefix(dest, pre) {
			return none, none // another site, mail, phone: not checked here
		}
	}
	u, err := url.Parse(dest)
	if err != nil {
		return i18n.T("this link is not a valid address: %s", dest), i18n.T("check the characters of the address")
	}
	if u.Scheme != "" || u.Host != "" {
		return none, none
	}
	target := u.Path
	if page.IsMarkdownName(target) {
		// A link to a page by its file, as Hugo's ref and other tools'
		// links between Markdown files: it leads to the page.
		q := s.Graph.ByFile(p, target)
		if q == nil {
			return of(i18n.T("this link leads to %s, which is not a page of the site", dest),
				i18n.T("this image is %s, which is not a page of the site", dest)), linkHint(dest)
		}
		target = q.URL
	}
	switch {
	case target == "":
		target = p.URL
	case !strings.HasPrefix(target, "/"):
		target = path.Join(p.URL, target)
		if strings.HasSuffix(u.Path, "/") {
			target += "/"
		}
	}
	out, ids, ok := s.find(target)
	if !ok && s.Outputs.Resized(strings.TrimPrefix(target, "/")) {
		return none, none // an image published at its sizes
	}
	if !ok {
		if name := s.otherCase(strings.TrimPrefix(target, "/")); name != "" {
			base := path.Base(u.Path)
			fixed := strings.TrimSuffix(u.Path, base) + name
			return of(i18n.T("this link leads to %s, which is not a file of the site: its name is « %s », with other capitals", dest, name),
					i18n.T("this image is %s, which is not a file of the site: its name is « %s », with other capitals", dest, name)),
				i18n.T("write %s: the server tells capitals apart, so %s and %s are two names", fixed, base, name)
		}
		if s.Unread[target] {
			return none, none // a page whose file has an error, told already
		}
		if near := s.nearPage(target); near != nil {
			// Most often a page renamed, or a typo.
			return of(i18n.T("this link leads to %s, which is not a page or file of the site", dest),
					i18n.T("this image is %s, which is not a page or file of the site", dest)),
				i18n.T("did you mean %s? If that page was renamed, put its old address in its aliases (aliases: [\"%s\"]) so that old links still lead to it", near.URL, target)
		}
		return of(i18n.T("this link leads to %s, which is not a page or file of the site", dest),
			i18n.T("this image is %s, which is not a page or file of the site", dest)), linkHint(dest)
	}
	if u.Fragment != "" && strings.HasSuffix(out, ".html") {
		for _, id := range ids {
			if id == u.Fragment {
				return none, none
			}
		}
		what := of(i18n.T("this link leads to #%s, which is not a heading or anchor of %s", u.Fragment, target),
			i18n.T("this image is #%s, which is not a heading or anchor of %s", u.Fragment, target))
		if near := diag.Nearest(u.Fragment, ids); near != "" {
			return what, i18n.T("did you mean #%s?", near)
		}
		return what, i18n.T("a heading's anchor is its text in lower case with hyphens: « Ma partie » is #ma-partie")
	}
	return none, none
}

// nearPage is the published page whose URL is nearest to target, when
// it is near enough to be what was meant (a renamed page, a typo): the
// same folder and a close last part, or the same last part elsewhere.
func (s Site) nearPage(target string) *page.Page {
	dir, last := path.Split(strings.TrimSuffix(target, "/"))
	if last == "" {
		return nil
	}
	var names []string
	by := map[string]*page.Page{}
	for p := range s.Graph.All(graph.Planning) { // checks, outside any render
		d, l := path.Split(strings.TrimSuffix(p.URL, "/"))
		if l == "" || p.File == "" {
			continue
		}
		if d == dir {
			names = append(names, l)
			by[l] = p
		} else if l == last {
			return p // moved to another folder
		}
	}
	sort.Strings(names)
	if n := diag.Nearest(last, names); n != "" {
		return by[n]
	}
	return nil
}

// otherCase is the file name of the output (or image relais resizes) at
// rel but for capitals, or "".
func (s Site) otherCase(rel string) string {
	if rel == "" {
		return ""
	}
	for o := range s.Outputs.Paths() {
		if strings.EqualFold(o, rel) {
			return path.Base(o)
		}
	}
	return ""
}

// find finds the output a site path is served from: the file, or the
// folder's index.html, with or without the trailing slash; with its
// anchors.
func (s Site) find(target string) (out string, ids []string, ok bool) {
	rel := strings.TrimPrefix(target, "/")
	for _, cand := range []string{rel, strings.TrimSuffix(rel, "/") + "/index.html", rel + "index.html"} {
		if cand == "" || strings.HasPrefix(cand, "/") {
			continue
		}
		if ids, ok := s.Outputs.Anchors(cand); ok {
			return cand, ids, true
		}
	}
	return "", nil, false
}

// ExternalLink is a link of a published page to another site.
type ExternalLink struct {
	File string
	Line int
	URL  string
}

// OtherSites is what a page's Extra implements when its fields give
// addresses of other sites (a partner's website): each address, by the
// field that gives it.
type OtherSites interface {
	OtherSites() map[string]string
}

// ExternalLinks lists the links of the published pages to other sites
// (http and https), and the addresses their fields give (OtherSites), for
// relais check --external.
func ExternalLinks(g *graph.Graph) []ExternalLink {
	var out []ExternalLink
	for p := range g.All(graph.Planning) {
		if p.File == "" {
			continue
		}
		for _, ln := range p.Links {
			if strings.HasPrefix(ln.Dest, "http://") || strings.HasPrefix(ln.Dest, "https://") {
				out = append(out, ExternalLink{File: p.File, Line: ln.Line, URL: ln.Dest})
			}
		}
		// A partner's website, at its field (or its row).
		if o, ok := p.Extra.(OtherSites); ok {
			sites := o.OtherSites()
			for _, field := range slices.Sorted(maps.Keys(sites)) {
				out = append(out, ExternalLink{File: p.File, Line: p.FieldLine(field, p.URLLine), URL: sites[field]})
			}
		}
	}
	return out
}
