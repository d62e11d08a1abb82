package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"relais/internal/linkcheck"
	"relais/internal/testsite"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", p, got, want)
	}
}

// checkSite has one finding of each kind relais check reports.
var checkSite = map[string]string{
	"site.toml":                "[[menu]]\nname = \"Articles\"\nurl = \"/articles/\"\n",
	"content/_index.md":        "---\ntitle: Accueil\n---\nBienvenue.\n",
	"content/articles/a.md":    "---\ntitle: Un article\ndate: 2026-01-01\ntilte: faute\n---\nVoir [la page](/articles/nulle-part/) et [ici](#absent).\n",
	"content/articles/b.md":    "---\ntitle: Un article\ndate: 2026-01-02\n---\nMême titre.\n",
	"content/articles/sans.md": "---\ndate: 2026-01-03\n---\nSans titre.\n",
	"content/articles/vide.md": "---\ntitle: Vide\ndate: 2026-01-04\n---\n",
	"content/articles/c.md":    "---\ntitle: C\ndate: 2026-01-05\n---\nC.\n",
	"content/articles/d.md":    "---\ntitle: D\ndate: 2026-01-06\n---\nD.\n",
	"content/orpheline.md":     "---\ntitle: Orpheline\n---\nPersonne ne me lie.\n",
}

// TestBuildOutput: relais build's output on a site with errors, in
// English and in French (golden files): every problem, then that nothing
// was written.
func TestBuildOutput(t *testing.T) {
	site := testsite.New(t, checkSite)
	for _, lang := range []string{"en", "fr"} {
		var out, errb bytes.Buffer
		code := Run(context.Background(), []string{"build", "--lang", lang, "-s", site, "-d", filepath.Join(t.TempDir(), "public")}, &out, &errb)
		if code != 1 {
			t.Errorf("%s: exit status %d, want 1", lang, code)
		}
		golden(t, "build."+lang+".golden", errb.Bytes())
	}
}

// TestCheck: relais check's output, human and JSON, in English and in
// French (golden files); the JSON's codes are the same in both.
func TestCheck(t *testing.T) {
	site := testsite.New(t, checkSite)
	codes := map[string][]string{}
	for _, lang := range []string{"en", "fr"} {
		for _, format := range []string{"human", "json"} {
			t.Run(lang+"/"+format, func(t *testing.T) {
				var out, errb bytes.Buffer
				code := Run(context.Background(), []string{"check", "--lang", lang, "-s", site, "--format", format}, &out, &errb)
				if code != 1 {
					t.Errorf("exit status %d, want 1 (errors found); stderr %s", code, &errb)
				}
				name := "check." + format + ".golden"
				if lang == "fr" {
					name = "check.fr." + format + ".golden"
				}
				golden(t, name, out.Bytes())
				if format == "json" {
					var fs []jsonFinding
					if err := json.Unmarshal(out.Bytes(), &fs); err != nil {
						t.Fatal(err)
					}
					for _, f := range fs {
						codes[lang] = append(codes[lang], f.Code)
					}
				}
			})
		}
	}
	if !slices.Equal(codes["en"], codes["fr"]) || len(codes["en"]) == 0 {
		t.Errorf("the JSON codes differ between languages:\n%q\n%q", codes["en"], codes["fr"])
	}
}

