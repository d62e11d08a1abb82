// Package config reads site.toml, the optional settings file at the top of a
// site directory.
//
// Every setting has a default, so a site without site.toml builds. Unknown
// settings are errors that name the line and suggest the nearest known
// name: a typo in a setting that controls privacy must not pass silently.
package config

import (
	"bytes"
	"cmp"
	"errors"
	"io/fs"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	toml "github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"relais/internal/diag"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/rgaa"
)

// File is the name of the settings file in a site directory.
const File = "site.toml"

// Config holds a site's settings.
type Config struct {
	parsed atomic.Pointer[urlParts]

	Title    string `toml:"title"`
	BaseURL  string `toml:"baseURL"`
	Language string `toml:"language"`
	// Languages are the site's languages ([languages.en]): the site's own
	// (language) keeps its addresses, every other one publishes its pages
	// under /CODE/ (package page: x.en.md, or content/en/).
	Languages   map[string]Lang `toml:"languages"`
	Author      string          `toml:"author"`
	Description string          `toml:"description"`
	// Paginate is the number of pages on each page of a list.
	Paginate int `toml:"paginate"`
	// SummaryWords is the length of summaries made from a page's text.
	SummaryWords int `toml:"summaryWords"`
	// Taxonomies maps a singular name to the plural used in front matter and
	// URLs, as in Hugo: tag = "tags".
	Taxonomies map[string]string `toml:"taxonomies"`
	// Permalinks maps a section to a URL pattern such as
	// "/:section/:year/:slug/".
	Permalinks map[string]string `toml:"permalinks"`
	Params     map[string]any    `toml:"params"`
	Markdown   Markdown          `toml:"markdown"`
	Menu       []MenuEntry       `toml:"menu"`
	QuickExit  QuickExit         `toml:"quickExit"`
	Privacy    Privacy           `toml:"privacy"`
	Feeds      Feeds             `toml:"feeds"`
	Directory  Directory         `toml:"directory"`
	Agenda     Agenda            `toml:"agenda"`
	Publish    Publish           `toml:"publish"`
	Images     Images            `toml:"images"`
	Check      Check             `toml:"check"`
	Search     Search            `toml:"search"`
	Deploy     Deploy            `toml:"deploy"`
	Partners   Partners          `toml:"partners"`
	// Accessibility is the accessibility statement: the theme makes the
	// statement page and the footer's mention from it.
	Accessibility rgaa.Statement `toml:"accessibility"`

	// Warnings are what the settings hold that works but should change,
	// found when they were read, for relais check.
	Warnings diag.List `toml:"-"`
	// BaseURLLine is the line of baseURL in site.toml, 0 if not written.
	BaseURLLine int `toml:"-"`
}

// Lang is one language of a site ([languages.en] in site.toml).
type Lang struct {
	// Name is the language's name in itself (« English », « العربية »),
	// for the language switcher; by default, from the code.
	Name string `toml:"name"`
	// Direction is "rtl" or "ltr"; by default, from the code.
	Direction string `toml:"direction"`
	// Weight orders the languages in the switcher, lightest first; the
	// site's own language is always first.
	Weight int `toml:"weight"`
	// Title and Description are the site's in this language; by default
	// those of the site.
	Title       string `toml:"title"`
	Description string `toml:"description"`
	// Menu is the main menu in this language; by default, the language's
	// top-level sections.
	Menu []MenuEntry `toml:"menu"`
	// Originals puts in this language's lists the pages of the site's own
	// language that are not translated into it, marked as in that
	// language; by default its lists hold its own pages only.
	Originals bool `toml:"originals"`
}

// Deploy says where relais deploy and the editor's « Mettre en ligne »
// send the site. No password is ever written here: relais keeps it in
// the system's keychain, or reads RELAIS_DEPLOY_PASSWORD.
type Deploy struct {
	// Target is the site's folder on the server, as an address:
	// "sftp://user@host:22/www", "ftps://user@host/www" (FTP with TLS),
	// "ftp://…" (only with PlainFTP), or a folder, "file:///mnt/site".
	Target string `toml:"target"`
	// Key is an SSH private key file, for SFTP.
	Key string `toml:"key"`
	// MaxDeletions: a deploy that would delete more files than this (or
	// more than a third of the site) asks first; 50 by default.
	MaxDeletions int `toml:"maxDeletions"`
	// Parallel is how many files are sent at once; 4 by default.
	Parallel int `toml:"parallel"`
	// PlainFTP allows ftp:// without TLS: the password travels in clear.
	PlainFTP bool `toml:"plainFTP"`
	// Certificate is the FTPS server's certificate to trust when it is
	// not valid for its name: a PEM file, or its fingerprint "SHA256:…".
	Certificate string `toml:"certificate"`
	// Switch deploys by an atomic switch (SFTP only): the site's folder
	// becomes a link to a complete release, switched in one rename.
	Switch bool `toml:"switch"`
}

