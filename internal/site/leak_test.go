package site

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"relais"
	"relais/internal/builtin"
)

// leakSite is a site full of things that must not be published, each
// marked with a secret word: SECRET-DRAFT-… may be published with -D,
// SECRET-NEVER-… never.
var leakSite = map[string]string{
	"site.toml":            "title = \"Fuites\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n",
	"content/_index.md":    "---\ntitle: Accueil\n---\nBienvenue. [Le kit](/ateliers/kit/), [recherche](/recherche/).\n",
	"content/recherche.md": "---\ntitle: Recherche\nlayout: recherche\n---\n",
	// Pages.
	"content/articles/_index.md":    "---\ntitle: Articles\n---\n",
	"content/articles/public.md":    "---\ntitle: Public\ndate: 2026-01-01\n---\nTexte public.\n",
	"content/articles/brouillon.md": "---\ntitle: SECRET-DRAFT-title\ndate: 2026-01-01\ndraft: true\n---\nSECRET-DRAFT-page\n",
	"content/articles/prive.md":     "---\ntitle: SECRET-NEVER-private-title\nvisibility: private\n---\nSECRET-NEVER-private\n",
	"content/articles/privee-fr.md": "---\ntitle: SECRET-NEVER-prive-title\nvisibility: privée\n---\nSECRET-NEVER-prive\n",
	"content/articles/futur.md":     "---\ntitle: SECRET-NEVER-future-title\ndate: 2099-01-01\n---\nSECRET-NEVER-future\n",
	"content/articles/perime.md":    "---\ntitle: SECRET-NEVER-expired-title\ndate: 2020-01-01\nexpiryDate: 2021-01-01\n---\nSECRET-NEVER-expired\n",
	// A private resource bundle and its file.
	"content/ressources/_index.md":                      "---\ntitle: Ressources\n---\n",
	"content/ressources/dossier-prive/index.md":         "---\ntitle: SECRET-NEVER-bundle-title\nvisibility: private\n---\nSECRET-NEVER-bundle\n",
	"content/ressources/dossier-prive/compte-rendu.txt": "SECRET-NEVER-bundle-file",
	// A draft page bundle: its child page and its file.
	"content/articles/dossier/index.md":            "---\ntitle: SECRET-DRAFT-bundle-title\ndraft: true\ndate: 2026-01-01\n---\nSECRET-DRAFT-bundle [annexe](annexe/page/) ![photo](photo.png)\n",
	"content/articles/dossier/annexe/page.md":      "---\ntitle: SECRET-DRAFT-child-title\ndate: 2026-01-01\n---\nSECRET-DRAFT-child\n",
	"content/articles/dossier/photo.png":           "SECRET-DRAFT-bundle-file",
	"content/articles/dossier/annexe/document.txt": "SECRET-DRAFT-child-file",
	// A draft kit: guide, handout, file.
	"content/ateliers/_index.md":                   "---\ntitle: Ateliers\n---\n",
	"content/ateliers/brouillon/index.md":          strings.Replace(strings.Replace(kitIndex, "title: Réseaux sociaux", "title: SECRET-DRAFT-kit-title\ndraft: true", 1), "Présentation.", "SECRET-DRAFT-kit", 1),
	"content/ateliers/brouillon/animateur.md":      "---\ntitle: SECRET-DRAFT-guide-title\n---\nSECRET-DRAFT-guide\n",
	"content/ateliers/brouillon/fiches/1-fiche.md": "---\ntitle: SECRET-DRAFT-handout-title\n---\nSECRET-DRAFT-handout\n",
	"content/ateliers/brouillon/deroule.odt":       "SECRET-DRAFT-kit-file",
	// A public kit with a draft handout: the archive must not hold it.
	"content/ateliers/kit/index.md":           strings.Replace(kitIndex, "title: Réseaux sociaux", "title: Le kit", 1),
	"content/ateliers/kit/animateur.md":       "---\ntitle: Guide\n---\nLe guide public.\n",
	"content/ateliers/kit/fiches/1-public.md": "---\ntitle: Fiche publique\n---\nPublique.\n",
	"content/ateliers/kit/fiches/2-secret.md": "---\ntitle: SECRET-DRAFT-kithandout-title\ndraft: true\n---\nSECRET-DRAFT-kithandout\n",
	"content/ateliers/kit/support.txt":        "Un support public.",
	// A private section: its pages and files, and one page public on
	// purpose.
	"content/interne/_index.md":  "---\ntitle: SECRET-NEVER-section-title\nvisibility: private\n---\nSECRET-NEVER-section\n",
	"content/interne/note.md":    "---\ntitle: SECRET-NEVER-sectionpage-title\ndate: 2026-01-01\n---\nSECRET-NEVER-sectionpage\n",
	"content/interne/doc.txt":    "SECRET-NEVER-section-file",
	"content/interne/affiche.md": "---\ntitle: Affiche\nvisibility: public\ndate: 2026-01-01\n---\nPublique exprès.\n",
	// A draft section.
	"content/projets/_index.md": "---\ntitle: SECRET-DRAFT-dsection-title\ndraft: true\n---\n",
	"content/projets/idee.md":   "---\ntitle: SECRET-DRAFT-dsectionpage-title\ndate: 2026-01-01\n---\nSECRET-DRAFT-dsectionpage\n",
	// Partners: a private spreadsheet row, in French; a shelter by phone.
	"content/partenaires/_index.md": "---\ntitle: Partenaires\n---\n",
	"content/partenaires/liste.csv": "nom,type,telephone,visibility,verifie\nCIDFF,CIDFF,04 00 00 00 01,,2026-11-01\n" +
		"SECRET-NEVER-row,ASSO,04 00 00 00 02,privé,2026-11-01\n",
	"content/partenaires/abri.md": "---\ntitle: Abri\ntype: CHRS\ntelephone: \"04 00 00 00 03\"\nterritoire: Rhône\nverifie: 2026-11-01\n---\nAccueil d'urgence.\n",
	// Files of content/ that nothing publishes, backups and leftovers.
	"content/articles/notes situation Mme X.docx": "SECRET-NEVER-notes",
	"content/articles/suivi partenaires.xlsx":     "SECRET-NEVER-xlsx",
	"content/partenaires/tableur.xlsx":            leakWorkbook,
	"content/partenaires/ancien-export.csv.bak":   "SECRET-NEVER-bak",
	"content/articles/article.txt":                "SECRET-NEVER-txt",
	"content/articles/~$notes.docx":               "SECRET-NEVER-lock",
	"content/articles/Thumbs.db":                  "SECRET-NEVER-thumbs",
	"content/articles/desktop.ini":                "SECRET-NEVER-ini",
	"content/articles/public.md~":                 "SECRET-NEVER-tilde",
	"content/articles/#public.md#":                "SECRET-NEVER-hash",
	"static/.DS_Store":                            "SECRET-NEVER-dsstore",
	"static/ancien.css.bak":                       "SECRET-NEVER-staticbak",
}

