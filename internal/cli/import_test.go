package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais/internal/testsite"
)

// TestImportCommand: relais import wordpress says in French what it did,
// left out and what to check, and tells an export it cannot read.
func TestImportCommand(t *testing.T) {
	dir := testsite.New(t, map[string]string{"site.toml": "title = \"ISCG\"\nlanguage = \"fr\"\n[taxonomies]\ntag = \"tags\"\ntheme = \"thematiques\"\n"})
	code, out, errs := runFr(t, "", "import", "wordpress", "../wordpress/testdata/export.xml", "-s", dir)
	if code != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"Importé : 7 articles, 2 pages, 0 image.", "Laissé de côté : 1 commentaire.", "« Vieux test » : dans la corbeille",
		"Les images sont restées des liens vers l’ancien site"} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "content/articles/qui-suis-je.md"))
	if err != nil || !strings.Contains(string(b), "thematiques: [\"Prévention\"]") {
		t.Errorf("the post: %v\n%s", err, b)
	}
	bad := filepath.Join(t.TempDir(), "coupe.xml")
	whole, _ := os.ReadFile("../wordpress/testdata/export.xml")
	os.WriteFile(bad, whole[:len(whole)/3], 0o644)
	if code, _, errs := runFr(t, "", "import", "wordpress", bad, "-s", dir); code != 1 || !strings.Contains(errs, "l’export s’arrête trop tôt") {
		t.Errorf("a cut export: %d %s", code, errs)
	}
}