// Partners configures the partner area (package area): the pages that
// say access: partners, published behind a login per partner.
type Partners struct {
	// Protection is how the host keeps the area: "apache" (the default:
	// an .htaccess and its password file in the area's folder, and the
	// block of nginx.conf), "nginx" (nginx.conf only) or "encrypted"
	// (each page encrypted, opened in the browser, for hosts that cannot
	// ask for a password).
	Protection string `toml:"protection"`
	// HostRoot is the absolute path of the site's folder on the host, as
	// its panel shows it ("/home/iscg/www"): Apache finds the password
	// file by it.
	HostRoot string `toml:"hostRoot"`
	// Contact says how a partner asks for a login (an address, a phone
	// number), shown on the area's pages.
	Contact string `toml:"contact"`
	// Line is the line of [partners] in site.toml, HostRootLine of
	// hostRoot, for messages.
	Line, HostRootLine int `toml:"-"`
}

// Search configures the built-in search.
type Search struct {
	// Synonyms are groups of words or phrases that mean the same for the
	// site's readers: a query with one finds pages with the others
	// (["conjoint", "couple", "mari"]).
	Synonyms [][]string `toml:"synonyms"`
}

// Check configures what stops a build.
type Check struct {
	// Links is "error" (the default: a link to a page or anchor the site
	// does not have stops the build) or "warning", for a site being
	// moved from another tool, whose links are mended one by one.
	Links string `toml:"links"`
}

// Images configures published images.
type Images struct {
	// KeepMetadata are patterns (path.Match) of site paths ("static/
	// credits/*.jpg") or file names whose metadata is published on
	// purpose: a photo's credit. By default every image loses it.
	KeepMetadata []string `toml:"keepMetadata"`
}

// Publish lists files of content/ to publish although no page links to
// them and no kit or resource holds them.
type Publish struct {
	// Files are patterns (path.Match) of paths relative to content/, or of
	// file names: "documents/*.pdf", "*.odt".
	Files []string `toml:"files"`
	// LargeFileMB is the size above which a published file gets a warning
	// (a video in a kit weighs on every download); 50 by default.
	LargeFileMB int `toml:"largeFileMB"`
	// Scripts are patterns (path.Match) of site paths ("static/outils/*")
	// of SVG, XHTML and HTML files published with the scripts they run, on
	// purpose; any other such file with a script is an error.
	Scripts []string `toml:"scripts"`
}

// Directory configures the partner directory.
type Directory struct {
	// CSVSemicolon separates the CSV export with semicolons, as French
	// versions of Excel expect; commas by default.
	CSVSemicolon bool `toml:"csvSemicolon"`
	// VerifiedMonths is how old an entry's verification may be before a
	// warning; 12 by default.
	VerifiedMonths int `toml:"verifiedMonths"`
	// Confidential are partner types published by phone only, as shelters
	// (CHRS, hébergement) always are: no address, postcode, town, e-mail
	// or website.
	Confidential []string `toml:"confidential"`
}

// Agenda configures the workshop sessions (content/agenda/).
type Agenda struct {
	// TimeZone is the zone sessions' times are written in, an IANA name;
	// Europe/Paris by default.
	TimeZone string `toml:"timeZone"`
}

// Location is the agenda's time zone: its TimeZone, or Europe/Paris.
func (a Agenda) Location() (*time.Location, error) {
	name := a.TimeZone
	if name == "" {
		name = "Europe/Paris"
	}
	return time.LoadLocation(name)
}

// Markdown holds the Markdown settings.
type Markdown struct {
	// Unsafe lets raw HTML in Markdown through. Off by default: raw HTML
	// could load third-party content or break the Content-Security-Policy.
	Unsafe bool `toml:"unsafe"`
	// HighlightStyle is the chroma style of the generated code stylesheet.
	HighlightStyle string `toml:"highlightStyle"`
	// HeadingIDs is how heading ids are made: "github" (GitHub's and
	// Hugo's default: « Contexte général » is contexte-général) or
	// "github-ascii" (contexte-general).
	HeadingIDs string `toml:"headingIDs"`
	// FrenchTypography applies French spacing rules to French pages;
	// on by default, a pointer so that "false" can be told from unset.
	FrenchTypography *bool `toml:"frenchTypography"`
}

