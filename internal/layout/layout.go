// Package layout loads a site's templates and renders pages with them.
//
// # Files
//
// The layouts folder of a site lies over the default theme embedded in
// relais: a site overrides one file at a time, and a site without layouts
// builds with the default theme alone. In the merged folder:
//
//   - baseof.html is the page skeleton, with {{ block "main" . }} and other
//     blocks that kind templates fill with {{ define "main" }};
//   - partials/*.html are included with {{ template "partials/x.html" . }};
//   - every other .html file is a kind template, looked up by name (see
//     Lookup); a kind template that only defines blocks is rendered through
//     baseof.html, one with content of its own is rendered alone;
//   - i18n/LANG.toml hold the interface strings (see T);
//   - assets/ holds the theme's stylesheets and scripts, published under
//     /assets/; _new/ holds the templates of relais new.
//
// Each template is named by its path under layouts/ ("articles/single.html")
// and parsed on its own, so files in different folders never replace each
// other, and errors name the file and line: "layouts/single.html:12: …".
//
// # Functions
//
// Besides html/template's built-ins, templates may call:
//
//	relURL PATH        site path with the base path: "/iscg/articles/"
//	absURL PATH        absolute URL: "https://example.org/iscg/articles/"
//	T KEY [ARGS…]      interface string in the site's language, formatted
//	                   with ARGS as by fmt.Sprintf
//	date TIME          date in words: "26 novembre 2026"
//	isoDate TIME       "2026-11-26"
//	rfc3339 TIME       "2026-11-26T14:30:00+01:00"
//	safeHTML S         marks S as trusted HTML (use on trusted input only)
//	jsonld V           V as JSON for a <script type="application/ld+json">
//	plainify HTML      the text of HTML, tags removed
//	truncate N S       S cut to N characters at a word, with "…"
//	urlize S           the slug of S: "Accès aux droits" → "acces-aux-droits"
//	dict K V …         a map, to pass several values to a partial
//	slice V …          a list
//	first N LIST       the first N items of a list of pages
//	where LIST KEY V   the tables of a list from data/ whose KEY is V
//	default D V        V, or D when V is empty
//	add, sub, mul, div A B   integer arithmetic
//	seq N              1 … N
//	lower, upper S     case
//	join SEP LIST      joins the items of a list, as text
//	hasPrefix S P      strings.HasPrefix
//	param KEY          a site parameter from [params]
//	csp                the Content-Security-Policy, for a <meta>
//	typo S             S with the site's typography (French spacing)
//	tel NUMBER         a tel: link for a phone number ("116 006" → tel:116006)
//	partial NAME DATA  the partial partials/NAME rendered with DATA, as HTML
//	partialCached NAME DATA [VARIANT…]
//	                   the same, rendered once per build for each set of
//	                   VARIANTs and reused, as in Hugo: for parts that do
//	                   not depend on the page, such as a footer. DATA must
//	                   be the page (.); the first page that asks gives it.
//	                   What the partial reads of the site counts as read
//	                   by every page that uses it, so a preview rebuilds
//	                   them when that changes; what it reads of the page
//	                   does not: whatever of the page changes the output
//	                   must be among the VARIANTs (the theme's header
//	                   varies by .MenuCurrent, .MenuSection and
//	                   .IsHome). With other DATA it is partial, uncached.
package layout

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io"
	"io/fs"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"
	"unicode"
	"unicode/utf8"

	toml "github.com/pelletier/go-toml/v2"
	"golang.org/x/net/html"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/frontmatter"
	"relais/internal/headers"
	"relais/internal/i18n"
	"relais/internal/markdown"
	"relais/internal/phone"
	"relais/internal/slug"
)

// Dir is the name of the layouts folder in a site.
const Dir = "layouts"

// Base is the skeleton template.
const Base = "baseof.html"

// Sources are the files of the merged layouts folder, by path under it.
type Sources struct {
	Files  map[string][]byte
	origin map[string]string // path → file name shown in errors
	hashes map[string]uint64
}

