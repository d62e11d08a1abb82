package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/kit"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/slug"
)

// bundleFiles are the files of a page bundle kept as they are (a kit's, a
// resource's), by path in the bundle, sorted.
func (s *Site) bundleFiles(p *page.Page) []*sourceFile {
	if p.BundleDir == "" {
		return nil
	}
	prefix := ContentDir + "/" + p.BundleDir + "/"
	var out []*sourceFile
	for path, e := range s.entries {
		if strings.HasPrefix(path, prefix) && !e.isPage() && !e.isMarkdown() && !e.leftOut && len(e.diags.Errors()) == 0 {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// kitZip is a kit's archive, made once per build into a temporary file
// (a kit may hold a video of hundreds of MB: it is streamed, never held
// in memory), with its size and SHA-256.
type kitZip struct {
	path string
	size int64
	sum  string
}

// open opens the archive.
func (z *kitZip) open() (io.ReadCloser, error) { return os.Open(z.path) }

// kitArchive makes a kit's archive: its guide and handouts print-ready,
// and its files. It records what it reads in rc.
func (s *Site) kitArchive(rc *record.Render, p *page.Page) (*kitZip, error) {
	rc.ReadList(graph.FilesList(p.BundleDir))
	var docs []kit.Doc
	for _, d := range s.kitDocs(rc, p) {
		rc.Page(record.Meta, d)
		rc.Page(record.Content, d)
		rel := strings.TrimPrefix(strings.TrimPrefix(d.File, ContentDir+"/"+p.BundleDir+"/"), "/")
		docs = append(docs, kit.Doc{Name: strings.TrimSuffix(rel, path.Ext(rel)) + ".html", Title: d.LinkTitle(),
			Lang: s.cfg.Language, Content: template.HTML(s.includes(rc, string(s.html(d)), d, 0))})
	}
	var files []kit.File
	for _, e := range s.bundleFiles(p) {
		rc.Name(record.File, e.path)
		files = append(files, kit.File{Name: strings.TrimPrefix(e.path, ContentDir+"/"+p.BundleDir+"/"),
			Open: func() (io.ReadCloser, error) { return s.openPublished(e) }})
	}
	k, _ := p.Extra.(*kit.Kit)
	rc.Page(record.Meta, p)
	rc.Page(record.Content, p)
	when, summary := kitDate(p), kitSummary(p)
	pdf, err := s.kitPDFOnce(rc, p)
	if err != nil {
		return nil, err
	}
	meta := kit.Meta{Folder: strings.TrimSuffix(path.Base(s.kitArchiveName(p)), ".zip"), Title: p.LinkTitle(),
		Summary: summary, Lang: s.cfg.Language, Date: when, Intro: template.HTML(s.includes(rc, string(s.html(p)), p, 0)), Kit: k, PDF: pdf}
	f, err := os.CreateTemp("", "relais-kit-*.zip")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(f, h)}
	err = kit.Archive(cw, meta, docs, files)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	return &kitZip{path: f.Name(), size: cw.n, sum: hex.EncodeToString(h.Sum(nil))}, nil
}

// kitDate is a kit's own date, for its archive and PDF: lastmod, else
// date.
func kitDate(p *page.Page) time.Time {
	if p.Lastmod.IsZero() {
		return p.Date
	}
	return p.Lastmod
}

// kitSummary is what a kit is, in a sentence: its description, else its
// summary.
func kitSummary(p *page.Page) string {
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

// kitArchiveOnce is kitArchive, made once per build however many outputs
// show it (the archive itself, its size and SHA-256 on the kit page). The
// files are removed at the end of the build (removeKitZips).
func (s *Site) kitArchiveOnce(rc *record.Render, p *page.Page) (*kitZip, error) {
	return record.SharedIn[*kitZip](&s.kitZips, p.BundleDir).Get(rc, func(own *record.Render) (*kitZip, error) {
		return s.kitArchive(own, p)
	})
}

// removeKitZips removes the temporary files of the build's archives.
func (s *Site) removeKitZips() {
	s.kitZips.Range(func(_, v any) bool {
		if z := v.(*record.Shared[*kitZip]).Made(); z != nil {
			os.Remove(z.path)
		}
		return true
	})
	s.kitZips = sync.Map{}
}

// kitArchiveName is where a kit's archive is published: beside its page,
// named after the kit and its version, and a short hash of its content
// when that changed since the version was first published (kitNames).
func (s *Site) kitArchiveName(p *page.Page) string {
	if n, ok := s.kitNames[p.BundleDir]; ok {
		return n
	}
	k, _ := p.Extra.(*kit.Kit)
	return kitBaseName(p, k) + ".zip"
}

func kitBaseName(p *page.Page, k *kit.Kit) string {
	name := p.Slug
	if k != nil {
		if v := slug.Make(k.Version); v != "" {
			name += "-v" + v
		}
	}
	return p.URL + name
}

// kitDigest sums what a kit's archive is made of: the kit's page and
// documents (their fields and HTML), and its files' bytes. It is the same
// in every process (the pages' content sums are not: their seed is
// random).
func (s *Site) kitDigest(p *page.Page) string {
	h := sha256.New()
	rc := record.New() // what it reads is not recorded
	fmt.Fprintf(h, "%x\n", p.MetaHash)
	h.Write([]byte(s.includes(rc, string(s.html(p)), p, 0)))
	for _, d := range s.graph.List(graph.Planning, graph.BundleList(p.BundleDir)) {
		fmt.Fprintf(h, "\n%s %x\n", d.File, d.MetaHash)
		h.Write([]byte(s.includes(rc, string(s.html(d)), d, 0)))
	}
	for _, e := range s.bundleFiles(p) {
		fmt.Fprintf(h, "%s %s\n", e.path, s.fileSum(e))
	}
	return hex.EncodeToString(h.Sum(nil))[:8]
}

// nameKits sets each kit's archive name. The cache folder remembers the
// content each version was first published with: a kit whose content
// changed under the same version gets a short hash in its name (so that
// a facilitator never takes two different kits for one), with a warning
// that says to raise its version.
func (s *Site) nameKits(l *diag.List) {
	s.kitNames = map[string]string{}
	dir := s.cache("kits")
	if dir == "" {
		return // no memory of what was published: the plain names
	}
	for _, p := range s.graph.Pages {
		k, ok := p.Extra.(*kit.Kit)
		if !ok {
			continue
		}
		base := kitBaseName(p, k)
		key := slug.Make(strings.Trim(base, "/"))
		digest := s.kitDigest(p)
		first, ok := dir.Get(key)
		if !ok {
			dir.Put(key, []byte(digest))
			continue
		}
		if string(first) == digest {
			continue
		}
		name := base + "-" + digest + ".zip"
		s.kitNames[p.BundleDir] = name
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

// kitSpecs are the archives of the kits.
func (s *Site) kitSpecs() []*plannedOutput {
	var out []*plannedOutput
	for _, p := range s.graph.Pages {
		if _, ok := p.Extra.(*kit.Kit); !ok {
			continue
		}
		out = append(out, &plannedOutput{out: strings.TrimPrefix(s.kitArchiveName(p), "/"), page: p,
			stream: func(rc *record.Render) (int64, func() (io.ReadCloser, error), uint64, error) {
				rc.Page(record.Meta, p)
				z, err := s.kitArchiveOnce(rc, p)
				if err != nil {
					return 0, nil, 0, err
				}
				sum, _ := strconv.ParseUint(z.sum[:16], 16, 64)
				return z.size, z.open, sum, nil
			}})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].out < out[j].out })
	return out
}