// MenuEntry is one link of the main navigation.
type MenuEntry struct {
	Name   string `toml:"name"`
	URL    string `toml:"url"`
	Weight int    `toml:"weight"`
}

// QuickExit configures the quick-exit button of the default theme.
type QuickExit struct {
	// Disabled turns the button off; it is on by default.
	Disabled bool `toml:"disabled"`
	// URL is the neutral page the button leaves for.
	URL string `toml:"url"`
}

// Privacy lists what may come from another origin.
type Privacy struct {
	// AllowedOrigins are origins (scheme://host[:port]) that pages may load
	// scripts, styles, fonts, images, frames or media from.
	AllowedOrigins []string `toml:"allowedOrigins"`
}

// Feeds configures the site's feeds.
type Feeds struct {
	// FullContent puts whole pages in feeds instead of summaries.
	FullContent bool `toml:"fullContent"`
	// Limit caps the number of items per feed; 0 means 20.
	Limit int `toml:"limit"`
}

// Default returns the settings of a site without site.toml.
func Default() *Config {
	c := &Config{}
	c.fill()
	return c
}

func (c *Config) fill() {
	if c.Title == "" {
		c.Title = "Site relais"
	}
	if c.Language == "" {
		c.Language = "fr"
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.Paginate <= 0 {
		c.Paginate = 10
	}
	if c.SummaryWords <= 0 {
		c.SummaryWords = 60
	}
	if c.Taxonomies == nil {
		c.Taxonomies = map[string]string{"tag": "tags"}
	}
	if c.Params == nil {
		c.Params = map[string]any{}
	}
	if c.Markdown.HeadingIDs == "" {
		c.Markdown.HeadingIDs = "github"
	}
	if c.Markdown.HighlightStyle == "" {
		c.Markdown.HighlightStyle = "github"
	}
	if c.QuickExit.URL == "" {
		c.QuickExit.URL = "https://www.meteofrance.com/"
	}
	if c.Feeds.Limit <= 0 {
		c.Feeds.Limit = 20
	}
	if c.Publish.LargeFileMB <= 0 {
		c.Publish.LargeFileMB = 50
	}
	if c.Directory.VerifiedMonths <= 0 {
		c.Directory.VerifiedMonths = 12
	}
	sort.SliceStable(c.Menu, func(i, j int) bool { return c.Menu[i].Weight < c.Menu[j].Weight })
}

// Direction is "rtl" when the site's language is written right to left
// (Arabic, Hebrew, Persian, Urdu and others), else "".
func (c *Config) Direction() string { return c.DirectionOf("") }

// DirectionOf is Direction for the language code ("" for the site's own).
func (c *Config) DirectionOf(code string) string {
	if code == "" {
		code = c.Language
	}
	if l, ok := c.Languages[strings.ToLower(code)]; ok && l.Direction != "" {
		if l.Direction == "rtl" {
			return "rtl"
		}
		return ""
	}
	base, _, _ := strings.Cut(strings.ToLower(code), "-")
	switch base {
	case "ar", "he", "fa", "ur", "ps", "yi", "ckb", "dv", "sd", "ug":
		return "rtl"
	}
	return ""
}

// Translated reports a language other than the site's own that site.toml
// declares ([languages.en]): its pages are published under /en/.
func (c *Config) Translated(code string) bool {
	code = strings.ToLower(code)
	_, ok := c.Languages[code]
	return ok && code != strings.ToLower(c.Language)
}

// Langs lists the site's languages: its own first, then the others of
// [languages] by weight, then code.
func (c *Config) Langs() []string {
	out := []string{c.Language}
	var others []string
	for code := range c.Languages {
		if c.Translated(code) {
			others = append(others, code)
		}
	}
	sort.Slice(others, func(i, j int) bool {
		a, b := c.Languages[others[i]], c.Languages[others[j]]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return others[i] < others[j]
	})
	return append(out, others...)
}

// LangCode is the code of a page's language: lang, or the site's own
// when lang is "".
func (c *Config) LangCode(lang string) string {
	if lang == "" {
		return c.Language
	}
	return lang
}

// LangName is the language's name in itself, for the switcher.
func (c *Config) LangName(code string) string {
	if l, ok := c.Languages[strings.ToLower(code)]; ok && l.Name != "" {
		return l.Name
	}
	if t, err := language.Parse(code); err == nil {
		if n := display.Self.Name(t); n != "" {
			// As a switcher's entry starts: « Français », not « français ».
			r, size := utf8.DecodeRuneInString(n)
			return string(unicode.ToUpper(r)) + n[size:]
		}
	}
	return code
}

// TitleIn and DescriptionIn are the site's title and description in a
// language ("" for the site's own).
func (c *Config) TitleIn(lang string) string {
	if l, ok := c.Languages[lang]; ok && l.Title != "" && lang != "" {
		return l.Title
	}
	return c.Title
}

func (c *Config) DescriptionIn(lang string) string {
	if l, ok := c.Languages[lang]; ok && l.Description != "" && lang != "" {
		return l.Description
	}
	return c.Description
}

// MenuIn is the main menu of site.toml in a language ("" for the site's
// own).
func (c *Config) MenuIn(lang string) []MenuEntry {
	if lang == "" {
		return c.Menu
	}
	return c.Languages[lang].Menu
}

// FrenchTypography reports whether French typography applies to the site.
func (c *Config) FrenchTypography() bool {
	if c.Markdown.FrenchTypography != nil {
		return *c.Markdown.FrenchTypography
	}
	return strings.HasPrefix(c.Language, "fr")
}

// BasePath is the path part of BaseURL, with a trailing slash: "/" or
// "/iscg/" for a site served under a sub-path.
func (c *Config) BasePath() string { return c.urlParts().path }

// SitePath is the site path of a root-relative address as the pages'
// HTML writes it, with the base path ("/iscg/x/" is "/x/"); another
// address is returned as it is.
func (c *Config) SitePath(addr string) string {
	if base := c.BasePath(); base != "/" && strings.HasPrefix(addr, base) {
		return "/" + strings.TrimPrefix(addr, base)
	}
	return addr
}

// Placeholder reports a base URL that is an example address ("https://
// example.org/", as relais init writes it, or a .example or .invalid
// domain), which a published site must not keep: it reaches canonical
// links, feeds, vCards and PDFs.
func (c *Config) Placeholder() bool {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Host == "" {
		return false
	}
	h := strings.ToLower(u.Hostname())
	switch {
	case h == "example.org", h == "example.com", h == "example.net", strings.HasSuffix(h, ".example.org"), strings.HasSuffix(h, ".example.com"),
		strings.HasSuffix(h, ".example"), strings.HasSuffix(h, ".invalid"):
		return true
	}
	return false
}

// HTTPS reports a site served over HTTPS, by its base URL.
func (c *Config) HTTPS() bool { return strings.HasPrefix(strings.ToLower(c.BaseURL), "https://") }

// urlParts are what URLs are made from, read from BaseURL once: templates
// make several URLs per page.
type urlParts struct {
	baseURL string // the BaseURL they were read from
	path    string // BasePath
	origin  string // scheme and host, "" without a host
}

func (c *Config) urlParts() *urlParts {
	if p := c.parsed.Load(); p != nil && p.baseURL == c.BaseURL {
		return p
	}
	p := &urlParts{baseURL: c.BaseURL, path: "/"}
	if u, err := url.Parse(c.BaseURL); err == nil {
		if u.Path != "" {
			p.path = u.Path
			if !strings.HasSuffix(p.path, "/") {
				p.path += "/"
			}
		}
		if u.Host != "" {
			p.origin = u.Scheme + "://" + u.Host
		}
	}
	c.parsed.Store(p)
	return p
}

// AbsURL turns a site path ("/articles/x/") into an absolute URL when the
// base URL has a host, and into a path under the base path otherwise.
func (c *Config) AbsURL(p string) string {
	rel := c.RelURL(p)
	origin := c.urlParts().origin
	if origin == "" || !strings.HasPrefix(rel, "/") {
		return rel
	}
	return origin + rel
}

// RelURL turns a site path ("/articles/x/") into a path that includes the
// base path ("/iscg/articles/x/").
func (c *Config) RelURL(p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "#") ||
		strings.HasPrefix(p, "mailto:") || strings.HasPrefix(p, "tel:") {
		return p
	}
	return strings.TrimSuffix(c.BasePath(), "/") + "/" + strings.TrimPrefix(p, "/")
}

