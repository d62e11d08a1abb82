// Package page is the model of a site's pages: what front matter means,
// where a page is published, and which pages are left out.
//
// # Front matter
//
// Known fields: title, date, lastmod, publishDate, expiryDate, draft,
// visibility ("public" or "private"), summary, description, slug, url,
// aliases, weight, layout, params, and one field per taxonomy (tags, and
// those set in site.toml). Sections may declare more fields (kits, the
// directory). Any other top-level field is kept in Params but gives a
// warning that suggests the nearest known name, since it is most often a
// typo; values meant for templates belong under params.
//
// A value of the wrong type is an error naming the line of its field.
//
// # Publication
//
// A page is published unless it is a draft, dated in the future
// (publishDate, or date when publishDate is unset), expired, or private.
// Build flags let drafts, future and expired pages through; nothing lets
// private pages through.
package page

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"relais/internal/blob"
	"relais/internal/diag"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/markdown"
	"relais/internal/slug"
)

// ContentDir and StaticDir are the folders of a site that hold its pages
// and the files it publishes as they are.
const (
	ContentDir = "content"
	StaticDir  = "static"
)

// markdownExts are the extensions of Markdown files: .md, and the longer
// ones other tools write.
var markdownExts = map[string]bool{".md": true, ".markdown": true, ".mdown": true, ".mkd": true, ".mkdn": true}

// IsMarkdownName reports a Markdown file by its name.
func IsMarkdownName(name string) bool { return markdownExts[strings.ToLower(path.Ext(name))] }

// Kind says what a page is.
type Kind string

// The kinds of page.
const (
	KindPage     Kind = "page"     // a regular page from a Markdown file
	KindSection  Kind = "section"  // a folder's list page (_index.md or made up)
	KindHome     Kind = "home"     // the site's home page
	KindTaxonomy Kind = "taxonomy" // the list of a taxonomy's terms (/tags/)
	KindTerm     Kind = "term"     // the pages of one term (/tags/famille/)
	Kind404      Kind = "404"
)

// Page is one page of the site, in three parts: what is decoded from its
// file (Meta), the text rendered from its Markdown (Rendered), and the
// state the site's build gives it among the other pages (Graph).
type Page struct {
	Meta
	Rendered
	Graph
}

// Meta is what a page is, decoded once when its file is read (or made up
// by the site for a page without one: a section, a term); the site only
// sets its URL (from the permalinks) and a title it lacks.
type Meta struct {
	// ID identifies the page across rebuilds: the content path for pages
	// from files ("articles/x.md"), a made-up key for others
	// ("section:articles", "term:tags/famille").
	ID   string
	File string // the source, relative to the site ("content/articles/x.md"); "" if made up
	Kind Kind
	// Dir is the content folder the page lists (sections) or lives in:
	// "articles", "" for the top level.
	Dir string
	// Section is the top-level section: "articles", or "" at the top.
	Section string
	// BundleDir is the content folder of a page bundle (index.md), else "".
	BundleDir string
	// Lang is the page's language when it is not the site's own
	// (x.en.md, or content/en/): its pages live under Dir "en/…" and the
	// address /en/…. "" for the site's own language.
	Lang string
	// TransKey is what the page's translations share: its path under
	// content/ without language ("articles/x.md"), or its
	// translationKey field; set by the site for pages without a file.
	TransKey string
	// TransKeyLine is the line of translationKey, 0 if not written.
	TransKeyLine int

	Title       string
	Description string
	Summary     string // plain text; from front matter or the content
	Date        time.Time
	Lastmod     time.Time
	PublishDate time.Time
	ExpiryDate  time.Time
	Draft       bool
	Private     bool
	// Partners is set when the page says access: partners (accès:
	// partenaires): it, and all a section or bundle holds, is for the
	// partners who have a login only (package area). AccessLine is the
	// field's line.
	Partners   bool
	AccessLine int
	// Area is the address of the partner area the page belongs to (the
	// URL of the page that declares it), set by the graph; "" for a
	// public page.
	Area string
	// OldURL is the address other tools gave the page, with the accents
	// of its folders and file name (/lauréats/été/), when relais's,
	// folded (/laureats/ete/), differs: set by the graph, published as
	// an alias so that no address changes silently.
	OldURL string
	// Menu is the page's entry in the main menu (menu: main), or nil.
	Menu *MenuEntry
	// Unlisted pages are published but in no list (Hugo's build.list:
	// never).
	Unlisted bool
	// Headless pages are not pages of their own: their text is shown
	// only where a published page includes it (Hugo's headless: true and
	// build.render: never, Jekyll's and Eleventy's permalink: false).
	// A section cannot be headless: it is private instead, with all it
	// holds.
	Headless bool
	// LinkTitleText is the shorter title for lists and menus (linkTitle).
	LinkTitleText string
	// Ignored are the fields of other tools the page has (ForeignKeys).
	Ignored []string
	// Cascade are the fields a section gives every page below it that
	// does not set them itself (Hugo's cascade), checked.
	Cascade []frontmatter.Field
	// Explicit says which of draft and visibility the page sets itself,
	// so that it can say otherwise than its section on purpose.
	Explicit   Explicit
	Slug       string
	URL        string // the site path: "/articles/x/"
	URLLine    int    // line of the url field, for errors; 0 if not set by hand
	Aliases    []string
	Weight     int
	Layout     string
	LayoutLine int
	Cover      *Cover
	// Extra is what a section's own rules read from the page (a
	// directory partner), set by the site.
	Extra     any
	Terms     map[string][]string // taxonomy plural → terms as written
	TermSlugs map[string][]string // the same, as slugs; empty slugs dropped with their term
	Params    map[string]any
	Fields    []frontmatter.Field

	// Taxonomy and Term are set on taxonomy and term pages.
	Taxonomy string
	Term     string
}