// ReadSources merges the site's layouts folder (site, may be nil or
// missing) over the theme's.
func ReadSources(site, theme fs.FS) (*Sources, error) {
	s := &Sources{Files: map[string][]byte{}, origin: map[string]string{}, hashes: map[string]uint64{}}
	for i, fsys := range []fs.FS{theme, site} {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == "." {
					return fs.SkipAll
				}
				return err
			}
			if d.IsDir() {
				if strings.HasPrefix(d.Name(), ".") && p != "." {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			s.Files[p] = b
			h := fnv.New64a()
			h.Write(b)
			s.hashes[p] = h.Sum64() | 1
			if i == 0 {
				s.origin[p] = Dir + "/" + p + " (default theme)"
			} else {
				s.origin[p] = Dir + "/" + p
			}
			return nil
		})
		if err != nil {
			return nil, diag.Errorf(Dir, 0, "cannot read the layouts: %v", i18n.FileErr(err))
		}
	}
	return s, nil
}

// Origin names a layout file in errors.
func (s *Sources) Origin(p string) string {
	if o, ok := s.origin[p]; ok {
		return o
	}
	return Dir + "/" + p
}

// Hash returns a hash of one file, 0 if it does not exist.
func (s *Sources) Hash(p string) uint64 { return s.hashes[p] }

// TemplateHashes are the hash of each template with everything it may
// include (the shared templates and the interface strings), none 0: an
// output rendered with a template is made again when its hash changes.
func (s *Sources) TemplateHashes() map[string]uint64 {
	var shared []string
	for p := range s.Files {
		if IsShared(p) || strings.HasPrefix(p, "i18n/") {
			shared = append(shared, p)
		}
	}
	sort.Strings(shared)
	h := fnv.New64a()
	for _, k := range shared {
		fmt.Fprintf(h, "\x00%s=%d", k, s.Hash(k))
	}
	common := h.Sum64()
	out := map[string]uint64{}
	for name := range s.Files {
		if IsTemplate(name) {
			h := fnv.New64a()
			fmt.Fprintf(h, "%d\x00%d", s.Hash(name), common)
			out[name] = h.Sum64() | 1
		}
	}
	return out
}

// Set is a loaded set of templates, ready to render. It is safe for
// concurrent use.
type Set struct {
	src   *Sources
	exec  map[string]*template.Template // kind template name → set to run
	entry map[string]string             // kind template name → template to execute
	i18n  map[string]string
	// plural are the strings that change with a number, by key, then
	// by CLDR plural form ("one", "few", "other").
	plural map[string]map[string]string
	tag    language.Tag
	// missing are the keys the language's own catalogue lacks, shown
	// in another language (Missing).
	missing []string
	lang    string
	cfg     *config.Config
	base    *template.Template // the shared templates, for partial
	depth   sync.Map           // partial name → *atomic.Int64, the calls under way
	// Types are the types templates are given, by their Go name
	// ("views.PageView"), for errors about a field one lacks.
	Types map[string]DataType
	// chosen remembers the templates of pages (Choose).
	chosen sync.Map
}

// PartialCache is implemented by template data that keeps the results of
// partialCached for the length of a build. The result for a key is
// rendered once, by render with data of the cache's choosing; whatever that
// render reads counts as read by every page that uses the result.
type PartialCache interface {
	CachedPartial(key string, render func(data any) (template.HTML, error)) (template.HTML, error)
}

// MaxSeq is the longest list seq makes.
const MaxSeq = 100_000

// MaxPartialDepth is how many calls of one partial may be under way at
// once, all pages together: a partial that includes itself (directly, or
// through others) for ever reaches it at once, while a partial that
// recurses on purpose (a menu's levels) stays far below, even on many
// cores.
const MaxPartialDepth = 1000

// RecursionError stops a partial that includes itself without end. It is
// returned unwrapped through every level, so that the message is short.
type RecursionError struct {
	Chain []string // the innermost partials, outermost first
}

func (e *RecursionError) Error() string {
	return fmt.Sprintf("the partial %s includes itself without end (%s …)", e.Chain[len(e.Chain)-1],
		strings.Join(e.Chain, " → "))
}

