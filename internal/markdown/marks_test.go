package markdown

import (
	"strings"
	"testing"
)

// marked are texts with what the site completes: images, links to
// Markdown files, includes, and what looks like them but is not.
var marked = []string{
	"![Une photo](photo.png \"Titre\")\n\n![Autre](photo.png){.large}\n",
	"Voir [B](b.md#suite), [C](/articles/c.md), [D](https://example.org/d.md), [E](e.mdown) et [F](f.md.txt).\n",
	"![[inclus.md]]\n\nTexte [lien *gras*](x.markdown \"titre\").\n",
	"<https://example.org/y.md> et `![code](x.png)` et [vide]().\n",
	"| a | ![i](i.png) |\n|---|---|\n| [l](l.md) | x |\n",
	"Note[^1].\n\n[^1]: Avec ![image](n.png) et [page](p.md).\n",
}

// TestMarksArePlain: the marked HTML, marks taken out, is the HTML
// goldmark writes without marks; each image, link to a Markdown file
// and include is marked once, and nothing else.
func TestMarksArePlain(t *testing.T) {
	for _, unsafe := range []bool{false, true} {
		with := New(Options{French: true, BasePath: "/iscg/", Marks: true, Unsafe: unsafe})
		without := New(Options{French: true, BasePath: "/iscg/", Unsafe: unsafe})
		for _, src := range marked {
			m := with.Convert([]byte(src), 1).HTML
			if got, want := string(Plain(m)), string(without.Convert([]byte(src), 1).HTML); got != want {
				t.Errorf("%q: without its marks\n%s\nwant\n%s", src, got, want)
			}
			var kinds []byte
			EachMark(string(m), func(string) {}, func(mk Mark) { kinds = append(kinds, mk.Kind) })
			want := strings.Count(src, "](") - strings.Count(src, "]()") - strings.Count(src, "f.md.txt") - strings.Count(src, "`![code]")
			want += strings.Count(src, "![[")
			if len(kinds) != want {
				t.Errorf("%q: %d marks (%s), want %d", src, len(kinds), kinds, want)
			}
		}
	}
}

// FuzzMarks: whatever the text, its marked HTML without its marks is
// what goldmark writes.
func FuzzMarks(f *testing.F) {
	for _, s := range marked {
		f.Add(s)
	}
	with := New(Options{Marks: true})
	without := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		// With marks, a NUL is U+FFFD, as CommonMark says.
		clean := strings.ReplaceAll(src, "\x00", "\uFFFD")
		if got, want := string(Plain(with.Convert([]byte(src), 1).HTML)), string(without.Convert([]byte(clean), 1).HTML); got != want {
			t.Errorf("%q:\n%s\nwant\n%s", src, got, want)
		}
	})
}
