package relais_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
	"relais/internal/site"
)

// TestImportedSites builds small sites written for Hugo, Jekyll and
// Eleventy (testdata/imported, each using their usual front matter,
// layouts and template tags) as they are: no error, and exactly the
// warnings and pages of the golden files (RELAIS_UPDATE=1 rewrites them).
func TestImportedSites(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"hugo", "jekyll", "eleventy"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", "imported", name)
			dest := filepath.Join(t.TempDir(), "public")
			res, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: dest}).Build(context.Background())
			if err != nil {
				t.Fatalf("the %s site does not build: %v", name, err)
			}
			var pages []string
			_ = filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
				if err == nil && strings.HasSuffix(p, "index.html") {
					rel, _ := filepath.Rel(dest, p)
					pages = append(pages, filepath.ToSlash(rel))
				}
				return nil
			})
			sort.Strings(pages)
			got := res.Warnings.Error() + "\n--- pages\n" + strings.Join(pages, "\n") + "\n"
			golden := filepath.Join("testdata", "imported", name+".golden")
			if os.Getenv("RELAIS_UPDATE") == "1" {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (RELAIS_UPDATE=1 writes it)", err)
			}
			if got != string(want) {
				t.Errorf("the %s site's warnings and pages differ from %s:\n%s", name, golden, got)
			}
		})
	}
}
