package site

import (
	"strings"
	"testing"
)

// TestForeignLoads: every way the issue found to make a page load from
// another site fails the build, naming the file; and links of raw HTML
// are checked as Markdown links are.
func TestForeignLoads(t *testing.T) {
	unsafe := "title = \"S\"\nbaseURL = \"https://example.org/\"\n[markdown]\nunsafe = true\n"
	page := func(body string) string { return "---\ntitle: A\n---\n" + body + "\n" }
	tests := []struct {
		name  string
		files map[string]string
		want  string // "" means the build passes
	}{
		{"image with a scheme and no slashes", map[string]string{"content/a.md": page("![x](http:evil.example/a.png)")},
			"content/a.md:4: this image would be loaded from another site: http:evil.example/a.png"},
		{"image scheme-relative", map[string]string{"content/a.md": page("![x](//evil.example/a.png)")},
			"content/a.md:4: this image would be loaded from another site"},
		{"CSS escape", map[string]string{"content/a.md": page("x"), "static/s.css": ".a{background:u\\72l(https://evil.example/a.png)}"},
			"static/s.css: this stylesheet would load https://evil.example/a.png"},
		{"CSS image-set", map[string]string{"content/a.md": page("x"), "static/s.css": `.a{background:image-set("https://evil.example/a.png" 1x)}`},
			"static/s.css: this stylesheet would load"},
		{"template preconnect", map[string]string{"content/a.md": page("x"),
			"layouts/single.html": `<html><head><link rel=preconnect href=https://evil.example></head><body>{{ .Content }}</body></html>`},
			"would load https://evil.example"},
		{"raw dns-prefetch", map[string]string{"site.toml": unsafe, "content/a.md": page(`<link rel="dns-prefetch" href="//evil.example">`)},
			"would load //evil.example"},
		{"raw ping", map[string]string{"site.toml": unsafe, "content/a.md": page(`<a href="/a/" ping="https://evil.example/t">a</a>`)},
			"would load https://evil.example/t"},
		{"raw srcdoc", map[string]string{"site.toml": unsafe, "content/a.md": page(`<iframe srcdoc="&lt;img src=&quot;https://evil.example/a.png&quot;&gt;"></iframe>`)},
			"would load https://evil.example/a.png"},
		{"raw base", map[string]string{"site.toml": unsafe, "content/a.md": page(`<base href="https://evil.example/">`)},
			"would load https://evil.example/"},
		{"raw link to nowhere", map[string]string{"site.toml": unsafe, "content/a.md": page("Texte.\n\n<p>Voir <a href=\"/nulle-part/\">ici</a>.</p>")},
			"content/a.md:6: this link leads to /nulle-part/, which is not a page or file of the site"},
		{"raw image to nowhere", map[string]string{"site.toml": unsafe, "content/a.md": page(`<img src="/manque.png" alt="x">`)},
			"content/a.md:4: this image is /manque.png, which is not a page or file of the site"},
		{"raw links that work", map[string]string{"site.toml": unsafe, "content/a.md": page(`<a href="/a/">ici</a> <a href="https://other.example/">ailleurs</a>`)}, ""},
		{"a link is not a load", map[string]string{"content/a.md": page("[ailleurs](https://evil.example/)")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := build(t, tt.files, nil)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("build failed: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("build passed, want %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("error:\n%v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}
