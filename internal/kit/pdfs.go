package kit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"

	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/pdfdoc"
	"relais/internal/record"
	"relais/internal/section"
)

// The kits' PDFs: one of the whole kit, linked on its page and put in its
// archive, and one of each of its documents (the guide, each handout),
// linked on that document's page. They are made from the pages'
// Markdown (Book, package pdfdoc), once per build each, and again in
// relais serve only when what they read changed.

// PDFName is where a kit's PDF is published: beside its archive, with
// the same name.
func (pl *Plan) PDFName(p *page.Page) string {
	return strings.TrimSuffix(pl.ArchiveName(p), ".zip") + ".pdf"
}

// DocPDFName is where a kit document's own PDF is published: in its
// folder, named after it.
func DocPDFName(d *page.Page) string { return d.URL + d.Slug + ".pdf" }

// kitOf returns the kit page that owns a page of a kit (its guide, a
// handout), or nil.
func (pl *Plan) kitOf(d *page.Page) *page.Page {
	if d.InBundle == "" {
		return nil
	}
	b := pl.g.BundleOf(d)
	if b == nil {
		return nil
	}
	if _, ok := b.Extra.(*Kit); !ok {
		return nil
	}
	return b
}

// tree is the Markdown syntax tree of a page, read again from its file
// once per build: the kit's PDF and the page's own share it (renderers
// only read it).
func (pl *Plan) tree(rc *record.Render, p *page.Page) (pdfdoc.Tree, error) {
	return record.SharedIn[pdfdoc.Tree](&pl.trees, p.ID).Get(rc, func(own *record.Render) (pdfdoc.Tree, error) {
		return pl.b.Tree(own, p)
	})
}

// book is what a kit's PDFs are made of: with whole, its presentation,
// documents and files too (a document's own PDF needs only the kit's
// description). It records what it reads in rc.
func (pl *Plan) book(rc *record.Render, p *page.Page, whole bool) (Book, error) {
	rc.Page(record.Meta, p)
	k, _ := p.Extra.(*Kit)
	b := Book{
		Meta: Meta{Title: p.LinkTitle(), Summary: summary(p), Lang: pl.cfg.LangCode(p.Lang), Date: date(p), Kit: k},
		URL:  pl.cfg.AbsURL(p.URL),
	}
	if !whole {
		return b, nil
	}
	b.Link, b.Image, b.Include = pl.link, pl.image(rc), pl.include(rc)
	intro, err := pl.tree(rc, p)
	if err != nil {
		return Book{}, err
	}
	b.Intro = intro
	for _, d := range pl.docs(rc, p) {
		t, err := pl.tree(rc, d)
		if err != nil {
			return Book{}, err
		}
		b.Parts = append(b.Parts, Part{Title: d.LinkTitle(), Tree: t})
	}
	for _, f := range pl.b.Files(rc, p) {
		b.Files = append(b.Files, strings.TrimPrefix(f.Path, page.ContentDir+"/"+p.BundleDir+"/"))
	}
	b.Help = pl.helpNumbers(rc)
	return b, nil
}

// helpNumbers are the site's numbers (data/numeros.toml), for the kit's
// "where to find help".
func (pl *Plan) helpNumbers(rc *record.Render) []Help {
	m, _ := pl.b.Data(rc)["numeros"].(map[string]any)
	list, _ := m["numeros"].([]any)
	var out []Help
	for _, x := range list {
		n, _ := x.(map[string]any)
		num, _ := n["numero"].(string)
		name, _ := n["nom"].(string)
		hours, _ := n["horaires"].(string)
		if num != "" && name != "" {
			out = append(out, Help{Number: num, Name: name, Hours: hours})
		}
	}
	return out
}

// link returns the absolute address of a link of page from (by ID), as
// a PDF read away from the site needs it; "" for an anchor of the page
// itself.
func (pl *Plan) link(from, dest string) string {
	for _, pre := range []string{"https://", "http://", "mailto:", "tel:"} {
		if strings.HasPrefix(dest, pre) {
			return dest
		}
	}
	file, frag, _ := strings.Cut(dest, "#")
	if frag != "" {
		frag = "#" + frag
	}
	p := pl.g.Includable(from)
	switch {
	case file == "":
		return ""
	case page.IsMarkdownName(file):
		if p == nil {
			return ""
		}
		q := pl.g.ByFile(p, pl.cfg.SitePath(file))
		if q == nil {
			return ""
		}
		return pl.cfg.AbsURL(q.URL) + frag
	case strings.HasPrefix(file, "/"):
		return pl.cfg.AbsURL(pl.cfg.SitePath(file)) + frag
	case p == nil || p.URL == "":
		return ""
	}
	return pl.cfg.AbsURL(path.Join(p.URL, file)) + frag
}

// image returns the images the pages of a PDF show, as the site
// publishes them (without their metadata), recorded in rc.
func (pl *Plan) image(rc *record.Render) func(from, dest string) ([]byte, string, bool) {
	return func(from, dest string) ([]byte, string, bool) {
		f := pl.imageFile(rc, from, dest)
		if f == nil {
			return nil, "", false
		}
		r, err := f.Open()
		if err != nil {
			return nil, "", false
		}
		defer r.Close()
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, "", false
		}
		kind := strings.TrimPrefix(strings.ToLower(path.Ext(f.Path)), ".")
		if kind == "jpeg" {
			kind = "jpg"
		}
		return data, kind, true
	}
}

