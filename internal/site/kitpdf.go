package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/record"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"

	"relais/internal/frontmatter"
	"relais/internal/kit"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/pdfdoc"
)

// The kits' PDFs: one of the whole kit, linked on its page and put in its
// archive, and one of each of its documents (the guide, each handout),
// linked on that document's page. They are made from the pages'
// Markdown (package kit, package pdfdoc), once per build each, and again
// in relais serve only when what they read changed.

// kitPDFName is where a kit's PDF is published: beside its archive, with
// the same name.
func (s *Site) kitPDFName(p *page.Page) string {
	return strings.TrimSuffix(s.kitArchiveName(p), ".zip") + ".pdf"
}

// docPDFName is where a kit document's own PDF is published: in its
// folder, named after it.
func docPDFName(d *page.Page) string { return d.URL + d.Slug + ".pdf" }

// kitOf returns the kit page that owns a page of a kit (its guide, a
// handout), or nil.
func (s *Site) kitOf(d *page.Page) *page.Page {
	if d.InBundle == "" {
		return nil
	}
	b := s.graph.Bundles[d.InBundle]
	if b == nil {
		return nil
	}
	if _, ok := b.Extra.(*kit.Kit); !ok {
		return nil
	}
	return b
}

// kitDocs are a kit's guide and handouts, the guide first.
func (s *Site) kitDocs(rc *record.Render, p *page.Page) []*page.Page {
	ps := slices.Clone(s.graph.List(rc, graph.BundleList(p.BundleDir)))
	slices.SortStableFunc(ps, kit.GuideFirst)
	return ps
}

// tree is the Markdown syntax tree of a page, read again from its file
// once per build: the kit's PDF and the page's own share it (renderers
// only read it).
func (s *Site) tree(rc *record.Render, p *page.Page) (pdfdoc.Tree, error) {
	return record.SharedIn[pdfdoc.Tree](&s.trees, p.ID).Get(rc, func(own *record.Render) (pdfdoc.Tree, error) {
		return s.readTree(own, p)
	})
}

func (s *Site) readTree(rc *record.Render, p *page.Page) (pdfdoc.Tree, error) {
	rc.Page(record.Meta, p)
	rc.Page(record.Content, p)
	e := s.entries[p.File]
	if e == nil {
		return pdfdoc.Tree{}, i18n.Errorf("%s is gone", p.File)
	}
	src, err := fs.ReadFile(s.opts.Source, s.realPath(e))
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
	return pdfdoc.Tree{Node: s.conv.Parse(body), Src: body, From: p.ID}, nil
}

// kitBook is what a kit's PDFs are made of: with whole, its presentation,
// documents and files too (a document's own PDF needs only the kit's
// description). It records what it reads in rc.
func (s *Site) kitBook(rc *record.Render, p *page.Page, whole bool) (kit.Book, error) {
	rc.Page(record.Meta, p)
	k, _ := p.Extra.(*kit.Kit)
	b := kit.Book{
		Meta: kit.Meta{Title: p.LinkTitle(), Summary: kitSummary(p), Lang: s.cfg.Language, Date: kitDate(p), Kit: k},
		URL:  s.cfg.AbsURL(p.URL),
	}
	if !whole {
		return b, nil
	}
	b.Link, b.Image, b.Include = s.pdfLink, s.pdfImage(rc), s.pdfInclude(rc)
	intro, err := s.tree(rc, p)
	if err != nil {
		return kit.Book{}, err
	}
	b.Intro = intro
	for _, d := range s.kitDocs(rc, p) {
		t, err := s.tree(rc, d)
		if err != nil {
			return kit.Book{}, err
		}
		b.Parts = append(b.Parts, kit.Part{Title: d.LinkTitle(), Tree: t})
	}
	rc.ReadList(graph.FilesList(p.BundleDir))
	for _, e := range s.bundleFiles(p) {
		b.Files = append(b.Files, strings.TrimPrefix(e.path, ContentDir+"/"+p.BundleDir+"/"))
	}
	b.Help = s.helpNumbers(rc)
	return b, nil
}

// helpNumbers are the site's numbers (data/numeros.toml), for the kit's
// "where to find help".
func (s *Site) helpNumbers(rc *record.Render) []kit.Help {
	rc.Name(record.Site, "data")
	m, _ := s.data["numeros"].(map[string]any)
	list, _ := m["numeros"].([]any)
	var out []kit.Help
	for _, x := range list {
		n, _ := x.(map[string]any)
		num, _ := n["numero"].(string)
		name, _ := n["nom"].(string)
		hours, _ := n["horaires"].(string)
		if num != "" && name != "" {
			out = append(out, kit.Help{Number: num, Name: name, Hours: hours})
		}
	}
	return out
}

