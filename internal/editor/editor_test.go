package editor

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"relais"
	"relais/internal/builtin"
	"relais/internal/diag"
	"relais/internal/extension"
	"relais/internal/extension/exttest"
	"relais/internal/i18n"
	"relais/internal/imagemeta"
	"relais/internal/imagemeta/imagetest"
	"relais/internal/scaffold"
	"relais/internal/site"
	"relais/internal/testsite"
)

// direct is the editor's view of a site built once, asked directly (a
// test has no serving loop).
type direct struct {
	s    *site.Site
	res  site.Result
	err  error
	dest string // the output folder
	dir  string // the site
	t    *testing.T
	// exts are the site's kinds of content; nil: relais's own.
	exts []extension.Extension
}

func (d *direct) Try(file string, src []byte) ([]byte, diag.List) { return d.s.Try(file, src) }
func (d *direct) Findings(file string) diag.List {
	var out diag.List
	for _, f := range d.res.Warnings {
		if f.File == file {
			out = append(out, f)
		}
	}
	return out
}
func (d *direct) Entries() ([]Entry, bool) {
	var out []Entry
	for _, c := range d.s.Contents() {
		en := Entry{File: c.File, Title: c.Title, Date: c.Date, Draft: c.Draft, Private: c.Private, Partners: c.Partners, Sheet: c.Sheet, URL: c.URL,
			Lang: c.Lang, TransKey: c.TransKey}
		for _, f := range d.Findings(c.File) {
			if f.Severity == diag.Error {
				en.Errors++
			} else {
				en.Warnings++
			}
		}
		out = append(out, en)
	}
	return out, true
}
func (d *direct) PageURL(file string) string        { return d.s.PageURL(file) }
func (d *direct) PagePath(file string) string       { return d.s.PagePath(file) }
func (d *direct) Rows(file string) []string         { return d.s.Rows(file) }
func (d *direct) Terms() map[string][]string        { return d.s.Terms() }
func (d *direct) TaxonomyTitles() map[string]string { return d.s.TaxonomyTitles() }
func (d *direct) Confidential() []string            { return d.s.Confidential() }
func (d *direct) Languages() []Language {
	var out []Language
	for _, lg := range d.s.Languages() {
		out = append(out, Language{Code: lg.Code, Name: lg.Name, Own: lg.Own})
	}
	return out
}
func (d *direct) Registry() *extension.Registry    { return d.s.Registry() }
func (d *direct) rebuild(t *testing.T, dir string) { t.Helper(); d.build(t, dir) }

// Settle builds the site again at once, as the preview does after a save.
func (d *direct) Settle(file string, _ time.Time) (diag.List, bool) {
	d.build(d.t, d.dir)
	var out diag.List
	var l diag.List
	if errors.As(d.err, &l) {
		for _, f := range l.Errors() {
			if f.File == file || strings.Contains(f.Msg, file) {
				out = append(out, f)
			}
		}
	}
	return out, true
}
func (d *direct) build(t *testing.T, dir string) {
	t.Helper()
	d.dest, d.dir, d.t = filepath.Join(t.TempDir(), "public"), dir, t
	exts := d.exts
	if exts == nil {
		exts = builtin.Extensions()
	}
	d.s = site.New(site.Options{Extensions: exts, Source: os.DirFS(dir), Theme: relais.Theme(), Dest: d.dest,
		Now: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)})
	t.Cleanup(func() { d.s.Close() })
	d.res, d.err = d.s.Build(context.Background())
}

// kitIndex is a kit's index.md that builds.
const kitIndex = `---
title: "Réseaux sociaux"
date: 2026-11-20
# La version monte à chaque changement.
version: "1.0"
auteurs: ["L’intervenante sociale"]
licence: "CC BY-SA 4.0"
public: "Adolescents"
ages: 12-17
participants: "6 à 10"
duree: 30 min
objectifs_generaux:
  - "Savoir qui appeler"
sequence:
  - {titre: "Accueil", duree: 10 min}
  - {titre: "Échange", duree: 20 min, methode: "Tour de table"}
---

Présentation.
`

var files = map[string]string{
	"site.toml":                     "title = \"Essai\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n",
	"content/_index.md":             "---\ntitle: Accueil\n---\nBienvenue.\n",
	"content/articles/_index.md":    "---\ntitle: Articles\n---\n",
	"content/articles/premier.md":   "---\n# Écrit à la main.\ntitle: Premier article\ndate: 2026-11-01\ntags: [droits]\nslug: premier\nweight: 3\n---\n\nLe texte,   tel quel.  \n\n## Suite\n",
	"content/articles/windows.md":   "---\r\ntitle: \"Écrit sous Windows\"\r\ndate: 2026-11-02\r\n---\r\nLigne un.\r\nLigne deux.\r\n",
	"content/ateliers/_index.md":    "---\ntitle: Ateliers\n---\n",
	"content/ateliers/kit/index.md": kitIndex,
	"content/partenaires/_index.md": "---\ntitle: Partenaires\n---\n",
	"content/partenaires/abri.md":   "---\ntitle: Abri\ntype: CHRS\ntelephone: \"04 00 00 00 03\"\nverifie: 2026-11-01\n---\nAccueil d’urgence.\n",
	"content/partenaires/liste.csv": "nom,type,telephone,verifie\nCIDFF,CIDFF,04 00 00 00 01,2026-11-01\n",
}

// setup writes files into a site folder and serves its editor.
func setup(t *testing.T, files map[string]string) (dir string, srv *httptest.Server, ed *Editor, d *direct) {
	t.Helper()
	return setupWith(t, files, nil)
}