// leakWorkbook is an Excel directory with a private row and a shelter
// whose address is given.
var leakWorkbook = func() string {
	f := excelize.NewFile()
	for i, row := range [][]any{{"Nom", "Type", "Téléphone", "Adresse", "Visibilité", "Vérifié le"},
		{"Maison des femmes", "ASSO", "04 00 00 00 04", "", "", "2026-11-01"},
		{"SECRET-NEVER-xlsxrow", "ASSO", "04 00 00 00 05", "", "privé", "2026-11-01"}} {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		_ = f.SetSheetRow("Sheet1", ref, &row)
	}
	var b bytes.Buffer
	_ = f.Write(&b)
	return b.String()
}()

// outputs reads every output file, and every entry of every zip archive,
// as path → text.
func outputs(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := tree(t, dir)
	for name, b := range out {
		if !strings.HasSuffix(name, ".zip") && !strings.HasSuffix(name, ".xlsx") {
			continue
		}
		zr, err := zip.NewReader(strings.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			out[name+"!"+f.Name] = string(data)
		}
	}
	return out
}

// TestNothingLeaked builds the site with and without drafts and searches
// every output (pages, feeds, sitemap, search index, exports, unzipped
// kit archives) and every output's path for the secrets.
func TestNothingLeaked(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		res, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(leakSite), Theme: relais.Theme(), Dest: dest, Now: now, Drafts: drafts}).Build(context.Background())
		if err != nil {
			t.Fatalf("drafts %v: %v", drafts, err)
		}
		out := outputs(t, dest)
		for name, text := range out {
			for _, s := range []string{name, text} {
				for _, kind := range []string{"SECRET-NEVER", "SECRET-DRAFT"} {
					if kind == "SECRET-DRAFT" && drafts {
						continue
					}
					if i := strings.Index(s, kind); i >= 0 {
						end := min(len(s), i+40)
						t.Errorf("drafts %v: %s holds %q", drafts, name, s[i:end])
					}
				}
			}
			for _, n := range []string{"dossier-prive", "interne/note", "notes situation", "suivi partenaires", "tableur.xlsx", "ancien-export", "Thumbs.db"} {
				if strings.Contains(name, n) {
					t.Errorf("drafts %v: published %s", drafts, name)
				}
			}
			// Nothing of a draft bundle, not even a made-up section page
			// for its child's folder.
			for _, n := range []string{"articles/dossier/", "ateliers/brouillon/", "projets/"} {
				if !drafts && strings.HasPrefix(filepath.ToSlash(name), n) {
					t.Errorf("published %s of a draft", name)
				}
			}
		}
		// What must be there is there: the check above cannot pass on an
		// empty folder.
		for _, want := range []string{"articles/public/index.html", "interne/affiche/index.html", "ateliers/kit/support.txt",
			"partenaires/cidff/index.html", "partenaires/abri/index.html"} {
			if _, ok := out[want]; !ok {
				t.Errorf("drafts %v: %s missing", drafts, want)
			}
		}
		if drafts {
			for _, want := range []string{"articles/dossier/photo.png", "ateliers/brouillon/deroule.odt", "projets/idee/index.html"} {
				if _, ok := out[want]; !ok {
					t.Errorf("with drafts, %s is missing", want)
				}
			}
		}
		// Each file left out for want of a link is named.
		warned := res.Warnings.Error()
		for _, f := range []string{"content/articles/notes situation Mme X.docx", "content/articles/suivi partenaires.xlsx", "content/articles/article.txt"} {
			if !strings.Contains(warned, f+": warning: not published: no page links to this file") {
				t.Errorf("drafts %v: %s left out without a word", drafts, f)
			}
		}
		for _, f := range []string{"~$notes.docx", "Thumbs.db", "ancien-export.csv.bak", "interne/doc.txt"} {
			if strings.Contains(warned, f) {
				t.Errorf("drafts %v: %s is named, but is never published (a backup, or its section is private)", drafts, f)
			}
		}
	}
}

