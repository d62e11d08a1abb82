package site

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"relais"
	"relais/internal/area"
	"relais/internal/builtin"
	"relais/internal/extension"
	"relais/internal/extension/exttest"
)

// TestIncrementalMatchesFull applies random sequences of edits, creations,
// renames and deletions, rebuilds incrementally after each step, and
// compares the output with a full build's, byte for byte.
func TestIncrementalMatchesFull(t *testing.T) {
	seeds := 12
	steps := 25
	if testing.Short() {
		seeds, steps = 3, 10
	}
	if n, err := strconv.Atoi(os.Getenv("RELAIS_SEEDS")); err == nil && n > 0 {
		seeds = n // a deeper search: RELAIS_SEEDS=200
	}
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewSource(int64(seed)))
			fsys := mapFS(map[string]string{
				"site.toml": "title = \"T\"\npaginate = 3\n[taxonomies]\ntag = \"tags\"\ntheme = \"themes\"\nserie = \"series\"\n" + areaSettings + langSettings,
			})
			for i := 0; i < 8; i++ {
				fsys[fmt.Sprintf("content/articles/p%d.md", i)] = file(randomPage(r, i))
			}
			fsys["content/ressources/r.md"] = file(randomPage(r, 100))
			fsys["content/_index.md"] = file("---\ntitle: Accueil\n---\nBonjour.\n")
			// A search page: the index follows every edit.
			fsys["content/recherche.md"] = file("---\ntitle: Recherche\nlayout: recherche\n---\n")
			// Every kind of content is edited, a third one too.
			exts := append(builtin.Extensions(), exttest.Calendar{})
			inc := New(Options{Extensions: exts, Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "inc"), Now: now})
			var kinds []extension.Kind
			for _, k := range inc.reg.Kinds() {
				if k.Edit == nil {
					t.Fatalf("the kind of %s/ has no Edit: the preview's rebuilds of it are never compared", k.Section.Folder())
				}
				kinds = append(kinds, k)
			}
			// The first build may fail (a broken link): the steps go on
			// from there, as a person fixing the site would.
			_, _ = inc.Build(context.Background())
			next := 200
			for step := 0; step < steps; step++ {
				changed, what := mutate(r, fsys, &next, kinds)

				_, ierr := inc.Rebuild(context.Background(), changed)

				fullDest := filepath.Join(t.TempDir(), "full")
				_, ferr := New(Options{Extensions: exts, Source: fsys, Theme: relais.Theme(), Dest: fullDest, Now: now}).Build(context.Background())
				if (ierr == nil) != (ferr == nil) {
					t.Fatalf("step %d (%s): incremental error %v, full error %v", step, what, ierr, ferr)
				}
				if ferr != nil {
					continue
				}
				a, b := tree(t, inc.opts.Dest), tree(t, fullDest)
				if diff := compareTrees(a, b); diff != "" {
					t.Fatalf("step %d (%s, changed %v): incremental output differs from a full build:\n%s", step, what, changed, diff)
				}
			}
		})
	}
}

// langSettings give the site a second language.
const langSettings = "[languages.en]\nname = \"English\"\ntitle = \"T in English\"\n"

// editTranslation makes, edits or removes an English page: a
// translation by its name, a page by its folder, the English home.
func editTranslation(r *rand.Rand, fsys fstest.MapFS) ([]string, string) {
	var p string
	switch r.Intn(4) {
	case 0, 1:
		p = fmt.Sprintf("content/articles/p%d.en.md", r.Intn(8))
	case 2:
		p = fmt.Sprintf("content/en/articles/only%d.md", r.Intn(2))
	default:
		p = "content/_index.en.md"
	}
	if _, ok := fsys[p]; ok && r.Intn(3) == 0 {
		delete(fsys, p)
		return []string{p}, "delete translation " + p
	}
	body := randomPage(r, r.Intn(50))
	if r.Intn(4) == 0 {
		body = strings.Replace(body, "---\n", "---\nmenu: main\n", 1)
	}
	fsys[p] = file(body)
	return []string{p}, "write translation " + p
}

// areaSettings protect a partner area for nginx, which needs no path
// of the host.
const areaSettings = "[partners]\nprotection = \"nginx\"\n"

