package pdfdoc

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"relais/internal/boundtest"
	"relais/internal/markdown"
	"relais/internal/testsite"
)

// doc makes a document of Markdown src under a heading.
func doc(t *testing.T, title, src string) []byte {
	t.Helper()
	return docWith(t, Options{}, title, src)
}

// docWith is doc with options (Lang, Title, Footer, PageLabel and Date
// set here).
func docWith(t *testing.T, o Options, title, src string) []byte {
	t.Helper()
	c := markdown.New(markdown.Options{French: true, Language: "fr"})
	o.Lang, o.Title, o.Footer, o.PageLabel, o.Date = "fr", title, title, "Page %d sur %s", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	d := New(o)
	d.NewPage()
	d.Heading(1, title)
	d.Markdown(Tree{Node: c.Parse([]byte(src)), Src: []byte(src)}, title)
	var b bytes.Buffer
	if err := d.Close(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestHard: what could break a layout does not: characters the fonts do
// not have (an emoji, in the title and the footer too), a word longer
// than a line, lists nested deep, a table longer than a page (its header
// on every page, no row cut), an empty text; the same input gives the
// same bytes.
func TestHard(t *testing.T) {
	var rows strings.Builder
	rows.WriteString("| Horaire | Étape |\n|---|---|\n")
	for i := range 120 {
		fmt.Fprintf(&rows, "| %d h | Étape numéro %d, assez longue pour passer à la ligne dans sa cellule étroite |\n", i, i)
	}
	long := "https://example.org/" + strings.Repeat("tres-long-chemin-", 20)
	nested := ""
	for i := range 12 {
		nested += strings.Repeat("  ", i) + "- niveau " + fmt.Sprint(i) + "\n"
	}
	for _, tc := range []struct {
		name, title, src string
		check            func(pages []string) string
	}{
		{"emoji", "Fiche 📱", "Pose ton 📱 ici : 🙂.\n", func(p []string) string {
			if !strings.Contains(p[0], "Pose ton □ ici") {
				return "the emoji is not a box"
			}
			return ""
		}},
		{"long word", "Lien", long + "\n", func(p []string) string {
			for _, l := range strings.Split(p[0], "\n") {
				if len([]rune(l)) > 110 {
					return "a line runs off the page: " + l
				}
			}
			return ""
		}},
		{"nested", "Listes", nested, func(p []string) string {
			if !strings.Contains(strings.Join(p, ""), "niveau 11") {
				return "the deepest item is lost"
			}
			return ""
		}},
		{"long table", "Tableau", rows.String(), func(p []string) string {
			if len(p) < 3 {
				return fmt.Sprintf("%d pages for 120 rows", len(p))
			}
			for i, pg := range p {
				if !strings.Contains(pg, "Horaire") {
					return fmt.Sprintf("page %d has no header row", i+1)
				}
			}
			all := strings.Join(p, "")
			for i := range 120 {
				if !strings.Contains(all, fmt.Sprintf("Étape numéro %d,", i)) {
					return fmt.Sprintf("row %d is lost", i)
				}
			}
			return ""
		}},
		{"empty", "Vide", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := doc(t, tc.title, tc.src)
			if !bytes.Equal(b, doc(t, tc.title, tc.src)) {
				t.Errorf("the same input gave different bytes")
			}
			if tc.check == nil {
				return
			}
			if msg := tc.check(testsite.PDFPages(t, b)); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// FuzzPDF: no Markdown makes a PDF fail, panic or hang: lists and
// quotes nested as deep as pages allow, tables of many narrow columns,
// words wider than any column, characters the fonts lack.
func FuzzPDF(f *testing.F) {
	deep := ""
	for i := range 100 {
		deep += strings.Repeat("  ", i) + "- niveau\n"
	}
	f.Add(deep)
	f.Add(strings.Repeat("> ", 100) + "citation profonde " + strings.Repeat("x", 300) + "\n")
	f.Add("|" + strings.Repeat(" a |", 60) + "\n|" + strings.Repeat("---|", 60) + "\n|" + strings.Repeat(" motlongmotlong |", 60) + "\n")
	f.Add("# 📱 titre\n\n![alt](x.png) [lien](https://example.org/" + strings.Repeat("z", 500) + ")\n\n```\ncode\ttab\n```\n")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 20000 {
			return
		}
		_ = boundtest.Run(t, fmt.Sprintf("a PDF of %q", src[:min(len(src), 200)]), func(context.Context) error {
			doc(t, "Essai", src)
			return nil
		})
	})
}

// TestHostileText: a word of a million letters is cut into lines in time
// that grows as the word does (it took 106 s), and a link with a 200 KB
// address does not fill the memory (it took 4 GB).
func TestHostileText(t *testing.T) {
	boundtest.Growth(t, "a PDF with one long word", 50_000, func(_ context.Context, n int) error {
		doc(t, "Essai", "Un mot : "+strings.Repeat("a", n)+" et la suite.\n")
		return nil
	})
	url := "https://example.org/?" + strings.Repeat("x", 200<<10)
	for _, src := range []string{"Voir [ce lien](" + url + ").\n", "<" + url + ">\n", url + "\n"} {
		var b []byte
		boundtest.Alloc(t, 200<<20, "a PDF with a 200 KB address", func(context.Context) error {
			b = docWith(t, Options{Link: func(_, dest string) string { return dest }}, "Essai", src)
			return nil
		})
		if len(b) > 2<<20 {
			t.Errorf("%.40q: the PDF is %d KB", src, len(b)>>10)
		}
	}
}

// TestAnswerLines: a question that ends with room for its answer gets two
// dotted lines across the page under it; dots within a sentence are a line
// to write on in the text.
func TestAnswerLines(t *testing.T) {
	c := markdown.New(markdown.Options{French: true, Language: "fr"})
	for _, tc := range []struct {
		name, src string
		lines     int
		text      string
	}{
		{"end of an item", "1. Ce que j’ai préféré : ……\n2. Lequel ? ……\n", 4, "Ce que j’ai préféré"},
		{"end of a paragraph", "Nom : ........\n", 2, "Nom"},
		{"within a sentence", "Né le …… à Lyon.\n", 0, "Né le ________________ à Lyon."},
		{"no answer", "Et puis... rien.\n", 0, "Et puis… rien."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := New(Options{Lang: "fr", Title: "Fiche", Footer: "Fiche", PageLabel: "Page %d sur %s"})
			d.w.SetCompression(false)
			d.NewPage()
			d.Markdown(Tree{Node: c.Parse([]byte(tc.src)), Src: []byte(tc.src)}, "")
			var b bytes.Buffer
			if err := d.Close(&b); err != nil {
				t.Fatal(err)
			}
			// A dotted line is drawn with the dash pattern [0.5 1] mm.
			n := strings.Count(b.String(), "[1.417 2.835] 0 d")
			if n != tc.lines {
				t.Errorf("%d dotted lines, want %d", n, tc.lines)
			}
			if pages := testsite.PDFPages(t, b.Bytes()); !strings.Contains(strings.Join(pages, ""), tc.text) {
				t.Errorf("text lacks %q: %q", tc.text, pages)
			}
		})
	}
}
