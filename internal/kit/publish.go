package kit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"os"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/section"
	"relais/internal/slug"
)

// Plan is the kits' part of one build: the names of their archives, and
// their archives and PDFs, each made once however many outputs show it
// (the archive itself, its size and SHA-256 on the kit page).
type Plan struct {
	b   section.Build
	cfg *config.Config
	g   *graph.Graph
	// names are the archive names of kits whose content changed under
	// the same version, by bundle folder (nameKits).
	names map[string]string
	zips  sync.Map // the archives, by bundle folder
	pdfs  sync.Map // the PDFs of kits and of their documents, by bundle folder and page ID
	trees sync.Map // the Markdown syntax trees the PDFs are made from, by page ID
}

// Publish plans the kits' archives and PDFs, and names the archives
// (with a warning in l for a kit changed under the same version).
func (Extension) Publish(b section.Build, l *diag.List) section.Plan {
	pl := &Plan{b: b, cfg: b.Config(), g: b.Graph()}
	pl.nameKits(l)
	return pl
}

// Outputs are the kits' archives, their PDFs and their documents' PDFs.
func (pl *Plan) Outputs() []section.Output {
	var out []section.Output
	for _, p := range pl.kits() {
		out = append(out, section.Output{Path: strings.TrimPrefix(pl.ArchiveName(p), "/"), Page: p,
			Stream: func(rc *record.Render) (int64, func() (io.ReadCloser, error), uint64, error) {
				rc.Page(record.Meta, p)
				z, err := pl.Archive(rc, p)
				if err != nil {
					return 0, nil, 0, err
				}
				sum, _ := strconv.ParseUint(z.SHA256[:16], 16, 64)
				return z.Size, z.open, sum, nil
			}})
		out = append(out, section.Output{Path: strings.TrimPrefix(pl.PDFName(p), "/"), Page: p,
			Render: func(rc *record.Render, w *bytes.Buffer) error {
				rc.Page(record.Meta, p)
				b, err := pl.PDF(rc, p)
				w.Write(b)
				return err
			}})
		for _, d := range pl.g.List(graph.Planning, graph.BundleList(p.BundleDir)) {
			out = append(out, section.Output{Path: strings.TrimPrefix(DocPDFName(d), "/"), Page: d,
				Render: func(rc *record.Render, w *bytes.Buffer) error {
					rc.Page(record.Meta, d)
					b, err := pl.docPDF(rc, p, d)
					w.Write(b)
					return err
				}})
		}
	}
	return out
}

