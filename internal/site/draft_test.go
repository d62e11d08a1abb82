package site

import (
	"strings"
	"testing"
)

// TestDraftErrors: a draft that is not published does not stop the
// build (a kit saved half written from the editor); its problems are
// warnings, and nothing of it is written. Built with its drafts, the
// same problems are errors again.
func TestDraftErrors(t *testing.T) {
	files := map[string]string{
		"site.toml":         "title = \"Brouillons\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n",
		"content/_index.md": "---\ntitle: Accueil\n---\nBienvenue.\n",
		// A kit begun: no version, no sequence…
		"content/ateliers/k/index.md": "---\ntitle: SECRET-DRAFT-kit\ndraft: true\n---\nSECRET-DRAFT-text\n",
		// A shelter whose address was typed in, saved as a draft.
		"content/partenaires/abri.md": "---\ntitle: Abri\ntype: CHRS\ndraft: true\ntelephone: \"04 00 00 00 03\"\nadresse: SECRET-DRAFT-address\n---\n",
		// A page that is not a draft still stops the build.
		"content/casse.md": "---\ntitle: Cassée\ndate: hier\n---\n",
	}
	_, _, err := build(t, files, nil)
	if err == nil || !strings.Contains(err.Error(), "casse.md") {
		t.Fatalf("the broken page that is not a draft does not stop the build: %v", err)
	}
	if strings.Contains(err.Error(), "ateliers/k") || strings.Contains(err.Error(), "abri.md:") {
		t.Errorf("the drafts' problems stop the build:\n%v", err)
	}
	delete(files, "content/casse.md")
	dest, res, err := build(t, files, nil)
	if err != nil {
		t.Fatalf("the drafts stop the build: %v", err)
	}
	var said []string
	for _, w := range res.Warnings {
		said = append(said, w.Error())
	}
	all := strings.Join(said, "\n")
	for _, want := range []string{"content/ateliers/k/index.md:1: warning: the kit has no version (in a draft",
		"content/partenaires/abri.md:6: warning: adresse: "} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in\n%s", want, all)
		}
	}
	for name, body := range outputs(t, dest) {
		if strings.Contains(body, "SECRET-DRAFT") {
			t.Errorf("%s publishes the draft", name)
		}
	}
	_, _, err = build(t, files, func(o *Options) { o.Drafts = true })
	if err == nil || !strings.Contains(err.Error(), "the kit has no version") || !strings.Contains(err.Error(), "abri.md") {
		t.Errorf("built with its drafts, the drafts' problems are not errors: %v", err)
	}
}