// editArea puts a section or a page in the partner area or takes it out,
// or changes the logins.
func editArea(r *rand.Rand, fsys fstest.MapFS, pick func() string) ([]string, string) {
	switch r.Intn(3) {
	case 0:
		if _, ok := fsys[area.File]; ok && r.Intn(2) == 0 {
			delete(fsys, area.File)
			return []string{area.File}, "remove the logins"
		}
		fsys[area.File] = file(areaLogins)
		return []string{area.File}, "write the logins"
	case 1:
		p := "content/articles/archives/_index.md"
		body := "---\ntitle: Archives\n---\n"
		if r.Intn(2) == 0 {
			body = "---\ntitle: Archives\naccess: partners\n---\n"
		}
		fsys[p] = file(body)
		return []string{p}, "archives' access"
	}
	p := pick()
	if strings.HasSuffix(p, "recherche.md") {
		// Every page's header links to the search page: for partners,
		// its address would be on every public page (the leak check
		// says so, in both builds).
		return nil, "nothing"
	}
	body := string(fsys[p].Data)
	if strings.Contains(body, "access: partners\n") {
		body = strings.Replace(body, "access: partners\n", "", 1)
	} else {
		body = strings.Replace(body, "---\n", "---\naccess: partners\n", 1)
	}
	fsys[p] = file(body)
	return []string{p}, "toggle access of " + p
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s), ModTime: now} }

var words = strings.Fields("accueil écoute victime partenaire famille droit enfance atelier réseau écoute soutien")

func randomPage(r *rand.Rand, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: \"Page %d %s\"\ndate: 2026-%02d-%02d\n", i, words[r.Intn(len(words))], 1+r.Intn(10), 1+r.Intn(28))
	if r.Intn(2) == 0 {
		fmt.Fprintf(&b, "tags: [%q]\n", words[r.Intn(len(words))])
	}
	if r.Intn(3) == 0 {
		fmt.Fprintf(&b, "themes: [%q]\n", words[r.Intn(len(words))])
	}
	if r.Intn(6) == 0 {
		fmt.Fprintf(&b, "weight: %d\n", 1+r.Intn(3))
	}
	if r.Intn(8) == 0 { // in the main menu: every page's header changes
		b.WriteString("menu: main\n")
	}
	b.WriteString("---\n")
	if r.Intn(5) == 0 {
		// A link that breaks when its page or heading goes.
		fmt.Fprintf(&b, "Voir [la page %d](/articles/p%d/#titre-%d).\n\n", i, r.Intn(8), r.Intn(2))
	}
	for k := 0; k < 1+r.Intn(3); k++ {
		fmt.Fprintf(&b, "## Titre %d\n\n%s %s.\n\n", k, words[r.Intn(len(words))], words[r.Intn(len(words))])
	}
	return b.String()
}

const (
	brokenPage   = "content/articles/broken.md"
	brokenLayout = "layouts/articles/single.html"
)

