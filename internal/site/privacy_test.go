package site

import (
	"strings"
	"testing"
)

func TestThirdPartyLoads(t *testing.T) {
	page := "---\ntitle: A\n---\nTexte.\n"
	tests := []struct {
		name  string
		files map[string]string
		err   string // "" when the build must pass
	}{
		{"markdown image", map[string]string{"content/a.md": "---\ntitle: A\n---\n\nVoir ![plan](https://maps.other.com/p.png).\n"},
			"content/a.md:5: this image would be loaded from another site: https://maps.other.com/p.png"},
		{"raw HTML, when allowed", map[string]string{"site.toml": "[markdown]\nunsafe = true\n",
			"content/a.md": "---\ntitle: A\n---\n<script src=\"https://stats.other.com/s.js\"></script>\n"},
			"a/index.html would load https://stats.other.com/s.js from another site"},
		{"template", map[string]string{"content/a.md": page,
			"layouts/partials/head.html": `<title>x</title><link rel="stylesheet" href="https://fonts.other.com/css">`},
			"(from layouts/single.html (default theme) or the page's HTML)"},
		{"theme stylesheet", map[string]string{"content/a.md": page,
			"layouts/assets/relais.css": `@import url("https://fonts.other.com/x.css");`},
			"layouts/assets/relais.css: this stylesheet would load https://fonts.other.com/x.css"},
		{"static stylesheet", map[string]string{"content/a.md": page,
			"static/extra.css": `body { background: url(//img.other.com/bg.png) }`},
			"static/extra.css: this stylesheet would load //img.other.com/bg.png"},
		{"allowed origin", map[string]string{"site.toml": "[privacy]\nallowedOrigins = [\"https://maps.other.com\"]\n",
			"content/a.md": "---\ntitle: A\n---\n![plan](https://maps.other.com/p.png)\n"}, ""},
		{"own origin", map[string]string{"site.toml": "baseURL = \"https://example.org/\"\n",
			"content/a.md": "---\ntitle: A\n---\n![plan](https://example.org/p.png) [lien](https://other.com/)\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := build(t, tt.files, nil)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v\nwant %q", err, tt.err)
			}
			if !strings.Contains(err.Error(), "allowedOrigins") {
				t.Errorf("no hint on how to allow an origin: %v", err)
			}
		})
	}
}