// Load reads site.toml from fsys. A missing file gives the defaults.
func Load(fsys fs.FS) (*Config, error) {
	src, err := fs.ReadFile(fsys, File)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, diag.Errorf(File, 0, "cannot read the settings: %v", i18n.FileErr(err))
	}
	return Parse(src)
}

// Parse reads settings from the text of a site.toml.
func Parse(src []byte) (*Config, error) {
	c := &Config{}
	dec := toml.NewDecoder(bytes.NewReader(src)).DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, tomlFindings(err)
	}
	for name, plural := range c.Taxonomies {
		if name == "" || plural == "" || strings.ContainsAny(plural, "/ ") {
			return nil, diag.Errorf(File, 0, "taxonomy %q = %q is not a usable name", name, plural).
				WithHint(`write taxonomies as singular = "plural", such as theme = "themes"`)
		}
	}
	if v := c.Check.Links; v != "" && v != "error" && v != "warning" {
		return nil, diag.Errorf(File, keyLine(src, "check", "links"), "links %q is neither error nor warning", v).
			WithHint(`write links = "warning" while the site's links are being mended, or remove it`)
	}
	if h := c.Markdown.HeadingIDs; h != "" && h != "github" && h != "github-ascii" {
		return nil, diag.Errorf(File, keyLine(src, "markdown", "headingIDs"), "headingIDs %q is not a way of making heading ids", h).
			WithHint(`write headingIDs = "github" (accents kept, as GitHub and Hugo do) or "github-ascii" (accents removed)`)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" ||
		u.Scheme == "" && u.Host != "" || u.Opaque != "" {
		return nil, diag.Errorf(File, keyLine(src, "", "baseURL"), "baseURL %q is not the address of a web site", c.BaseURL).
			WithHint(`write it as "https://example.org/" or "https://example.org/sub-path/", with https:// or http://`)
	}
	if _, err := c.Agenda.Location(); err != nil {
		return nil, diag.Errorf(File, keyLine(src, "agenda", "timeZone"), "timeZone %q is not a time zone", c.Agenda.TimeZone).
			WithHint("write the zone's name, such as Europe/Paris, America/Cayenne or Indian/Reunion")
	}
	c.BaseURLLine = keyLine(src, "", "baseURL")
	if err := c.checkLanguages(src); err != nil {
		return nil, err
	}
	if err := c.Partners.check(src); err != nil {
		return nil, err
	}
	if err := c.Deploy.check(keyLine(src, "deploy", "target")); err != nil {
		return nil, err
	}
	for _, n := range positive {
		if v := n.get(c); v <= 0 && keyLine(src, n.table, n.key) > 0 && keyWritten(src, n.table, n.key) {
			return nil, diag.Errorf(File, keyLine(src, n.table, n.key), "%s = %d: it must be 1 or more", n.key, v).
				WithHint("write %s = %d, or remove the line for that default", n.key, n.def)
		}
	}
	c.fill()
	var errs diag.List
	for _, p := range c.Accessibility.Check(time.Now()) {
		f := (&diag.Finding{File: File, Line: keyLine(src, "accessibility", p.Key)}).Say("%s", p.Msg).WithHint("%s", p.Hint)
		if p.Error {
			errs.Add(f)
		} else {
			f.Severity = diag.Warning
			c.Warnings.Add(f)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// checkLanguages reads [languages]: codes, directions, and that the
// site's own language, if listed, is not given what only other languages
// take.
func (c *Config) checkLanguages(src []byte) error {
	if len(c.Languages) == 0 {
		return nil
	}
	c.Language = strings.ToLower(cmp.Or(c.Language, "fr"))
	langs := make(map[string]Lang, len(c.Languages))
	for code, l := range c.Languages {
		line := tableLine(src, "languages."+code)
		if _, err := language.Parse(code); err != nil || strings.ContainsAny(code, "/. ") || len(code) > 12 {
			return diag.Errorf(File, line, "[languages.%s]: %q is not a language code", code, code).
				WithHint("write the language's code, such as [languages.en] for English or [languages.ar] for Arabic")
		}
		if l.Direction != "" && l.Direction != "ltr" && l.Direction != "rtl" {
			return diag.Errorf(File, keyLine(src, "languages."+code, "direction"), "direction %q is neither ltr nor rtl", l.Direction).
				WithHint(`write direction = "rtl" for a language written right to left, or remove the line: relais knows it from the code`)
		}
		low := strings.ToLower(code)
		if _, dup := langs[low]; dup {
			return diag.Errorf(File, line, "the language %s is declared twice", low).WithHint("keep one [languages.%s]", low)
		}
		for _, m := range l.Menu {
			if m.Name == "" || m.URL == "" {
				return diag.Errorf(File, line, "[languages.%s]: an entry of its menu has no name or no url", code).
					WithHint("give each entry of its menu a name and a url")
			}
		}
		sort.SliceStable(l.Menu, func(i, j int) bool { return l.Menu[i].Weight < l.Menu[j].Weight })
		langs[low] = l
	}
	c.Languages = langs
	return nil
}

// check reads the deploy target, written at line.
func (d *Deploy) check(line int) error {
	if d.Target == "" {
		return nil
	}
	u, err := url.Parse(d.Target)
	hint := func(f *diag.Finding) *diag.Finding {
		return f.WithHint(`write it as target = "sftp://user@ssh.host.fr/www", "ftps://user@ftp.host.fr/www" or "file:///mnt/server/site", with the names your host's control panel gives`)
	}
	if err != nil || u.Opaque != "" {
		return hint(diag.Errorf(File, line, "target %q is not an address relais can deploy to", d.Target))
	}
	if _, set := u.User.Password(); set {
		return diag.Errorf(File, line, "target holds a password: it must never be written in site.toml, which travels with the site").
			WithHint("remove it from the address (keep user@host); relais asks for it once and keeps it in the system's keychain")
	}
	if d.Switch && u.Scheme != "sftp" {
		return diag.Errorf(File, line, "switch = true needs an SFTP target: %s cannot make a link", u.Scheme).
			WithHint("remove switch = true, or deploy by sftp:// if your host offers it")
	}
	switch u.Scheme {
	case "sftp", "ftps":
		if u.Host == "" {
			return hint(diag.Errorf(File, line, "target %q names no server", d.Target))
		}
	case "ftp":
		if !d.PlainFTP {
			return diag.Errorf(File, line, "target %q is FTP without encryption: the password would travel in clear", d.Target).
				WithHint("write ftps:// if your host offers FTP with TLS (most do), or sftp://; otherwise add plainFTP = true under [deploy], knowing the risk")
		}
	case "file":
		if u.Host != "" && u.Host != "localhost" || u.Path == "" {
			return diag.Errorf(File, line, "target %q is not a folder's address", d.Target).
				WithHint(`write a folder as "file:///mnt/server/site" (three slashes, then its full path)`)
		}
	default:
		return hint(diag.Errorf(File, line, "target %q: relais deploys by sftp://, ftps:// or to a folder (file://), not %q", d.Target, u.Scheme))
	}
	return nil
}

// positive are the whole-number settings that must be 1 or more when
// written: 0 or less would silently mean the default.
var positive = []struct {
	table, key string
	def        int
	get        func(*Config) int
}{
	{"", "paginate", 10, func(c *Config) int { return c.Paginate }},
	{"", "summaryWords", 60, func(c *Config) int { return c.SummaryWords }},
	{"feeds", "limit", 20, func(c *Config) int { return c.Feeds.Limit }},
	{"publish", "largeFileMB", 50, func(c *Config) int { return c.Publish.LargeFileMB }},
	{"directory", "verifiedMonths", 12, func(c *Config) int { return c.Directory.VerifiedMonths }},
	{"deploy", "maxDeletions", 50, func(c *Config) int { return c.Deploy.MaxDeletions }},
	{"deploy", "parallel", 4, func(c *Config) int { return c.Deploy.Parallel }},
}

// keyLine is the line of key in table of a site.toml, or of the table's
// header if the key is not there, or 0.
// check reads where [partners] is and refuses what cannot be used.
func (p *Partners) check(src []byte) error {
	p.Line, p.HostRootLine = tableLine(src, "partners"), keyLine(src, "partners", "hostRoot")
	switch p.Protection {
	case "", "apache", "nginx", "encrypted":
	default:
		return diag.Errorf(File, keyLine(src, "partners", "protection"), "protection %q is not a way of protecting the partner area", p.Protection).
			WithHint(`write protection = "apache" (most hosts), "nginx", or "encrypted" for a host that cannot ask for a password`)
	}
	if h := p.HostRoot; h != "" && (!strings.HasPrefix(h, "/") || strings.ContainsAny(h, "\"\n\r\\")) {
		return diag.Errorf(File, p.HostRootLine, "hostRoot %q is not the absolute path of a folder on the host", h).
			WithHint(`copy the path your host's panel shows for the site's folder, starting with /, such as hostRoot = "/home/iscg/www"`)
	}
	return nil
}

// tableLine is the line of [table] in src, or 0.
func tableLine(src []byte, table string) int {
	for i, line := range strings.Split(string(src), "\n") {
		// A quoted key, [languages."en us"], is the table "languages.en us".
		name := strings.ReplaceAll(strings.Trim(strings.TrimSpace(line), "[] \t"), `"`, "")
		if name == table && strings.HasPrefix(strings.TrimSpace(line), "[") {
			return i + 1
		}
	}
	return 0
}

func keyLine(src []byte, table, key string) int {
	in, header := table == "", 0
	for i, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			in = strings.Trim(t, "[] \t") == table
			if in {
				header = i + 1
			}
			continue
		}
		if in {
			if k, _, ok := strings.Cut(t, "="); ok && strings.TrimSpace(k) == key {
				return i + 1
			}
		}
	}
	return header
}

// settingKind says what kind of value the setting at key takes, and an
// example, from Config's fields.
func settingKind(key []string) (i18n.Text, string) {
	t := reflect.TypeOf(Config{})
	var ft reflect.Type
	for _, k := range key {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			break
		}
		ft = nil
		for i := range t.NumField() {
			if strings.Split(t.Field(i).Tag.Get("toml"), ",")[0] == k {
				ft = t.Field(i).Type
			}
		}
		if ft == nil {
			break
		}
		t = ft
	}
	name := key[len(key)-1]
	switch {
	case ft == nil:
		return i18n.T("another kind of value"), name + ` = "…"`
	case ft.Kind() == reflect.Int:
		return i18n.T("a whole number, without quotes"), name + " = 10"
	case ft.Kind() == reflect.Bool || ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Bool:
		return i18n.T("true or false, without quotes"), name + " = true"
	case ft.Kind() == reflect.String:
		return i18n.T("text in double quotes"), name + ` = "…"`
	case ft.Kind() == reflect.Slice:
		return i18n.T("a list between [ ]"), name + ` = ["…", "…"]`
	}
	return i18n.T("a table of settings"), "[" + name + "]"
}