// setupWith is setup for a site with the kinds of content exts.
func setupWith(t *testing.T, files map[string]string, exts []extension.Extension) (dir string, srv *httptest.Server, ed *Editor, d *direct) {
	t.Helper()
	dir = testsite.New(t, files)
	d = &direct{exts: exts}
	d.build(t, dir)
	if d.err != nil {
		t.Fatalf("the test site does not build: %v", d.err)
	}
	ed, err := New(Config{Dir: dir, Site: d, Lang: i18n.English, Templates: scaffold.Templates{Theme: relais.Theme()},
		Now: func() time.Time { return time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	srv = httptest.NewServer(ed)
	t.Cleanup(srv.Close)
	return dir, srv, ed, d
}

// client posts as the editor's own page does, and never follows
// redirects (a test reads where they go).
type client struct {
	t      *testing.T
	srv    *httptest.Server
	token  string
	origin string
}

func newClient(t *testing.T, srv *httptest.Server, ed *Editor) *client {
	return &client{t: t, srv: srv, token: ed.Token(), origin: srv.URL}
}

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cl.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *client) get(p string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.srv.URL+Prefix+p, nil)
	return c.do(req)
}

func (c *client) post(p string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	if c.token != "" {
		form.Set("token", c.token)
	}
	req, _ := http.NewRequest("POST", c.srv.URL+Prefix+p, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if c.origin != "" {
		req.Header.Set("Origin", c.origin)
	}
	return c.do(req)
}

// formOf reads the form of the edit page as a browser would submit it:
// its inputs, checked boxes, selected options and textareas (a textarea's
// first newline dropped, as HTML says).
func formOf(t *testing.T, page string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var form *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" && attr(n, "id") == "edit" {
			form = n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("no form in\n%s", page)
	}
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := attr(n, "name")
			switch n.Data {
			case "input":
				switch attr(n, "type") {
				case "checkbox", "radio":
					if has(n, "checked") && name != "" {
						v.Add(name, attr(n, "value"))
					}
				case "submit", "button", "file":
				default:
					if name != "" {
						v.Add(name, attr(n, "value"))
					}
				}
			case "textarea":
				var b strings.Builder
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					b.WriteString(c.Data)
				}
				if name != "" {
					v.Add(name, strings.ReplaceAll(b.String(), "\n", "\r\n")) // as browsers send it
				}
			case "select":
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if o.Type == html.ElementNode && o.Data == "option" && has(o, "selected") && name != "" {
						v.Add(name, attr(o, "value"))
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func has(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func read(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestUnchangedFormChangesNothing: every page of the test site and of
// the project's own site, opened and saved as it is, stays byte for byte
// what it was: the form writes only what she changed.
func TestUnchangedFormChangesNothing(t *testing.T) {
	own := map[string]string{}
	root := filepath.Join("..", "..")
	for _, top := range []string{"site.toml", "content"} {
		_ = filepath.WalkDir(filepath.Join(root, top), func(p string, de os.DirEntry, err error) error {
			if err != nil || de.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			own[filepath.ToSlash(rel)] = string(b)
			return err
		})
	}
	for name, fs := range map[string]map[string]string{"test site": files, "own site": own} {
		t.Run(name, func(t *testing.T) {
			dir, srv, ed, _ := setup(t, fs)
			c := newClient(t, srv, ed)
			n := 0
			for file, before := range fs {
				if !editable(file) {
					continue
				}
				res, page := c.get("page?f=" + url.QueryEscape(file))
				if res.StatusCode != 200 {
					t.Fatalf("%s: %d\n%s", file, res.StatusCode, page)
				}
				form := formOf(t, page)
				form.Set("action", "save")
				res, body := c.post("save", form)
				if res.StatusCode != http.StatusSeeOther {
					t.Errorf("%s: saved as it is: %d\n%s", file, res.StatusCode, body)
					continue
				}
				if after := read(t, dir, file); after != before {
					t.Errorf("%s changed:\n%q\n→\n%q", file, before, after)
				}
				n++
			}
			if n < 5 {
				t.Fatalf("only %d pages tried", n)
			}
		})
	}
}

// TestSave: what she changes in the form is written, and nothing else.
func TestSave(t *testing.T) {
	tests := []struct {
		name, file string
		edit       func(v url.Values)
		want       string
	}{
		{"the title, the comment and other fields kept", "content/articles/premier.md",
			func(v url.Values) { v.Set("f:title", "Un « titre » revu") },
			"---\n# Écrit à la main.\ntitle: \"Un « titre » revu\"\ndate: 2026-11-01\ntags: [droits]\nslug: premier\nweight: 3\n---\n\nLe texte,   tel quel.  \n\n## Suite\n"},
		{"a tag added, the text changed", "content/articles/premier.md",
			func(v url.Values) {
				v.Set("f:tags+", "famille, droits")
				v.Set("body", "Nouveau texte.\r\n")
			},
			"---\n# Écrit à la main.\ntitle: Premier article\ndate: 2026-11-01\ntags: [\"droits\", \"famille\"]\nslug: premier\nweight: 3\n---\nNouveau texte.\n"},
		{"Windows line ends kept", "content/articles/windows.md",
			func(v url.Values) { v.Set("f:summary", "Court."); v.Set("body", "Ligne un.\r\nLigne trois.\r\n") },
			"---\r\ntitle: \"Écrit sous Windows\"\r\ndate: 2026-11-02\r\nsummary: \"Court.\"\r\n---\r\nLigne un.\r\nLigne trois.\r\n"},
		{"a step's duration and a new step", "content/ateliers/kit/index.md",
			func(v url.Values) {
				v["f:sequence.duree"][1] = "15 min"
				v["f:sequence.titre"][2] = "Bilan"
				v["f:sequence.duree"][2] = "5 min"
			},
			strings.Replace(kitIndex, "sequence:\n  - {titre: \"Accueil\", duree: 10 min}\n  - {titre: \"Échange\", duree: 20 min, methode: \"Tour de table\"}\n",
				"sequence:\n  - {titre: \"Accueil\", duree: \"10 min\"}\n  - {titre: \"Échange\", duree: \"15 min\", methode: \"Tour de table\"}\n  - {titre: \"Bilan\", duree: \"5 min\"}\n", 1)},
		{"the draft box", "content/articles/premier.md",
			func(v url.Values) { v.Set("f:draft", "true") },
			"---\n# Écrit à la main.\ntitle: Premier article\ndate: 2026-11-01\ntags: [droits]\nslug: premier\nweight: 3\ndraft: true\n---\n\nLe texte,   tel quel.  \n\n## Suite\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, srv, ed, _ := setup(t, files)
			c := newClient(t, srv, ed)
			_, page := c.get("page?f=" + url.QueryEscape(tt.file))
			form := formOf(t, page)
			tt.edit(form)
			form.Set("action", "save")
			res, body := c.post("save", form)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%d\n%s", res.StatusCode, body)
			}
			if got := read(t, dir, tt.file); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			if ents, _ := os.ReadDir(filepath.Dir(filepath.Join(dir, tt.file))); len(ents) > 0 {
				for _, e := range ents {
					if strings.HasPrefix(e.Name(), ".") {
						t.Errorf("a temporary file is left: %s", e.Name())
					}
				}
			}
		})
	}
}

// TestSaveChecks: a page the build would refuse is not saved, and says
// why beside the field; as a draft it is.
func TestSaveChecks(t *testing.T) {
	tests := []struct {
		name, file string
		edit       func(v url.Values)
		says       string
	}{
		{"a kit without its version", "content/ateliers/kit/index.md",
			func(v url.Values) { v.Set("f:version", "") }, "the kit has no version"},
		{"a shelter's address", "content/partenaires/abri.md",
			func(v url.Values) { v.Set("f:adresse", "3 rue Cachée") }, "its address must never be"},
		{"a bad duration", "content/ateliers/kit/index.md",
			func(v url.Values) { v.Set("f:duree", "deux heures") }, "is not a duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, srv, ed, _ := setup(t, files)
			c := newClient(t, srv, ed)
			before := read(t, dir, tt.file)
			_, page := c.get("page?f=" + url.QueryEscape(tt.file))
			form := formOf(t, page)
			tt.edit(form)
			form.Set("action", "save")
			res, body := c.post("save", form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("saved (%d)", res.StatusCode)
			}
			if read(t, dir, tt.file) != before {
				t.Error("the file changed")
			}
			if !strings.Contains(html.UnescapeString(body), tt.says) || !strings.Contains(body, `class="field-findings"`) {
				t.Errorf("the form does not say %q beside the field:\n%s", tt.says, body)
			}
			// The form it shows again keeps what she typed.
			again := formOf(t, body)
			again.Set("action", "draft")
			res, body = c.post("save", again)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("not saved as a draft (%d)\n%s", res.StatusCode, body)
			}
			if got := read(t, dir, tt.file); !strings.Contains(got, "\ndraft: true\n") {
				t.Errorf("saved without draft: true:\n%s", got)
			}
		})
	}
}

// TestConflict: a file changed on disk since the form was opened is not
// overwritten; both versions are shown, and she chooses.
func TestConflict(t *testing.T) {
	dir, srv, ed, _ := setup(t, files)
	c := newClient(t, srv, ed)
	file := "content/articles/premier.md"
	_, page := c.get("page?f=" + url.QueryEscape(file))
	form := formOf(t, page)
	theirs := strings.Replace(read(t, dir, file), "Le texte", "Le texte changé par Nextcloud", 1)
	testsite.Write(t, dir, map[string]string{file: theirs})
	form.Set("f:title", "Mon titre")
	form.Set("action", "save")
	res, body := c.post("save", form)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("status %d, want 409", res.StatusCode)
	}
	if read(t, dir, file) != theirs {
		t.Fatal("the version on disk was overwritten")
	}
	text := html.UnescapeString(body)
	if !strings.Contains(text, "changé par Nextcloud") || !strings.Contains(text, "Mon titre") {
		t.Errorf("both versions are not shown:\n%s", body)
	}
	// She keeps hers.
	doc, _ := html.Parse(strings.NewReader(body))
	mine := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "input" && attr(n, "type") == "hidden" {
			mine.Set(attr(n, "name"), attr(n, "value"))
		}
		if n.Type == html.ElementNode && n.Data == "textarea" && attr(n, "name") == "src" {
			mine.Set("src", strings.TrimPrefix(n.FirstChild.Data, "\n"))
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	res, body = c.post("save", mine)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	if got := read(t, dir, file); !strings.Contains(got, `title: "Mon titre"`) || strings.Contains(got, "Nextcloud") {
		t.Errorf("her version is not saved:\n%s", got)
	}
}

// TestMergeChoices: after a change on disk (another program changed the
// text, she the title), the conflict screen lists each difference and
// proposes to keep both changes; sent as proposed, the file holds both.
// If the disk changes again before she chooses, nothing is written and
// she chooses again against the new version.
func TestMergeChoices(t *testing.T) {
	dir, srv, ed, _ := setup(t, files)
	c := newClient(t, srv, ed)
	file := "content/articles/premier.md"
	_, page := c.get("page?f=" + url.QueryEscape(file))
	form := formOf(t, page)
	theirs := strings.Replace(read(t, dir, file), "Le texte,", "Le texte changé par Nextcloud,", 1)
	testsite.Write(t, dir, map[string]string{file: theirs})
	form.Set("f:title", "Mon titre")
	form.Set("action", "save")
	res, body := c.post("save", form)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("status %d, want 409", res.StatusCode)
	}
	text := html.UnescapeString(body)
	for _, w := range []string{"2 differences between the two versions", "Difference 1 of 2, at line 3", "Difference 2 of 2, at line 10",
		"Only you changed these lines", "Only the other program changed these lines"} {
		if !strings.Contains(text, w) {
			t.Errorf("the conflict screen lacks %q:\n%s", w, body)
		}
	}
	choice := mergeForm(t, body)
	if choice.Get("d1") != "mine" || choice.Get("d2") != "disk" {
		t.Errorf("proposed: title %q, text %q; want mine, disk", choice.Get("d1"), choice.Get("d2"))
	}

	// The disk changes again: nothing written, the choice asked again.
	again := strings.Replace(theirs, "## Suite", "## Suite et fin", 1)
	testsite.Write(t, dir, map[string]string{file: again})
	res, body = c.post("save", choice)
	if res.StatusCode != http.StatusConflict || read(t, dir, file) != again {
		t.Fatalf("a second change on disk: status %d, file:\n%s", res.StatusCode, read(t, dir, file))
	}
	if text := html.UnescapeString(body); !strings.Contains(text, "3 differences") {
		t.Errorf("the new conflict does not show the new difference:\n%s", body)
	}
	choice = mergeForm(t, body)
	if got := choice.Get("d1") + "," + choice.Get("d2") + "," + choice.Get("d3"); got != "mine,disk,disk" {
		t.Errorf("proposed the second time: %s", got)
	}
	res, body = c.post("save", choice)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	got := read(t, dir, file)
	for _, w := range []string{`title: "Mon titre"`, "Le texte changé par Nextcloud,", "## Suite et fin", "# Écrit à la main."} {
		if !strings.Contains(got, w) {
			t.Errorf("the merged file lacks %q:\n%s", w, got)
		}
	}
}