// pdfFrom is the page a tree of a PDF comes from (Tree.From), or nil.
func (s *Site) pdfFrom(id string) *page.Page {
	if p := s.graph.Pages[id]; p != nil {
		return p
	}
	return s.graph.Headless[id]
}

// pdfLink returns the absolute address of a link of page from, as a PDF
// read away from the site needs it; "" for an anchor of the page itself.
func (s *Site) pdfLink(from, dest string) string {
	for _, pre := range []string{"https://", "http://", "mailto:", "tel:"} {
		if strings.HasPrefix(dest, pre) {
			return dest
		}
	}
	file, frag, _ := strings.Cut(dest, "#")
	if frag != "" {
		frag = "#" + frag
	}
	p := s.pdfFrom(from)
	switch {
	case file == "":
		return ""
	case page.IsMarkdownName(file):
		if p == nil {
			return ""
		}
		q := s.graph.ByFile(p, s.fromBase(file))
		if q == nil {
			return ""
		}
		return s.cfg.AbsURL(q.URL) + frag
	case strings.HasPrefix(file, "/"):
		return s.cfg.AbsURL(s.fromBase(file)) + frag
	case p == nil || p.URL == "":
		return ""
	}
	return s.cfg.AbsURL(path.Join(p.URL, file)) + frag
}

// pdfImage returns the images the pages of a PDF show, as the site
// publishes them (without their metadata): the images of the site relais
// can resize (JPEG, PNG) that a published page may show. Images of other
// sites are never fetched.
func (s *Site) pdfImage(rc *record.Render) func(from, dest string) ([]byte, string, bool) {
	imageEntry := s.pdfImageEntry(rc)
	return func(from, dest string) ([]byte, string, bool) {
		e := imageEntry(from, dest)
		if e == nil {
			return nil, "", false
		}
		r, err := s.openPublished(e)
		if err != nil {
			return nil, "", false
		}
		defer r.Close()
		data, err := io.ReadAll(io.LimitReader(r, MaxImageSize))
		if err != nil {
			return nil, "", false
		}
		kind := strings.TrimPrefix(strings.ToLower(path.Ext(e.path)), ".")
		if kind == "jpeg" {
			kind = "jpg"
		}
		return data, kind, true
	}
}

// pdfImageEntry is the image a page of a PDF shows, or nil.
func (s *Site) pdfImageEntry(rc *record.Render) func(from, dest string) *sourceFile {
	return func(from, dest string) *sourceFile {
		p := s.pdfFrom(from)
		if p == nil {
			return nil
		}
		e := s.imageAt(dest, p.URL)
		if e != nil {
			rc.Name(record.File, e.path)
		}
		return e
	}
}

// pdfInclude returns the pages the pages of a PDF include, as published.
func (s *Site) pdfInclude(rc *record.Render) func(from, file string) (pdfdoc.Tree, bool) {
	return func(from, file string) (pdfdoc.Tree, bool) {
		p := s.pdfFrom(from)
		if p == nil {
			return pdfdoc.Tree{}, false
		}
		id := graph.FileID(p, file)
		rc.Name(record.Includable, id)
		q := s.graph.Includable(id)
		if q == nil || q == p {
			return pdfdoc.Tree{}, false
		}
		t, err := s.tree(rc, q)
		return t, err == nil
	}
}

// pdfLayout names how PDFs are laid out: change it with what package
// pdfdoc or kit.PDF write, so that the PDFs kept in the cache folder are
// made again.
const pdfLayout = "pdf-1"

