package sitefiles

import (
	"strings"
	"testing"
	"time"
)

func TestFiles(t *testing.T) {
	day := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		write func(*strings.Builder) error
		want  string
	}{
		{"sitemap", func(b *strings.Builder) error {
			return Sitemap(b, []URL{{Loc: "https://example.org/a?b&c/", Lastmod: day}, {Loc: "https://example.org/"}})
		}, `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.org/a?b&amp;c/</loc><lastmod>2026-12-02T00:00:00+00:00</lastmod></url>
  <url><loc>https://example.org/</loc></url>
</urlset>
`},
		{"alias", func(b *strings.Builder) error {
			return Alias(b, "fr", "/iscg/a/\"x\"/", "https://example.org/iscg/a/\"x\"/")
		}, `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>/iscg/a/&#34;x&#34;/</title>
<link rel="canonical" href="https://example.org/iscg/a/&#34;x&#34;/">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=/iscg/a/&#34;x&#34;/">
</head>
<body><p><a href="/iscg/a/&#34;x&#34;/">https://example.org/iscg/a/&#34;x&#34;/</a></p></body>
</html>
`},
		{"robots", func(b *strings.Builder) error { return Robots(b, "https://example.org/sitemap.xml") },
			"User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}