func mutate(r *rand.Rand, fsys fstest.MapFS, next *int, kinds []extension.Kind) ([]string, string) {
	// What a step broke stays broken for a few steps, then is fixed.
	if f, ok := fsys[brokenPage]; ok && strings.Contains(string(f.Data), "[cassé") && r.Intn(3) == 0 {
		fsys[brokenPage] = file(randomPage(r, 999))
		return []string{brokenPage}, "fix page"
	}
	if f, ok := fsys[brokenLayout]; ok && strings.Contains(string(f.Data), "{{ if }}") && r.Intn(3) == 0 {
		delete(fsys, brokenLayout)
		return []string{brokenLayout}, "fix layout"
	}
	var pages []string
	for p := range fsys {
		if strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			pages = append(pages, p)
		}
	}
	sort.Strings(pages)
	pick := func() string { return pages[r.Intn(len(pages))] }
	sections := []string{"articles", "ressources", "ateliers", "articles/archives"}
	switch op := r.Intn(27); {
	case op >= 24: // a translation: made, edited or removed
		return editTranslation(r, fsys)
	case op >= 22: // the partner area: a section, a page, the logins
		return editArea(r, fsys, pick)
	case op >= 17 && op <= 19 && len(kinds) > 0: // a kind of content's own edit: kits, partners, the calendar
		k := kinds[r.Intn(len(kinds))]
		write, remove, what := k.Edit(r, func(p string) bool { _, ok := fsys[p]; return ok })
		var changed []string
		for p, body := range write {
			fsys[p] = file(body)
			changed = append(changed, p)
		}
		for _, p := range remove {
			delete(fsys, p)
			changed = append(changed, p)
		}
		sort.Strings(changed)
		return changed, what
	case op == 20: // a series: the parts link to one another
		p := fmt.Sprintf("content/articles/serie%d.md", r.Intn(3))
		fsys[p] = file(fmt.Sprintf("---\ntitle: Partie %d\nseries: [Le guide]\npart: %d\n---\nTexte.\n", r.Intn(9), 1+r.Intn(3)))
		return []string{p}, "edit series part " + p
	case op == 21: // a template that shows another page by its file
		p := "layouts/ressources/single.html"
		fsys[p] = file(`{{ define "main" }}<h1>{{ .Title }}</h1>{{ with .Site.GetPage "ateliers/kit0/fiches/a.md" }}<p>{{ .Title }}</p>{{ end }}{{ .Content }}{{ end }}`)
		return []string{p}, "GetPage layout"
	case op == 16: // a page beside a folder of the same name: its section page
		p := "content/" + sections[r.Intn(len(sections))] + ".md"
		if _, ok := fsys[p]; ok && r.Intn(2) == 0 {
			delete(fsys, p)
			return []string{p}, "delete page beside folder " + p
		}
		*next++
		fsys[p] = file(randomPage(r, *next))
		return []string{p}, "page beside folder " + p
	case op == 15: // the data the theme shows on every page
		fsys["data/numeros.toml"] = file(fmt.Sprintf("[[numeros]]\nnumero = \"%d\"\nnom = \"Urgence\"\nurgent = %v\n", 100+r.Intn(900), r.Intn(2) == 0))
		return []string{"data/numeros.toml"}, "edit data"
	case op == 13: // a page bundle with a page inside it
		*next++
		dir := fmt.Sprintf("content/guides/kit%d", r.Intn(3))
		index := randomPage(r, *next)
		if r.Intn(2) == 0 { // the bundle moves its pages with it
			index = strings.Replace(index, "---\n", fmt.Sprintf("---\nslug: atelier-%d\n", r.Intn(5)), 1)
		}
		fsys[dir+"/index.md"] = file(index)
		fsys[dir+"/fiche.md"] = file(randomPage(r, *next+1))
		fsys[dir+"/guide.txt"] = file(fmt.Sprint(*next))
		return []string{dir + "/index.md", dir + "/fiche.md", dir + "/guide.txt"}, "create bundle " + dir
	case op == 14: // a bundle loses its index: its pages join the section
		for _, p := range pages {
			if strings.HasSuffix(p, "/index.md") {
				delete(fsys, p)
				return []string{p}, "delete bundle index " + p
			}
		}
		return nil, "nothing"
	case op == 10: // settings
		langs := langSettings
		switch r.Intn(4) {
		case 0:
			langs = "" // the site back to one language
		case 1:
			langs += "originals = true\n" // French pages in the English lists
		}
		fsys["site.toml"] = file(fmt.Sprintf("title = \"T%d\"\npaginate = %d\n[taxonomies]\ntag = \"tags\"\ntheme = \"themes\"\nserie = \"series\"\n", r.Intn(3), 2+r.Intn(3)) + areaSettings + langs)
		return []string{"site.toml"}, "edit settings"
	case op == 11: // a page that does not parse
		fsys[brokenPage] = file("---\ntitle: [cassé\n---\n")
		return []string{brokenPage}, "break page"
	case op == 12: // a template that does not parse
		fsys[brokenLayout] = file("{{ if }}")
		return []string{brokenLayout}, "break layout"
	case op < 3 && len(pages) > 0: // edit body or metadata
		p := pick()
		if body := string(fsys[p].Data); r.Intn(2) == 0 && strings.HasPrefix(body, "---\n") && !strings.Contains(body, "access:") {
			// Her usual edit: the text only, further down (the model is
			// kept, load.Loader.TextEdits), or a link added (it is not).
			extra := fmt.Sprintf("\n## Ajout %d\n\nUn paragraphe de plus, %s.\n", r.Intn(3), words[r.Intn(len(words))])
			if r.Intn(4) == 0 {
				extra = fmt.Sprintf("\nVoir [la page](/articles/p%d/).\n", r.Intn(8))
			}
			fsys[p] = file(body + extra)
			return []string{p}, "edit the text of " + p
		}
		fsys[p] = file(randomPage(r, r.Intn(50)))
		return []string{p}, "edit " + p
	case op < 5: // create
		*next++
		p := fmt.Sprintf("content/%s/n%d.md", sections[r.Intn(len(sections))], *next)
		fsys[p] = file(randomPage(r, *next))
		return []string{p}, "create " + p
	case op < 6 && len(pages) > 1: // delete
		p := pick()
		delete(fsys, p)
		return []string{p}, "delete " + p
	case op < 7 && len(pages) > 0: // rename
		p := pick()
		*next++
		q := fmt.Sprintf("content/%s/m%d.md", sections[r.Intn(len(sections))], *next)
		fsys[q] = fsys[p]
		delete(fsys, p)
		return []string{p, q}, "rename " + p + " " + q
	case op < 8: // a layout override
		p := "layouts/articles/single.html"
		if _, ok := fsys[p]; ok && r.Intn(2) == 0 {
			delete(fsys, p)
			return []string{p}, "delete layout"
		}
		fsys[p] = file(fmt.Sprintf("{{ define \"main\" }}<h1>%d {{ .Title }}</h1>{{ with .Next }}{{ .Title }}{{ end }}{{ .Content }}{{ end }}", r.Intn(100)))
		return []string{p}, "edit layout"
	case op < 9: // a static file
		p := fmt.Sprintf("static/f%d.txt", r.Intn(3))
		if _, ok := fsys[p]; ok && r.Intn(2) == 0 {
			delete(fsys, p)
			return []string{p}, "delete static"
		}
		fsys[p] = file(fmt.Sprint(r.Intn(1000)))
		return []string{p}, "write static"
	default: // a section page, with what it cascades to the pages below
		p := "content/articles/_index.md"
		if r.Intn(3) == 0 {
			p = "content/articles/archives/_index.md"
		}
		cascades := []string{"", "cascade: {tags: [cascade]}\n", "cascade: {weight: 2, params: {x: 1}}\n",
			"cascade: {visibility: private}\n", "cascade: {build: {list: never}}\n", "cascade: {headless: true}\n"}
		fsys[p] = file(fmt.Sprintf("---\ntitle: Articles %d\n%s---\nListe.\n", r.Intn(100), cascades[r.Intn(len(cascades))]))
		return []string{p}, "edit section " + p
	}
}

