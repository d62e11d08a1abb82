package load

import (
	"hash/fnv"
	"io"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"relais/internal/diag"
	"relais/internal/frontmatter"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/pdfdoc"
	"relais/internal/section"
)

// BundleFiles are the files of a page bundle kept as they are (a kit's,
// a resource's), by path in the bundle, sorted: none that is left out
// or could not be read.
func (ld *Loader) BundleFiles(p *page.Page) []*File {
	if p.BundleDir == "" {
		return nil
	}
	prefix := ContentDir + "/" + p.BundleDir + "/"
	var out []*File
	for path, e := range ld.Files {
		if strings.HasPrefix(path, prefix) && !e.IsPage() && !e.IsMarkdown() && !e.LeftOut && len(e.Diags.Errors()) == 0 {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// FilesHash hashes the paths of the files kept as they are in a bundle
// (its folder under content/), so that adding or removing one is a
// change.
func (ld *Loader) FilesHash(dir string) uint64 {
	prefix := ContentDir + "/" + dir + "/"
	var names []string
	for p, e := range ld.Files {
		if strings.HasPrefix(p, prefix) && !e.IsPage() && !e.IsMarkdown() {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	h := fnv.New64a()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	return h.Sum64() | 1
}

// SectionFile is e as the kinds of section read it.
func (ld *Loader) SectionFile(e *File) section.File {
	return section.File{Path: e.Path, Size: e.PublishedSize(),
		Open: func() (io.ReadCloser, error) { return ld.OpenPublished(e) }, Sum: func() string { return ld.FileSum(e) }}
}

// Tree is a page's Markdown as a syntax tree, for its PDF (package
// pdfdoc), read again from its file.
func (ld *Loader) Tree(p *page.Page) (pdfdoc.Tree, error) {
	e := ld.Files[p.File]
	if e == nil {
		return pdfdoc.Tree{}, i18n.Errorf("%s is gone", p.File)
	}
	src, err := fs.ReadFile(ld.Source, e.RealPath())
	if err != nil {
		return pdfdoc.Tree{}, err
	}
	doc, err := frontmatter.Split(p.File, src)
	if err != nil {
		return pdfdoc.Tree{}, err
	}
	body := doc.Body
	if fixed, line := markdown.WordBullets(body, doc.BodyStart); line > 0 {
		body = fixed
	}
	return pdfdoc.Tree{Node: ld.Conv.Parse(body), Src: body, From: p.ID}, nil
}

// coverSource is the site file of a page's cover image, "" when the image
// is given as a site path.
func coverSource(p *page.Page) string {
	img := p.Cover.Image
	if strings.HasPrefix(img, "/") {
		return ""
	}
	return path.Join(path.Dir(p.File), img)
}

// CoverURL is the site path of a page's cover image (g its site's
// graph): a file beside the page is published where the page's other
// files go.
func CoverURL(g *graph.Graph, p *page.Page) string {
	if src := coverSource(p); src != "" {
		return "/" + Out(g, src)
	}
	return p.Cover.Image
}

// CheckCovers reports the cover images of pages that are not files of
// the site.
func (ld *Loader) CheckCovers(ps []*page.Page) diag.List {
	var l diag.List
	for _, p := range ps {
		if p.Cover == nil {
			continue
		}
		src := coverSource(p)
		if src == "" {
			_, inStatic := ld.Files[StaticDir+p.Cover.Image]
			_, inContent := ld.Files[ContentDir+p.Cover.Image]
			if inStatic || inContent {
				continue
			}
		} else if e, ok := ld.Files[src]; ok && !e.IsMarkdown() {
			continue
		}
		l.Add(diag.Errorf(p.File, p.FieldLine("cover", 0), "cover: the image %s is not a file of the site", p.Cover.Image).
			WithHint("put the image beside the page (in its folder), or give its path from static/ as /images/x.jpg"))
	}
	return l
}

// Linked are the outputs that the published pages of g link to, or show as
// covers: a file of content/ is published when one is linked; those they
// show that relais resizes, published at their sizes only; and those
// that only pages of a partner area link to. resized reports an output
// relais publishes at its sizes.
func Linked(g *graph.Graph, resized func(out string) bool) (linked, shown, partners map[string]bool) {
	out, shown, public := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for p := range g.All(graph.Planning) {
		// An image relais resizes is published at its sizes, which is
		// what a page shows; only a link to it publishes it whole.
		if p.Cover != nil {
			if c := strings.TrimPrefix(CoverURL(g, p), "/"); !resized(c) {
				out[c] = true
				public[c] = public[c] || p.Area == ""
			} else {
				shown[c] = true
			}
		}
		for _, ln := range p.Links {
			u, err := url.Parse(ln.Dest)
			if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
				continue
			}
			target := u.Path
			if !strings.HasPrefix(target, "/") {
				target = path.Join(p.URL, target)
			}
			target = strings.TrimPrefix(path.Clean(target), "/")
			if ln.Image && !ln.Raw && resized(target) {
				shown[target] = true
				continue
			}
			out[target] = true
			if p.Area == "" {
				public[target] = true
			}
		}
	}
	partners = map[string]bool{}
	for t := range out {
		if !public[t] {
			partners[t] = true
		}
	}
	return out, shown, partners
}
