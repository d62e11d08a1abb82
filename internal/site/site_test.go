package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"relais"
	"relais/internal/builtin"
	"relais/internal/diag"
	"relais/internal/fact"
	"relais/internal/output"
	"relais/internal/testsite"
)

// now is the build time of every test: pages dated after it are future.
var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body), ModTime: now}
	}
	return m
}

// build builds files into a fresh folder and returns it.
func build(t *testing.T, files map[string]string, mod func(*Options)) (string, Result, error) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	opts := Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now}
	if mod != nil {
		mod(&opts)
	}
	res, err := New(opts).Build(context.Background())
	return dest, res, err
}

func read(t *testing.T, dest, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dest, rel))
	if err != nil {
		t.Fatalf("output %s: %v", rel, err)
	}
	return string(b)
}

func exists(dest, rel string) bool {
	_, err := os.Stat(filepath.Join(dest, rel))
	return err == nil
}

// tree lists the files under dir with their contents.
func tree(t *testing.T, dir string) map[string]string { return testsite.Tree(t, dir) }

var fixture = map[string]string{
	"site.toml": `title = "Relais test"
baseURL = "https://example.org/"
paginate = 2
[taxonomies]
tag = "tags"
theme = "themes"
`,
	"content/_index.md":          "---\ntitle: Accueil\n---\nBienvenue sur le site.\n",
	"content/articles/_index.md": "---\ntitle: Les articles\n---\nTous les articles.\n",
	"content/articles/un.md": `---
title: "Article un"
date: 2026-01-01
tags: ["Protection de l'enfance"]
themes: ["Accès aux droits"]
aliases: ["/ancien-un/"]
---
Premier texte avec un [lien](/articles/deux/).
`,
	"content/articles/deux.md":        "---\ntitle: Article deux\ndate: 2026-02-01\ntags: [famille]\n---\nDeuxième.\n",
	"content/articles/trois.md":       "+++\ntitle = \"Article trois\"\ndate = 2026-03-01\n+++\nTroisième.\n",
	"content/articles/brouillon.md":   "---\ntitle: Brouillon\ndraft: true\n---\nPas prêt.\n",
	"content/articles/prive.md":       "---\ntitle: Privé\nvisibility: private\n---\nSecret.\n",
	"content/articles/futur.md":       "---\ntitle: Futur\ndate: 2027-01-01\n---\nPlus tard.\n",
	"content/articles/expire.md":      "---\ntitle: Expiré\ndate: 2025-01-01\nexpiryDate: 2025-06-01\n---\nFini.\n",
	"content/guides/kit/index.md":     "---\ntitle: Un kit\ndate: 2025-05-01\n---\nLe kit, et [son guide](guide.pdf).\n",
	"content/guides/kit/guide.pdf":    "%PDF-1.4 fake",
	"content/guides/kit/animateur.md": "---\ntitle: Guide\n---\nPour l'animateur.\n",
	"content/me-rencontrer.md":        "---\ntitle: Me rencontrer\nslug: rencontre\n---\nHoraires.\n",
	"static/robots-extra.txt":         "static file",
}