// keyWritten reports whether key is written in table of a site.toml ("" for
// the top).
func keyWritten(src []byte, table, key string) bool {
	in := table == ""
	for _, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			in = strings.Trim(t, "[] \t") == table
			continue
		}
		if k, _, ok := strings.Cut(t, "="); in && ok && strings.TrimSpace(k) == key {
			return true
		}
	}
	return false
}

// knownKeys lists every setting name, read from Config's toml tags.
func knownKeys() []string {
	var keys []string
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if name := strings.Split(f.Tag.Get("toml"), ",")[0]; name != "" && name != "-" {
				keys = append(keys, name)
			}
			ft := f.Type
			for ft.Kind() == reflect.Slice || ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				add(ft)
			}
		}
	}
	add(reflect.TypeOf(Config{}))
	return keys
}

func tomlFindings(err error) error {
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) {
		var l diag.List
		for _, e := range sm.Errors {
			row, col := e.Position()
			key := e.Key()
			name := ""
			if len(key) > 0 {
				name = key[len(key)-1]
			}
			f := (&diag.Finding{File: File, Line: row, Col: col}).Say("unknown setting %s", strings.Join(key, "."))
			if near := diag.Nearest(name, knownKeys()); near != "" {
				f.WithHint("did you mean %s?", near)
			} else {
				f.WithHint("remove it, or put site-specific values under [params]")
			}
			l.Add(f)
		}
		return l
	}
	var de *toml.DecodeError
	if errors.As(err, &de) && strings.Contains(de.Error(), "cannot decode TOML") {
		// A value of the wrong kind: say which the setting takes.
		row, col := de.Position()
		key := strings.Join(de.Key(), ".")
		kind, example := settingKind(de.Key())
		return (&diag.Finding{File: File, Line: row, Col: col}).Say("%s takes %s", key, kind).WithHint("write it as %s", example)
	}
	if f := frontmatter.TOMLFinding(File, 1, err); f != nil {
		return f
	}
	return diag.Errorf(File, 0, "the settings could not be read: %v", err)
}