// partial renders the partial template name ("footer.html" or
// "partials/footer.html") with data.
func (s *Set) partial(name string, data any) (template.HTML, error) {
	if !strings.HasPrefix(name, "partials/") {
		name = "partials/" + name
	}
	if s.base.Lookup(name) == nil {
		return "", i18n.Errorf("there is no partial %s in layouts/", name)
	}
	c, _ := s.depth.LoadOrStore(name, new(atomic.Int64))
	n := c.(*atomic.Int64)
	defer n.Add(-1)
	if n.Add(1) > MaxPartialDepth {
		return "", &RecursionError{Chain: []string{name}}
	}
	var b strings.Builder
	if err := s.base.ExecuteTemplate(&b, name, data); err != nil {
		var re *RecursionError
		if errors.As(err, &re) {
			if len(re.Chain) < 6 {
				re.Chain = append([]string{name}, re.Chain...)
			}
			return "", re
		}
		return "", err
	}
	return template.HTML(b.String()), nil
}

// DataSchema is the JSON Schema the theme gives for the data file name
// (data/numeros.toml is "numeros"): layouts/data/numeros.schema.json, the
// shape its templates read; nil if it gives none.
func (s *Set) DataSchema(name string) []byte { return s.src.Files["data/"+name+".schema.json"] }

// IsTemplate reports whether a path under layouts/ is a template file.
func IsTemplate(p string) bool {
	return strings.HasSuffix(p, ".html") && !strings.HasPrefix(p, "assets/") &&
		!strings.HasPrefix(p, "_new/") && !strings.HasPrefix(p, "i18n/")
}

// IsShared reports whether a template is included by others (the base and
// partials), so that a change to it concerns every page.
func IsShared(p string) bool {
	return p == Base || strings.HasPrefix(p, "partials/")
}

// Load parses every template in src for a site with cfg.
func Load(src *Sources, cfg *config.Config) (*Set, error) { return LoadIn(src, cfg, cfg.Language) }

// LoadLanguages loads, for each language of the site other than its own,
// its templates with its interface strings (LoadIn), each with types;
// a language whose catalogue lacks strings is warned about, once.
func LoadLanguages(src *Sources, cfg *config.Config, types map[string]DataType) (map[string]*Set, diag.List, error) {
	in := map[string]*Set{}
	var warnings diag.List
	for _, lang := range cfg.Langs()[1:] {
		t, err := LoadIn(src, cfg, lang)
		if err != nil {
			return nil, nil, err
		}
		t.Types = types
		in[lang] = t
		if file, keys := t.Missing(); len(keys) > 0 {
			warnings.Add(missingStrings(cfg, lang, Dir+"/"+file, keys))
		}
	}
	return in, warnings, nil
}

// missingStrings says that the catalogue of a language lacks keys.
func missingStrings(cfg *config.Config, lang, file string, keys []string) *diag.Finding {
	own, name := cfg.LangName(cfg.Language), cfg.LangName(lang)
	shown := keys
	if len(shown) > 5 {
		shown = shown[:5]
	}
	f := diag.Warnf(file, 0, "%d interface strings have no translation in %s (%s): the pages in %s show them in %s", len(keys), name, strings.Join(shown, ", "), name, own)
	return f.WithHint("copy them from layouts/i18n/%s.toml of relais's theme into %s, and translate them", strings.ToLower(cfg.Language), file)
}