// Rendered is the text of a page, made from its Markdown when its file is
// read.
type Rendered struct {
	Content blob.Ref // rendered HTML, held by the site's blob store
	// ContentSum is the hash of the rendered HTML.
	ContentSum uint64
	TOC        []markdown.Heading
	Words      int
	Links      []markdown.Link
	Includes   []markdown.Link // the pages it includes (![[file.md]])
}

// Graph is a page's state among the others, set by the site at each
// build: its number, hashes, the bundle it lives in and its neighbours.
type Graph struct {
	// Num is the page's number in its site, the same for one ID from build
	// to build; set by the site.
	Num         int32
	MetaHash    uint64
	ContentHash uint64
	NeighHash   uint64 // hash of the IDs of its neighbours in its section

	// Set by the site at each build: the bundle folder a page lives in
	// (a kit's handout), and the pages before and after it in its
	// section's list.
	InBundle   string
	Prev, Next *Page
	// LinksChecked is set once the page's links were found good; a page
	// read again is a new value, with it unset.
	LinksChecked bool
	hashedURL    string // URL when the hashes were computed
	hashedArea   string // Area when they were
}

// HashesFresh reports whether the hashes were computed for the page as it
// is: a page read again is a new value, so only its URL can have moved.
func (p *Page) HashesFresh() bool {
	return p.MetaHash != 0 && p.hashedURL == p.URL && p.hashedArea == p.Area
}

// Cover is a page's cover image.
type Cover struct {
	Image string // beside the page, or a site path ("/images/x.jpg")
	Alt   string // required: what the image shows
}

// Fields are the fields of every page that a form asks for (package
// fields), in the order a page has them.
var Fields = []fields.Def{
	{Key: "title", Kind: fields.Text, Label: i18n.T("Title"), Required: true,
		Help: i18n.T("names the page in lists, tabs and search results")},
	{Key: "date", Kind: fields.Date, Label: i18n.T("Date"), Help: i18n.T("the day it is dated; lists show the newest first")},
	{Key: "description", Kind: fields.LongText, Label: i18n.T("Description"),
		Help: i18n.T("one sentence that says what the page is for; search engines and shares show it")},
	{Key: "summary", Kind: fields.LongText, Label: i18n.T("Summary"),
		Help: i18n.T("shown in lists; without it, the first paragraph is")},
	{Key: "draft", Kind: fields.Bool, Label: i18n.T("Draft"), Help: i18n.T("a draft is never published; relais serve -D shows it")},
	{Key: "visibility", Kind: fields.Choice, Label: i18n.T("Visibility"), Choices: []string{"public", "private"},
		ChoiceLabels: map[string]i18n.Text{"public": i18n.T("public: published"), "private": i18n.T("private: never published, not even as a draft")},
		Help:         i18n.T("private: never published, kept in the site folder")},
	{Key: "access", Aliases: []string{"accès", "acces"}, Kind: fields.Choice, Label: i18n.T("Access"), Choices: []string{"public", "partners"},
		ChoiceLabels: map[string]i18n.Text{"public": i18n.T("public: anyone can read it"), "partners": i18n.T("partners only: behind the partners' logins")},
		Help:         i18n.T("partners: published in the partner area, which the host protects with a password")},
	{Key: "cover", Kind: fields.Image, Label: i18n.T("Cover image"),
		Help: i18n.T("an image beside the page, with a description of what it shows for people who cannot see it")},
}