func TestNewAndInit(t *testing.T) {
	env := Env{Now: func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }}
	dir := filepath.Join(t.TempDir(), "site")
	runIn := func(lang string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := env.Run(context.Background(), append([]string{args[0], "--lang", lang}, args[1:]...), &out, &errb)
		return code, out.String(), errb.String()
	}
	run := func(args ...string) (int, string, string) { return runIn("en", args...) }
	if code, out, errs := run("init", "--title", "Le \"service\"", dir); code != 0 || !strings.Contains(out, "site.toml") {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	if code, _, errs := run("init", dir); code != 1 || !strings.Contains(errs, "already holds a site") {
		t.Errorf("init twice: %d %s", code, errs)
	}
	tests := []struct {
		kind, title, path, want string
	}{
		{"article", "Protection de l'enfance : « le rôle »", "content/articles/protection-de-l-enfance-le-role.md", "date: 2026-11-26"},
		{"kit", "Réseaux sociaux", "content/ateliers/reseaux-sociaux/index.md", `title: "Réseaux sociaux"`},
		{"partner", "CIDFF du Rhône", "content/partenaires/cidff-du-rhone.md", `title: "CIDFF du Rhône"`},
		{"page", "infos/horaires-d-ouverture", "content/infos/horaires-d-ouverture.md", `title: "Horaires d ouverture"`},
	}
	for _, tt := range tests {
		code, out, errs := run("new", "-s", dir, tt.kind, tt.title)
		if code != 0 || strings.SplitN(out, "\n", 2)[0] != filepath.Join(dir, tt.path) {
			t.Errorf("new %s: %d %q %s", tt.kind, code, out, errs)
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, tt.path))
		if err != nil || !strings.Contains(string(b), tt.want) {
			t.Errorf("%s lacks %q:\n%s", tt.path, tt.want, b)
		}
		if code, _, errs := run("new", "-s", dir, tt.kind, tt.title); code != 1 || !strings.Contains(errs, "never replaces") {
			t.Errorf("new %s twice: %d %s", tt.kind, code, errs)
		}
	}
	// The new kit is complete, and builds (with drafts: it is one) with no
	// warning about it.
	for _, f := range []string{"animateur.md", "fiches/1-fiche.md"} {
		if _, err := os.Stat(filepath.Join(dir, "content/ateliers/reseaux-sociaux", f)); err != nil {
			t.Errorf("new kit: no %s", f)
		}
	}
	if code, _, errs := run("build", "-s", dir, "-D"); code != 0 || strings.Contains(errs, "ateliers/") {
		t.Errorf("the new kit: build %d, %s", code, errs)
	}
	// The partners' spreadsheet: written once, read by the build as its
	// example partner, never published.
	if code, out, errs := run("new", "-s", dir, "partners"); code != 0 || !strings.Contains(out, "partenaires.xlsx") {
		t.Fatalf("new partners: %d %s %s", code, out, errs)
	}
	if code, _, errs := run("new", "-s", dir, "partners"); code != 1 || !strings.Contains(errs, "never replaces") {
		t.Errorf("new partners twice: %d %s", code, errs)
	}
	pub := filepath.Join(t.TempDir(), "public")
	if code, _, errs := run("build", "-s", dir, "-d", pub, "-D"); code != 0 || strings.Contains(errs, "partenaires") {
		t.Errorf("the new spreadsheet: build %d, %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(pub, "partenaires/cidff-du-rhone-exemple/index.html")); err != nil {
		t.Errorf("the spreadsheet's example partner was not published: %v", err)
	}
	if _, err := os.Stat(filepath.Join(pub, "partenaires/partenaires.xlsx")); err == nil {
		t.Errorf("the spreadsheet itself was published")
	}
	if code, _, errs := run("new", "-s", dir, "recette", "x"); code != 1 || !strings.Contains(errs, "unknown kind") {
		t.Errorf("unknown kind: %d %s", code, errs)
	}
	// In the site's language, French, without --lang.
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"new", "recette", "x", "-s", dir}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "sorte inconnue « recette »") {
		t.Errorf("unknown kind, in French: %d %s", code, &errb)
	}
	// A site's own template replaces the theme's.
	own := filepath.Join(dir, "layouts", "_new", "article.md")
	if err := os.MkdirAll(filepath.Dir(own), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(own, []byte("---\ntitle: {{ printf \"%q\" .Title }}\ndate: {{ .Date }}\n---\nModèle du site.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run("new", "-s", dir, "article", "Autre"); code != 0 {
		t.Fatalf("new with the site's template: %s", errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content/articles/autre.md")); !strings.Contains(string(b), "Modèle du site.") {
		t.Errorf("the site's template was not used:\n%s", b)
	}
	// An article has the site's taxonomies as fields; the scaffold's take
	// no common folder name, so a section themes/ (Hugo's docs have one)
	// builds.
	if b, _ := os.ReadFile(filepath.Join(dir, "content/articles/protection-de-l-enfance-le-role.md")); !strings.Contains(string(b), "\ntags: []\nthematiques: []\n") {
		t.Errorf("the new article lacks the site's taxonomies:\n%s", b)
	}
	themes := filepath.Join(dir, "content", "themes", "_index.md")
	if err := os.MkdirAll(filepath.Dir(themes), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(themes, []byte("---\ntitle: Thèmes du site\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// What init and new made builds and passes relais check (drafts too).
	if code, out, errs := run("check", "--lang", "en", "-s", dir, "-D"); code != 0 || !strings.Contains(out, "0 errors") {
		t.Errorf("check of the new site: %d\n%s%s", code, out, errs)
	}
}

func TestCheckExternal(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cache := filepath.Join(t.TempDir(), "cache.json")
	env := Env{NewLinkChecker: func() *linkcheck.Checker {
		c := linkcheck.New()
		c.CacheFile = cache
		return c
	}}
	site := testsite.New(t, map[string]string{
		"content/a.md": "---\ntitle: A\n---\nVoir [ok](" + srv.URL + "/ok),\n[parti](" + srv.URL + "/gone) et\n[déplacé](" + srv.URL + "/moved).\n",
		// A partner's website is checked too.
		"content/partenaires/p.md": "---\ntitle: P\ntype: ASSO\ntelephone: \"3919\"\nsite_web: " + srv.URL + "/gone\nverifie: " + time.Now().Format("2006-01-02") + "\n---\n",
	})
	var out, errb bytes.Buffer
	code := env.Run(context.Background(), []string{"check", "--lang", "en", "-s", site, "--external"}, &out, &errb)
	got := out.String()
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	for _, want := range []string{
		"content/a.md:5: the link to " + srv.URL + "/gone leads to a page that no longer exists (404)",
		"content/a.md:6: warning: the link to " + srv.URL + "/moved has moved to " + srv.URL + "/ok\n\tlink to " + srv.URL + "/ok directly",
		"content/partenaires/p.md:5: the link to " + srv.URL + "/gone leads to a page that no longer exists (404)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "/ok leads") || strings.Contains(got, srv.URL+"/ok has") {
		t.Errorf("a good link was reported:\n%s", got)
	}
	// Without --external, other sites are not asked.
	out.Reset()
	if code := Run(context.Background(), []string{"check", "--lang", "en", "-s", site}, &out, &errb); code != 0 {
		t.Errorf("check without --external: %d\n%s", code, &out)
	}
}

// TestCheckDue: relais check lists the partners to verify again, oldest
// first, with where to change the date, and leaves out the recent ones.
func TestCheckDue(t *testing.T) {
	dir := t.TempDir()
	recent := time.Now().AddDate(0, -1, 0).Format("2006-01-02")
	for name, body := range map[string]string{
		"content/partenaires/a.md": "---\ntitle: Ancien\ntype: ASSO\ntelephone: \"3919\"\nverifie: 2020-01-01\n---\n",
		"content/partenaires/b.md": "---\ntitle: Très ancien\ntype: ASSO\ntelephone: \"3919\"\nverifie: 2019-06-01\n---\n",
		"content/partenaires/c.md": "---\ntitle: Récent\ntype: ASSO\ntelephone: \"3919\"\nverifie: " + recent + "\n---\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	Run(context.Background(), []string{"check", "--lang", "en", "-s", dir}, &out, &errb)
	want := "relais check: 2 partners to verify again (checked more than 12 months ago, or never), oldest first:\n" +
		"  2019-06-01  Très ancien  (content/partenaires/b.md:5)\n" +
		"  2020-01-01  Ancien  (content/partenaires/a.md:5)\n"
	if !strings.Contains(out.String(), want) || strings.Contains(out.String(), "  Récent") {
		t.Errorf("relais check says:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestCheckLinksWarning: a site being moved from another tool can make
// broken links warnings, and relais check counts them.
func TestCheckLinksWarning(t *testing.T) {
	site := testsite.New(t, map[string]string{
		"site.toml":    "[check]\nlinks = \"warning\"\n",
		"content/a.md": "---\ntitle: A\n---\nVoir [B](/b/), [C](/c/) et [ici](#nulle-part).\n",
	})
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"check", "--lang", "en", "-s", site}, &out, &errb)
	got := out.String()
	if code != 0 || !strings.Contains(got, "content/a.md:4: warning: this link leads to /b/") ||
		!strings.Contains(got, "relais check: 3 broken links to mend (warnings while site.toml has [check] links = \"warning\")") {
		t.Errorf("exit %d:\n%s", code, got)
	}
	if code := Run(context.Background(), []string{"build", "--lang", "en", "-s", site, "-d", filepath.Join(t.TempDir(), "public")}, &out, &errb); code != 0 {
		t.Errorf("the build failed on links made warnings: %s", errb.String())
	}
}

// TestFirstDay: what relais init makes is a site whose first build says
// that its address is the example one, whose check names the example
// texts left, whose home page lists only dated pages (not the
// accessibility statement or « Effacer vos traces »), and whose pages
// publish no sentence meant for the one who writes the site.
func TestFirstDay(t *testing.T) {
	env := Env{Now: func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }}
	dir := filepath.Join(t.TempDir(), "site")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := env.Run(context.Background(), args, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, errs := run("init", "--lang", "fr", dir); code != 0 {
		t.Fatalf("init: %s", errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "site.toml")); !strings.Contains(string(b), "# Les réglages du site.") {
		t.Errorf("site.toml's comments are not in French:\n%s", b)
	}
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errs := run("build", "--lang", "fr", "-s", dir, "-d", pub)
	if code != 0 || !strings.Contains(errs, "site.toml:7: attention : baseURL est encore l’adresse d’exemple https://example.org/") {
		t.Errorf("build: %d\n%s", code, errs)
	}
	_, out, _ := run("check", "--lang", "fr", "-s", dir)
	for _, want := range []string{"content/_index.md:8: attention : cette page contient encore le texte d’exemple de relais init : « Présentez ici",
		"content/articles/premier-article.md:"} {
		if !strings.Contains(out, want) {
			t.Errorf("check does not say %q:\n%s", want, out)
		}
	}
	home, err := os.ReadFile(filepath.Join(pub, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	recent := string(home[bytes.Index(home, []byte(`id="recent"`)):])
	for _, not := range []string{"Déclaration d’accessibilité", "Effacer vos traces"} {
		if strings.Contains(recent[:strings.Index(recent, "</section>")], not) {
			t.Errorf("the home page's latest articles list %s", not)
		}
	}
	acc, _ := os.ReadFile(filepath.Join(pub, "accessibilite", "index.html"))
	if bytes.Contains(acc, []byte("site.toml")) || bytes.Contains(acc, []byte("dites ici")) {
		t.Errorf("the accessibility statement publishes a sentence for the writer")
	}
	traces, _ := os.ReadFile(filepath.Join(pub, "effacer-vos-traces", "index.html"))
	if !bytes.Contains(traces, []byte("navigation privée")) || bytes.Contains(traces, []byte("Expliquez ici")) {
		t.Errorf("« Effacer vos traces » is not ready to publish")
	}
}

// TestNoLocale: on a system that sets no language (Windows, a program
// started by a double-click), relais speaks French: its help, and init.
func TestNoLocale(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Now: func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }}
	var out, errb bytes.Buffer
	env.Run(context.Background(), []string{"help"}, &out, &errb)
	if help := out.String() + errb.String(); !strings.Contains(help, "relais fabrique un site statique") {
		t.Errorf("help without a locale:\n%s", help)
	}
	out.Reset()
	errb.Reset()
	dir := filepath.Join(t.TempDir(), "site")
	if code := env.Run(context.Background(), []string{"init", dir}, &out, &errb); code != 0 || !strings.Contains(out.String(), "un nouveau site") {
		t.Errorf("init without a locale: %d\n%s%s", code, &out, &errb)
	}
	errb.Reset()
	if code := env.Run(context.Background(), []string{"build", "--nope"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "option inconnue") {
		t.Errorf("a flag error without a locale: %d %s", code, &errb)
	}
}

// TestCheckGrouped: a site moved from another tool, whose hundreds of
// pages share the same few warnings, gets each kind once, with a count and
// where three more are, after its errors; a kind few pages have is said
// for each.
func TestCheckGrouped(t *testing.T) {
	files := map[string]string{"content/b.md": "---\ntitle: B\n---\nVoir [là](/nulle-part/).\n"}
	for i := range 30 {
		files[fmt.Sprintf("content/auteurs/a%02d.md", i)] = "---\nfullname: Camille\nlayout: author\n---\n"
	}
	files["content/c.md"] = "---\ntitle: C\nlayout: page\n---\nTexte.\n"
	site := testsite.New(t, files)
	var out, errb bytes.Buffer
	Run(context.Background(), []string{"check", "--lang", "en", "-s", site}, &out, &errb)
	got := out.String()
	for _, want := range []string{
		"content/auteurs/a00.md:1: warning: this page has no title: it takes its file name, « A00 » (and 29 more times: content/auteurs/a01.md:1, content/auteurs/a02.md:1, content/auteurs/a03.md:1…)",
		"content/auteurs/a00.md:3: warning: layout \"author\": there is no such layout, so the page has the default one (and 29 more times:",
		"content/c.md:3: warning: layout \"page\": there is no such layout",
	} {
		if strings.Count(got, want) != 1 {
			t.Errorf("check does not say once %q:\n%s", want, got)
		}
	}
	if lines := strings.Count(got, "\n"); lines > 20 { // 150 ungrouped
		t.Errorf("%d lines:\n%s", lines, got)
	}
	if !strings.HasPrefix(got, "content/b.md:4: this link leads to /nulle-part/") {
		t.Errorf("the error is not first:\n%s", got)
	}
}

// TestCheckWritesNothing: relais check makes and checks every output
// but writes none: no output folder, nothing in the temporary folder.
func TestCheckWritesNothing(t *testing.T) {
	site := testsite.New(t, checkSite)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var out, errb bytes.Buffer
	Run(context.Background(), []string{"check", "--lang", "en", "-s", site}, &out, &errb)
	if !strings.Contains(out.String(), "this link leads to /articles/nulle-part/") {
		t.Fatalf("the check did not check:\n%s%s", &out, &errb)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("the check wrote the output folder")
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("the check left %v in the temporary folder", ents)
	}
}
