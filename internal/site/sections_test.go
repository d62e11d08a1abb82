package site

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"relais"
	"relais/internal/builtin"
	"relais/internal/extension/exttest"
)

// TestThirdSection: a kind of section is one value and one registration:
// its fields are known, its unknown ones are errors, its Decode runs on
// its pages only, its facets get their pages, its checks, text checks
// and audit run, its spreadsheets give pages and are not published, its
// outputs are published and made again in the preview when what they
// read changes, and the kits and the directory keep theirs.
func TestThirdSection(t *testing.T) {
	files := map[string]string{
		"site.toml":                  "title = \"Essai\"\nbaseURL = \"https://example.org/\"\n",
		"content/_index.md":          "---\ntitle: Accueil\n---\n",
		"content/calendrier/mars.md": "---\ntitle: Mars\nlieu: MECS du Parc\n---\nSéance.\n",
		"content/calendrier/ete.txt": "Juillet;Plage\nAoût;Parc",
		"content/articles/a.md":      "---\ntitle: A\nlieu: ignoré\n---\nTexte.\n",
		// The third kind's template reaches its view as the kits' reach
		// theirs.
		"layouts/calendrier/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ with .Ext "seance" }}<p class="lieu">LIEU {{ .Place }}</p>{{ end }}{{ with .Ext "kit" }}NOT A KIT{{ end }}{{ end }}`,
	}
	exts := append(builtin.Extensions(), exttest.Calendar{})
	dest, res, err := build(t, files, func(o *Options) { o.Extensions = exts })
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, dest, "calendrier/mars/index.html"); !strings.Contains(got, `<p class="lieu">LIEU MECS du Parc</p>`) || strings.Contains(got, "NOT A KIT") {
		t.Errorf("the section's template view is not rendered:\n%s", got)
	}
	if got := read(t, dest, "calendrier/lieu/mecs-du-parc/index.html"); !strings.Contains(got, "Mars") {
		t.Errorf("the section's facet page does not list its session:\n%s", got)
	}
	if got := read(t, dest, "calendrier/seances.txt"); got != "Août @ Parc\nJuillet @ Plage\nMars @ MECS du Parc\n" {
		t.Errorf("the section's output is %q", got)
	}
	// In the preview, the output follows its pages.
	fsys := mapFS(files)
	inc := New(Options{Extensions: exts, Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "inc"), Now: now, Audit: true})
	if _, err := inc.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a := inc.Audit().Error(); strings.Contains(a, "PLACE TO CONFIRM") {
		t.Errorf("the section's audit warns of a confirmed place: %s", a)
	}
	fsys["content/calendrier/juin.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Juin\nlieu: à confirmer\n---\n"), ModTime: now}
	if _, err := inc.Rebuild(context.Background(), []string{"content/calendrier/juin.md"}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, inc.opts.Dest, "calendrier/seances.txt"); !strings.Contains(got, "Juin @ à confirmer") {
		t.Errorf("the section's output did not follow a new session: %q", got)
	}
	if a := inc.Audit().Error(); !strings.Contains(a, "content/calendrier/juin.md:1: warning: PLACE TO CONFIRM") {
		t.Errorf("the section's audit: %s", a)
	}
	var said []string
	for _, w := range res.Warnings {
		said = append(said, w.Error())
	}
	all := strings.Join(said, "\n")
	if strings.Contains(all, "calendrier/mars.md") {
		t.Errorf("the section's own field is unknown:\n%s", all)
	}
	if !strings.Contains(all, `content/articles/a.md:3: warning: unknown field "lieu"`) {
		t.Errorf("an article takes the section's field:\n%s", all)
	}
	if exists(dest, "calendrier/ete.txt") {
		t.Errorf("the section's spreadsheet is published")
	}
	if !exists(dest, "calendrier/juillet/index.html") {
		t.Errorf("a row of the section's spreadsheet has no page")
	}
	files["content/calendrier/avril.md"] = "---\ntitle: Avril\nsalle: 3\n---\n\nLieu TBD.\n"
	files["content/calendrier/mars-bis.md"] = "---\ntitle: Mars\nlieu: Ailleurs\n---\n"
	_, res, err = build(t, files, func(o *Options) { o.Extensions = exts })
	if !strings.Contains(res.Warnings.Error(), "content/calendrier/avril.md:6: warning: TEXT TBD") {
		t.Errorf("the section's text check did not run: %v", res.Warnings)
	}
	if err == nil || !strings.Contains(err.Error(), `content/calendrier/avril.md:3: unknown field "salle"`) ||
		!strings.Contains(err.Error(), "content/calendrier/avril.md:1: the kit has no lieu") ||
		!strings.Contains(err.Error(), "SESSION TWICE") {
		t.Errorf("the section's rules do not hold: %v", err)
	}
}