// BaseKeys are the front matter fields every page may have.
var BaseKeys = append(fields.Keys(Fields), "lastmod", "publishDate", "expiryDate", "author", "part",
	"slug", "url", "aliases", "weight", "layout", "params", "linkTitle",
	"keywords", "permalink", "build", "translationKey", "_build", "headless", "eleventyNavigation", "menu", "menus", "cascade")

// ForeignKeys are fields of Hugo, Jekyll and Eleventy that relais has no
// use for: ignored without a warning each (the site gets one line that
// counts them), so that the warnings that matter are seen.
var ForeignKeys = map[string]bool{"outputs": true, "resources": true,
	"type": true, "sitemap": true, "toc": true, "images": true, "categories": true, "markup": true,
	"isCJKLanguage": true, "iscjklanguage": true, "comments": true, "share": true, "featured": true,
	"published": true, "excerpt": true, "eleventycomputed": true, "eleventyexcludefromcollections": true, "tags": true,
	"pagination": true, "permalinks": true, "redirect_from": true, "redirect_to": true, "hidden": true, "math": true}

// keySet is what Decode knows of the front matter keys of a kind of page.
type keySet struct {
	known, isTax map[string]bool
	all          []string // for suggestions
}

func newKeySet(taxonomies, extra []string) *keySet {
	ks := &keySet{known: map[string]bool{}, isTax: map[string]bool{}}
	for _, k := range BaseKeys {
		ks.known[strings.ToLower(k)] = true
	}
	for _, t := range taxonomies {
		ks.known[t] = true
		ks.isTax[t] = true
	}
	for _, k := range extra {
		ks.known[strings.ToLower(k)] = true
	}
	ks.all = append(append(append([]string{}, BaseKeys...), taxonomies...), extra...)
	return ks
}

// Keys say which front matter fields a page may have besides every
// page's: its section's (Extra), and whether a field it does not know is
// an error (Strict: a kit, where a misspelt field hides part of the
// workshop) rather than a warning.
type Keys struct {
	Taxonomies []string
	Extra      []string
	Strict     bool
	set        *keySet // made once by NewKeys
}

// NewKeys makes Keys ready for many pages: what Decode knows of them is
// worked out once (a site makes one for each kind of page it reads).
func NewKeys(taxonomies, extra []string, strict bool) Keys {
	return Keys{Taxonomies: taxonomies, Extra: extra, Strict: strict, set: newKeySet(taxonomies, extra)}
}

// Decode reads front matter fields into p, with the keys k says. Errors
// and warnings go to l.
func (p *Page) Decode(fields []frontmatter.Field, k Keys, l *diag.List) {
	p.Fields = fields
	p.Params = make(map[string]any, len(fields))
	p.Terms = map[string][]string{}
	p.TermSlugs = map[string][]string{}
	ks := k.set
	if ks == nil {
		ks = newKeySet(k.Taxonomies, k.Extra)
	}
	var discard diag.List
	for _, f := range fields {
		key := strings.ToLower(f.Key)
		c := &field{Field: f, file: p.File, key: key, k: k, ks: ks, l: l}
		if f.Inherited {
			c.l = &discard // what a page inherits was checked in its section's file
		}
		if f.Value == nil || f.Value == "" {
			// An empty value (slug:, url: "") is unset, as in Hugo.
			if ks.known[key] || !ks.isTax[key] {
				p.Params[key] = f.Value
			}
			continue
		}
		decode := decoders[key]
		if decode == nil {
			decode = (*Page).decodeOther
		}
		if stop := decode(p, c); stop {
			continue
		}
		p.Params[f.Key] = f.Value
		checkChars(p.File, key, f, c.l)
		if curly(f.Value) {
			c.l.Add(diag.Warnf(p.File, f.Line, "%s: the value is between curly quotes (“ ”), which are kept in it", f.Key).
				WithHint("write straight quotes, or none: %s: \"%s\"", f.Key, strings.Trim(f.Value.(string), "“”‘’")))
		}
	}
}

// field is one front matter field being decoded, with where its findings
// go.
type field struct {
	frontmatter.Field
	file string // the page's file
	key  string // the key in lower case
	k    Keys
	ks   *keySet
	l    *diag.List
}

// bad says the field's value is not what it must be (want), with an
// example of one that is.
func (c *field) bad(want i18n.Text, example any) {
	c.l.Add(diag.Errorf(c.file, c.Line, "%s: %s is not %s", c.Key, show(c.Value), want).WithHint("write it as %s", example))
}

// decoders read the fields relais knows into the page, by key in lower
// case; one that returns true has dealt with the field whole (it is not
// kept among the page's params). Set in init: a cascade is decoded as a
// page is.
var decoders map[string]func(p *Page, c *field) (stop bool)

func init() { decoders = fieldDecoders() }