// pdfKey sums what a PDF is made of: the kit's description, the text of
// its pages, what their links lead to, the images they show and the pages
// they include, and the settings that change how text is read. Two PDFs
// with the same key are the same bytes. What it reads is recorded in rc,
// as making the PDF would.
func (s *Site) pdfKey(rc *record.Render, kind string, b kit.Book, trees []pdfdoc.Tree) string {
	h := sha256.New()
	c := s.cfg
	fmt.Fprintf(h, "%s\x00%s\x00%q %q %v %q %v\n", pdfLayout, kind, c.BaseURL, c.Language, c.FrenchTypography(), c.Markdown.HeadingIDs, c.Markdown.Unsafe)
	fmt.Fprintf(h, "%q %q %q %s %q %q %#v\n", b.Title, b.Summary, b.Lang, b.Date.Format(time.RFC3339Nano), b.URL, b.Files, b.Help)
	if b.Kit != nil {
		fmt.Fprintf(h, "%#v\n", *b.Kit)
	}
	image, include := s.pdfImageEntry(rc), s.pdfInclude(rc)
	var sum func(t pdfdoc.Tree, depth int)
	sum = func(t pdfdoc.Tree, depth int) {
		fmt.Fprintf(h, "tree %q %d\n", t.From, len(t.Src))
		h.Write(t.Src)
		_ = ast.Walk(t.Node, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.Link:
				fmt.Fprintf(h, "link %q\n", s.pdfLink(t.From, string(n.Destination)))
			case *ast.Image:
				if e := image(t.From, string(n.Destination)); e != nil {
					fmt.Fprintf(h, "image %q %s\n", e.path, s.fileSum(e))
				}
			case *markdown.Include:
				if q, ok := include(t.From, n.File); ok && depth < 4 {
					sum(q, depth+1)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	if b.Intro.Node != nil {
		sum(b.Intro, 0)
	}
	for _, p := range b.Parts {
		fmt.Fprintf(h, "part %q\n", p.Title)
		sum(p.Tree, 0)
	}
	for _, t := range trees {
		sum(t, 0)
	}
	return kind + "-" + hex.EncodeToString(h.Sum(nil))[:32] + ".pdf"
}

// cachedPDF returns the PDF of key from the cache folder, or makes it
// with write and keeps it there.
func (s *Site) cachedPDF(key string, write func(w io.Writer) error) ([]byte, error) {
	dir := s.cache("pdf")
	if b, ok := dir.Get(key); ok {
		return b, nil
	}
	var out bytes.Buffer
	if err := write(&out); err != nil {
		return nil, err
	}
	dir.Put(key, out.Bytes())
	return out.Bytes(), nil
}

// kitPDFOnce is a kit's PDF, made once per build, and kept in the cache
// folder for the next builds.
func (s *Site) kitPDFOnce(rc *record.Render, p *page.Page) ([]byte, error) {
	return record.SharedIn[[]byte](&s.kitPDFs, p.BundleDir).Get(rc, func(own *record.Render) ([]byte, error) {
		b, err := s.kitBook(own, p, true)
		if err != nil {
			return nil, err
		}
		out, err := s.cachedPDF(s.pdfKey(own, "kit", b, nil), func(w io.Writer) error { return kit.PDF(w, b) })
		if err != nil {
			return nil, i18n.Errorf("%s: the kit's PDF: %w", p.File, err)
		}
		return out, nil
	})
}

// docPDFOnce is the PDF of one document of kit p (the guide, a
// handout), made once per build.
func (s *Site) docPDFOnce(rc *record.Render, p, d *page.Page) ([]byte, error) {
	return record.SharedIn[[]byte](&s.kitPDFs, d.ID).Get(rc, func(own *record.Render) ([]byte, error) {
		b, err := s.kitBook(own, p, false)
		if err != nil {
			return nil, err
		}
		b.Link, b.Image, b.Include = s.pdfLink, s.pdfImage(own), s.pdfInclude(own)
		t, err := s.tree(own, d)
		if err != nil {
			return nil, err
		}
		part := kit.Part{Title: d.LinkTitle(), Tree: t}
		key := b // the key sums the document with its title, as a part
		key.Parts = []kit.Part{part}
		out, err := s.cachedPDF(s.pdfKey(own, "doc", key, nil), func(w io.Writer) error { return kit.HandoutPDF(w, b, part) })
		if err != nil {
			return nil, i18n.Errorf("%s: its PDF: %w", d.File, err)
		}
		return out, nil
	})
}

// kitPDFSpecs are the PDFs of the kits and of their documents.
func (s *Site) kitPDFSpecs() []*plannedOutput {
	var out []*plannedOutput
	for _, p := range s.graph.Pages {
		if _, ok := p.Extra.(*kit.Kit); !ok {
			continue
		}
		out = append(out, &plannedOutput{out: strings.TrimPrefix(s.kitPDFName(p), "/"), page: p,
			render: func(rc *record.Render, w *bytes.Buffer) error {
				rc.Page(record.Meta, p)
				b, err := s.kitPDFOnce(rc, p)
				w.Write(b)
				return err
			}})
		for _, d := range s.graph.List(graph.Planning, graph.BundleList(p.BundleDir)) {
			out = append(out, &plannedOutput{out: strings.TrimPrefix(docPDFName(d), "/"), page: d,
				render: func(rc *record.Render, w *bytes.Buffer) error {
					rc.Page(record.Meta, d)
					b, err := s.docPDFOnce(rc, p, d)
					w.Write(b)
					return err
				}})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].out < out[j].out })
	return out
}