// LoadIn is Load for the pages of one of the site's languages (its code):
// their interface strings and dates are in it.
func LoadIn(src *Sources, cfg *config.Config, lang string) (*Set, error) {
	s := &Set{src: src, exec: map[string]*template.Template{}, entry: map[string]string{}, cfg: cfg,
		lang: strings.ToLower(strings.SplitN(lang, "-", 2)[0])}
	if err := s.loadI18n(); err != nil {
		return nil, err
	}
	base := template.New("").Funcs(s.funcs())
	s.base = base
	var names []string
	for p := range src.Files {
		if IsTemplate(p) {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	var l diag.List
	for _, p := range names {
		if IsShared(p) {
			if _, err := base.New(p).Parse(string(src.Files[p])); err != nil {
				l.Add(s.finding(err))
			}
		}
	}
	if len(l) > 0 {
		return nil, l
	}
	s.foldT(base)
	for _, p := range names {
		if IsShared(p) {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(p).Parse(string(src.Files[p])); err != nil {
			l.Add(s.finding(err))
			continue
		}
		s.foldT(t)
		s.exec[p] = t
		s.entry[p] = p
		if own := t.Lookup(p); own.Tree == nil || blank(own.Tree.Root) {
			if t.Lookup(Base) == nil {
				l.Add(diag.Errorf(src.Origin(p), 1, "this template only defines blocks, but there is no %s to put them in", Base).
					WithHint("add layouts/%s, or give the template content of its own", Base))
				continue
			}
			s.entry[p] = Base
		}
	}
	if len(l) > 0 {
		return nil, l
	}
	return s, nil
}

// foldT replaces each {{ T "key" }} of the templates of t by the
// translation itself, as a string constant: the same text, escaped the
// same way, without a function call on every page. It runs before the
// templates are first executed (and escaped), and again when they are
// loaded again after the translations changed.
func (s *Set) foldT(t *template.Template) {
	for _, x := range t.Templates() {
		if x.Tree != nil {
			s.foldNode(x.Tree.Root)
		}
	}
}

func (s *Set) foldNode(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				s.foldNode(c)
			}
		}
	case *parse.ActionNode:
		s.foldNode(n.Pipe)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				s.foldNode(c)
			}
		}
	case *parse.CommandNode:
		if len(n.Args) == 2 {
			id, isIdent := n.Args[0].(*parse.IdentifierNode)
			key, isString := n.Args[1].(*parse.StringNode)
			if isIdent && isString && id.Ident == "T" {
				v := s.T(key.Text)
				key.Text, key.Quoted = v, strconv.Quote(v)
				n.Args = n.Args[1:]
				return
			}
		}
		for _, a := range n.Args {
			s.foldNode(a)
		}
	case *parse.IfNode:
		s.foldBranch(&n.BranchNode)
	case *parse.RangeNode:
		s.foldBranch(&n.BranchNode)
	case *parse.WithNode:
		s.foldBranch(&n.BranchNode)
	case *parse.TemplateNode:
		s.foldNode(n.Pipe)
	case *parse.ChainNode:
		s.foldNode(n.Node)
	}
}

func (s *Set) foldBranch(b *parse.BranchNode) {
	s.foldNode(b.Pipe)
	s.foldNode(b.List)
	s.foldNode(b.ElseList)
}

func blank(n *parse.ListNode) bool {
	if n == nil {
		return true
	}
	for _, c := range n.Nodes {
		t, ok := c.(*parse.TextNode)
		if !ok || len(bytes.TrimSpace(t.Text)) > 0 {
			return false
		}
	}
	return true
}

// Has reports whether a kind template exists.
func (s *Set) Has(name string) bool { _, ok := s.exec[name]; return ok }

// Lookup returns the first of names that exists, or "".
func (s *Set) Lookup(names ...string) string {
	for _, n := range names {
		if s.Has(n) {
			return n
		}
	}
	return ""
}

// Execute renders the kind template name with data.
func (s *Set) Execute(w io.Writer, name string, data any) error {
	t, ok := s.exec[name]
	if !ok {
		return diag.Errorf(Dir+"/"+name, 0, "no such layout")
	}
	if err := t.ExecuteTemplate(w, s.entry[name], data); err != nil {
		return s.finding(err)
	}
	return nil
}

var tplErr = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)
var execPrefix = regexp.MustCompile(`^executing "[^"]*" at <([^>]*)>: `)