func fieldDecoders() map[string]func(p *Page, c *field) bool {
	return map[string]func(p *Page, c *field) bool{
		"title":       func(p *Page, c *field) bool { p.Title = c.text(`title: "Mon titre"`); return false },
		"description": func(p *Page, c *field) bool { p.Description = c.text(`description: "Une phrase"`); return false },
		"summary":     func(p *Page, c *field) bool { p.Summary = c.text(`summary: "Une phrase"`); return false },
		"linktitle":   func(p *Page, c *field) bool { p.LinkTitleText = c.text(`linkTitle: "Titre court"`); return false },
		"slug": func(p *Page, c *field) bool {
			if s, ok := str(c.Value, c.bad, i18n.T("text"), `slug: mon-titre`); ok {
				p.Slug = slug.Make(s)
				if p.Slug == "" {
					c.l.Add(diag.Errorf(p.File, c.Line, "slug: %q has no letter or digit to make a URL from", s))
				}
			}
			return false
		},
		"url": func(p *Page, c *field) bool {
			if s, ok := str(c.Value, c.bad, i18n.T("a path"), `url: /mon-chemin/`); ok {
				p.URL = cleanURL(s)
				p.URLLine = c.Line
			}
			return false
		},
		"permalink": (*Page).decodePermalink,
		"translationkey": func(p *Page, c *field) bool {
			if s, ok := str(c.Value, c.bad, i18n.T("text"), `translationKey: qui-suis-je`); ok && strings.TrimSpace(s) != "" {
				p.TransKey, p.TransKeyLine = "key:"+strings.TrimSpace(s), c.Line
			}
			return true
		},
		"eleventynavigation": (*Page).decodeEleventyNavigation,
		"menu":               func(p *Page, c *field) bool { p.Menu = mainMenu(c.Value); return false },
		"menus":              func(p *Page, c *field) bool { p.Menu = mainMenu(c.Value); return false },
		"headless": func(p *Page, c *field) bool {
			if b, ok := c.Value.(bool); !ok {
				c.bad(i18n.T("true or false"), "headless: true")
			} else if b {
				p.notRendered()
			}
			return false
		},
		"build":   (*Page).decodeBuild,
		"_build":  (*Page).decodeBuild,
		"cascade": func(p *Page, c *field) bool { p.Cascade = p.cascade(c.Field, c.k.Taxonomies, c.l); return false },
		"layout": func(p *Page, c *field) bool {
			p.Layout, _ = str(c.Value, c.bad, i18n.T("a layout name"), `layout: special`)
			if !c.Inherited {
				p.LayoutLine = c.Line
			}
			return false
		},
		"date":        func(p *Page, c *field) bool { p.Date = date(c.Value, c.bad); return false },
		"lastmod":     func(p *Page, c *field) bool { p.Lastmod = date(c.Value, c.bad); return false },
		"publishdate": func(p *Page, c *field) bool { p.PublishDate = date(c.Value, c.bad); return false },
		"expirydate":  func(p *Page, c *field) bool { p.ExpiryDate = date(c.Value, c.bad); return false },
		"draft": func(p *Page, c *field) bool {
			b, ok := c.Value.(bool)
			if !ok {
				c.bad(i18n.T("true or false"), "draft: true")
			}
			p.Draft = b
			if !c.Inherited {
				p.Explicit |= ExplicitDraft
			}
			return false
		},
		"visibility": func(p *Page, c *field) bool {
			s, _ := str(c.Value, c.bad, i18n.T("text"), "visibility: private")
			private, ok := frontmatter.Visibility(s)
			if !ok {
				c.l.Add(diag.Errorf(p.File, c.Line, "visibility: %q is not a visibility", s).
					WithHint("write visibility: private (never published) or visibility: public"))
			}
			p.Private = private
			if !c.Inherited {
				p.Explicit |= ExplicitVisibility
			}
			return false
		},
		"access": (*Page).decodeAccess,
		"accès":  (*Page).decodeAccess,
		"acces":  (*Page).decodeAccess,
		"weight": func(p *Page, c *field) bool {
			switch v := c.Value.(type) {
			case int64:
				p.Weight = int(v)
			case float64:
				if v == math.Trunc(v) {
					p.Weight = int(v)
				} else {
					c.bad(i18n.T("a whole number"), "weight: 10")
				}
			default:
				c.bad(i18n.T("a whole number"), "weight: 10")
			}
			return false
		},
		"aliases": func(p *Page, c *field) bool {
			for _, s := range strList(c.Value, c.bad, i18n.T("a list of paths"), `aliases: ["/ancien-chemin/"]`) {
				if strings.Contains(s, "?") {
					if q, ok := QueryAlias(s); ok {
						p.Aliases = append(p.Aliases, "/?"+q)
					} else {
						c.l.Add(diag.Errorf(c.file, c.Line, "the alias %s is not an old address relais can keep: an address with a ? is kept when it is the site's top with one name=value, as WordPress's /?p=123", s).
							WithHint("write it as /?p=123 (or /?page_id=12), or remove it"))
					}
					continue
				}
				p.Aliases = append(p.Aliases, cleanURL(s))
			}
			return false
		},
		"cover": (*Page).decodeCover,
		"params": func(p *Page, c *field) bool {
			m, ok := c.Value.(map[string]any)
			if !ok {
				c.bad(i18n.T("a group of fields"), "params: {couleur: bleu}")
				return true
			}
			for k, v := range m {
				p.Params[k] = v
			}
			return true
		},
	}
}

