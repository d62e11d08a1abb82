package site

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"relais"
	"relais/internal/builtin"
)

const kitIndex = `---
title: Réseaux sociaux
date: 2026-11-01
version: "1.0"
auteurs: [L'intervenante sociale]
licence: CC BY-SA 4.0
public: Adolescents en MECS
ages: 12-17
participants: 6 à 10
duree: 2 h
objectifs_generaux: [Connaître les risques]
sequence:
  - {titre: Accueil, duree: 10 min, methode: Tour de table}
  - {titre: Débat, duree: 1 h 30, methode: Photolangage}
  - {titre: Bilan, duree: 20 min}
---
Présentation.
`

func TestKit(t *testing.T) {
	files := map[string]string{
		"content/ateliers/reseaux/index.md":     kitIndex,
		"content/ateliers/reseaux/animateur.md": "---\ntitle: Guide de l'animateur\n---\nSi un jeune confie une violence : 119.\n",
		"content/ateliers/reseaux/fiches/a.md":  "---\ntitle: Fiche A\nweight: 1\n---\nA.\n",
		"content/ateliers/reseaux/fiches/b.md":  "---\ntitle: Fiche B\nweight: 2\n---\nB.\n",
	}
	dest, res, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	page := read(t, dest, "ateliers/reseaux/index.html")
	nb := "\u00a0"
	for _, w := range []string{
		"<dd>12 à 17 ans</dd>", "<dd>2" + nb + "h</dd>",
		`<caption>Déroulé de la séance (2` + nb + `h)</caption>`,
		`<td>0` + nb + `h` + nb + `10 – 1` + nb + `h` + nb + `40<br><span class="muted">1` + nb + `h` + nb + `30</span></td><th scope="row">Débat</th><td>Photolangage</td>`,
		`"@type":"LearningResource"`, `"timeRequired":"PT2H"`, `"typicalAgeRange":"12-17"`, `"license":"CC BY-SA 4.0"`,
		`"hasPart":[`, `"name":"Fiche A"`, `href="/ateliers/reseaux/fiches/b/"`, `href="/ateliers/reseaux/animateur/"`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("kit page lacks %s", w)
		}
	}
	// The guide comes before the handouts.
	if g, h := strings.Index(page, `<li><a href="/ateliers/reseaux/animateur/">`), strings.Index(page, `<li><a href="/ateliers/reseaux/fiches/`); g < 0 || h < 0 || g > h {
		t.Errorf("the kit page does not list the guide before the handouts (%d, %d)", g, h)
	}
	// The guide and the handouts lead back to their kit; the kit page does
	// not lead to itself.
	for _, p := range []string{"ateliers/reseaux/animateur/index.html", "ateliers/reseaux/fiches/b/index.html"} {
		if !strings.Contains(read(t, dest, p), `<a href="/ateliers/reseaux/">Retour à l’atelier`+nb+": Réseaux sociaux</a>") {
			t.Errorf("%s does not lead back to its kit", p)
		}
	}
	if strings.Contains(page, "Retour à l’atelier") {
		t.Errorf("the kit page leads back to itself")
	}
	for name, tt := range map[string]struct{ from, to, want string }{
		"bad ages":    {"ages: 12-17", "ages: ados", `content/ateliers/reseaux/index.md:8: ages: "ados" is not an age range`},
		"no licence":  {"licence: CC BY-SA 4.0\n", "", "content/ateliers/reseaux/index.md:1: the kit has no licence"},
		"steps total": {"duree: 20 min}", "duree: 10 min}", "warning: the steps of the sequence last 1" + nb + "h" + nb + "50 in all, but the kit says 2" + nb + "h"},
		"typo":        {"duree: 2 h", "dure: 2 h", `content/ateliers/reseaux/index.md:10: unknown field "dure"` + "\n\tdid you mean duree?"},
	} {
		t.Run(name, func(t *testing.T) {
			f := map[string]string{"content/ateliers/reseaux/index.md": strings.Replace(kitIndex, tt.from, tt.to, 1)}
			_, res, err := build(t, f, nil)
			got := ""
			if err != nil {
				got = err.Error()
			}
			got += res.Warnings.Error()
			if !strings.Contains(got, tt.want) {
				t.Errorf("findings %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestKitArchive(t *testing.T) {
	files := map[string]string{
		"content/ateliers/reseaux/index.md":     kitIndex,
		"content/ateliers/reseaux/animateur.md": "---\ntitle: Guide\n---\nVoir [le 3018](https://www.e-enfance.org/).\n",
		"content/ateliers/reseaux/fiches/a.md":  "---\ntitle: Fiche A\n---\nTexte A.\n",
		"content/ateliers/reseaux/affiche.pdf":  "%PDF-1.4 affiche",
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the build left %d temporary files, such as %s", len(left), left[0].Name())
	}
	zipPath := "ateliers/reseaux/reseaux-v1.0.zip"
	b := []byte(read(t, dest, zipPath))
	again, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, []byte(read(t, again, zipPath))) {
		t.Errorf("two builds made different archives")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	contents := map[string]string{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s is dated %v, not the kit's date", f.Name, f.Modified)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		c, _ := io.ReadAll(r)
		r.Close()
		contents[strings.TrimPrefix(f.Name, "reseaux-v1.0/")] = string(c)
	}
	// One folder at the top, named after the kit and its version.
	if strings.Join(names, ",") != "reseaux-v1.0/LISEZMOI.txt,reseaux-v1.0/affiche.pdf,reseaux-v1.0/animateur.html,reseaux-v1.0/fiches/a.html,reseaux-v1.0/index.html,reseaux-v1.0/reseaux-v1.0.pdf" {
		t.Errorf("entries = %v", names)
	}
	if g := contents["animateur.html"]; !strings.Contains(g, "<style>") || !strings.Contains(g, "<h1>Guide</h1>") || strings.Contains(g, `rel="stylesheet"`) {
		t.Errorf("the guide is not self-contained:\n%s", g)
	}
	if contents["affiche.pdf"] != "%PDF-1.4 affiche" {
		t.Errorf("the PDF was not kept as it is")
	}
	// The kit's own page: its presentation, objectives and sequence,
	// print-ready, with links to the rest.
	idx := contents["index.html"]
	for _, w := range []string{"<h1>Réseaux sociaux</h1>", "CC BY-SA 4.0", "Adolescents en MECS", "12–17 ans", "Connaître les risques",
		"<td>Débat</td><td>Photolangage</td>", "Présentation.", `<a href="animateur.html">Guide</a>`, `<a href="affiche.pdf">`, "<style>", "3018"} {
		if !strings.Contains(idx, w) {
			t.Errorf("index.html lacks %q:\n%s", w, idx)
		}
	}
	if strings.Contains(idx, `rel="stylesheet"`) || strings.Contains(idx, "<nav") {
		t.Errorf("index.html has the site's stylesheet or navigation")
	}
	rd := contents["LISEZMOI.txt"]
	for _, w := range []string{"Réseaux sociaux\r\n", "Version : 1.0", "Licence : CC BY-SA 4.0", "  index.html", "  fiches/a.html", "  affiche.pdf", "Ouvrez index.html"} {
		if !strings.Contains(rd, w) {
			t.Errorf("LISEZMOI.txt lacks %q:\n%s", w, rd)
		}
	}
	sum := sha256.Sum256(b)
	page := read(t, dest, "ateliers/reseaux/index.html")
	for _, w := range []string{hex.EncodeToString(sum[:]), `href="/ateliers/reseaux/reseaux-v1.0.zip" download`,
		`<a href="/ateliers/reseaux/affiche.pdf" download>affiche.pdf</a> <span class="muted">(PDF, 16` + "\u00a0" + `octets)</span>`} {
		if !strings.Contains(page, w) {
			t.Errorf("kit page lacks %s", w)
		}
	}
}

func TestKitFilters(t *testing.T) {
	other := strings.NewReplacer("title: Réseaux sociaux", "title: Parentalité", "duree: 2 h", "duree: 1 h 30",
		"public: Adolescents en MECS", "public: Parents", "{titre: Débat, duree: 1 h 30, methode: Photolangage}", "{titre: Débat, duree: 1 h, methode: Photolangage}").Replace(kitIndex)
	files := map[string]string{
		"site.toml":                         "[taxonomies]\ntheme = \"themes\"\n",
		"content/ateliers/_index.md":        "---\ntitle: Ateliers\n---\n",
		"content/ateliers/reseaux/index.md": strings.Replace(kitIndex, "---\nPrésentation.", "themes: [Prévention]\n---\nPrésentation.", 1),
		"content/ateliers/parents/index.md": other,
		"content/articles/a.md":             "---\ntitle: Un article\nthemes: [Santé, Prévention]\n---\nTexte.\n",
	}
	dest, res, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	list := read(t, dest, "ateliers/index.html")
	for _, w := range []string{`<a href="/ateliers/duree/2-h/">2` + "\u00a0" + `h</a>`, `<a href="/ateliers/public/parents/">Parents</a>`,
		`<a href="/ateliers/theme/prevention/">Prévention</a>`, `<a href="/ateliers/reseaux/">Réseaux sociaux</a>`} {
		if !strings.Contains(list, w) {
			t.Errorf("kit list lacks %s", w)
		}
	}
	if strings.Contains(list, "Santé") || strings.Contains(list, `href="/themes/`) {
		t.Errorf("the kit filters list a theme no kit has, or site-wide theme pages")
	}
	theme := read(t, dest, "ateliers/theme/prevention/index.html")
	if !strings.Contains(theme, "Réseaux sociaux</a></h2>") || strings.Contains(theme, "Parentalité") || strings.Contains(theme, "Un article") {
		t.Errorf("the Prévention filter page does not list only the kit with that theme")
	}
	short := read(t, dest, "ateliers/duree/1-h-30/index.html")
	if !strings.Contains(short, "Parentalité") || strings.Contains(short, "Réseaux sociaux</a></h2>") {
		t.Errorf("the 1 h 30 page does not list only the short kit")
	}
}

func TestResourceFiles(t *testing.T) {
	files := map[string]string{
		"content/ressources/guide/index.md":  "---\ntitle: Guide d'orientation\n---\nÀ imprimer.\n",
		"content/ressources/guide/guide.pdf": "%PDF-1.4 guide",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("%PDF-1.4 guide"))
	page := read(t, dest, "ressources/guide/index.html")
	for _, w := range []string{`<a href="/ressources/guide/guide.pdf" download>guide.pdf</a> <span class="muted">(PDF, 14` + "\u00a0" + `octets)</span>`,
		"<code>" + hex.EncodeToString(sum[:]) + "</code>", `class="print-hint"`} {
		if !strings.Contains(page, w) {
			t.Errorf("resource page lacks %s", w)
		}
	}
}

// TestLargeKitFile: a 60 MB video in a kit is streamed into the archive,
// never held in memory (the build allocates far less than its size), is
// stored as it is in the zip, and gets a warning with its size.
func TestLargeKitFile(t *testing.T) {
	video := make([]byte, 60<<20)
	for i := range video {
		video[i] = byte(i * 7919 >> 3)
	}
	files := map[string]string{
		"content/ateliers/reseaux/index.md":  kitIndex,
		"content/ateliers/reseaux/video.mp4": string(video),
	}
	fsys := mapFS(files)
	dest := filepath.Join(t.TempDir(), "public")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now, CacheDir: t.TempDir()}).Build(context.Background())
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 30<<20 {
		t.Errorf("the build allocated %d MB for a kit with a 60 MB file: it is held in memory", got>>20)
	}
	if w := res.Warnings.Error(); !strings.Contains(w, "content/ateliers/reseaux/video.mp4: warning: this file is 60 MB") {
		t.Errorf("no warning for the large file: %s", w)
	}
	zr, err := zip.OpenReader(filepath.Join(dest, "ateliers/reseaux/reseaux-v1.0.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "video.mp4") && (f.Method != zip.Store || f.UncompressedSize64 != 60<<20) {
			t.Errorf("the video is in the zip with method %d and %d bytes", f.Method, f.UncompressedSize64)
		}
	}
}

// TestKitArchiveName: a kit's archive keeps its name while its content
// is the one its version was first published with; when the content
// changes under the same version, its name gets a short hash and the
// build says to raise the version; a new version has its plain name.
func TestKitArchiveName(t *testing.T) {
	cache := t.TempDir()
	files := map[string]string{
		"content/ateliers/reseaux/index.md":     kitIndex,
		"content/ateliers/reseaux/animateur.md": "---\ntitle: Guide\n---\nPremière version.\n",
		"content/ateliers/reseaux/affiche.pdf":  "%PDF-1.4 affiche",
	}
	buildIn := func() (string, Result) {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		res, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now, CacheDir: cache}).Build(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return dest, res
	}
	zips := func(dest string) []string {
		m, _ := filepath.Glob(filepath.Join(dest, "ateliers/reseaux/*.zip"))
		for i := range m {
			m[i] = filepath.Base(m[i])
		}
		return m
	}
	for _, step := range []struct {
		name   string
		change func()
		want   string // the archive's name; "*" for a hashed one
		warn   bool
	}{
		{"first build", func() {}, "reseaux-v1.0.zip", false},
		{"same content", func() {}, "reseaux-v1.0.zip", false},
		{"the guide changed", func() {
			files["content/ateliers/reseaux/animateur.md"] = "---\ntitle: Guide\n---\nDeuxième version.\n"
		}, "*", true},
		{"a file changed", func() { files["content/ateliers/reseaux/affiche.pdf"] = "%PDF-1.4 affiche 2" }, "*", true},
		{"a new version", func() {
			files["content/ateliers/reseaux/index.md"] = strings.Replace(kitIndex, `version: "1.0"`, `version: "1.1"`, 1)
		}, "reseaux-v1.1.zip", false},
	} {
		step.change()
		dest, res := buildIn()
		got := zips(dest)
		if len(got) != 1 {
			t.Fatalf("%s: archives %v", step.name, got)
		}
		if step.want == "*" {
			if !strings.HasPrefix(got[0], "reseaux-v1.0-") || got[0] == "reseaux-v1.0.zip" {
				t.Errorf("%s: the archive is %s, want a name with a hash", step.name, got[0])
			}
		} else if got[0] != step.want {
			t.Errorf("%s: the archive is %s, want %s", step.name, got[0], step.want)
		}
		page := read(t, dest, "ateliers/reseaux/index.html")
		if !strings.Contains(page, got[0]+`" download`) {
			t.Errorf("%s: the kit page does not link to %s", step.name, got[0])
		}
		w := res.Warnings.Error()
		if has := strings.Contains(w, "the kit changed since version 1.0 was first published"); has != step.warn {
			t.Errorf("%s: warning %v, want %v:\n%s", step.name, has, step.warn, w)
		}
		if step.warn && !strings.Contains(w, `raise version (such as "1.1")`) {
			t.Errorf("%s: the warning does not suggest 1.1:\n%s", step.name, w)
		}
	}
}

// TestKitArchiveIncludes: a guide that includes another page holds that
// page's text in the kit's archive too.
func TestKitArchiveIncludes(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"content/ateliers/reseaux/index.md":     kitIndex,
		"content/ateliers/reseaux/animateur.md": "---\ntitle: Guide\n---\n![[/commun/119.md]]\n",
		"content/commun/119.md":                 "---\ntitle: Le 119\n---\nLe 119 répond jour et nuit.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := outputs(t, dest)
	for name, text := range out {
		if strings.HasSuffix(name, "!reseaux-v1.0/animateur.html") {
			if !strings.Contains(text, "Le 119 répond jour et nuit.") || strings.Contains(text, "relais:include") {
				t.Errorf("the archive's guide lacks the included text:\n%s", text)
			}
			return
		}
	}
	t.Errorf("no guide in the archive")
}

// TestFailedBuildLeavesNoTemporaryFiles: a build that fails after the
// kits' archives were made (a broken link, found once every output is
// rendered) removes them from the temporary folder too, and so does a
// preview's rebuild.
func TestFailedBuildLeavesNoTemporaryFiles(t *testing.T) {
	files := map[string]string{
		"content/ateliers/reseaux/index.md":     kitIndex,
		"content/ateliers/reseaux/animateur.md": "---\ntitle: Guide\n---\nVoir [nulle part](/nulle-part/).\n",
		"content/ateliers/reseaux/affiche.pdf":  "%PDF-1.4 affiche",
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	fsys := mapFS(files)
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now})
	defer s.Close()
	if _, err := s.Build(context.Background()); err == nil || !strings.Contains(err.Error(), "/nulle-part/") {
		t.Fatalf("the build should fail on the broken link: %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the failed build left %d temporary files, such as %s", len(left), left[0].Name())
	}
	fsys["content/ateliers/reseaux/fiche.md"] = file("---\ntitle: Fiche\n---\nTexte.\n")
	if _, err := s.Rebuild(context.Background(), []string{"content/ateliers/reseaux/fiche.md"}); err == nil {
		t.Fatal("the rebuild should still fail on the broken link")
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the failed rebuild left %d temporary files, such as %s", len(left), left[0].Name())
	}
}
