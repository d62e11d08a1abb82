// Package scaffold writes new content from templates: relais new (an
// article, a kit, a partner, a page) and relais init (a new site).
//
// The templates live in layouts/_new/ of the default theme; a site
// overrides one by putting its own at the same path. They are text
// templates given .Title, .Slug and .Date (today, 2006-01-02). Nothing is
// ever overwritten: an existing file is an error.
package scaffold

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/slug"
)

// Kinds of content relais new makes, and where each goes.
// Placeholders are the sentences of the starter content (relais init,
// relais new) that say what to write there: relais check names the pages
// that still hold one.
var Placeholders = []string{
	"Présentez ici votre service en quelques phrases.",
	"Le premier paragraphe sert de résumé dans les listes.",
	"Un premier article, à remplacer.",
}

var Kinds = map[string]func(slug string) string{
	"article": func(s string) string { return filepath.Join("content", "articles", s+".md") },
	"kit":     func(s string) string { return filepath.Join("content", "ateliers", s, "index.md") },
	"partner": func(s string) string { return filepath.Join("content", "partenaires", s+".md") },
	"session": func(s string) string { return filepath.Join("content", "agenda", s+".md") },
}

// Data is what a template is given.
type Data struct {
	Title string
	Slug  string
	Date  string
	// Taxonomies are the site's taxonomies other than tags (their
	// plurals, sorted), for an article's front matter.
	Taxonomies []string
	// UID is a new identifier, for a session's calendars.
	UID string
	// Start is a time a week from now, at 14:00, for a new session.
	Start string
}

// Templates reads a template by its path under layouts/_new, the site's
// own first.
type Templates struct {
	Site  fs.FS // the site's layouts folder; may be nil
	Theme fs.FS // the default theme's layouts folder
}

func (t Templates) read(name string) ([]byte, error) {
	p := "_new/" + name
	if t.Site != nil {
		if b, err := fs.ReadFile(t.Site, p); err == nil {
			return b, nil
		}
	}
	return fs.ReadFile(t.Theme, p)
}

// render fills the template name with d.
func (t Templates) render(name string, d Data) ([]byte, error) {
	src, err := t.read(name)
	if err != nil {
		return nil, fmt.Errorf("no template layouts/_new/%s: %w", name, err)
	}
	tpl, err := template.New(name).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("layouts/_new/%s: %w", name, err)
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("layouts/_new/%s: %w", name, err)
	}
	return b.Bytes(), nil
}

// write creates rel (a path in the site folder dir) with b, refusing to
// replace a file; errors name rel, as the site knows it.
func write(dir, rel string, b []byte) error {
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return i18n.Errorf("%s already exists; relais never replaces a file: choose another title or remove it first", filepath.ToSlash(rel))
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Create writes a new file rel (a path in the site folder dir) with b,
// never replacing one (the directory's spreadsheet: relais new partners).
func Create(dir, rel string, b []byte) error { return write(dir, rel, b) }

// New writes new content of kind ("article", "kit", "partner") titled
// title into the site folder dir, or, for kind "page", at the content path
// given as title ("chemin/vers/page"). A kit is written whole: its
// index.md, animateur.md and fiches/1-fiche.md. It returns the path of the
// page written (a kit's index.md). taxonomies are the plurals of the
// site's taxonomies, for an article's fields.
func New(dir string, t Templates, kind, title string, now time.Time, taxonomies []string) (string, error) {
	d := Data{Title: title, Date: now.Format("2006-01-02"), UID: NewUID(), Start: now.AddDate(0, 0, 7).Format("2006-01-02") + "T14:00"}
	for _, tax := range taxonomies {
		if tax != "tags" {
			d.Taxonomies = append(d.Taxonomies, tax)
		}
	}
	sort.Strings(d.Taxonomies)
	var rel string
	tplName := kind + ".md"
	switch kind {
	case "page":
		clean := strings.Trim(filepath.ToSlash(filepath.Clean(title)), "/")
		if clean == "" || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
			return "", i18n.Errorf("%q is not a path inside content/: write it as chemin/vers/page", title)
		}
		segs := strings.Split(strings.TrimSuffix(clean, ".md"), "/")
		for i, s := range segs {
			segs[i] = slug.Make(s)
			if segs[i] == "" {
				return "", i18n.Errorf("%q has a part with no letter or digit", title)
			}
		}
		last := strings.ReplaceAll(segs[len(segs)-1], "-", " ")
		d.Title = strings.ToUpper(last[:1]) + last[1:]
		d.Slug = segs[len(segs)-1]
		rel = filepath.Join(append([]string{"content"}, segs...)...) + ".md"
	default:
		where, ok := Kinds[kind]
		if !ok {
			return "", i18n.Errorf("unknown kind %q: relais new makes an article, kit, partner, session or page", kind)
		}
		d.Slug = slug.Make(title)
		if d.Slug == "" {
			return "", i18n.Errorf("the title %q has no letter or digit to name the file after", title)
		}
		rel = where(d.Slug)
	}
	files := [][2]string{{rel, tplName}}
	if kind == "kit" {
		// The complete example: the facilitator's guide and a handout.
		files = append(files, [2]string{filepath.Join(filepath.Dir(rel), "animateur.md"), "kit-animateur.md"},
			[2]string{filepath.Join(filepath.Dir(rel), "fiches", "1-fiche.md"), "kit-fiche.md"})
	}
	for _, f := range files {
		b, err := t.render(f[1], d)
		if err != nil {
			return "", err
		}
		if err := write(dir, f[0], b); err != nil {
			return "", err
		}
	}
	return rel, nil
}

