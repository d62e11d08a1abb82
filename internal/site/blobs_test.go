package site

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"relais"
)

// Pages edited again and again leave their old HTML in the blob store;
// compacting it must keep every page's current HTML. Each rebuild here
// may compact, and the output must match a full build's.
func TestBlobCompaction(t *testing.T) {
	defer func(n int64) { compactMinBytes = n }(compactMinBytes)
	compactMinBytes = 0
	long := strings.Repeat("Une phrase assez longue pour que la page passe par le fichier. ", 30)
	fsys := mapFS(map[string]string{"site.toml": "title = \"T\"\n"})
	for i := range 5 {
		fsys[fmt.Sprintf("content/articles/p%d.md", i)] = file(fmt.Sprintf("---\ntitle: P%d\n---\n%d %s\n", i, i, long))
	}
	s := New(Options{Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "inc"), Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	compactions := 0
	for step := range 12 {
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
		if _, err := New(Options{Source: fsys, Theme: relais.Theme(), Dest: full, Now: now}).Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		if diff := compareTrees(tree(t, s.opts.Dest), tree(t, full)); diff != "" {
			t.Fatalf("step %d: after compaction the output differs from a full build:\n%s", step, diff)
		}
	}
	// The file holds twice the live HTML every five or six edits.
	if compactions < 2 {
		t.Errorf("the store was compacted %d times in 12 edits, want at least 2", compactions)
	}
}