// finding turns a template error into a file:line finding.
func (s *Set) finding(err error) *diag.Finding {
	var f *diag.Finding
	if errors.As(err, &f) {
		return f
	}
	msg := err.Error()
	m := tplErr.FindStringSubmatch(msg)
	if m == nil {
		return diag.Errorf(Dir, 0, "%s", msg)
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	text := m[4]
	f = &diag.Finding{File: s.src.Origin(m[1]), Line: line, Col: col}
	if e := cantEvaluate.FindStringSubmatch(text); e != nil {
		// A field the data does not have: a typo, most often.
		what, names := i18n.T("the data given to the template"), []string(nil)
		if t, ok := s.Types[strings.TrimPrefix(e[2], "*")]; ok {
			what, names = t.What, t.Names
		}
		f.Say("this template asks for .%s, which %s does not have", e[1], what)
		if near := diag.Nearest(e[1], names); near != "" {
			return f.WithHint("did you mean .%s?", near)
		}
		return f.WithHint("the fields a page offers are listed in the README (Templates)")
	}
	mm := execPrefix.FindStringSubmatch(text)
	var ours *i18n.Error
	if mm != nil && errors.As(err, &ours) {
		// A template function's own error, said in the reader's language.
		return f.Say("in {{ %s }}: %s", mm[1], ours.Text).
			WithHint("see the template functions in the layout package documentation (README: Templates)")
	}
	if mm != nil {
		text = "in {{ " + mm[1] + " }}: " + text[len(mm[0]):]
	}
	return f.Say("%s", strings.TrimSpace(text)).
		WithHint("see the template functions in the layout package documentation (README: Templates)")
}

// cantEvaluate is text/template's error for a field the data lacks.
var cantEvaluate = regexp.MustCompile(`can't evaluate field (\w+) in type (\S+)`)

// DataType describes a type templates are given, for the errors that
// name its fields.
type DataType struct {
	What  i18n.Text // what it is: "a page"
	Names []string  // its fields and methods
}

// loadI18n reads the interface strings: English's, then the site's own
// language's, then the pages' language's over them, so that a string a
// catalogue lacks is in the site's language (Missing says which).
func (s *Set) loadI18n() error {
	s.i18n, s.plural, s.missing = map[string]string{}, map[string]map[string]string{}, nil
	s.tag, _ = language.Parse(s.lang)
	own := strings.ToLower(strings.SplitN(s.cfg.Language, "-", 2)[0])
	var mine map[string]bool
	for _, lang := range []string{"en", own, s.lang} {
		p := "i18n/" + lang + ".toml"
		b, ok := s.src.Files[p]
		if lang == s.lang {
			mine = map[string]bool{}
		}
		if !ok {
			continue
		}
		var m map[string]any
		if err := toml.Unmarshal(b, &m); err != nil {
			if f := frontmatter.TOMLFinding(s.src.Origin(p), 1, err); f != nil {
				return f
			}
			return diag.Errorf(s.src.Origin(p), 0, "not valid TOML: %v", err)
		}
		for k, v := range m {
			if mine != nil {
				mine[k] = true
			}
			switch x := v.(type) {
			case string:
				s.i18n[k] = x
				delete(s.plural, k)
			case []any:
				for i, e := range x {
					s.i18n[k+"."+strconv.Itoa(i)] = fmt.Sprint(e)
				}
			case map[string]any:
				// A string by plural form: [pageCount] one = "%d page".
				forms := map[string]string{}
				for form, e := range x {
					forms[form] = fmt.Sprint(e)
				}
				s.plural[k] = forms
				s.i18n[k] = cmp.Or(forms["other"], fmt.Sprint(x))
			}
		}
	}
	for k := range s.i18n {
		if base, _, _ := strings.Cut(k, "."); !mine[k] && !mine[base] {
			s.missing = append(s.missing, k)
		}
	}
	sort.Strings(s.missing)
	return nil
}

// Missing are the keys of the interface strings that the catalogue of
// the templates' language (i18n/LANG.toml) lacks: they are shown in the
// site's own language, or else in English.
func (s *Set) Missing() (catalogue string, keys []string) {
	return "i18n/" + s.lang + ".toml", s.missing
}

// T returns the interface string key, formatted with args.
func (s *Set) T(key string, args ...any) string {
	v, ok := s.i18n[key]
	if !ok {
		// A taxonomy the strings do not name (a site's own, such as
		// categories): its plural, capitalised, rather than the key.
		if name, found := strings.CutPrefix(key, "taxonomyTitle."); found {
			return capitalised(name)
		}
		if name, found := strings.CutPrefix(key, "taxonomy."); found {
			if strings.HasPrefix(s.lang, "fr") {
				return capitalised(name) + "\u00a0:"
			}
			return capitalised(name) + ":"
		}
		return key
	}
	if forms, ok := s.plural[key]; ok && len(args) > 0 {
		// The form the number takes in the language (CLDR's rules:
		// Arabic has six, French puts 0 and 1 in « one »).
		if n, ok := asInt(args[0]); ok {
			form := pluralForms[plural.Cardinal.MatchPlural(s.tag, n, 0, 0, 0, 0)]
			if f, ok := forms[form]; ok {
				v = f
			}
		}
	}
	if len(args) > 0 && strings.Contains(v, "%") {
		return fmt.Sprintf(v, args...)
	}
	return v
}

// pluralForms are the names of CLDR's plural forms, as catalogues write
// them.
var pluralForms = map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many"}

// asInt is a template's number as an int.
func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	case uint:
		return int(n), true
	case float64:
		return int(n), n == float64(int(n))
	}
	return 0, false
}

