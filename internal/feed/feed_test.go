package feed

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestWrite: each format holds the channel and its items, escaped where
// its syntax needs it, dated by its newest item, never by the clock (two
// writes give the same bytes).
func TestWrite(t *testing.T) {
	day := time.Date(2026, 3, 8, 9, 0, 0, 0, time.UTC)
	ch := Channel{Title: "Relais & partenaires", URL: "https://example.org/", Description: "Aide aux victimes", Author: "ISCG",
		Items: []Item{
			{Title: "Permanence <mardi>", URL: "https://example.org/articles/a/", Summary: "Le mardi & le jeudi", Published: day},
			{Title: "Plus ancien", URL: "https://example.org/articles/b/", Summary: "Avant", Published: day.AddDate(0, -1, 0)},
		}}
	for _, tc := range []struct {
		f    Format
		want []string
	}{
		{RSS, []string{"<rss", "Relais &amp; partenaires", "Permanence &lt;mardi&gt;", "https://example.org/articles/a/", "Sun, 08 Mar 2026 09:00:00"}},
		{Atom, []string{"<feed", "Relais &amp; partenaires", "Permanence &lt;mardi&gt;", "2026-03-08T09:00:00Z"}},
		{JSON, []string{`"version": "https://jsonfeed.org/version/1.1"`, `"title": "Relais \u0026 partenaires"`, `"url": "https://example.org/articles/b/"`}},
	} {
		var a, b bytes.Buffer
		if err := Write(&a, tc.f, ch); err != nil {
			t.Fatal(err)
		}
		if err := Write(&b, tc.f, ch); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two writes differ (%v)", tc.f.Name(), err)
		}
		for _, w := range tc.want {
			if !strings.Contains(a.String(), w) {
				t.Errorf("%s: no %q in\n%s", tc.f.Name(), w, a.String())
			}
		}
	}
}

// TestAbsoluteLinks: a feed's content is read away from the site, so its
// links from the site's root are made absolute; others are left alone.
func TestAbsoluteLinks(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<a href="/articles/x/">x</a>`, `<a href="https://example.org/articles/x/">x</a>`},
		{`<img src="/images/p.jpg" alt="">`, `<img src="https://example.org/images/p.jpg" alt="">`},
		{`<a href="https://autre.fr/">y</a>`, `<a href="https://autre.fr/">y</a>`},
		{`<a href="#note">z</a>`, `<a href="#note">z</a>`},
	} {
		if got := AbsoluteLinks(tc.in, "https://example.org"); got != tc.want {
			t.Errorf("AbsoluteLinks(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