// imageFile is the image the page from (by ID) of a PDF shows at dest, or
// nil.
func (pl *Plan) imageFile(rc *record.Render, from, dest string) *section.File {
	p := pl.g.Includable(from)
	if p == nil {
		return nil
	}
	return pl.b.ImageAt(rc, p, dest)
}

// include returns the pages the pages of a PDF include, as published.
func (pl *Plan) include(rc *record.Render) func(from, file string) (pdfdoc.Tree, bool) {
	return func(from, file string) (pdfdoc.Tree, bool) {
		p := pl.g.Includable(from)
		if p == nil {
			return pdfdoc.Tree{}, false
		}
		id := graph.FileID(p, file)
		rc.Name(record.Includable, id)
		q := pl.g.Includable(id)
		if q == nil || q == p {
			return pdfdoc.Tree{}, false
		}
		t, err := pl.tree(rc, q)
		return t, err == nil
	}
}

// pdfLayout names how PDFs are laid out: change it with what package
// pdfdoc or PDF write, so that the PDFs kept in the cache folder are made
// again.
const pdfLayout = "pdf-4" // 2: tagged, by package pdf; 3: its marked content merged; 4: dates and outline counts as the standard says

// pdfKey sums what a PDF is made of: the kit's description, the text of
// its pages, what their links lead to, the images they show and the pages
// they include, and the settings that change how text is read. Two PDFs
// with the same key are the same bytes. What it reads is recorded in rc,
// as making the PDF would.
func (pl *Plan) pdfKey(rc *record.Render, kind string, b Book) string {
	h := sha256.New()
	c := pl.cfg
	fmt.Fprintf(h, "%s\x00%s\x00%q %q %v %q %v\n", pdfLayout, kind, c.BaseURL, c.Language, c.FrenchTypography(), c.Markdown.HeadingIDs, c.Markdown.Unsafe)
	fmt.Fprintf(h, "%q %q %q %s %q %q %#v\n", b.Title, b.Summary, b.Lang, b.Date.Format(time.RFC3339Nano), b.URL, b.Files, b.Help)
	if b.Kit != nil {
		fmt.Fprintf(h, "%#v\n", *b.Kit)
	}
	include := pl.include(rc)
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
				fmt.Fprintf(h, "link %q\n", pl.link(t.From, string(n.Destination)))
			case *ast.Image:
				if f := pl.imageFile(rc, t.From, string(n.Destination)); f != nil {
					fmt.Fprintf(h, "image %q %s\n", f.Path, f.Sum())
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
	return kind + "-" + hex.EncodeToString(h.Sum(nil))[:32] + ".pdf"
}

// cached returns the PDF of key from the cache folder, or makes it with
// write and keeps it there.
func (pl *Plan) cached(key string, write func(w io.Writer) error) ([]byte, error) {
	dir := pl.b.Cache("pdf")
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

// PDF is the PDF of the kit of page p, made once per build, and kept in
// the cache folder for the next builds.
func (pl *Plan) PDF(rc *record.Render, p *page.Page) ([]byte, error) {
	return record.SharedIn[[]byte](&pl.pdfs, p.BundleDir).Get(rc, func(own *record.Render) ([]byte, error) {
		b, err := pl.book(own, p, true)
		if err != nil {
			return nil, err
		}
		out, err := pl.cached(pl.pdfKey(own, "kit", b), func(w io.Writer) error { return PDF(w, b) })
		if err != nil {
			return nil, i18n.Errorf("%s: the kit's PDF: %w", p.File, err)
		}
		return out, nil
	})
}

// DocPDF is the PDF of a kit's document d (the guide, a handout), made
// once per build; ok is false for a page that is not one.
func (pl *Plan) DocPDF(rc *record.Render, d *page.Page) (b []byte, ok bool, err error) {
	k := pl.kitOf(d)
	if k == nil {
		return nil, false, nil
	}
	b, err = pl.docPDF(rc, k, d)
	return b, true, err
}

// docPDF is the PDF of one document d of the kit p.
func (pl *Plan) docPDF(rc *record.Render, p, d *page.Page) ([]byte, error) {
	return record.SharedIn[[]byte](&pl.pdfs, d.ID).Get(rc, func(own *record.Render) ([]byte, error) {
		b, err := pl.book(own, p, false)
		if err != nil {
			return nil, err
		}
		b.Link, b.Image, b.Include = pl.link, pl.image(own), pl.include(own)
		t, err := pl.tree(own, d)
		if err != nil {
			return nil, err
		}
		part := Part{Title: d.LinkTitle(), Tree: t}
		key := b // the key sums the document with its title, as a part
		key.Parts = []Part{part}
		out, err := pl.cached(pl.pdfKey(own, "doc", key), func(w io.Writer) error { return HandoutPDF(w, b, part) })
		if err != nil {
			return nil, i18n.Errorf("%s: its PDF: %w", d.File, err)
		}
		return out, nil
	})
}