// capitalised is a name with a capital and spaces: "mots-cles" is
// "Mots cles".
func capitalised(name string) string {
	name = strings.ReplaceAll(strings.ReplaceAll(name, "-", " "), "_", " ")
	r := []rune(name)
	if len(r) == 0 {
		return name
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// Date formats t in words in the site's language: "26 novembre 2026".
func (s *Set) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	month := s.T("months." + strconv.Itoa(int(t.Month())-1))
	if s.lang == "en" {
		return fmt.Sprintf("%s %d, %d", month, t.Day(), t.Year())
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 && s.lang == "fr" {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, month, t.Year())
}

func (s *Set) funcs() template.FuncMap {
	return template.FuncMap{
		"partial": s.partial,
		// partialCached renders a partial once per build for each set of
		// variants, for parts of a page that do not depend on the page
		// (a footer): the first page's data is the one used.
		"partialCached": func(name string, data any, variants ...any) (template.HTML, error) {
			c, ok := data.(PartialCache)
			if !ok {
				return s.partial(name, data)
			}
			key := name
			for _, v := range variants {
				switch v := v.(type) {
				case string:
					key += "\x00" + v
				case bool:
					key += "\x00" + strconv.FormatBool(v)
				default:
					key += "\x00" + fmt.Sprint(v)
				}
			}
			return c.CachedPartial(key, func(d any) (template.HTML, error) { return s.partial(name, d) })
		},
		"relURL":  func(p string) string { return s.cfg.RelURL(p) },
		"absURL":  func(p string) string { return s.cfg.AbsURL(p) },
		"T":       s.T,
		"date":    s.Date,
		"isoDate": func(t time.Time) string { return t.Format("2006-01-02") },
		"rfc3339": func(t time.Time) string { return t.Format(time.RFC3339) },
		"safeHTML": func(v any) template.HTML {
			return template.HTML(fmt.Sprint(v))
		},
		"jsonld": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
		"plainify": Plainify,
		"truncate": Truncate,
		"urlize":   slug.Make,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, errors.New("dict needs pairs of key and value")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, i18n.Errorf("dict keys must be text, not %v", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"slice": func(v ...any) []any { return v },
		"first": first,
		"where": where,
		"default": func(d, v any) any {
			if isEmpty(v) {
				return d
			}
			return v
		},
		"add": func(a, b int) int { return a + b },
		"sub": func(a, b int) int { return a - b },
		"mul": func(a, b int) int { return a * b },
		"div": func(a, b int) (int, error) {
			if b == 0 {
				return 0, errors.New("division by zero")
			}
			return a / b, nil
		},
		"seq": func(n int) ([]int, error) {
			if n > MaxSeq {
				return nil, i18n.Errorf("seq %d: a list of more than %d numbers is surely a mistake; use a smaller number", n, MaxSeq)
			}
			out := make([]int, 0, max(n, 0))
			for i := 1; i <= n; i++ {
				out = append(out, i)
			}
			return out, nil
		},
		"lower": strings.ToLower,
		"upper": strings.ToUpper,
		"join": func(sep string, list any) (string, error) {
			v := reflect.ValueOf(list)
			if list == nil {
				return "", nil
			}
			if v.Kind() != reflect.Slice {
				return "", i18n.Errorf("join needs a list, not %T", list)
			}
			parts := make([]string, v.Len())
			for i := range parts {
				parts[i] = fmt.Sprint(v.Index(i).Interface())
			}
			return strings.Join(parts, sep), nil
		},
		"hasPrefix": strings.HasPrefix,
		"param":     func(k string) any { return s.cfg.Params[k] },
		"csp":       func() string { return headers.Policy },
		"typo": func(v any) string {
			if !s.cfg.FrenchTypography() || !strings.HasPrefix(s.lang, "fr") && !strings.HasPrefix(strings.ToLower(s.cfg.Language), s.lang) {
				return fmt.Sprint(v)
			}
			return markdown.French(fmt.Sprint(v), 0, "")
		},
		// tel makes a number's tel: link as the directory does (E.164 for
		// a French number, the digits for a short one such as 3919).
		"tel": func(number any) template.URL {
			if p, err := phone.Parse(fmt.Sprint(number)); err == nil {
				return template.URL(p.Tel())
			}
			var b strings.Builder
			for _, r := range fmt.Sprint(number) {
				if r == '+' && b.Len() == 0 || r >= '0' && r <= '9' {
					b.WriteRune(r)
				}
			}
			return template.URL("tel:" + b.String())
		},
	}
}

func first(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return nil, i18n.Errorf("first needs a list, not %T", list)
	}
	if n < v.Len() {
		return v.Slice(0, max(n, 0)).Interface(), nil
	}
	return list, nil
}

// where keeps the elements of list (tables of data/, by their keys) whose
// key holds val: where .numeros "urgent" true.
func where(list any, key string, val any) ([]any, error) {
	v := reflect.ValueOf(list)
	if list == nil {
		return nil, nil
	}
	if v.Kind() != reflect.Slice {
		return nil, i18n.Errorf("where needs a list, not %T", list)
	}
	var out []any
	for i := range v.Len() {
		el := v.Index(i).Interface()
		if m, ok := el.(map[string]any); ok && fmt.Sprint(m[key]) == fmt.Sprint(val) && m[key] != nil {
			out = append(out, el)
		}
	}
	return out, nil
}

func isEmpty(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return rv.Len() == 0
	case reflect.Bool:
		return !rv.Bool()
	case reflect.Int, reflect.Int64, reflect.Int32:
		return rv.Int() == 0
	case reflect.Pointer, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// Plainify returns the text of an HTML fragment.
func Plainify(v any) string {
	var src string
	switch x := v.(type) {
	case template.HTML:
		src = string(x)
	default:
		src = fmt.Sprint(v)
	}
	z := html.NewTokenizer(strings.NewReader(src))
	out := make([]byte, 0, len(src))
	space := false // a space is owed before the next word
	for {
		switch z.Next() {
		case html.ErrorToken:
			return string(out)
		case html.TextToken:
			// The words, separated by single spaces, as
			// strings.Join(strings.Fields(text), " ") would give.
			text := z.Text()
			for i := 0; i < len(text); {
				size := 1
				isSpace := false
				if c := text[i]; c < utf8.RuneSelf {
					isSpace = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
				} else {
					var r rune
					r, size = utf8.DecodeRune(text[i:])
					isSpace = unicode.IsSpace(r)
				}
				if isSpace {
					space = true
				} else {
					if space && len(out) > 0 {
						out = append(out, ' ')
					}
					space = false
					out = append(out, text[i:i+size]...)
				}
				i += size
			}
		case html.StartTagToken, html.EndTagToken:
			space = true
		}
	}
}

// Truncate cuts s to at most n characters, at a word boundary, adding "…".
// A negative n is an error.
func Truncate(n int, s string) (string, error) {
	if n < 0 {
		return "", i18n.Errorf("truncate %d: the length must be 0 or more", n)
	}
	r := []rune(s)
	if len(r) <= n {
		return s, nil
	}
	cut := n
	for cut > 0 && !unicode.IsSpace(r[cut]) {
		cut--
	}
	if cut == 0 {
		cut = n
	}
	return strings.TrimRightFunc(string(r[:cut]), func(c rune) bool {
		return unicode.IsSpace(c) || unicode.IsPunct(c)
	}) + "…", nil
}
