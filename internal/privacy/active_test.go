package privacy

import (
	"bytes"
	"testing"
)

func TestActiveContent(t *testing.T) {
	tests := []struct {
		name, body string
		line       int // 0: none
		what       string
	}{
		{"plan.svg", `<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>`, 0, ""},
		{"plan.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<circle r=\"4\"/>\n<script>alert(1)</script></svg>", 3, "<script>"},
		{"plan.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect onload=\"alert(1)\"/></svg>", 2, "onload=…"},
		{"plan.svg", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href=" javascript:alert(1)"><text>x</text></a></svg>`, 1, `xlink:href=" javascript:alert(1)…"`},
		{"plan.svg", `<svg><foreignObject><body xmlns="http://www.w3.org/1999/xhtml">x</body></foreignObject></svg>`, 1, "<foreignObject>"},
		{"plan.svg", "<svg><SCRIPT>alert(1)</SCRIPT", 1, "<script>"},
		{"page.xhtml", `<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Texte</p></body></html>`, 0, ""},
		{"page.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<body><script src=\"x.js\"/></body></html>", 2, "<script>"},
		{"outil.html", "<!doctype html>\n<p>Texte</p>\n", 0, ""},
		{"outil.html", "<!doctype html>\n<title>x</title>\n\n<script src=\"outil.js\"></script>\n", 4, "<script>"},
		{"outil.htm", "<p>\n<img src=x onerror=alert(1)>", 2, "onerror=…"},
		{"outil.html", `<a href="JaVaScRiPt:alert(1)">x</a>`, 1, `href="JaVaScRiPt:alert(1)…"`},
		{"outil.html", `<iframe src="autre.html"></iframe>`, 1, "<iframe>"},
		{"lien.html", `<a href="https://example.org/">Lien</a> <a href="/online">on</a>`, 0, ""},
		{"notes.txt", `<script>alert(1)</script>`, 0, ""},
	}
	for _, tt := range tests {
		got := ActiveContent(tt.name, []byte(tt.body))
		switch {
		case tt.line == 0 && got != nil:
			t.Errorf("%s %q: found %+v", tt.name, tt.body, got)
		case tt.line != 0 && (got == nil || got.Line != tt.line || got.What != tt.what):
			t.Errorf("%s %q: found %+v, want line %d, %s", tt.name, tt.body, got, tt.line, tt.what)
		}
	}
}

// FuzzActiveContent reads any bytes as an SVG, an XHTML and an HTML file
// published as it is: an answer, never a panic, and a line the file has.
func FuzzActiveContent(f *testing.F) {
	f.Add([]byte("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect onload=\"alert(1)\"/></svg>"))
	f.Add([]byte("<!doctype html>\n<title>x</title>\n\n<script src=\"outil.js\"></script>\n"))
	f.Add([]byte(`<a href="JaVaScRiPt:alert(1)">x</a>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, name := range []string{"a.svg", "a.xhtml", "a.html"} {
			if a := ActiveContent(name, b); a != nil && (a.Line < 1 || a.Line > 1+bytes.Count(b, []byte("\n"))) {
				t.Errorf("%s: line %d of a file of %d lines", name, a.Line, 1+bytes.Count(b, []byte("\n")))
			}
		}
	})
}