// text is the field's value as text, or "" (said) when it is not.
func (c *field) text(example string) string {
	s, _ := str(c.Value, c.bad, i18n.T("text"), example)
	return s
}

// decodePermalink reads Jekyll's and Eleventy's url: a path, or false for
// a page that is never written.
func (p *Page) decodePermalink(c *field) bool {
	switch v := c.Value.(type) {
	case bool:
		if !v {
			p.notRendered()
		}
	case string:
		if !strings.Contains(v, ":") && !strings.Contains(v, "{") && p.URLLine == 0 {
			p.URL = cleanURL(v)
			p.URLLine = c.Line
		}
	}
	return false
}

// decodeEleventyNavigation reads Eleventy's navigation: the order is a
// weight, and an entry without a parent is in the main menu.
func (p *Page) decodeEleventyNavigation(c *field) bool {
	if m, ok := c.Value.(map[string]any); ok {
		n, _ := m["order"].(int64)
		if p.Weight == 0 {
			p.Weight = int(n)
		}
		if key, _ := m["key"].(string); key != "" && m["parent"] == nil {
			p.Menu = &MenuEntry{Name: key, Weight: int(n)}
		}
	}
	return false
}

// decodeBuild reads Hugo's build options: a page never rendered, or never
// listed.
func (p *Page) decodeBuild(c *field) bool {
	if m, ok := c.Value.(map[string]any); ok {
		if r, ok := m["render"]; ok && (r == "never" || r == false) {
			p.notRendered()
		}
		if r, ok := m["list"]; ok && (r == "never" || r == false) {
			p.Unlisted = true
		}
	}
	return false
}

// decodeCover reads the cover image, which must have its description.
func (p *Page) decodeCover(c *field) bool {
	m, ok := c.Value.(map[string]any)
	if !ok {
		c.bad(i18n.T("an image with its description"), `cover: {image: photo.jpg, alt: "Ce que montre l’image"}`)
		return true
	}
	img, _ := m["image"].(string)
	alt, _ := m["alt"].(string)
	switch {
	case strings.TrimSpace(img) == "":
		c.l.Add(diag.Errorf(p.File, c.Line, "cover: the image file is missing").
			WithHint("write cover.image: photo.jpg (a file beside the page, or a path from the site's top)"))
	case strings.TrimSpace(alt) == "":
		c.l.Add(diag.Errorf(p.File, c.Line, "cover: the image %s has no alt text", img).
			WithHint("describe what the image shows for people who cannot see it: cover.alt: \"…\""))
	default:
		p.Cover = &Cover{Image: img, Alt: alt}
	}
	return false
}

// decodeOther reads a field without a decoder of its own: a taxonomy's
// terms, a field of another tool (ignored), or an unknown field (a
// warning, an error where the keys are strict).
func (p *Page) decodeOther(c *field) bool {
	known, all := c.ks.known, c.ks.all
	switch {
	case c.ks.isTax[c.Key]:
		for _, name := range strList(c.Value, c.bad, i18n.T("a list of terms"), c.Key+`: ["famille", "droits"]`) {
			if sl := slug.Make(name); sl != "" {
				p.Terms[c.Key] = append(p.Terms[c.Key], name)
				p.TermSlugs[c.Key] = append(p.TermSlugs[c.Key], sl)
			}
		}
	case ForeignKeys[c.key] && !known[c.key]:
		if !c.Inherited {
			p.Ignored = append(p.Ignored, c.key)
		}
	case !known[c.key]:
		w := diag.Warnf(p.File, c.Line, "unknown field %q", c.Key)
		if c.k.Strict {
			w.Severity = diag.Error
		} else {
			w.Group = "unknown field " + c.key // told once for the site (diag.List.Grouped)
		}
		near := synonyms[c.key]
		if !known[near] {
			near = diag.Nearest(c.Key, all)
		}
		if near != "" {
			w.WithHint("did you mean %s? If it is a value for the site's templates, put it under params", near)
		} else {
			w.WithHint("if it is a value for the site's templates, put it under params (params: {%s: …})", c.Key)
		}
		c.l.Add(w)
	}
	return false
}