// mergeForm is what the conflict screen's form sends as it is: its hidden
// fields and checked choices.
func mergeForm(t *testing.T, page string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var found url.Values
	var walk func(n *html.Node, in url.Values)
	walk = func(n *html.Node, in url.Values) {
		if n.Type == html.ElementNode && n.Data == "form" {
			in = url.Values{}
			if attr(n, "class") == "merge" {
				found = in
			}
		}
		if in != nil && n.Type == html.ElementNode && n.Data == "input" {
			switch attr(n, "type") {
			case "hidden":
				in.Set(attr(n, "name"), attr(n, "value"))
			case "radio":
				for _, a := range n.Attr {
					if a.Key == "checked" {
						in.Set(attr(n, "name"), attr(n, "value"))
					}
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch, in)
		}
	}
	walk(doc, nil)
	if found == nil {
		t.Fatalf("no merge form:\n%s", page)
	}
	return found
}

// TestProposed: what the conflict screen proposes, knowing the version
// the form was made from.
func TestProposed(t *testing.T) {
	const base = "a\nb\nc\nd\ne\n"
	for _, tc := range []struct {
		name, disk, mine, base string
		want                   string // the choices, in order
	}{
		{"each changed a line", "a\nB\nc\nd\ne\n", "a\nb\nc\nD\ne\n", base, "disk,mine"},
		{"the disk added a line", "a\nb\nc\nd\ne\nf\n", base, base, "disk"},
		{"she removed a line", base, "a\nc\nd\ne\n", base, "mine"},
		{"both added lines at one place", "a\nb\nx\nc\nd\ne\n", "a\nb\ny\nc\nd\ne\n", base, "both"},
		{"both changed one line", "a\nB\nc\nd\ne\n", "a\nβ\nc\nd\ne\n", base, "mine"},
		{"the version unknown", "a\nB\nc\nd\ne\n", "a\nb\nc\nD\ne\n", "", "mine,mine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, d := range proposed(tc.disk, tc.mine, tc.base) {
				got = append(got, d.Choice)
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("proposed %v, want %s", got, tc.want)
			}
		})
	}
}

