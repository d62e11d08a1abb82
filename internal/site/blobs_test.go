package site

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
)

// Pages edited again and again leave their old HTML and search terms in
// the blob store; compacting it must keep every page's current ones, a
// spreadsheet's partners included. Each rebuild here
// may compact, and the output must match a full build's.
func TestBlobCompaction(t *testing.T) {
	// A name of many words: its search terms go to the file too.
	var words []string
	for i := range 120 {
		words = append(words, fmt.Sprintf("mot%c%c", 'a'+i%26, 'a'+i/26))
	}
	many := strings.Join(words, " ")
	long := strings.Repeat("Une phrase assez longue pour que la page passe par le fichier. ", 30)
	fsys := mapFS(map[string]string{
		"site.toml":            "title = \"T\"\n",
		"content/recherche.md": "---\ntitle: Recherche\nlayout: recherche\n---\n",
		// Partners from a spreadsheet are pages without a file of their own.
		"content/partenaires/tableur.csv": "nom;type;verifie;description\n" +
			"CCAS " + many + ";CCAS;2026-11-01;" + long + "\nCIAS exemple;CCAS;2026-11-01;Aide.\n",
	})
	for i := range 5 {
		fsys[fmt.Sprintf("content/articles/p%d.md", i)] = file(fmt.Sprintf("---\ntitle: P%d\n---\n%d %s\n", i, i, long))
	}
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "inc"), Now: now, CompactBytes: -1})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	compactions := 0
	for step := range 24 {
		name := fmt.Sprintf("content/articles/p%d.md", step%2)
		fsys[name] = file(fmt.Sprintf("---\ntitle: P%d\n---\nÉtape %d. %s\n", step%2, step, long))
		before := s.blobs
		if _, err := s.Rebuild(context.Background(), []string{name}); err != nil {
			t.Fatal(err)
		}
		if s.blobs != before {
			compactions++
		}
		full := filepath.Join(t.TempDir(), "full")
		if _, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: full, Now: now}).Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		if diff := compareTrees(tree(t, s.opts.Dest), tree(t, full)); diff != "" {
			t.Fatalf("step %d: after compaction the output differs from a full build:\n%s", step, diff)
		}
	}
	// The file holds twice what is live every ten edits or so.
	if compactions < 2 {
		t.Errorf("the store was compacted %d times in 24 edits, want at least 2", compactions)
	}
}
