package site

import (
	"bytes"
	"html"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"relais/internal/diag"
	"relais/internal/directory"
	"relais/internal/i18n"
	"relais/internal/markdown"
	"relais/internal/page"
)

// attrValues lists the values of one attribute ("id", "href") in an HTML
// page, as relais's own templates and goldmark write them: double-quoted,
// after a space.
func attrValues(b []byte, attr string) []string {
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
// have; and links and images with no text. outputs are the records of
// every output of the build, by path.
//
// When no output appeared, went or changed its anchors since the last
// check (all is false), only pages not checked yet are: the others' links
// lead where they did.
func (s *Site) checkLinks(outputs map[string]*remembered, all bool, l *diag.List) {
	broken := diag.Errorf
	if s.cfg.Check.Links == "warning" {
		broken = diag.Warnf // a site being moved from another tool
	}
	s.brokenLinks = 0
	for _, p := range s.graph.Pages {
		if p.File == "" || len(p.Links)+len(p.Includes) == 0 {
			continue
		}
		before := len(*l)
		// Includes every time: a headless page turned draft has no output
		// that went, and they are few.
		for _, inc := range p.Includes {
			switch q := s.includable(fileID(p, inc.Dest)); {
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
			if f, hint := s.checkLink(p, ln.Dest, ln.Image, outputs); f.Format != "" {
				l.Add(broken(p.File, ln.Line, f.Format, f.Args...).WithHint("%s", hint))
				s.brokenLinks++
			}
			switch {
			case ln.Image && strings.TrimSpace(ln.Alt) == "":
				l.Add(diag.Errorf(p.File, ln.Line, "the image %s has no alt text", ln.Dest).
					WithHint("say what the image shows: ![what it shows](%s); for a purely decorative image, use the theme instead", ln.Dest))
			case !ln.Image && !ln.Auto && !ln.Raw && strings.TrimSpace(ln.Alt) == "":
				l.Add(diag.Errorf(p.File, ln.Line, "the link to %s has no text", ln.Dest).
					WithHint("write the words a reader clicks: [where it leads](%s)", ln.Dest))
			}
		}
		p.LinksChecked = len(*l) == before
	}
}

func linkHint(dest string) i18n.Text {
	if IsMarkdownName(strings.SplitN(dest, "#", 2)[0]) {
		return i18n.T("a link to a Markdown file is the path of its file, from the page's folder (autre.md, ../articles/x.md) or from content/ (/articles/x.md)")
	}
	return i18n.T("check the address: a page's address is its folder and slug, such as /articles/mon-titre/")
}

// checkLink returns what is wrong with a link from p and how to fix it,
// or "".
// An image's problem is said of an image.
func (s *Site) checkLink(p *page.Page, dest string, image bool, outputs map[string]*remembered) (i18n.Text, i18n.Text) {
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
	if IsMarkdownName(target) {
		// A link to a page by its file, as Hugo's ref and other tools'
		// links between Markdown files: it leads to the page.
		q := s.pageByFile(p, target)
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
	out, rec := findOutput(target, outputs)
	if rec == nil && s.shown[strings.TrimPrefix(target, "/")].resizable() {
		return none, none // an image published at its sizes
	}
	if rec == nil {
		if name := s.otherCase(strings.TrimPrefix(target, "/"), outputs); name != "" {
			base := path.Base(u.Path)
			fixed := strings.TrimSuffix(u.Path, base) + name
			return of(i18n.T("this link leads to %s, which is not a file of the site: its name is « %s », with other capitals", dest, name),
					i18n.T("this image is %s, which is not a file of the site: its name is « %s », with other capitals", dest, name)),
				i18n.T("write %s: the server tells capitals apart, so %s and %s are two names", fixed, base, name)
		}
		if s.unread[target] {
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
		for _, id := range rec.ids {
			if id == u.Fragment {
				return none, none
			}
		}
		return of(i18n.T("this link leads to #%s, which is not a heading or anchor of %s", u.Fragment, target),
				i18n.T("this image is #%s, which is not a heading or anchor of %s", u.Fragment, target)),
			i18n.T("a heading's anchor is its text in lower case with hyphens: « Ma partie » is #ma-partie")
	}
	return none, none
}

// nearPage is the published page whose URL is nearest to target, when
// it is near enough to be what was meant (a renamed page, a typo): the
// same folder and a close last part, or the same last part elsewhere.
func (s *Site) nearPage(target string) *page.Page {
	dir, last := path.Split(strings.TrimSuffix(target, "/"))
	if last == "" {
		return nil
	}
	var names []string
	by := map[string]*page.Page{}
	for _, p := range s.graph.Pages {
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

// pageByFile is the published page of the Markdown file a link from p
// names: relative to p's file ("autre.md", "../articles/x.md"), or from
// content/ ("/articles/x.md"); nil if there is none.
func (s *Site) pageByFile(p *page.Page, file string) *page.Page {
	return s.graph.Pages[fileID(p, file)]
}

// pageByFile is Site.pageByFile for a render, which records that its
// output depends on which page that is.
func (rc *renderCtx) pageByFile(p *page.Page, file string) *page.Page {
	id := fileID(p, file)
	rc.use(readPageByID, id)
	return rc.s.graph.Pages[id]
}

// fromBase is the site path of a root-relative address as the pages'
// HTML writes it, with the base path ("/iscg/x/" is "/x/"); another
// address is returned as it is.
func (s *Site) fromBase(p string) string {
	if base := s.cfg.BasePath(); base != "/" && strings.HasPrefix(p, base) {
		return "/" + strings.TrimPrefix(p, base)
	}
	return p
}

// includable is the page of that ID that a page may include: a published
// page, or a headless one.
func (s *Site) includable(id string) *page.Page {
	if p := s.graph.Pages[id]; p != nil {
		return p
	}
	return s.graph.Headless[id]
}

// included is the page a page includes by its file, recording that the
// render depends on which page that is.
func (rc *renderCtx) included(p *page.Page, file string) *page.Page {
	id := fileID(p, file)
	rc.use(readIncludable, id)
	return rc.s.includable(id)
}

// fileID is the ID of the page a link from p names by its file.
func fileID(p *page.Page, file string) string {
	if strings.HasPrefix(file, "/") {
		return strings.TrimPrefix(path.Clean(file), "/")
	}
	return path.Join(path.Dir(strings.TrimPrefix(p.File, ContentDir+"/")), file)
}

// maxIncludeDepth bounds pages that include pages that include pages.
const maxIncludeDepth = 4

// includes replaces the include marks of a page's HTML (markdown.Include)
// with the HTML of the pages they name, itself with its includes, its
// images and its links to Markdown files, as that page has them.
func (rc *renderCtx) includes(h string, p *page.Page, depth int) string {
	if !strings.Contains(h, "<!--relais:include ") {
		return h
	}
	return markdown.IncludeMark.ReplaceAllStringFunc(h, func(mark string) string {
		q := rc.included(p, html.UnescapeString(markdown.IncludeMark.FindStringSubmatch(mark)[1]))
		if q == nil || q == p || depth >= maxIncludeDepth {
			return "" // reported by the link check; or a loop, cut
		}
		rc.usePage(readContent, q)
		inner := rc.includes(rc.s.blobs.GetString(q.Content), q, depth+1)
		return rc.pageLinks(rc.pictures(inner, q, false, false), q)
	})
}

// mdHref matches a link of a page's HTML to a Markdown file.
var mdHref = regexp.MustCompile(`href="([^"#]*\.(?:md|markdown|mdown|mkd|mkdn))(#[^"]*)?"`)

// pageLinks makes the links of a page's HTML to Markdown files lead to
// their pages.
func (rc *renderCtx) pageLinks(h string, p *page.Page) string {
	if !strings.Contains(h, ".md") && !strings.Contains(h, ".mkd") && !strings.Contains(h, ".markdown") {
		return h
	}
	return mdHref.ReplaceAllStringFunc(h, func(attr string) string {
		m := mdHref.FindStringSubmatch(attr)
		file := html.UnescapeString(m[1])
		file = rc.s.fromBase(file) // the base path was added to a path from content/
		if u, err := url.PathUnescape(file); err == nil {
			file = u
		}
		q := rc.pageByFile(p, file)
		if q == nil {
			return attr
		}
		rc.usePage(readMeta, q)
		return `href="` + html.EscapeString(rc.s.cfg.RelURL(q.URL)) + m[2] + `"`
	})
}

// BrokenLinks is how many links of the last build's checked pages lead
// to no page, file or anchor of the site.
func (s *Site) BrokenLinks() int { return s.brokenLinks }

// otherCase is the file name of the output (or image relais resizes) at
// rel but for capitals, or "".
func (s *Site) otherCase(rel string, outputs map[string]*remembered) string {
	if rel == "" {
		return ""
	}
	for o := range outputs {
		if strings.EqualFold(o, rel) {
			return path.Base(o)
		}
	}
	for o := range s.shown {
		if strings.EqualFold(o, rel) {
			return path.Base(o)
		}
	}
	return ""
}

// findOutput finds the output a site path is served from: the file, or the
// folder's index.html, with or without the trailing slash.
func findOutput(target string, outputs map[string]*remembered) (string, *remembered) {
	rel := strings.TrimPrefix(target, "/")
	for _, cand := range []string{rel, strings.TrimSuffix(rel, "/") + "/index.html", rel + "index.html"} {
		if cand == "" || strings.HasPrefix(cand, "/") {
			continue
		}
		if r, ok := outputs[cand]; ok {
			return cand, r
		}
	}
	return "", nil
}

// ExternalLink is a link of a published page to another site.
type ExternalLink struct {
	File string
	Line int
	URL  string
}

// ExternalLinks lists the links of the published pages to other sites
// (http and https), for relais check --external.
func (s *Site) ExternalLinks() []ExternalLink {
	var out []ExternalLink
	for _, p := range s.graph.Pages {
		if p.File == "" {
			continue
		}
		for _, ln := range p.Links {
			if strings.HasPrefix(ln.Dest, "http://") || strings.HasPrefix(ln.Dest, "https://") {
				out = append(out, ExternalLink{File: p.File, Line: ln.Line, URL: ln.Dest})
			}
		}
		// A partner's website, at its field (or its row).
		if pa, ok := p.Extra.(*directory.Partner); ok && pa.Website != "" {
			out = append(out, ExternalLink{File: p.File, Line: p.FieldLine("site_web", p.URLLine), URL: pa.Website})
		}
	}
	return out
}

// Due is a partner to verify again.
type Due struct {
	Name     string
	File     string
	Line     int
	Verified time.Time // zero: never
}

// DueForVerification lists the published partners whose verification is
// older than the site's verifiedMonths, or missing, oldest first.
func (s *Site) DueForVerification() []Due {
	maxAge := time.Duration(s.cfg.Directory.VerifiedMonths) * 30 * 24 * time.Hour
	var out []Due
	for _, p := range s.graph.Pages {
		pa, ok := p.Extra.(*directory.Partner)
		if !ok || pa.Example || (!pa.Verified.IsZero() && s.now.Sub(pa.Verified) <= maxAge) {
			continue
		}
		out = append(out, Due{Name: p.Title, File: p.File, Line: max(p.FieldLine("verifie", p.URLLine), 1), Verified: pa.Verified})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Verified.Equal(out[j].Verified) {
			return out[i].Verified.Before(out[j].Verified)
		}
		return out[i].Name < out[j].Name
	})
	return out
}
