package site

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
	"relais/internal/diag"
	"relais/internal/i18n"
)

// TestErrorsSaidRight: each mistake is told once, first, at the file that
// holds it, in the reader's language, with no false error beside it.
func TestErrorsSaidRight(t *testing.T) {
	pages := map[string]string{
		"content/a.md": "---\ntitle: A\n---\nVoir [B](/b/).\n",
		"content/b.md": "---\ntitle: B\n---\nTexte.\n",
	}
	tests := []struct {
		name   string
		files  map[string]string
		en, fr string // the whole report, one finding (its first line)
	}{
		{"a template asks for a field pages lack", map[string]string{"layouts/single.html": `{{ define "main" }}{{ .Nope.Foo }}{{ end }}`},
			"layouts/single.html:1:27: this template asks for .Nope, which a page does not have",
			"layouts/single.html:1:27: ce modèle demande .Nope, et une page n’a pas ce champ"},
		{"truncate -1", map[string]string{"layouts/single.html": `{{ define "main" }}{{ truncate -1 "abcdef" }}{{ end }}`},
			`layouts/single.html:1:22: in {{ truncate -1 "abcdef" }}: truncate -1: the length must be 0 or more`,
			`layouts/single.html:1:22: dans {{ truncate -1 "abcdef" }} : truncate -1 : la longueur doit être 0 ou plus`},
		{"a missing partial", map[string]string{"layouts/single.html": `{{ define "main" }}{{ partial "nulle-part.html" . }}{{ end }}`},
			"layouts/single.html:1:", "layouts/single.html:1:"},
		{"data of the wrong shape", map[string]string{"data/numeros.toml": "[[numeros]]\nnumero = 17\nnom = \"Police\"\n"},
			"data/numeros.toml:2: numeros.numeros[1].numero is a number, where the theme expects text in quotes",
			"data/numeros.toml:2: numeros.numeros[1].numero est un nombre, là où le thème attend du texte entre guillemets"},
		{"two data files of one name", map[string]string{"data/x.toml": "a = 1\n", "data/x.json": `{"a": 2}`},
			"data/x.toml: data/x.json gives .Site.Data.x too: relais would keep only one",
			"data/x.toml: data/x.json donne aussi .Site.Data.x : relais n’en garderait qu’un"},
		{"an invisible character", map[string]string{"content/c.md": "---\ntitle: \"A\\u0000B\"\n---\nTexte.\n"},
			"content/c.md:2: title: the value holds the invisible character U+0000",
			"content/c.md:2: title : la valeur contient le caractère invisible U+0000"},
		{"unfinished JSON data", map[string]string{"data/x.json": `{"a": [1, 2`},
			"data/x.json:1: this JSON ends before its last value is closed: a ] or a } is missing",
			"data/x.json:1: ce JSON se termine avant que sa dernière valeur soit fermée : il manque un ] ou un }"},
		{"a broken partners CSV", map[string]string{"content/partenaires/_index.md": "---\ntitle: Partenaires\n---\n",
			"content/partenaires/p.csv": "nom;type\n\"CIDFF;ASSO\n"},
			`content/partenaires/p.csv:2:13: the spreadsheet cannot be read from here: a cell opens a quote (") that is never closed, or holds one alone`,
			`content/partenaires/p.csv:2:13: le tableur ne peut pas être lu à partir d’ici : une cellule ouvre un guillemet (") qui n’est jamais fermé, ou en contient un seul`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range pages {
				files[k] = v
			}
			for k, v := range tt.files {
				files[k] = v
			}
			_, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now}).Build(context.Background())
			l, ok := err.(diag.List)
			if !ok || len(l.Errors()) == 0 {
				t.Fatalf("error %v (%T), want findings", err, err)
			}
			errs := l.Errors()
			if len(errs) != 1 {
				t.Errorf("%d errors, want 1:\n%s", len(errs), errs.In(i18n.English))
			}
			for _, c := range []struct {
				lang i18n.Lang
				want string
			}{{i18n.English, tt.en}, {i18n.French, tt.fr}} {
				if got := errs[0].In(c.lang); !strings.HasPrefix(got, c.want) {
					t.Errorf("said:\n%s\nwant it to start with:\n%s", got, c.want)
				}
			}
		})
	}
}