// TestMerged: what each choice keeps, difference by difference.
func TestMerged(t *testing.T) {
	const disk = "a\nb\nc\nd\n"
	for _, tc := range []struct {
		name, mine string
		choices    map[string]string
		want       string
	}{
		{"hers by default", "a\nB\nc\nd\n", nil, "a\nB\nc\nd\n"},
		{"the disk's", "a\nB\nc\nd\n", map[string]string{"d1": "disk"}, disk},
		{"both", "a\nB\nc\nd\n", map[string]string{"d1": "both"}, "a\nb\nB\nc\nd\n"},
		{"one of each", "A\nb\nc\nD\n", map[string]string{"d1": "disk", "d2": "mine"}, "a\nb\nc\nD\n"},
		{"a line she removed, kept", "a\nc\nd\n", map[string]string{"d1": "disk"}, disk},
		{"a line she added, both", "a\nb\nx\nc\nd\n", map[string]string{"d1": "both"}, "a\nb\nx\nc\nd\n"},
		{"no final newline", "a\nb\nc\nd", map[string]string{"d1": "both"}, "a\nb\nc\nd\nd"},
		{"a choice unknown is hers", "a\nB\nc\nd\n", map[string]string{"d1": "<script>"}, "a\nB\nc\nd\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{}
			for k, v := range tc.choices {
				form.Set(k, v)
			}
			got, err := merged(disk, tc.mine, form)
			if err != nil || got != tc.want {
				t.Errorf("merged = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestForgery: a change that does not come from the editor's own page
// (no token, another site's Origin, none) is refused and writes nothing.
func TestForgery(t *testing.T) {
	dir, srv, ed, _ := setup(t, files)
	file := "content/articles/premier.md"
	before := read(t, dir, file)
	good := newClient(t, srv, ed)
	_, page := good.get("page?f=" + url.QueryEscape(file))
	form := formOf(t, page)
	form.Set("f:title", "Piraté")
	form.Set("action", "save")
	// A page that hides its origin, from another site.
	req, _ := http.NewRequest("POST", srv.URL+Prefix+"save", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "null")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res, _ := good.do(req); res.StatusCode != http.StatusForbidden {
		t.Errorf("Origin null from another site: %d", res.StatusCode)
	}
	for _, c := range []*client{
		{t: t, srv: srv, token: "", origin: srv.URL},
		{t: t, srv: srv, token: "0000", origin: srv.URL},
		{t: t, srv: srv, token: ed.Token(), origin: "http://evil.example"},
		{t: t, srv: srv, token: ed.Token(), origin: ""},
	} {
		f := url.Values{}
		for k, v := range form {
			if k != "token" {
				f[k] = v
			}
		}
		for _, p := range []string{"save", "delete", "new", "empty", "upload"} {
			if res, _ := c.post(p, f); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s with token %q and Origin %q: %d, want 403", p, c.token, c.origin, res.StatusCode)
			}
		}
	}
	if read(t, dir, file) != before {
		t.Error("the file changed")
	}
}

// TestPassword: with a password, every page of the editor asks for it.
func TestPassword(t *testing.T) {
	dir := testsite.New(t, files)
	d := &direct{}
	d.build(t, dir)
	ed, err := New(Config{Dir: dir, Site: d, Lang: i18n.English, Password: "une phrase de passe longue"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ed)
	defer srv.Close()
	for _, pw := range []string{"", "mauvais"} {
		req, _ := http.NewRequest("GET", srv.URL+Prefix, nil)
		if pw != "" {
			req.SetBasicAuth("", pw)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("password %q: %d, want 401", pw, res.StatusCode)
		}
	}
	req, _ := http.NewRequest("GET", srv.URL+Prefix, nil)
	req.SetBasicAuth("", "une phrase de passe longue")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("right password: %d", res.StatusCode)
	}
}

// TestConfined: no path of a form reaches outside content/, through dots
// or a symbolic link.
func TestConfined(t *testing.T) {
	dir, srv, ed, _ := setup(t, files)
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, []byte("---\ntitle: Secret\n---\nSECRET-OUTSIDE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "content", "lien.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(outside), filepath.Join(dir, "content", "dehors")); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv, ed)
	for _, f := range []string{"site.toml", "../site.toml", "content/../site.toml", "content/../../etc/passwd.md",
		"/etc/passwd", "content/lien.md", "content/dehors/secret.md", "content/.cache.md", "content\\..\\site.md"} {
		if res, body := c.get("page?f=" + url.QueryEscape(f)); res.StatusCode == 200 || strings.Contains(body, "SECRET-OUTSIDE") {
			t.Errorf("%s opened: %d", f, res.StatusCode)
		}
		form := url.Values{"f": {f}, "body": {"écrasé"}, "hash": {""}, "action": {"draft"}}
		if res, _ := c.post("save", form); res.StatusCode < 400 {
			t.Errorf("%s saved: %d", f, res.StatusCode)
		}
		if res, _ := c.post("delete", url.Values{"f": {f}}); res.StatusCode < 400 {
			t.Errorf("%s deleted: %d", f, res.StatusCode)
		}
	}
	// A trash that is a link out of the site is not emptied through it.
	if err := os.Symlink(filepath.Dir(outside), filepath.Join(dir, TrashDir)); err != nil {
		t.Fatal(err)
	}
	c.post("empty", url.Values{})
	if res, _ := c.post("restore", url.Values{"id": {"."}, "path": {"content/x.md"}}); res.StatusCode < 400 {
		t.Errorf("restore through a trash that links out: %d", res.StatusCode)
	}
	if b, _ := os.ReadFile(outside); !strings.Contains(string(b), "SECRET-OUTSIDE") {
		t.Error("the file outside the site changed")
	}
	if _, err := os.Stat(outside); err != nil {
		t.Error("the file outside the site is gone")
	}
}

// TestTrash: a deleted page goes to the trash, which nothing publishes,
// and comes back from it.
func TestTrash(t *testing.T) {
	dir, srv, ed, d := setup(t, files)
	c := newClient(t, srv, ed)
	for _, file := range []string{"content/articles/premier.md", "content/ateliers/kit/index.md"} {
		if res, body := c.post("delete", url.Values{"f": {file}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%s", file, res.StatusCode, body)
		}
		if _, err := os.Stat(filepath.Join(dir, file)); err == nil {
			t.Errorf("%s is still there", file)
		}
	}
	d.rebuild(t, dir)
	if d.err != nil {
		t.Fatal(d.err)
	}
	_, page := c.get("trash")
	if !strings.Contains(page, "content/articles/premier.md") || !strings.Contains(page, "content/ateliers/kit") {
		t.Fatalf("the trash does not list them:\n%s", page)
	}
	// By their titles, and the day and hour in words.
	if text := html.UnescapeString(page); !strings.Contains(text, "Premier article") || !strings.Contains(text, "Réseaux sociaux") ||
		!strings.Contains(text, "2 December 2026 at 10:00") {
		t.Errorf("the trash does not say what and when:\n%s", page)
	}
	// Nothing in the output comes from the trash.
	for name, body := range testsite.Tree(t, d.dest) {
		if strings.Contains(body, "tel quel") || strings.Contains(body, "Présentation.") {
			t.Errorf("%s publishes a page from the trash", name)
		}
	}
	id := "2026-12-02_10-00-00"
	if res, body := c.post("restore", url.Values{"id": {id}, "path": {"content/ateliers/kit"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d\n%s", res.StatusCode, body)
	}
	if read(t, dir, "content/ateliers/kit/index.md") != kitIndex {
		t.Error("the kit did not come back whole")
	}
	for _, bad := range [][2]string{{"../..", "content/x.md"}, {id, "../../etc"}, {id, "site.toml"}} {
		if res, _ := c.post("restore", url.Values{"id": {bad[0]}, "path": {bad[1]}}); res.StatusCode < 400 {
			t.Errorf("restore %v: %d", bad, res.StatusCode)
		}
	}
	// Emptying asks first; nothing is deleted until she says yes.
	if res, body := c.post("empty", url.Values{}); res.StatusCode != http.StatusOK || !strings.Contains(body, `name="confirm" value="1"`) {
		t.Fatalf("empty without asking: %d", res.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(dir, TrashDir)); err != nil {
		t.Fatal("the trash was emptied before she said yes")
	}
	if res, _ := c.post("empty", url.Values{"confirm": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal("empty")
	}
	if _, err := os.Stat(filepath.Join(dir, TrashDir)); err == nil {
		t.Error("the trash is not empty")
	}
}

// TestNew: new content comes from the templates relais new uses, and
// opens in the editor.
func TestNew(t *testing.T) {
	dir, srv, ed, _ := setup(t, files)
	c := newClient(t, srv, ed)
	res, body := c.post("new", url.Values{"type": {"article"}, "title": {"Le secret partagé"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	if loc := res.Header.Get("Location"); !strings.Contains(loc, url.QueryEscape("content/articles/le-secret-partage.md")) {
		t.Errorf("goes to %s", loc)
	}
	if got := read(t, dir, "content/articles/le-secret-partage.md"); !strings.Contains(got, `title: "Le secret partagé"`) || !strings.Contains(got, "draft: true") {
		t.Errorf("written:\n%s", got)
	}
	if res, _ := c.post("new", url.Values{"type": {"article"}, "title": {"Le secret partagé"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("made twice: %d", res.StatusCode)
	}
	if res, _ := c.post("new", url.Values{"type": {"virus"}, "title": {"x"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown kind: %d", res.StatusCode)
	}
}

// TestUpload: an image goes beside its page without where it was taken;
// a page that is one file becomes a bundle; what is not an image, or has
// no description, is refused.
func TestUpload(t *testing.T) {
	dir, srv, ed, _ := setup(t, files)
	c := newClient(t, srv, ed)
	upload := func(file, name string, b []byte, alt string) (*http.Response, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"token": c.token, "f": file, "alt": alt} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("image", name)
		fw.Write(b)
		mw.Close()
		req, _ := http.NewRequest("POST", srv.URL+Prefix+"upload", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", srv.URL)
		return c.do(req)
	}
	photo := imagetest.PhoneJPEG(t, 1)
	if _, found, _ := imagemeta.Clean(photo); !found.GPS {
		t.Fatal("the test photo has no position")
	}
	res, body := upload("content/articles/premier.md", "IMG 0001.JPG", photo, "Le bureau d’accueil")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/articles/premier/index.md")); err != nil {
		t.Fatal("the page did not become a bundle")
	}
	b, err := os.ReadFile(filepath.Join(dir, "content/articles/premier/img-0001.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if _, found, _ := imagemeta.Clean(b); found.Sensitive() {
		t.Errorf("the image kept %+v", found)
	}
	for _, secret := range []string{"Marie", "iPhone"} {
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%q is in the image", secret)
		}
	}
	if loc := res.Header.Get("Location"); !strings.Contains(loc, url.QueryEscape("![Le bureau d’accueil](img-0001.jpg)")) {
		t.Errorf("the Markdown to paste is not given: %s", loc)
	}
	for _, tt := range []struct {
		name string
		b    []byte
		alt  string
		code int

		want  string // in the answer
		field string // the field it is said beside, in the page's form
	}{
		{"x.jpg", []byte("<script>alert(1)</script>"), "Un texte", http.StatusUnsupportedMediaType, "not a JPEG", "image"},
		{"y.jpg", photo, "", http.StatusUnprocessableEntity, "Describe the image", "alt"},
		// What the build would refuse is refused at once.
		{"tiny.png", []byte("\x89PNG\r\n\x1a\n"), "Un texte", http.StatusUnprocessableEntity, "cannot be read", "image"},
		{"huge.jpg", tooLarge(photo), "Un texte", http.StatusUnprocessableEntity, "20000×20000 pixels, more than the 8000", "image"},
		// Larger than an upload may be, and than the form's bound: said
		// so, not taken for a forged request.
		{"big.jpg", make([]byte, MaxUpload+3<<20), "Un texte", http.StatusRequestEntityTooLarge, "more than 20 MB", ""},
	} {
		res, body := upload("content/articles/premier/index.md", tt.name, tt.b, tt.alt)
		if res.StatusCode != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d, want %d with %q:\n%s", tt.name, res.StatusCode, tt.code, tt.want, body)
		}
		if tt.field == "" {
			continue
		}
		// Beside its field in the page's form, what she typed kept, and
		// first in the summary of problems.
		for _, w := range []string{`id="upload-problem">`, `id="` + tt.field + `"`, `aria-invalid="true" aria-describedby="upload-problem"`,
			`<a href="#` + tt.field + `">`, `name="body"`} {
			if !strings.Contains(html.UnescapeString(body), w) {
				t.Errorf("%s: the form lacks %q", tt.name, w)
			}
		}
		if tt.alt != "" && !strings.Contains(body, `value="`+tt.alt+`"`) {
			t.Errorf("%s: the description she typed is lost", tt.name)
		}
	}
	for _, name := range []string{"tiny.png", "huge.jpg", "big.jpg"} {
		if _, err := os.Stat(filepath.Join(dir, "content/articles/premier", name)); err == nil {
			t.Errorf("%s was written", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/articles/premier/x.jpg")); err == nil {
		t.Error("the file that is not an image was written")
	}
}

// TestList: the list finds pages by their words, accents or not, shows
// drafts and the spreadsheet read-only.
func TestList(t *testing.T) {
	_, srv, ed, _ := setup(t, files)
	c := newClient(t, srv, ed)
	_, page := c.get("")
	for _, want := range []string{"Premier article", "Réseaux sociaux", "liste.csv", "open the spreadsheet to change it"} {
		if !strings.Contains(html.UnescapeString(page), want) {
			t.Errorf("the list has no %q", want)
		}
	}
	// The spreadsheet: advice, and what the build found in it.
	if _, page := c.get("page?f=" + url.QueryEscape("content/partenaires/liste.csv")); !strings.Contains(page, "Excel or LibreOffice") || !strings.Contains(page, "<li>CIDFF</li>") {
		t.Errorf("the spreadsheet's page:\n%s", page)
	}
	_, page = c.get("?q=reseaux")
	if !strings.Contains(page, "Réseaux sociaux") || strings.Contains(page, "Premier article") {
		t.Errorf("search for reseaux:\n%s", page)
	}
}

// TestThirdKind: a kind of content added by registration (exttest's
// calendar) is told apart in the list and filtered by, its pages' form
// asks for its own fields, and a change to one is saved; the kits and
// the partners keep their forms.
func TestThirdKind(t *testing.T) {
	withCalendar := maps.Clone(files)
	withCalendar["content/calendrier/mars.md"] = "---\ntitle: Mars\nlieu: MECS du Parc\n---\nSéance.\n"
	dir, srv, ed, d := setupWith(t, withCalendar, append(builtin.Extensions(), exttest.Calendar{}))
	if d.err != nil {
		t.Fatal(d.err)
	}
	c := newClient(t, srv, ed)
	_, page := c.get("?type=seance")
	if !strings.Contains(page, "Mars") || strings.Contains(page, "Premier article") || !strings.Contains(page, `<option value="seance" selected`) {
		t.Errorf("the list filtered by the new kind:\n%s", page)
	}
	_, page = c.get("page?f=" + url.QueryEscape("content/calendrier/mars.md"))
	if !strings.Contains(page, "(séance)") || !strings.Contains(page, `name="f:lieu"`) || !strings.Contains(page, `<label for="champ-lieu">Lieu `) {
		t.Errorf("the new kind's form does not ask for its field:\n%s", page)
	}
	form := formOf(t, page)
	form.Set("f:lieu", "Collège Jean Moulin")
	form.Set("action", "save")
	if res, body := c.post("save", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	if got := read(t, dir, "content/calendrier/mars.md"); !strings.Contains(got, "lieu: \"Collège Jean Moulin\"") {
		t.Errorf("the new kind's field is not saved:\n%s", got)
	}
	for file, field := range map[string]string{"content/ateliers/kit/index.md": `name="f:duree"`, "content/partenaires/abri.md": `name="f:telephone"`} {
		if _, page := c.get("page?f=" + url.QueryEscape(file)); !strings.Contains(page, field) {
			t.Errorf("%s: the form lost %s", file, field)
		}
	}
}

// TestRename: a renamed page keeps its old address as an alias, and the
// site's links to it follow; the site still builds without a broken link.
func TestRename(t *testing.T) {
	fs := maps.Clone(files)
	fs["content/articles/windows.md"] += "\r\n## Partie\r\n"
	fs["content/ressources/guide.md"] = "---\ntitle: Guide\n---\nVoir [l’article](/articles/windows/#partie) et [là][w].\n\n[w]: /articles/windows/\n\nMais pas /articles/windows/ en texte.\n"
	dir, srv, ed, d := setup(t, fs)
	c := newClient(t, srv, ed)
	res, body := c.post("rename", url.Values{"f": {"content/articles/windows.md"}, "name": {"Sous Windows"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/articles/windows.md")); err == nil {
		t.Error("the old file is still there")
	}
	got := read(t, dir, "content/articles/sous-windows.md")
	if !strings.Contains(got, "aliases: [\"/articles/windows/\"]\r\n") || !strings.Contains(got, "Ligne un.\r\nLigne deux.\r\n") {
		t.Errorf("renamed:\n%q", got)
	}
	want := "---\ntitle: Guide\n---\nVoir [l’article](/articles/sous-windows/#partie) et [là][w].\n\n[w]: /articles/sous-windows/\n\nMais pas /articles/windows/ en texte.\n"
	if got := read(t, dir, "content/ressources/guide.md"); got != want {
		t.Errorf("the links:\n%q\nwant\n%q", got, want)
	}
	d.rebuild(t, dir)
	if d.err != nil {
		t.Fatalf("the site does not build after the rename: %v", d.err)
	}
	if p := d.s.PagePath("content/articles/sous-windows.md"); p != "/articles/sous-windows/" {
		t.Errorf("the new address is %q", p)
	}
	// A page whose address is set by its slug is not renamed by its file.
	if res, _ := c.post("rename", url.Values{"f": {"content/articles/premier.md"}, "name": {"autre"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a page with a slug: %d", res.StatusCode)
	}
	// A kit is renamed with its folder.
	if res, body := c.post("rename", url.Values{"f": {"content/ateliers/kit/index.md"}, "name": {"reseaux"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("kit: %d\n%s", res.StatusCode, body)
	}
	if got := read(t, dir, "content/ateliers/reseaux/index.md"); !strings.Contains(got, "aliases: [\"/ateliers/kit/\"]") {
		t.Errorf("the kit:\n%s", got)
	}
}

// TestBrokenFile: a page whose front matter cannot be read opens as its
// whole text, with the problem; it is saved once fixed, not before.
func TestBrokenFile(t *testing.T) {
	fs := maps.Clone(files)
	dir, srv, ed, _ := setup(t, fs)
	broken := "---\ntitle: Cassé\n\tdate: 2026-12-01\n---\nTexte.\n"
	testsite.Write(t, dir, map[string]string{"content/articles/casse.md": broken})
	c := newClient(t, srv, ed)
	res, page := c.get("page?f=" + url.QueryEscape("content/articles/casse.md"))
	if res.StatusCode != 200 || !strings.Contains(page, `name="raw"`) || !strings.Contains(html.UnescapeString(page), "tab") {
		t.Fatalf("%d\n%s", res.StatusCode, page)
	}
	hash := regexpHash.FindStringSubmatch(page)[1]
	res, _ = c.post("save", url.Values{"f": {"content/articles/casse.md"}, "hash": {hash}, "raw": {"1"}, "src": {strings.ReplaceAll(broken, "\n", "\r\n")}})
	if res.StatusCode != http.StatusUnprocessableEntity || read(t, dir, "content/articles/casse.md") != broken {
		t.Errorf("still broken, saved: %d", res.StatusCode)
	}
	fixed := strings.Replace(broken, "\tdate", "date", 1)
	res, body := c.post("save", url.Values{"f": {"content/articles/casse.md"}, "hash": {hash}, "raw": {"1"}, "src": {strings.ReplaceAll(fixed, "\n", "\r\n")}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("fixed, not saved: %d\n%s", res.StatusCode, body)
	}
	if got := read(t, dir, "content/articles/casse.md"); got != fixed {
		t.Errorf("saved %q", got)
	}
}

var regexpHash = regexp.MustCompile(`name="hash" value="([0-9a-f]+)"`)

// TestHandout: a kit gets a new handout, numbered after the others.
func TestHandout(t *testing.T) {
	fs := maps.Clone(files)
	fs["content/ateliers/kit/fiches/1-regles.md"] = "---\ntitle: \"Fiche 1 : règles\"\n---\nRègles.\n"
	dir, srv, ed, _ := setup(t, fs)
	c := newClient(t, srv, ed)
	res, body := c.post("handout", url.Values{"f": {"content/ateliers/kit/index.md"}, "title": {"Qui appeler ?"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	got := read(t, dir, "content/ateliers/kit/fiches/2-qui-appeler.md")
	if !strings.Contains(got, `title: "Fiche 2 : Qui appeler ?"`) {
		t.Errorf("written:\n%s", got)
	}
	if res, _ := c.post("handout", url.Values{"f": {"content/articles/premier.md"}, "title": {"x"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a handout for an article: %d", res.StatusCode)
	}
}

// TestTextFindings: a problem in the text is shown under it with its line
// in the text (not in the file).
func TestTextFindings(t *testing.T) {
	fs := maps.Clone(files)
	fs["content/articles/puces.md"] = "---\ntitle: Puces\ndate: 2026-11-03\n---\nIntro.\n\n• un\n"
	_, srv, ed, _ := setup(t, fs)
	c := newClient(t, srv, ed)
	_, page := c.get("page?f=" + url.QueryEscape("content/articles/puces.md"))
	text := html.UnescapeString(page)
	if !strings.Contains(page, `id="body-findings"`) || !strings.Contains(text, "line 3 of the text: this line starts with a bullet") {
		t.Errorf("the text's problem is not shown at its line:\n%s", page)
	}
	// The file she is writing is not named in front of its own problems.
	if strings.Contains(text, "of the text: content/") {
		t.Errorf("the form names the file's path in front of a problem")
	}
}

// TestWriteIsAtomic: while pages are saved over and over, a reader (the
// build, a sync client) only ever sees a whole old or a whole new file,
// never a part, and no temporary file is left.
func TestWriteIsAtomic(t *testing.T) {
	dir, _, ed, _ := setup(t, files)
	file := "content/articles/premier.md"
	a, b := strings.Repeat("a", 1<<20), strings.Repeat("b", 1<<20+7)
	if err := ed.write(file, []byte(a)); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	seen := make(chan string, 1)
	go func() {
		defer close(seen)
		for {
			select {
			case <-done:
				return
			default:
			}
			got, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil || (string(got) != a && string(got) != b) {
				seen <- fmt.Sprintf("read %d bytes (%v)", len(got), err)
				return
			}
		}
	}()
	for i := range 60 {
		if err := ed.write(file, []byte(map[bool]string{true: a, false: b}[i%2 == 0])); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	if bad, ok := <-seen; ok {
		t.Fatalf("a reader saw a part of a file: %s", bad)
	}
	ents, _ := os.ReadDir(filepath.Join(dir, "content/articles"))
	for _, e := range ents {
		if strings.Contains(e.Name(), "relais-tmp") {
			t.Errorf("left %s", e.Name())
		}
	}
}

func TestTaxonomyLabel(t *testing.T) {
	for _, tt := range []struct{ tax, en, fr string }{
		{"tags", "Tags", "Mots-clés"}, {"thematiques", "Thematiques", "Thematiques"}, {"écoles", "Écoles", "Écoles"}, {"", "", ""},
	} {
		if l := taxonomyLabel(tt.tax); l.In(i18n.English) != tt.en || l.In(i18n.French) != tt.fr {
			t.Errorf("%q: %q, %q", tt.tax, l.In(i18n.English), l.In(i18n.French))
		}
	}
}

// tooLarge is a JPEG whose frame says 20,000 by 20,000 pixels.
func tooLarge(jpg []byte) []byte {
	b := append([]byte{}, jpg...)
	i := bytes.Index(b, []byte{0xff, 0xc0})
	binary.BigEndian.PutUint16(b[i+5:], 20000)
	binary.BigEndian.PutUint16(b[i+7:], 20000)
	return b
}

// TestConcurrentSaves: eight writers save one page at once, from forms
// made from the same version, thirty times: each time exactly one is
// told it is saved, and the page holds its text; every other is told of
// the conflict, and no save fails.
func TestConcurrentSaves(t *testing.T) {
	dir, srv, ed, _ := setup(t, files)
	c := newClient(t, srv, ed)
	file := "content/articles/premier.md"
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for round := range 30 {
		_, page := c.get("page?f=" + url.QueryEscape(file))
		base := formOf(t, page)
		type answer struct {
			writer, code int
			err          error
		}
		answers := make(chan answer, 8)
		var start sync.WaitGroup
		start.Add(1)
		for w := range 8 {
			form := url.Values{}
			for k, v := range base {
				form[k] = slices.Clone(v)
			}
			form.Set("f:title", fmt.Sprintf("Titre %d du rédacteur %d", round, w))
			form.Set("action", "save")
			form.Set("token", c.token)
			go func() {
				req, _ := http.NewRequest("POST", srv.URL+Prefix+"save", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", srv.URL)
				start.Wait()
				res, err := cl.Do(req)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					answers <- answer{w, res.StatusCode, nil}
					return
				}
				answers <- answer{w, 0, err}
			}()
		}
		start.Done()
		saved := -1
		for range 8 {
			a := <-answers
			switch {
			case a.err != nil:
				t.Fatalf("round %d, writer %d: %v", round, a.writer, a.err)
			case a.code == http.StatusSeeOther:
				if saved >= 0 {
					t.Errorf("round %d: writers %d and %d were both told their page was saved", round, saved, a.writer)
				}
				saved = a.writer
			case a.code != http.StatusConflict:
				t.Errorf("round %d, writer %d: status %d", round, a.writer, a.code)
			}
		}
		if saved < 0 {
			t.Fatalf("round %d: nobody saved", round)
		}
		if got := read(t, dir, file); !strings.Contains(got, fmt.Sprintf("Titre %d du rédacteur %d", round, saved)) {
			t.Fatalf("round %d: writer %d was told it saved, the page holds:\n%s", round, saved, got)
		}
	}
}

// TestRenameCollisions: a rename onto the name of a bundle or of a page,
// or onto another page's address, is refused and changes nothing; a page
// renamed back keeps no alias to its own address; renames faster than the
// rebuild still leave an alias at each address that was published and
// links that lead to the page.
func TestRenameCollisions(t *testing.T) {
	fs := maps.Clone(files)
	fs["content/articles/a.md"] = "---\ntitle: A\n---\nTexte.\n"
	fs["content/articles/b/index.md"] = "---\ntitle: B\n---\nTexte.\n"
	fs["content/articles/c.md"] = "---\ntitle: C\nurl: /articles/pris/\n---\nTexte.\n"
	fs["content/ressources/guide.md"] = "---\ntitle: Guide\n---\nVoir [A](/articles/a/).\n"
	dir, srv, ed, d := setup(t, fs)
	c := newClient(t, srv, ed)
	rename := func(file, name string) (int, string) {
		t.Helper()
		res, body := c.post("rename", url.Values{"f": {file}, "name": {name}})
		return res.StatusCode, body
	}
	for _, name := range []string{"b", "pris", "premier", "windows"} {
		before := read(t, dir, "content/articles/a.md")
		code, body := rename("content/articles/a.md", name)
		if code != http.StatusConflict || !strings.Contains(html.UnescapeString(body), "already the name or the address of another page") {
			t.Errorf("a → %s: %d\n%s", name, code, body)
		}
		// Said beside the name field, in the page's form, with what she
		// typed.
		if !strings.Contains(body, `<input id="name" name="name" type="text" value="`+name+`" required aria-invalid="true" aria-describedby="name-problem name-help">`) ||
			!strings.Contains(body, `id="name-problem"`) || !strings.Contains(body, `<a href="#name">`) {
			t.Errorf("a → %s: not said beside the name field:\n%s", name, body)
		}
		if read(t, dir, "content/articles/a.md") != before {
			t.Errorf("a → %s: the file changed", name)
		}
	}
	// Renamed and renamed back.
	if code, body := rename("content/articles/a.md", "x"); code != http.StatusSeeOther {
		t.Fatalf("a → x: %d\n%s", code, body)
	}
	d.rebuild(t, dir)
	if code, body := rename("content/articles/x.md", "a"); code != http.StatusSeeOther {
		t.Fatalf("x → a: %d\n%s", code, body)
	}
	if got := read(t, dir, "content/articles/a.md"); strings.Contains(got, `"/articles/a/"`) || !strings.Contains(got, `"/articles/x/"`) {
		t.Errorf("renamed back:\n%s", got)
	}
	d.rebuild(t, dir)
	if d.err != nil {
		t.Fatalf("after renaming back, the site does not build: %v", d.err)
	}
	// Twice, faster than the rebuild.
	if code, _ := rename("content/articles/a.md", "y"); code != http.StatusSeeOther {
		t.Fatalf("a → y: %d", code)
	}
	if code, _ := rename("content/articles/y.md", "z"); code != http.StatusSeeOther {
		t.Fatalf("y → z: %d", code)
	}
	if got := read(t, dir, "content/ressources/guide.md"); !strings.Contains(got, "(/articles/z/)") {
		t.Errorf("the link after two quick renames:\n%s", got)
	}
	got := read(t, dir, "content/articles/z.md")
	for _, a := range []string{"/articles/a/", "/articles/x/"} {
		if !strings.Contains(got, `"`+a+`"`) {
			t.Errorf("no alias %s:\n%s", a, got)
		}
	}
	d.rebuild(t, dir)
	if d.err != nil {
		t.Fatalf("after two quick renames, the site does not build: %v", d.err)
	}
}

// TestPasswordGuessing: a device that guesses the shared preview's
// password gets five tries, then waits a minute, then two, four…: the
// right password is not even checked meanwhile; after the wait it works,
// and clears the count. A thousand guesses in a row get five answers.
func TestPasswordGuessing(t *testing.T) {
	dir := testsite.New(t, files)
	d := &direct{}
	d.build(t, dir)
	var mu sync.Mutex
	clock := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	const right = "une phrase de passe longue"
	ed, err := New(Config{Dir: dir, Site: d, Lang: i18n.English, Password: right, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ed)
	defer srv.Close()
	try := func(pw string) int {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+Prefix, nil)
		req.SetBasicAuth("", pw)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	checked := 0
	for i := range 1000 {
		if code := try(fmt.Sprintf("essai-%d", i)); code == http.StatusUnauthorized {
			checked++
		} else if code != http.StatusTooManyRequests {
			t.Fatalf("guess %d: %d", i, code)
		}
	}
	if checked != freeTries {
		t.Errorf("%d of 1000 guesses were checked, want %d", checked, freeTries)
	}
	if code := try(right); code != http.StatusTooManyRequests {
		t.Errorf("the right password while locked out: %d, want 429", code)
	}
	advance(time.Minute + time.Second)
	if code := try("encore faux"); code != http.StatusUnauthorized {
		t.Errorf("a guess after the wait: %d", code)
	}
	if code := try(right); code != http.StatusTooManyRequests {
		t.Errorf("after a sixth wrong password, no wait: %d", code)
	}
	advance(2*time.Minute + time.Second)
	if code := try(right); code != http.StatusOK {
		t.Errorf("the right password after the wait: %d", code)
	}
	for range freeTries - 1 {
		if code := try("faux"); code != http.StatusUnauthorized {
			t.Errorf("the count was not cleared: %d", code)
		}
	}
}

// TestSaveThatBreaksTheSite: a partner's page taken out of draft now has
// the name of a partner of the spreadsheet: the save is on disk, and she
// is told at once that the site no longer builds, with the problem, and
// offered to keep it as a draft; not « Enregistré ».
func TestSaveThatBreaksTheSite(t *testing.T) {
	fs := maps.Clone(files)
	fs["content/partenaires/cidff.md"] = "---\ntitle: CIDFF\ntype: CIDFF\ntelephone: \"04 00 00 00 01\"\nverifie: 2026-11-01\ndraft: true\n---\nTexte.\n"
	dir, srv, ed, _ := setup(t, fs)
	c := newClient(t, srv, ed)
	file := "content/partenaires/cidff.md"
	_, page := c.get("page?f=" + url.QueryEscape(file))
	form := formOf(t, page)
	form.Del("f:draft")
	form.Set("action", "save")
	res, body := c.post("save", form)
	text := html.UnescapeString(body)
	if res.StatusCode != http.StatusConflict || !strings.Contains(text, "Saved, but the site no longer builds") ||
		!strings.Contains(text, "already in the directory") {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	if strings.Contains(read(t, dir, file), "draft: true") {
		t.Errorf("the page was not saved")
	}
	// Kept as a draft, the site builds again.
	form = formOf(t, body)
	form.Set("action", "draft")
	if res, body := c.post("save", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("as a draft: %d\n%s", res.StatusCode, body)
	}
}

// TestWordsNotCodes: a form says its choices in words (« sur place », not
// en-presentiel; « privée : jamais publiée », not private) and names a
// taxonomy as the theme does (« Thématiques »), the value written in the
// file staying the code.
func TestWordsNotCodes(t *testing.T) {
	fs := maps.Clone(files)
	fs["site.toml"] = "title = \"Essai\"\nbaseURL = \"https://iscg.test/\"\nlanguage = \"fr\"\n[taxonomies]\ntag = \"tags\"\ntheme = \"thematiques\"\n"
	dir := testsite.New(t, fs)
	d := &direct{}
	d.build(t, dir)
	ed, err := New(Config{Dir: dir, Site: d, Lang: i18n.French, Templates: scaffold.Templates{Theme: relais.Theme()}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ed)
	defer srv.Close()
	c := newClient(t, srv, ed)
	_, page := c.get("page?f=" + url.QueryEscape("content/partenaires/abri.md"))
	text := html.UnescapeString(page)
	for _, want := range []string{`value="en-presentiel"`, ">sur place</label>", `<option value="private">privée : jamais publiée, pas même comme brouillon</option>`, ">gratuit</option>"} {
		if !strings.Contains(text, want) {
			t.Errorf("the partner's form lacks %s", want)
		}
	}
	if strings.Contains(text, ">en-presentiel<") || strings.Contains(text, ">private<") {
		t.Errorf("the form shows a code as a choice's name")
	}
	_, page = c.get("page?f=" + url.QueryEscape("content/articles/premier.md"))
	if !strings.Contains(html.UnescapeString(page), ">Thématiques</") {
		t.Errorf("the article's form does not name the taxonomy as the theme does")
	}
}

// TestRefusedSaveSummary: a refused save says « Error » in the page's
// title and opens on a summary of the problems, each a link to its
// field (GOV.UK's error summary); a done save says « Saved » in it.
func TestRefusedSaveSummary(t *testing.T) {
	dir, srv, ed, _ := setup(t, files)
	c := newClient(t, srv, ed)
	file := "content/ateliers/kit/index.md"
	_, page := c.get("page?f=" + url.QueryEscape(file))
	form := formOf(t, page)
	form.Set("f:duree", "deux heures")
	form.Set("action", "save")
	res, body := c.post("save", form)
	text := html.UnescapeString(body)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text, "<title>Error : Réseaux sociaux") ||
		!strings.Contains(body, `id="error-summary" role="alert" tabindex="-1" autofocus`) || !strings.Contains(body, `<a href="#champ-duree">`) {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	if strings.Contains(read(t, dir, file), "deux heures") {
		t.Errorf("a refused save was written")
	}
	_, page = c.get("page?f=" + url.QueryEscape(file) + "&ok=saved")
	if !strings.Contains(page, "<title>Saved : ") || !strings.Contains(page, `id="notice" role="status" tabindex="-1" autofocus`) {
		t.Errorf("a done save is not said in the title and focused")
	}
}

// TestSessionActions: « Programmer une autre session » makes a draft
// copy at the day given (the end as long after, every place free, a new
// uid, the fields written as the file writes them); « Annuler » cancels
// with why; each refuses what it cannot do.
func TestSessionActions(t *testing.T) {
	withSession := maps.Clone(files)
	session := "---\ntitle: Au collège\natelier: ateliers/kit\ndebut: 2027-01-19T09:00\nfin: 2027-01-19T11:30\ncapacity: 12\nplacesLeft: 3\nstatut: complète\nuid: \"abc\"\n---\nTexte.\n"
	withSession["content/agenda/_index.md"] = "---\ntitle: Agenda\n---\n"
	withSession["content/agenda/college.md"] = session
	dir, srv, ed, d := setup(t, withSession)
	if d.err != nil {
		t.Fatal(d.err)
	}
	c := newClient(t, srv, ed)
	_, page := c.get("page?f=" + url.QueryEscape("content/agenda/college.md"))
	if !strings.Contains(page, `action="/_relais/edit/session-copy"`) || !strings.Contains(page, `action="/_relais/edit/session-cancel"`) {
		t.Fatalf("the session's page does not offer its actions")
	}
	if !strings.Contains(page, `name="f:debut" value="2027-01-19T09:00"`) {
		t.Errorf("the form does not show the start written as debut")
	}
	res, _ := c.post("session-copy", url.Values{"f": {"content/agenda/college.md"}, "start": {"2027-03-01T10:00"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "college-2027-03-01.md") {
		t.Fatalf("copy: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	copied := read(t, dir, "content/agenda/college-2027-03-01.md")
	for _, want := range []string{"debut: \"2027-03-01T10:00\"", "fin: \"2027-03-01T12:30\"", "placesLeft: 12", "statut: \"prévue\"", "draft: true", "Texte."} {
		if !strings.Contains(copied, want) {
			t.Errorf("the copy has no %q:\n%s", want, copied)
		}
	}
	if strings.Contains(copied, `uid: "abc"`) || !strings.Contains(copied, "uid:") {
		t.Errorf("the copy keeps the calendar identifier:\n%s", copied)
	}
	if read(t, dir, "content/agenda/college.md") != session {
		t.Errorf("the session copied changed")
	}
	res, _ = c.post("session-cancel", url.Values{"f": {"content/agenda/college.md"}, "reason": {"Grève des transports"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	if got := read(t, dir, "content/agenda/college.md"); !strings.Contains(got, "statut: \"annulée\"") || !strings.Contains(got, "reason: \"Grève des transports\"") {
		t.Errorf("the cancelled session:\n%s", got)
	}
	for _, tc := range []struct {
		action string
		form   url.Values
		status int
	}{
		{"session-copy", url.Values{"f": {"content/articles/premier.md"}, "start": {"2027-03-01T10:00"}}, http.StatusBadRequest},
		{"session-copy", url.Values{"f": {"content/agenda/college.md"}, "start": {"mardi"}}, http.StatusUnprocessableEntity},
		{"session-cancel", url.Values{"f": {"content/agenda/college.md"}, "reason": {" "}}, http.StatusUnprocessableEntity},
	} {
		if res, _ := c.post(tc.action, tc.form); res.StatusCode != tc.status {
			t.Errorf("%s %v: %d, want %d", tc.action, tc.form, res.StatusCode, tc.status)
		}
	}
}