// TestShelterPhoneOnly: a shelter with any way to find it but its phone
// fails the build, each field at its line, and nothing is written.
func TestShelterPhoneOnly(t *testing.T) {
	files := map[string]string{
		"content/partenaires/abri.md": "---\ntitle: Abri\ntype: hébergement\ntelephone: \"04 00 00 00 03\"\n" +
			"adresse: 1 rue Secrète\ncode_postal: \"69003\"\ncommune: Lyon\ncourriel: abri@exemple.fr\nsite_web: https://abri.example/\nverifie: 2026-11-01\n---\n",
		"content/partenaires/mecs.md": "---\ntitle: Maison\ntype: MECS\ntelephone: \"04 00 00 00 04\"\ncommune: Villeurbanne\nverifie: 2026-11-01\n---\n",
		"site.toml":                   "[directory]\nconfidential = [\"MECS\"]\n",
	}
	dest := filepath.Join(t.TempDir(), "public")
	_, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background())
	if err == nil {
		t.Fatal("the build passed")
	}
	for _, want := range []string{"abri.md:5: adresse:", "abri.md:6: code_postal:", "abri.md:7: commune:", "abri.md:8: courriel:",
		"abri.md:9: site_web:", "mecs.md:5: commune: a shelter (MECS) is published by phone only"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := os.Stat(dest); err == nil {
		t.Errorf("the failed build wrote %s", dest)
	}
}

// TestControlCharacters: a field that reaches a URL, a folder name, a
// vCard or XML refuses control characters at its line, in front matter
// and in a spreadsheet's cells.
func TestControlCharacters(t *testing.T) {
	tests := []struct {
		name, file, src, want string
	}{
		{"newline in url", "content/a.md", "---\ntitle: A\nurl: \"/a\\nb/\"\n---\n", "content/a.md:3: url: the value holds a line break"},
		{"CR in a partner's title", "content/partenaires/p.md", "---\ntitle: \"Foyer\\rTEL:+33\"\ntype: ASSO\nverifie: 2026-11-01\n---\n",
			"content/partenaires/p.md:2: title: the value holds a carriage return (CR)"},
		{"newline in an alias", "content/a.md", "---\ntitle: A\naliases: [\"/x\\ny/\"]\n---\n", "content/a.md:3: aliases: the value holds a line break"},
		{"control character in a slug", "content/a.md", "---\ntitle: A\nslug: \"a\\u0007b\"\n---\n", "content/a.md:3: slug: the value holds the invisible character U+0007"},
		{"CR in a spreadsheet cell", "content/partenaires/liste.csv", "nom,type\n\"Foyer\rTEL\",ASSO\n", "content/partenaires/liste.csv:2:1: column nom: the cell holds a carriage return (CR)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := build(t, map[string]string{tt.file: tt.src}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	// A description may hold line breaks.
	if _, _, err := build(t, map[string]string{"content/a.md": "---\ntitle: A\ndescription: |\n  Deux\n  lignes.\n---\n"}, nil); err != nil {
		t.Errorf("a description on two lines: %v", err)
	}
}
