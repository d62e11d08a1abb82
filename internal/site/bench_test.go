package site

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"relais"
	"relais/internal/markdown"
)

// corpus makes n articles like ../shared/bench/gencorpus's: headings,
// lists, a table, code and links.
func corpus(n int) fstest.MapFS {
	fsys := fstest.MapFS{"content/articles/_index.md": file("---\ntitle: Articles\n---\nTous.\n")}
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: \"Article %d : accueil\"\ndate: 2024-%02d-%02d\ntags: [\"t%d\", \"t%d\"]\nsummary: \"Résumé %d.\"\n---\n\n", i, 1+i%12, 1+i%28, i%20, (i*7)%20, i)
		for s := 0; s < 4; s++ {
			fmt.Fprintf(&b, "## Partie %d\n\nUn paragraphe d’écoute et de **soutien** avec `code` et un [lien](/articles/article-%05d/) ? Oui !\n\n", s, (i+7)%n)
			b.WriteString("- un\n- deux\n- trois\n\n| Étape | Durée |\n|---|---:|\n| accueil | 10 min |\n\n")
		}
		b.WriteString("```go\nfunc main() { fmt.Println(\"ok\") }\n```\n")
		fsys[fmt.Sprintf("content/articles/article-%05d.md", i)] = file(b.String())
	}
	return fsys
}

func BenchmarkMarkdown(b *testing.B) {
	src := corpus(1)["content/articles/article-00000.md"].Data
	c := markdown.New(markdown.Options{French: true})
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		c.Convert(src, 1)
	}
}

// BenchmarkBuild1000 builds a 1,000-page site from scratch.
func BenchmarkBuild1000(b *testing.B) {
	fsys := corpus(1000)
	dest := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := New(Options{Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOnePage measures an incremental rebuild after one page's
// text changed, on a 1,000-page site.
func BenchmarkRebuildOnePage(b *testing.B) {
	fsys := corpus(1000)
	s := New(Options{Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(b.TempDir(), "public"), Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	name := "content/articles/article-00500.md"
	orig := string(fsys[name].Data)
	i := 0
	for b.Loop() {
		i++
		fsys[name] = file(strings.Replace(orig, "Un paragraphe", fmt.Sprintf("Paragraphe %d", i), 1))
		if _, err := s.Rebuild(context.Background(), []string{name}); err != nil {
			b.Fatal(err)
		}
	}
}
