package privacy

import (
	"slices"
	"testing"
)

func TestHTML(t *testing.T) {
	c := New("https://example.org/iscg/", []string{"https://videos.example.net"})
	page := `<html><head>
<link rel="canonical" href="https://example.org/iscg/a/">
<link rel="alternate" type="application/rss+xml" href="https://feeds.other.com/x.xml">
<link rel="stylesheet" href="https://cdn.other.com/style.css">
<link rel="icon" href="//icons.other.com/f.ico">
<link rel="stylesheet" href="/iscg/assets/relais.css">
<script src="https://analytics.other.com/a.js"></script>
<script src="https://example.org/iscg/own.js"></script>
<style>body { background: url("https://img.other.com/bg.png") } @import "https://fonts.other.com/f.css";</style>
</head><body>
<a href="https://www.other.com/">a link is not a load</a>
<img src="https://img.other.com/a.png" srcset="/local.png 1x, https://img.other.com/b.png 2x">
<iframe src="https://videos.example.net/embed/1"></iframe>
<iframe src="https://maps.other.com/embed"></iframe>
<video poster="https://img.other.com/p.jpg"><source src="https://media.other.com/v.mp4"></video>
<p style="background-image: url(https://img.other.com/s.png)">x</p>
</body></html>`
	got := c.HTML([]byte(page))
	want := []string{
		"https://cdn.other.com/style.css", "//icons.other.com/f.ico", "https://analytics.other.com/a.js",
		"https://img.other.com/bg.png", "https://fonts.other.com/f.css", "https://img.other.com/a.png",
		"https://img.other.com/b.png", "https://maps.other.com/embed", "https://img.other.com/p.jpg",
		"https://media.other.com/v.mp4", "https://img.other.com/s.png",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestCSS(t *testing.T) {
	c := New("/", nil)
	css := `@import url("https://fonts.other.com/css?family=X"); .a { background: url(/img/a.png) } @font-face { src: url('https://fonts.other.com/f.woff2') }`
	got := c.CSS([]byte(css))
	if !slices.Equal(got, []string{"https://fonts.other.com/css?family=X", "https://fonts.other.com/f.woff2"}) {
		t.Errorf("got %q", got)
	}
}

func TestPreFilter(t *testing.T) {
	c := New("https://example.org/", nil)
	for _, tt := range []struct {
		page string
		want bool
	}{
		{`<link rel="canonical" href="https://example.org/a/"><a href="https://other.com/x">x</a>`, false},
		{`<a class="q" href="https://meteo.example.net/" rel="noreferrer">Quitter</a>`, false},
		{`<p>Voir https://other.com/ dans le texte</p>`, true},
		{`<img alt="x" src="https://img.other.com/a.png">`, true},
		{`<area href="https://other.com/"><img src=/a.png>`, false},
		{`<section data-href="https://other.com/" aria-label="x"><meta property="og:image" content="https://other.com/i.png">`, false},
		{`<link rel="stylesheet" href="https://cdn.other.com/s.css">`, true},
		{`<img srcset="/a.png 1x, https://img.other.com/b.png 2x">`, true},
		{`<style>body{background:url(https://img.other.com/x.png)}</style>`, true},
		{`<p style='background:url(https://img.other.com/x.png)'>`, true},
		{`<object data=https://other.com/x.swf>`, true},
	} {
		if got := c.mentionsForeign([]byte(tt.page)); got != tt.want {
			t.Errorf("mentionsForeign(%s) = %v, want %v", tt.page, got, tt.want)
		}
	}
}