func TestBuildSite(t *testing.T) {
	dest, res, err := build(t, fixture, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{
		"index.html", "articles/index.html", "articles/page/2/index.html",
		"articles/un/index.html", "articles/deux/index.html", "articles/trois/index.html",
		"ancien-un/index.html", "tags/index.html", "tags/protection-de-l-enfance/index.html",
		"themes/acces-aux-droits/index.html", "guides/kit/index.html", "guides/kit/guide.pdf",
		"guides/kit/animateur/index.html", "rencontre/index.html", "robots-extra.txt",
		"404.html", "sitemap.xml", "robots.txt", "assets/relais.css", "assets/chroma.css",
	} {
		if !exists(dest, f) {
			t.Errorf("missing output %s", f)
		}
	}
	for _, f := range []string{"articles/brouillon/index.html", "articles/prive/index.html",
		"articles/futur/index.html", "articles/expire/index.html"} {
		if exists(dest, f) {
			t.Errorf("unpublished page written: %s", f)
		}
	}
	want := map[string]int{"draft": 1, "private": 1, "future": 1, "expired": 1}
	for k, n := range want {
		if res.Left[k] != n {
			t.Errorf("Left[%s] = %d, want %d", k, res.Left[k], n)
		}
	}
	list := read(t, dest, "articles/index.html")
	// Newest first, two a page.
	if i, j := strings.Index(list, "Article trois"), strings.Index(list, "Article deux"); i < 0 || j < 0 || i > j {
		t.Errorf("section list not newest first:\n%s", list)
	}
	if strings.Contains(list, "Article un") || !strings.Contains(read(t, dest, "articles/page/2/index.html"), "Article un") {
		t.Errorf("pagination: Article un should be on page 2")
	}
	for _, l := range []string{"Brouillon", "Privé", "Futur", "Expiré"} {
		for _, f := range []string{"articles/index.html", "sitemap.xml", "index.html"} {
			if strings.Contains(read(t, dest, f), l) {
				t.Errorf("%s lists unpublished page %s", f, l)
			}
		}
	}
	sm := read(t, dest, "sitemap.xml")
	for _, u := range []string{"https://example.org/articles/un/", "https://example.org/rencontre/", "https://example.org/tags/famille/"} {
		if !strings.Contains(sm, "<loc>"+u+"</loc>") {
			t.Errorf("sitemap lacks %s", u)
		}
	}
	if strings.Contains(sm, "futur") || strings.Contains(sm, "prive") {
		t.Errorf("sitemap lists unpublished pages")
	}
	un := read(t, dest, "articles/un/index.html")
	for _, w := range []string{
		`<link rel="canonical" href="https://example.org/articles/un/">`,
		`<time datetime="2026-01-01">1er janvier 2026</time>`,
		`href="/tags/protection-de-l-enfance/"`, `href="/themes/acces-aux-droits/"`,
		`rel="prev"`, // Article deux is newer
	} {
		if !strings.Contains(un, w) {
			t.Errorf("articles/un lacks %q", w)
		}
	}
	if alias := read(t, dest, "ancien-un/index.html"); !strings.Contains(alias, `url=/articles/un/`) {
		t.Errorf("alias does not redirect:\n%s", alias)
	}
	if res.Pages == 0 || res.Files == 0 {
		t.Errorf("summary counts: %+v", res)
	}
}

func TestBaseURLSubPath(t *testing.T) {
	files := map[string]string{
		"site.toml":             "baseURL = \"https://example.org/iscg/\"\n",
		"content/articles/a.md": "---\ntitle: A\ndate: 2026-01-01\ntags: [x]\n---\nVoir [B](/articles/b/) et ![image](/img/x.png).\n",
		"content/articles/b.md": "---\ntitle: B\ndate: 2026-01-02\n---\nB.\n",
		"static/img/x.png":      "png",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := read(t, dest, "articles/a/index.html")
	for _, w := range []string{`href="/iscg/articles/b/"`, `src="/iscg/img/x.png"`, `href="/iscg/assets/relais.css"`,
		`src="/iscg/assets/relais.js"`, `href="/iscg/"`, `href="/iscg/tags/x/"`, `href="/iscg/accessibilite/"`,
		`<link rel="canonical" href="https://example.org/iscg/articles/a/">`} {
		if !strings.Contains(a, w) {
			t.Errorf("page lacks %s", w)
		}
	}
	// Every root-relative link must be under the base path.
	for _, attr := range []string{`href="/`, `src="/`} {
		for _, part := range strings.Split(a, attr)[1:] {
			if !strings.HasPrefix(part, "iscg/") {
				t.Errorf("link outside the base path: %s%s", attr, part[:min(len(part), 30)])
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	big := strings.Repeat("a", MaxPageSize+1)
	tests := []struct {
		name  string
		files map[string]string
		want  string // in the error: file:line: message
	}{
		{"malformed YAML", map[string]string{"content/a.md": "---\ntitle: [oops\ndate: 2026-01-01\n---\nx\n"}, "content/a.md:3:1: a list opened with [ above is never closed with ]"},
		{"malformed TOML", map[string]string{"content/a.md": "+++\ntitle = \"x\"\ndate = = 3\n+++\nx\n"}, "content/a.md:3"},
		{"wrong type", map[string]string{"content/a.md": "---\ntitle: A\ndate: demain\n---\nx\n"}, `content/a.md:3: date: "demain" is not a date`},
		{"unclosed front matter", map[string]string{"content/a.md": "---\ntitle: A\n"}, "content/a.md:1: the front matter"},
		{"template error", map[string]string{"content/a.md": "---\ntitle: A\n---\n", "layouts/single.html": "<p>{{ .Nope }}</p>\n"}, "layouts/single.html:1"},
		{"template syntax", map[string]string{"content/a.md": "---\ntitle: A\n---\n", "layouts/single.html": "\n{{ if }}\n"}, "layouts/single.html:2"},
		{"two pages one URL", map[string]string{"content/a.md": "---\ntitle: A\nurl: /x/\n---\n", "content/b.md": "---\ntitle: B\nurl: /x/\n---\n"}, "is already the URL of content/a.md"},
		{"invalid UTF-8", map[string]string{"content/a.md": "---\ntitle: A\n---\nok\nbad \xff here\n"}, "content/a.md:5:5: this file is not UTF-8"},
		{"empty file", map[string]string{"content/a.md": ""}, "content/a.md:1: this file is empty"},
		{"huge file", map[string]string{"content/a.md": big}, "content/a.md: this Markdown file is"},
		{"bad setting", map[string]string{"site.toml": "titel = \"x\"\n"}, "site.toml:1:1: unknown setting titel"},
		{"bad visibility", map[string]string{"content/a.md": "---\nvisibility: secret\n---\nx\n"}, "content/a.md:2: visibility"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if err := os.MkdirAll(dest, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dest, "old.html"), []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dest, output.Marker), []byte("relais"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(tt.files), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background())
			if err == nil {
				t.Fatalf("build passed, want error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain %q", err, tt.want)
			}
			var l diag.List
			if !errors.As(err, &l) {
				t.Errorf("error is %T, not findings", err)
			}
			got := tree(t, dest)
			if len(got) != 2 || got["old.html"] != "old" || got[output.Marker] != "relais" {
				t.Errorf("output folder changed by a failed build: %v", keys(got))
			}
			// Nothing is written elsewhere but relais's own standby and
			// lock beside the folder.
			ents, _ := os.ReadDir(filepath.Dir(dest))
			for _, e := range ents {
				if n := e.Name(); n != "public" && !strings.HasPrefix(n, ".public.relais-") {
					t.Errorf("a failed build wrote %s beside the output folder", n)
				}
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestUnknownFieldWarning(t *testing.T) {
	_, res, err := build(t, map[string]string{"content/a.md": "---\ntitle: A\ntilte: B\n---\nx\n"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), `content/a.md:3: warning: unknown field "tilte"`) ||
		!strings.Contains(res.Warnings[0].Error(), "did you mean title?") {
		t.Errorf("warnings = %v", res.Warnings)
	}
}

func TestStaleFilesRemovedAndUnchangedKept(t *testing.T) {
	files := map[string]string{"content/a.md": "---\ntitle: A\n---\nx\n", "static/b/b.txt": "b"}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dest, "a/index.html"), old, old); err != nil {
		t.Fatal(err)
	}
	delete(files, "static/b/b.txt")
	if _, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if exists(dest, "b/b.txt") || exists(dest, "b") {
		t.Errorf("output of a deleted file is still there")
	}
	fi, err := os.Stat(filepath.Join(dest, "a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !fi.ModTime().Equal(old) {
		t.Errorf("unchanged output was rewritten (mtime %v, want %v)", fi.ModTime(), old)
	}
}

func TestSymlinks(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, link, target string
		err                string // "" for a build that passes
		output             string // a file the build must write
	}{
		{"outside", "secret.txt", outside, "content/docs/secret.txt: this symbolic link leads outside the site", ""},
		{"up and out", "up.txt", "../../../secret.txt", "content/docs/up.txt: this symbolic link leads outside the site", ""},
		{"loop", "loop", "..", "content/docs/loop: this symbolic link makes a loop", ""},
		{"nowhere", "gone.md", "missing.md", "content/docs/gone.md: this symbolic link leads nowhere", ""},
		{"inside", "b.md", "a.md", "", "docs/b/index.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			testsite.Write(t, dir, map[string]string{"content/docs/a.md": "---\ntitle: A\n---\nx\n"})
			if err := os.Symlink(tt.target, filepath.Join(dir, "content/docs", tt.link)); err != nil {
				t.Fatal(err)
			}
			dest := filepath.Join(t.TempDir(), "p")
			s := New(Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: dest, Now: now})
			_, err := s.Build(context.Background())
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !exists(dest, tt.output) {
					t.Errorf("%s not written", tt.output)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
			// The finding stays on a rebuild for another change.
			testsite.Write(t, dir, map[string]string{"content/docs/a.md": "---\ntitle: A2\n---\nx\n"})
			if _, err := s.Rebuild(context.Background(), []string{"content/docs/a.md"}); err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("rebuild err = %v, want %q", err, tt.err)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	files := map[string]string{
		"content/a.md": "---\ntitle: A\ndraft: true\n---\n",
		"content/b.md": "---\ntitle: B\ndate: 2030-01-01\n---\n",
		"content/c.md": "---\ntitle: C\nexpiryDate: 2020-01-01\n---\n",
		"content/d.md": "---\ntitle: D\nvisibility: private\ndraft: true\n---\n",
	}
	dest, _, err := build(t, files, func(o *Options) { o.Drafts, o.Future, o.Expired = true, true, true })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"a/index.html", "b/index.html", "c/index.html"} {
		if !exists(dest, f) {
			t.Errorf("%s not built with the flags", f)
		}
	}
	if exists(dest, "d/index.html") {
		t.Errorf("private page built with -D")
	}
}

// TestEveryFactHasAProducer: each site-wide fact a render can record has
// a producer of its hash, which is not 0 on a site that has the fact: a
// fact added without one would never make an output again.
func TestEveryFactHasAProducer(t *testing.T) {
	dir := filepath.Join("..", "..")
	s := New(Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range fact.All() {
		if s.facts[f] == nil {
			t.Errorf("the fact %s has no producer", f)
		} else if s.facts.Hash(f) == 0 {
			t.Errorf("the fact %s hashes to 0 on the project's site, which has it", f)
		}
	}
}