func compareTrees(a, b map[string]string) string {
	var out []string
	for k, v := range a {
		w, ok := b[k]
		switch {
		case !ok:
			out = append(out, "only incremental: "+k)
		case v != w:
			out = append(out, "differs: "+k+"\n--- incremental\n"+v+"\n--- full\n"+w)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, "only full: "+k)
		}
	}
	sort.Strings(out)
	if len(out) > 3 {
		out = append(out[:3], fmt.Sprintf("… and %d more", len(out)-3))
	}
	return strings.Join(out, "\n")
}

// TestGetPageInBundle: a template that asks for a page inside a bundle
// sees it once it is created and once it goes, in the preview as in a
// full build.
func TestGetPageInBundle(t *testing.T) {
	fsys := mapFS(map[string]string{
		"content/guides/kit/index.md": "---\ntitle: Le kit\n---\nLe kit.\n",
		"content/a.md":                "---\ntitle: A\n---\nTexte.\n",
		"layouts/single.html":         `<p>{{ with .Site.GetPage "guides/kit/fiche.md" }}fiche : {{ .Title }}{{ else }}pas de fiche{{ end }}</p>`,
	})
	dest := filepath.Join(t.TempDir(), "public")
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	read := func() string {
		b, _ := os.ReadFile(filepath.Join(dest, "a", "index.html"))
		return string(b)
	}
	if got := read(); !strings.Contains(got, "pas de fiche") {
		t.Fatalf("before: %s", got)
	}
	fsys["content/guides/kit/fiche.md"] = file("---\ntitle: La fiche\n---\nFiche.\n")
	if _, err := s.Rebuild(context.Background(), []string{"content/guides/kit/fiche.md"}); err != nil {
		t.Fatal(err)
	}
	if got := read(); !strings.Contains(got, "fiche : La fiche") {
		t.Errorf("after the fiche was created: %s", got)
	}
	delete(fsys, "content/guides/kit/fiche.md")
	if _, err := s.Rebuild(context.Background(), []string{"content/guides/kit/fiche.md"}); err != nil {
		t.Fatal(err)
	}
	if got := read(); !strings.Contains(got, "pas de fiche") {
		t.Errorf("after the fiche was removed: %s", got)
	}
}

