package layout

import (
	"html/template"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// plainifySimple is Plainify written plainly, to check it against.
func plainifySimple(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken:
			b.WriteByte(' ')
		}
	}
}

func TestPlainify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>Un <em>mot</em>.</p>\n<p>Deux&nbsp;: trois</p>", "Un mot . Deux : trois"},
		{"  <h2 id=\"a\">Titre</h2>\t\n", "Titre"},
		{"a&amp;b<br>c", "a&b c"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Plainify(template.HTML(tc.in)); got != tc.want {
			t.Errorf("Plainify(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzPlainify(f *testing.F) {
	f.Add("<p>Un <em>mot</em>.</p>\n<p>Deux&nbsp;: trois</p>")
	f.Add("x\u2003y\u0085z \xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Plainify(template.HTML(s)), plainifySimple(s); got != want {
			t.Errorf("Plainify(%q) = %q, want %q", s, got, want)
		}
	})
}