// kits are the published kits' pages, sorted by ID.
func (pl *Plan) kits() []*page.Page {
	var out []*page.Page
	for p := range pl.g.All(graph.Planning) {
		if _, ok := p.Extra.(*Kit); ok {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Close removes the temporary files of the build's archives.
func (pl *Plan) Close() error {
	pl.zips.Range(func(_, v any) bool {
		if z := v.(*record.Shared[*Zip]).Made(); z != nil {
			os.Remove(z.path)
		}
		return true
	})
	pl.zips.Clear()
	return nil
}

// Zip is a kit's archive, made once per build into a temporary file (a
// kit may hold a video of hundreds of MB: it is streamed, never held in
// memory), with its size and SHA-256.
type Zip struct {
	path   string
	Size   int64
	SHA256 string
}

// open opens the archive.
func (z *Zip) open() (io.ReadCloser, error) { return os.Open(z.path) }

// Archive is the archive of the kit of page p, made once per build, with
// what making it read recorded in rc.
func (pl *Plan) Archive(rc *record.Render, p *page.Page) (*Zip, error) {
	return record.SharedIn[*Zip](&pl.zips, p.BundleDir).Get(rc, func(own *record.Render) (*Zip, error) {
		return pl.archive(own, p)
	})
}

// archive makes a kit's archive: its guide and handouts print-ready, and
// its files.
func (pl *Plan) archive(rc *record.Render, p *page.Page) (*Zip, error) {
	var docs []Doc
	// The kit's folder, where its files are: a translation's bundle
	// (en/ateliers/kit) has the folder of its original.
	dir := path.Dir(p.File) + "/"
	lang := pl.cfg.LangCode(p.Lang)
	for _, d := range pl.docs(rc, p) {
		rc.Page(record.Meta, d)
		rc.Page(record.Content, d)
		rel := strings.TrimPrefix(strings.TrimPrefix(d.File, dir), "/")
		rel = strings.TrimSuffix(rel, path.Ext(rel))
		if d.Lang != "" {
			rel = strings.TrimSuffix(rel, "."+d.Lang) // fiche.en.md is fiche.html in the English kit
		}
		docs = append(docs, Doc{Name: rel + ".html", Title: d.LinkTitle(), Lang: lang, Content: template.HTML(pl.b.HTML(rc, d))})
	}
	var files []File
	for _, f := range pl.b.Files(rc, p) {
		files = append(files, File{Name: strings.TrimPrefix(f.Path, dir), Open: f.Open})
	}
	k, _ := p.Extra.(*Kit)
	rc.Page(record.Meta, p)
	rc.Page(record.Content, p)
	pdf, err := pl.PDF(rc, p)
	if err != nil {
		return nil, err
	}
	meta := Meta{Folder: strings.TrimSuffix(path.Base(pl.ArchiveName(p)), ".zip"), Title: p.LinkTitle(),
		Summary: summary(p), Lang: lang, Date: date(p), Intro: template.HTML(pl.b.HTML(rc, p)), Kit: k, PDF: pdf}
	f, err := os.CreateTemp("", "relais-kit-*.zip")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(f, h)}
	err = Archive(cw, meta, docs, files)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	return &Zip{path: f.Name(), Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// docs are a kit's guide and handouts, the guide first.
func (pl *Plan) docs(rc *record.Render, p *page.Page) []*page.Page {
	ps := slices.Clone(pl.g.List(rc, graph.BundleList(p.BundleDir)))
	slices.SortStableFunc(ps, GuideFirst)
	return ps
}

// date is a kit's own date, for its archive and PDF: lastmod, else date.
func date(p *page.Page) time.Time {
	if p.Lastmod.IsZero() {
		return p.Date
	}
	return p.Lastmod
}

// summary is what a kit is, in a sentence: its description, else its
// summary.
func summary(p *page.Page) string {
	if p.Description != "" {
		return p.Description
	}
	return p.Summary
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// ArchiveName is where a kit's archive is published: beside its page,
// named after the kit and its version, and a short hash of its content
// when that changed since the version was first published (nameKits).
func (pl *Plan) ArchiveName(p *page.Page) string {
	if n, ok := pl.names[p.BundleDir]; ok {
		return n
	}
	k, _ := p.Extra.(*Kit)
	return baseName(p, k) + ".zip"
}

func baseName(p *page.Page, k *Kit) string {
	name := p.Slug
	if k != nil {
		if v := slug.Make(k.Version); v != "" {
			name += "-v" + v
		}
	}
	return p.URL + name
}

// digest sums what a kit's archive is made of: the kit's page and
// documents (their fields and HTML), and its files' bytes. It is the same
// in every process (the pages' content sums are not: their seed is
// random).
func (pl *Plan) digest(p *page.Page) string {
	h := sha256.New()
	rc := record.New() // what it reads is not recorded
	fmt.Fprintf(h, "%x\n", p.MetaHash)
	h.Write([]byte(pl.b.HTML(rc, p)))
	for _, d := range pl.g.List(graph.Planning, graph.BundleList(p.BundleDir)) {
		fmt.Fprintf(h, "\n%s %x\n", d.File, d.MetaHash)
		h.Write([]byte(pl.b.HTML(rc, d)))
	}
	for _, f := range pl.b.Files(rc, p) {
		fmt.Fprintf(h, "%s %s\n", f.Path, f.Sum())
	}
	return hex.EncodeToString(h.Sum(nil))[:8]
}

// nameKits sets each kit's archive name. The cache folder remembers the
// content each version was first published with: a kit whose content
// changed under the same version gets a short hash in its name (so that
// a facilitator never takes two different kits for one), with a warning
// that says to raise its version.
func (pl *Plan) nameKits(l *diag.List) {
	pl.names = map[string]string{}
	dir := pl.b.Cache("kits")
	if dir == "" {
		return // no memory of what was published: the plain names
	}
	for _, p := range pl.kits() {
		k := p.Extra.(*Kit)
		base := baseName(p, k)
		key := slug.Make(strings.Trim(base, "/"))
		digest := pl.digest(p)
		first, ok := dir.Get(key)
		if !ok {
			dir.Put(key, []byte(digest))
			continue
		}
		if string(first) == digest {
			continue
		}
		name := base + "-" + digest + ".zip"
		pl.names[p.BundleDir] = name
		l.Add(diag.Warnf(p.File, p.FieldLine("version", 0), "the kit changed since version %s was first published: its archive is now named %s", k.Version, path.Base(name)).
			WithHint("raise version (such as %q) when the kit changes, so that facilitators know they have the new one", nextVersion(k.Version)))
	}
}

// nextVersion suggests the version after v: "1.0" gives "1.1".
func nextVersion(v string) string {
	i := strings.LastIndexAny(v, "0123456789")
	j := i
	for j > 0 && v[j-1] >= '0' && v[j-1] <= '9' {
		j--
	}
	if i < 0 {
		return v + ".1"
	}
	n, _ := strconv.Atoi(v[j : i+1])
	return v[:j] + strconv.Itoa(n+1) + v[i+1:]
}