// TestOutputFolderDeleted: the output folder deleted between two builds
// of one Site (as while the preview runs) is written whole again.
func TestOutputFolderDeleted(t *testing.T) {
	fsys := mapFS(map[string]string{"content/a.md": "---\ntitle: A\n---\nTexte.\n", "content/b.md": "---\ntitle: B\n---\nTexte.\n"})
	dest := filepath.Join(t.TempDir(), "public")
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := tree(t, dest)
	if err := os.RemoveAll(dest); err != nil {
		t.Fatal(err)
	}
	fsys["content/a.md"] = file("---\ntitle: A\n---\nTexte changé.\n")
	if _, err := s.Rebuild(context.Background(), []string{"content/a.md"}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	if len(got) != len(want) {
		t.Errorf("%d files after the folder was deleted, want %d", len(got), len(want))
	}
	if !strings.Contains(got["b/index.html"], "Texte.") || !strings.Contains(got["a/index.html"], "Texte changé.") {
		t.Errorf("pages missing or stale")
	}
}

// TestMoveAcrossKinds: a partner's page moved, bytes unchanged, into the
// articles, where its partner fields are warnings; when the articles'
// section then cascades a weight, the preview gives it the weight a full
// build gives it. It did not: a page with findings was not read again
// when a cascade above it changed (found by TestIncrementalMatchesFull's
// seed 13 once every kind of content had its own edits there).
func TestMoveAcrossKinds(t *testing.T) {
	partner := "---\ntitle: Partenaire\ntype: ASSO\ntelephone: \"01 99 00 12 00\"\nverifie: 2026-10-01\n---\nTexte.\n"
	fsys := mapFS(map[string]string{
		"site.toml":                     "title = \"T\"\n",
		"content/_index.md":             "---\ntitle: Accueil\n---\n",
		"content/articles/a.md":         "---\ntitle: A\ndate: 2026-01-01\nweight: 3\n---\nA.\n",
		"content/partenaires/p.md":      partner,
		"content/partenaires/_index.md": "---\ntitle: Partenaires\n---\n",
	})
	inc := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "inc"), Now: now})
	if _, err := inc.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	fsys["content/articles/m.md"] = fsys["content/partenaires/p.md"]
	delete(fsys, "content/partenaires/p.md")
	if _, err := inc.Rebuild(context.Background(), []string{"content/partenaires/p.md", "content/articles/m.md"}); err != nil {
		t.Fatal(err)
	}
	fsys["site.toml"] = file("title = \"T0\"\n")
	if _, err := inc.Rebuild(context.Background(), []string{"site.toml"}); err != nil {
		t.Fatal(err)
	}
	fsys["content/articles/_index.md"] = file("---\ntitle: Articles\ncascade: {weight: 2}\n---\n")
	if _, err := inc.Rebuild(context.Background(), []string{"content/articles/_index.md"}); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(t.TempDir(), "full")
	if _, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: full, Now: now}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if diff := compareTrees(tree(t, inc.opts.Dest), tree(t, full)); diff != "" {
		t.Errorf("the moved page is not what a full build makes of it:\n%s", diff)
	}
}

// TestTextEditKeepsModel: an edit of a page's text only, further down
// than its summary, keeps the site's model (no assembly: the preview's
// usual edit) and gives what a full build gives; an edit of its title,
// of a link or of its summary assembles it again.
func TestTextEditKeepsModel(t *testing.T) {
	fsys := mapFS(map[string]string{"site.toml": "title = \"T\"\n[taxonomies]\ntag = \"tags\"\n"})
	long := strings.Repeat("Un mot de plus dans le résumé. ", 40)
	for i := range 6 {
		fsys[fmt.Sprintf("content/articles/p%d.md", i)] = file(fmt.Sprintf("---\ntitle: Page %d\ndate: 2026-01-0%d\ntags: [a]\n---\n%s\n\n## Suite\n\nTexte.\n", i, i+1, long))
	}
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "inc"), Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := "content/articles/p3.md"
	orig := string(fsys[p].Data)
	for _, tt := range []struct {
		what string
		body string
		keep bool
	}{
		{"text further down", strings.Replace(orig, "Texte.", "Texte changé, et plus long.", 1), true},
		{"a heading", strings.Replace(orig, "## Suite", "## La suite", 1), true},
		{"the title", strings.Replace(orig, "title: Page 3", "title: Page trois", 1), false},
		{"a link", orig + "\n[Voir](/articles/p1/)\n", false},
		{"the summary", strings.Replace(orig, "Un mot", "Deux mots", 1), false},
		{"the tags", strings.Replace(orig, "tags: [a]", "tags: [b]", 1), false},
	} {
		fsys[p] = file(tt.body)
		n := s.assemblies
		if _, err := s.Rebuild(context.Background(), []string{p}); err != nil {
			t.Fatal(err)
		}
		if kept := s.assemblies == n; kept != tt.keep {
			t.Errorf("%s: model kept %v, want %v", tt.what, kept, tt.keep)
		}
		full := filepath.Join(t.TempDir(), "full")
		if _, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: full, Now: now}).Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		if diff := compareTrees(tree(t, s.opts.Dest), tree(t, full)); diff != "" {
			t.Fatalf("%s: the rebuild differs from a full build:\n%s", tt.what, diff)
		}
	}
}