// synonyms are the names people write for the fields relais knows, in
// French and in other tools: an unknown field suggests its known name
// (when the page has that field) rather than the nearest spelling.
var synonyms = map[string]string{"titre": "title", "résumé": "summary", "resume": "summary", "brouillon": "draft",
	"auteur": "auteurs", "author": "auteurs", "licence_": "licence", "license": "licence", "mots-cles": "tags", "mots_cles": "tags",
	"mail": "courriel", "email": "courriel", "e-mail": "courriel", "mel": "courriel", "tel": "telephone", "téléphone": "telephone",
	"phone": "telephone", "horaires": "horaires_accueil", "heures": "horaires_accueil", "site": "site_web", "website": "site_web",
	"cp": "code_postal", "ville": "commune", "adresse_postale": "adresse", "duration": "duree", "durée": "duree",
	"objectifs": "objectifs_generaux", "matériel": "materiel", "prérequis": "prerequis", "séquence": "sequence",
	"deroule": "sequence", "déroulé": "sequence", "âge": "ages", "age": "ages"}

// curly reports a value written between curly quotes (“…”, ‘…’), which
// YAML keeps in the value: most often pasted from a word processor.
func curly(v any) bool {
	s, ok := v.(string)
	if !ok || len(s) < 2 {
		return false
	}
	r := []rune(s)
	open, end := r[0], r[len(r)-1]
	return open == '“' && end == '”' || open == '‘' && end == '’' || open == '”' && end == '”'
}

// notCascaded are the fields that name one page: given to every page
// below a section, they would all have the same.
var notCascaded = map[string]bool{"title": true, "slug": true, "url": true, "aliases": true, "permalink": true,
	"menu": true, "menus": true, "eleventynavigation": true, "linktitle": true, "cascade": true}

// cascade reads a section's cascade field (a group of fields, or Hugo's
// list of them) into the fields its pages inherit, checked here so that
// a mistake is told once, at the section's line.
func (p *Page) cascade(f frontmatter.Field, taxonomies []string, l *diag.List) []frontmatter.Field {
	hint := "write cascade: {params: {couleur: bleu}, layout: special}: fields every page below this section takes, unless it sets them"
	if p.Kind == KindPage {
		l.Add(diag.Warnf(p.File, f.Line, "cascade works only in a section's page (_index.md): here it is ignored").WithHint("%s", hint))
		return nil
	}
	groups, ok := f.Value.([]any)
	if !ok {
		groups = []any{f.Value}
	}
	var out []frontmatter.Field
	for _, g := range groups {
		m, ok := g.(map[string]any)
		if !ok {
			l.Add(diag.Errorf(p.File, f.Line, "cascade: %s is not a group of fields", show(g)).WithHint("%s", hint))
			continue
		}
		if m["_target"] != nil || m["target"] != nil {
			l.Add(diag.Warnf(p.File, f.Line, "cascade: a group with a target (_target) is left out: relais gives cascaded fields to every page below").
				WithHint("put those pages in a folder of their own, with its _index.md and cascade"))
			continue
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if notCascaded[strings.ToLower(k)] {
				l.Add(diag.Warnf(p.File, f.Line, "cascade: %s names one page, so it is not given to every page below", k).
					WithHint("set %s in each page's front matter", k))
				continue
			}
			out = append(out, frontmatter.Field{Key: k, Value: m[k], Line: f.Line, Inherited: true})
		}
	}
	// Checked as the fields of a page, at the cascade's line.
	check := &Page{Meta: Meta{File: p.File, Kind: KindPage}}
	own := make([]frontmatter.Field, len(out))
	for i, c := range out {
		c.Inherited = false
		own[i] = c
	}
	check.Decode(own, Keys{Taxonomies: taxonomies}, l)
	return out
}

// decodeAccess reads access: public or partners, in English or French.
// A word that is neither keeps the page for partners, so that a
// mistyped « partenaire » never publishes it to everyone.
func (p *Page) decodeAccess(c *field) bool {
	s, _ := str(c.Value, c.bad, i18n.T("text"), "access: partners")
	partners, ok := frontmatter.Access(s)
	if !ok {
		c.l.Add(diag.Errorf(p.File, c.Line, "%s: %q is not an access", c.Key, s).
			WithHint("write access: partners (for the partners who have a login) or access: public"))
	}
	p.Partners = partners
	if !c.Inherited {
		p.AccessLine = c.Line
	}
	return false
}

// notRendered marks a page that is not to be published as a page of its
// own: a regular page is headless, a section private.
func (p *Page) notRendered() {
	if p.Kind == KindPage {
		p.Headless = true
	} else {
		p.Private = true
	}
}