// Init makes a new site in dir: site.toml and a little content, and no
// layouts, so that the default theme serves. It returns the paths written.
func Init(dir string, t Templates, title string, now time.Time) ([]string, error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		for _, e := range ents {
			if e.Name() == "site.toml" || e.Name() == "content" {
				return nil, i18n.Errorf("%s already holds a site (%s); relais init makes a new one in an empty or new folder", dir, e.Name())
			}
		}
	}
	d := Data{Title: title, Date: now.Format("2006-01-02"), UID: NewUID(), Start: now.AddDate(0, 0, 7).Format("2006-01-02") + "T14:00"}
	files := [][2]string{
		{"site.toml", "init/site.toml"},
		{"content/_index.md", "init/_index.md"},
		{"content/articles/premier-article.md", "init/article.md"},
		{"content/accessibilite.md", "init/accessibilite.md"},
		{"content/effacer-vos-traces.md", "init/effacer-vos-traces.md"},
		{"content/recherche.md", "init/recherche.md"},
	}
	var out []string
	for _, f := range files {
		b, err := t.render(f[1], d)
		if err != nil {
			return out, err
		}
		if err := write(dir, f[0], b); err != nil {
			return out, err
		}
		out = append(out, f[0])
	}
	return out, nil
}

// NewHandout adds a handout to the kit whose index is kitIndex (a path in
// the site folder dir: "content/ateliers/x/index.md"): fiches/N-slug.md,
// N the next number, from layouts/_new/kit-fiche.md, titled « Fiche N :
// title ». It returns the path written.
func NewHandout(dir string, t Templates, kitIndex, title string) (string, error) {
	sl := slug.Make(title)
	if sl == "" {
		return "", i18n.Errorf("the title %q has no letter or digit to name the file after", title)
	}
	fiches := filepath.Join(filepath.Dir(kitIndex), "fiches")
	n := 1
	if ents, err := os.ReadDir(filepath.Join(dir, fiches)); err == nil {
		for _, e := range ents {
			num, _, ok := strings.Cut(e.Name(), "-")
			if v, err := strconv.Atoi(num); ok && err == nil && v >= n {
				n = v + 1
			}
		}
	}
	b, err := t.render("kit-fiche.md", Data{Title: title, Slug: sl})
	if err != nil {
		return "", err
	}
	b, err = frontmatter.Edit("kit-fiche.md", b, []frontmatter.Change{{Key: "title", Value: fmt.Sprintf("Fiche %d : %s", n, title)}})
	if err != nil {
		return "", err
	}
	rel := filepath.Join(fiches, fmt.Sprintf("%d-%s.md", n, sl))
	return rel, write(dir, rel, b)
}

// NewUID is a random identifier of 16 hex digits: a new session's, by
// which calendars know it.
func NewUID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
