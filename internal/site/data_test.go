package site

import (
	"strings"
	"testing"
)

func TestData(t *testing.T) {
	layout := `{{ define "main" }}<p>{{ range .Site.Data.urgences.numeros }}[{{ .numero }}]{{ end }}` +
		`{{ .Site.Data.lieux.ville }} {{ index .Site.Data.equipe.membres 0 }} {{ .Site.Data.sub.x.n }}</p>{{ end }}`
	tests := []struct {
		name  string
		files map[string]string
		want  string
		err   string
	}{
		{"three formats", map[string]string{
			"data/urgences.toml": "[[numeros]]\nnumero = \"17\"\n[[numeros]]\nnumero = \"3919\"\n",
			"data/lieux.yaml":    "ville: Lyon\n",
			"data/equipe.json":   `{"membres": ["Camille"]}`,
			"data/sub/x.toml":    "n = 3\n",
		}, "<p>[17][3919]Lyon Camille 3</p>", ""},
		{"bad TOML", map[string]string{"data/urgences.toml": "[[numeros]]\nnumero = \n"}, "", "data/urgences.toml:2"},
		{"bad YAML", map[string]string{"data/lieux.yaml": "ville: Lyon\nquartiers: [a, b\n"}, "", "data/lieux.yaml:2:12: a list opened with [ above is never closed with ]"},
		{"bad JSON", map[string]string{"data/equipe.json": "{\n\"membres\": [,]\n}"}, "", "data/equipe.json:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"content/a.md": "---\ntitle: A\n---\n", "layouts/single.html": layout}
			for k, v := range tt.files {
				files[k] = v
			}
			dest, _, err := build(t, files, nil)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := read(t, dest, "a/index.html"); !strings.Contains(got, tt.want) {
				t.Errorf("page lacks %s", tt.want)
			}
		})
	}
}

func TestHelplines(t *testing.T) {
	files := map[string]string{
		"data/numeros.toml": "[[numeros]]\nnumero = \"116 006\"\nnom = \"France Victimes\"\nhoraires = \"7 j/7\"\ncanaux = [\"téléphone\"]\n" +
			"gratuit = true\nverifie = 2026-11-26\n\n[[numeros]]\nnumero = \"3919\"\nnom = \"Violences Femmes Info : écoute\"\nurgent = true\nanonyme = true\ngratuit = true\n",
		"content/numeros-utiles.md": "---\ntitle: Numéros utiles\nlayout: numeros\n---\n",
		"content/a.md":              "---\ntitle: A\n---\nx\n",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := read(t, dest, "numeros-utiles/index.html")
	for _, w := range []string{`<a href="tel:116006" dir="ltr">116 006</a> France Victimes`, `<time datetime="2026-11-26">26 novembre 2026</time>`,
		"<dd>gratuit, anonyme</dd>", "<dd>téléphone</dd>"} {
		if !strings.Contains(page, w) {
			t.Errorf("helplines page lacks %s", w)
		}
	}
	// Only the urgent ones in every page's footer, with the site's typography.
	a := read(t, dest, "a/index.html")
	if !strings.Contains(a, `<a href="tel:3919" dir="ltr">3919</a> Violences Femmes Info`+"\u00a0"+`: écoute`) || strings.Contains(a, "tel:116006") {
		t.Errorf("footer urgent numbers wrong")
	}
}