// singleLine are the fields that go into URLs, file names, feed and vCard
// lines: no control character, line breaks included. multiLine are text
// that XML carries: line breaks and tabs allowed.
var (
	singleLine = map[string]bool{"title": true, "slug": true, "url": true, "aliases": true, "layout": true}
	multiLine  = map[string]bool{"description": true, "summary": true}
)

// checkChars refuses control characters in fields that reach URLs, file
// names and XML: a newline in url: made a folder name with a newline and
// a raw newline in sitemap.xml.
func checkChars(file, key string, f frontmatter.Field, l *diag.List) {
	if !singleLine[key] && !multiLine[key] {
		return
	}
	vals := []string{frontmatter.Text(f.Value)}
	if key == "aliases" {
		vals = frontmatter.List(f.Value)
	}
	for _, v := range vals {
		if r, bad := frontmatter.BadChar(strings.TrimSpace(v), multiLine[key]); bad {
			l.Add(diag.Errorf(file, f.Line, "%s: the value holds %s", f.Key, frontmatter.CharName(r)).
				WithHint("write it on one line, without invisible characters (retype it if it was pasted)"))
			return
		}
	}
}

func show(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case nil:
		return "empty"
	}
	return fmt.Sprint(v)
}

func str(v any, bad func(i18n.Text, any), want i18n.Text, example any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64, float64, bool:
		return fmt.Sprint(x), true
	case nil:
		return "", true
	}
	bad(want, example)
	return "", false
}

func strList(v any, bad func(i18n.Text, any), want i18n.Text, example any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			switch s := e.(type) {
			case string:
				if s != "" {
					out = append(out, s)
				}
			case int64, float64:
				out = append(out, fmt.Sprint(s))
			default:
				bad(want, example)
				return nil
			}
		}
		return out
	}
	bad(want, example)
	return nil
}

var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05",
	"2006-01-02 15:04", "2006-01-02",
	// Jekyll's and Eleventy's, with a zone.
	"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -07:00", "2006-01-02 15:04 -0700",
	"2006-01-02T15:04:05-0700", "2006-01-02 15:04:05Z07:00",
}

// ParseDate reads a date as written in front matter.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func date(v any, bad func(i18n.Text, any)) time.Time {
	switch x := v.(type) {
	case time.Time:
		return x
	case string:
		if t, ok := ParseDate(x); ok {
			return t
		}
	case nil:
		return time.Time{}
	}
	bad(i18n.T("a date"), i18n.T("2026-11-26, or with the time: 2026-11-26T14:30:00+01:00"))
	return time.Time{}
}

// QueryAlias reads an old address made of a query at the site's top, as
// WordPress's /?p=123 and /index.php?page_id=12, which no file can
// answer: the host's rules and the theme's script lead it to its page
// instead. It returns "p=123": one name of letters and _, one value of
// letters, digits, - and _.
func QueryAlias(s string) (string, bool) {
	pth, q, _ := strings.Cut(strings.TrimSpace(s), "?")
	switch strings.TrimLeft(pth, "/") {
	case "", "index.php":
	default:
		return "", false
	}
	name, value, ok := strings.Cut(q, "=")
	if !ok || name == "" || value == "" || len(name) > 32 || len(value) > 64 {
		return "", false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_') {
			return "", false
		}
	}
	for _, r := range value {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return "", false
		}
	}
	return q, true
}

// cleanURL makes a site path out of what a person wrote: a leading slash,
// a trailing slash unless it names a file.
func cleanURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	s = "/" + strings.TrimLeft(s, "/")
	if !strings.HasSuffix(s, "/") && path.Ext(s) == "" {
		s += "/"
	}
	c := path.Clean(s)
	if strings.HasSuffix(s, "/") && c != "/" {
		c += "/"
	}
	return c
}

// Explicit flags the publication fields a page sets itself.
type Explicit uint8

const (
	ExplicitDraft Explicit = 1 << iota
	ExplicitVisibility
)

// Options say which pages a build publishes.
type Options struct {
	Drafts  bool
	Future  bool
	Expired bool
	Now     time.Time
}

// Published reports whether p is published, and if not, why ("draft",
// "future", "expired", "private").
func (p *Page) Published(o Options) (bool, string) {
	if p.Private {
		return false, "private"
	}
	if p.Draft && !o.Drafts {
		return false, "draft"
	}
	pub := p.PublishDate
	if pub.IsZero() {
		pub = p.Date
	}
	if !o.Future && !pub.IsZero() && pub.After(o.Now) {
		return false, "future"
	}
	if !o.Expired && !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(o.Now) {
		return false, "expired"
	}
	return true, ""
}

