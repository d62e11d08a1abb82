package site

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"time"
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
		`<td role="cell" data-label="Horaire">0` + nb + `h` + nb + `10 – 1` + nb + `h` + nb + `40<br><span class="muted">1` + nb + `h` + nb + `30</span></td><th scope="row" role="rowheader" data-label="Étape">Débat</th><td role="cell" data-label="Méthode">Photolangage</td>`,
		`"@type":"LearningResource"`, `"timeRequired":"PT2H"`, `"typicalAgeRange":"12-17"`, `"license":"CC BY-SA 4.0"`,
		`"hasPart":[`, `"name":"Fiche A"`, `href="/ateliers/reseaux/fiches/b/"`, `href="/ateliers/reseaux/animateur/"`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("kit page lacks %s", w)
		}
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
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
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
	if strings.Join(names, ",") != "reseaux-v1.0/LISEZMOI.txt,reseaux-v1.0/affiche.pdf,reseaux-v1.0/animateur.html,reseaux-v1.0/fiches/a.html,reseaux-v1.0/index.html" {
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
