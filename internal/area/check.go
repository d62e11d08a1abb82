package area

import (
	"cmp"
	"net/url"
	"path"
	"sort"
	"strings"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/page"
)

// Roots are the pages that open a partner area, by address.
func Roots(g *graph.Graph) []*page.Page {
	var out []*page.Page
	for p := range g.All(graph.Planning) {
		if p.Area != "" && p.Area == p.URL {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}

// In reports whether the output at out (its path in the output folder)
// belongs to one of the areas that roots open.
func In(out string, roots []*page.Page) bool {
	for _, r := range roots {
		if d := strings.TrimPrefix(r.URL, "/"); d != "" && strings.HasPrefix(out, d) {
			return true
		}
	}
	return false
}

// Build is what the leak check reads of a build.
type Build struct {
	Graph  *graph.Graph
	Config *config.Config
	// Text is what a reader sees of a page's own text, as plain text.
	Text func(p *page.Page) string
	// Outputs are the build's outputs by path; Read reads one as it will
	// be published; Source is the file of content/ or static/ an output
	// is a copy of, or "".
	Outputs map[string]bool
	Read    func(out string) ([]byte, error)
	Source  func(out string) string
	// Encrypted: the area's pages are published encrypted (they are
	// read as public ones, for their sentences); Preview: nothing is
	// encrypted, and what is found is told as warnings.
	Encrypted, Preview bool
}

// CheckLeaks reads every public output of the build as it will be
// published, and tells each that shows an address, a title or a sentence
// of a partner area (errors: the build then fails and the output folder
// stays as it was), and the public pages that link into an area
// (warnings: their addresses are known then).
func CheckLeaks(b Build) diag.List {
	roots := Roots(b.Graph)
	if len(roots) == 0 {
		return nil
	}
	var l diag.List
	needles, linked := b.needles(roots, &l)
	needles = withoutLinked(needles, linked)
	outs := b.publicOutputs(roots, &l)
	var texts []Needle // an encrypted page may show the area's titles and addresses
	for _, n := range needles {
		if n.Kind == Text {
			texts = append(texts, n)
		}
	}
	for _, out := range outs {
		data, err := b.Read(out)
		if err != nil {
			continue
		}
		ns := needles
		if In(out, roots) {
			ns = texts
		}
		for _, lk := range Find(out, data, ns) {
			l.Add(b.finding(diag.Errorf(cmp.Or(b.Source(lk.Output), lk.Output), 0, "this public file shows %s, which is for partners only", lk.Needle.What).
				WithHint("this is a bug in relais if the file is made by relais; if you wrote it, remove the partners' text from it")))
		}
	}
	return l
}

// needles are what of the areas no public output may hold, and the
// addresses public pages and the menu link to on purpose, told in l.
func (b Build) needles(roots []*page.Page, l *diag.List) ([]Needle, map[string]bool) {
	var pages []Page
	var public strings.Builder
	linked := map[string]bool{}
	for p := range b.Graph.All(graph.Planning) {
		text := b.Text(p)
		if p.Area != "" {
			pages = append(pages, Page{File: graph.FileOf(p), Title: p.Title, URLs: b.addresses(p.URL), Text: text})
			continue
		}
		public.WriteString(Fold(p.Title + "\n" + p.Summary + "\n" + p.Description + "\n" + text))
		public.WriteByte('\n')
		for _, ln := range p.Links {
			if q := b.linkTarget(p, ln.Dest); q != nil && q.Area != "" {
				for _, u := range b.addresses(q.URL) {
					linked[u] = true
				}
				l.Add(diag.Warnf(graph.FileOf(p), ln.Line, "this public page links to %s, which is for partners: anyone sees its address here", graph.Describe(q)).
					WithHint("keep the link only if its address may be known; partners get the area's pages after they log in"))
			}
		}
	}
	for out := range b.Outputs {
		if In(out, roots) && !strings.HasSuffix(out, ".html") && path.Base(out) != PasswordName && path.Base(out) != HtaccessName {
			pages = append(pages, Page{File: out, URLs: b.addresses("/" + out)})
		}
	}
	for _, m := range b.Config.Menu {
		if q := b.Graph.AtURL(graph.Planning, b.Config.SitePath(m.URL)); q != nil && q.Area != "" {
			for _, u := range b.addresses(q.URL) {
				linked[u] = true // her menu shows the area's entry on purpose
			}
		}
	}
	pub := public.String()
	return Needles(pages, func(f string) bool { return strings.Contains(pub, f) }), linked
}

// publicOutputs are the outputs the leak check reads, sorted: every
// output outside the areas but the host's own files, and, when the area
// is encrypted, its pages (its other files are refused, in l).
func (b Build) publicOutputs(roots []*page.Page, l *diag.List) []string {
	outs := make([]string, 0, len(b.Outputs))
	for out := range b.Outputs {
		switch {
		case out == "nginx.conf" || out == "_headers": // the host's, never served
		case !In(out, roots):
			outs = append(outs, out)
		case b.Encrypted && !strings.HasSuffix(out, ".html"):
			// Anyone can read the area's files: only its pages are
			// encrypted.
			l.Add(b.finding(diag.Errorf(cmp.Or(b.Source(out), out), 0, "the encrypted partner area protects its pages only: this file would be readable by anyone").
				WithHint(`move it out of the area, or use a host that asks for a password (protection = "apache" or "nginx" in site.toml's [partners])`)))
		case b.Encrypted && !b.Preview: // a preview does not encrypt
			outs = append(outs, out) // its text must be encrypted: looked for as any public page's
		}
	}
	sort.Strings(outs)
	return outs
}

// finding is f, or f as a warning in a preview, which shows the site to
// her alone.
func (b Build) finding(f *diag.Finding) *diag.Finding {
	if !b.Preview {
		return f
	}
	w := *f
	w.Severity = diag.Warning
	return &w
}

// addresses are the ways an output may write the site path u: relative
// to the host, and whole.
func (b Build) addresses(u string) []string {
	return []string{b.Config.RelURL(u), b.Config.AbsURL(u)}
}

// linkTarget is the published page a link of p leads to, or nil.
func (b Build) linkTarget(p *page.Page, dest string) *page.Page {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return nil
	}
	if page.IsMarkdownName(u.Path) {
		return b.Graph.ByFile(p, u.Path)
	}
	target := b.Config.SitePath(u.Path)
	if !strings.HasPrefix(target, "/") {
		target = path.Join(p.URL, target)
	}
	target = path.Clean(target)
	if q := b.Graph.AtURL(graph.Planning, target+"/"); q != nil {
		return q
	}
	return b.Graph.AtURL(graph.Planning, target)
}

// withoutLinked leaves out the addresses that a public page links to on
// purpose (told as warnings).
func withoutLinked(ns []Needle, linked map[string]bool) []Needle {
	out := ns[:0]
	for _, n := range ns {
		if n.Kind == Address && linked[n.Text] {
			continue
		}
		out = append(out, n)
	}
	return out
}