// Permalink expands a permalink pattern such as "/:section/:year/:slug/".
func (p *Page) Permalink(pattern string) string {
	r := strings.NewReplacer(
		":section", p.Section,
		":year", fmt.Sprintf("%04d", p.Date.Year()),
		":month", fmt.Sprintf("%02d", int(p.Date.Month())),
		":day", fmt.Sprintf("%02d", p.Date.Day()),
		":slug", p.Slug,
		":title", slug.Make(p.Title),
		":filename", p.fileSlug(),
	)
	return cleanURL(r.Replace(pattern))
}

func (p *Page) fileSlug() string {
	if p.BundleDir != "" {
		return slug.Make(path.Base(p.BundleDir))
	}
	return slug.Make(strings.TrimSuffix(path.Base(p.ID), path.Ext(p.ID)))
}

// DefaultURL sets p.Slug if unset and returns the page's URL when no url
// field or permalink pattern says otherwise: the folder path, then the slug.
func (p *Page) DefaultURL() string {
	if p.Slug == "" {
		p.Slug = p.fileSlug()
	}
	segs := []string{}
	if p.Dir != "" {
		for _, s := range strings.Split(p.Dir, "/") {
			segs = append(segs, slug.Make(s))
		}
	}
	segs = append(segs, p.Slug)
	return "/" + strings.Join(segs, "/") + "/"
}

// LinkTitle is the title, or the slug when the page has none.
func (p *Page) LinkTitle() string {
	if p.LinkTitleText != "" {
		return p.LinkTitleText
	}
	if p.Title != "" {
		return p.Title
	}
	return p.Slug
}

// ReadingTime is the reading time in minutes, at 220 words a minute.
func (p *Page) ReadingTime() int {
	m := (p.Words + 219) / 220
	if m < 1 {
		m = 1
	}
	return m
}

// ComputeHashes sets MetaHash from what lists and other pages may show of
// p, and ContentHash from its body.
func (p *Page) ComputeHashes() {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%d\x00%d\x00%d\x00%d\x00%v\x00%s\x00%d\x00%v\x00",
		p.Kind, p.Title, p.Description, p.Summary, p.URL, p.Date.UnixNano(), p.Lastmod.UnixNano(),
		p.PublishDate.UnixNano(), p.ExpiryDate.UnixNano(), p.Draft, p.Slug, p.Weight, p.Aliases)
	// Lang and TransKey are left out: the language follows from the
	// page's file (its ID), and its translations are read through their
	// own list; a hash that kept its form keeps the names of published
	// kits' archives (kit.Plan.digest) from one version of relais to
	// the next.
	fmt.Fprintf(h, "%s\x00", p.Area)
	keys := make([]string, 0, len(p.Params))
	for k := range p.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%#v\x00", k, p.Params[k])
	}
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", p.Layout, p.Taxonomy, p.Term)
	p.MetaHash = h.Sum64() | 1
	p.hashedURL = p.URL
	p.hashedArea = p.Area
	h.Reset()
	fmt.Fprintf(h, "%d\x00%d\x00%s", p.ContentSum, p.Words, p.Summary)
	p.ContentHash = h.Sum64()
}

// Compare orders pages as lists show them: by weight (pages with a weight
// first, lightest first), then newest first, then by title and ID. The
// order is total: no two pages compare equal.
func Compare(a, b *Page) int {
	if a.Weight != b.Weight {
		switch {
		case a.Weight == 0:
			return 1
		case b.Weight == 0:
			return -1
		}
		return cmp.Compare(a.Weight, b.Weight)
	}
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// Sort sorts pages with Compare.
func Sort(ps []*Page) { slices.SortFunc(ps, Compare) }

// FieldLine is the line of the front matter field key (the last one of
// that name), or or when the page has none.
func (p *Page) FieldLine(key string, or int) int {
	line := or
	for _, f := range p.Fields {
		if f.Key == key && !f.Inherited {
			line = f.Line
		}
	}
	return line
}

// MenuEntry is a page's entry in the main menu.
type MenuEntry struct {
	Name   string // "" for the page's link title
	Weight int
}

// mainMenu reads a menu field: the page's main menu entry, or nil.
func mainMenu(v any) *MenuEntry {
	switch x := v.(type) {
	case string:
		if x == "main" {
			return &MenuEntry{}
		}
	case []any:
		for _, e := range x {
			if e == "main" {
				return &MenuEntry{}
			}
		}
	case map[string]any:
		m, ok := x["main"]
		if !ok {
			return nil
		}
		e := &MenuEntry{}
		if mm, ok := m.(map[string]any); ok {
			if n, ok := mm["weight"].(int64); ok {
				e.Weight = int(n)
			}
			e.Name, _ = mm["name"].(string)
		}
		return e
	}
	return nil
}
