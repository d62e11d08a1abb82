package views

import (
	"strings"
	"testing"

	"relais/internal/markdown"
)

func TestTOCList(t *testing.T) {
	h := func(level int, id string) markdown.Heading {
		return markdown.Heading{Level: level, ID: id, Text: strings.ToUpper(id)}
	}
	tests := []struct {
		name string
		in   []markdown.Heading
		want string
	}{
		{"flat", []markdown.Heading{h(2, "a"), h(2, "b")},
			`<ul><li><a href="#a">A</a></li><li><a href="#b">B</a></li></ul>`},
		{"nested", []markdown.Heading{h(2, "a"), h(3, "a1"), h(3, "a2"), h(2, "b"), h(4, "b1")},
			`<ul><li><a href="#a">A</a><ul><li><a href="#a1">A1</a></li><li><a href="#a2">A2</a></li></ul></li>` +
				`<li><a href="#b">B</a><ul><li><a href="#b1">B1</a></li></ul></li></ul>`},
		{"deeper first", []markdown.Heading{h(3, "x"), h(2, "y")},
			`<ul><li><a href="#x">X</a></li><li><a href="#y">Y</a></li></ul>`},
		{"escaped", []markdown.Heading{{Level: 2, ID: "q", Text: "<b> & «»"}},
			`<ul><li><a href="#q">&lt;b&gt; &amp; «»</a></li></ul>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			tocList(&b, tt.in)
			if got := b.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
