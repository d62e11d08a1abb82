// Package sitefiles writes the files a site has besides its pages: the
// sitemap, the pages of old addresses (aliases), the list of old
// addresses made of a query (old-addresses.json) and robots.txt. They are
// made from plain values; the orchestrator (package site) says which.
package sitefiles

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"time"
)

// URL is one page of the sitemap.
type URL struct {
	Loc     string    // absolute
	Lastmod time.Time // zero: not said
	// Alternates are the page's versions in the site's languages, itself
	// included (xhtml:link rel="alternate"), when it has translations.
	Alternates []Alternate
}

// Alternate is a page's version in a language: its code (or
// "x-default") and absolute address.
type Alternate struct{ Lang, Href string }

// Sitemap writes the sitemap of urls, in their order.
func Sitemap(w io.Writer, urls []URL) error {
	xhtml := ""
	for _, u := range urls {
		if len(u.Alternates) > 0 {
			xhtml = ` xmlns:xhtml="http://www.w3.org/1999/xhtml"`
			break
		}
	}
	if _, err := io.WriteString(w, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+
		`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`+xhtml+`>`+"\n"); err != nil {
		return err
	}
	for _, u := range urls {
		fmt.Fprintf(w, "  <url><loc>%s</loc>", html.EscapeString(u.Loc))
		if !u.Lastmod.IsZero() {
			fmt.Fprintf(w, "<lastmod>%s</lastmod>", u.Lastmod.Format("2006-01-02T15:04:05-07:00"))
		}
		for _, a := range u.Alternates {
			fmt.Fprintf(w, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, html.EscapeString(a.Lang), html.EscapeString(a.Href))
		}
		io.WriteString(w, "</url>\n")
	}
	_, err := io.WriteString(w, "</urlset>\n")
	return err
}

// Alias writes the page of an old address: it sends readers to rel (the
// page's link) at once, and search engines to abs (its absolute address).
// lang is the site's language.
func Alias(w io.Writer, lang, rel, abs string) error {
	rel, abs = html.EscapeString(rel), html.EscapeString(abs)
	_, err := fmt.Fprintf(w, `<!doctype html>
<html lang="%s">
<head>
<meta charset="utf-8">
<title>%s</title>
<link rel="canonical" href="%s">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=%s">
</head>
<body><p><a href="%s">%s</a></p></body>
</html>
`, html.EscapeString(lang), rel, abs, rel, rel, abs)
	return err
}

// OldAddressesName is the file of the old addresses made of a query.
const OldAddressesName = "old-addresses.json"

// Redirect is an old address made of a query at the site's top (Query,
// "p=123": WordPress's /?p=123) and the link of the page it leads to.
type Redirect struct {
	Query, To string
}

// OldAddresses writes old-addresses.json: each query, the link of its
// page. No file can answer /?p=123 (a host serves the home page), so the
// theme's script reads this file there and opens the page.
func OldAddresses(w io.Writer, rs []Redirect) error {
	m := make(map[string]string, len(rs))
	for _, r := range rs {
		m[r.Query] = r.To
	}
	b, err := json.Marshal(m) // keys sorted
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Robots writes robots.txt: everything may be read, and where the sitemap
// is (sitemap, absolute).
func Robots(w io.Writer, sitemap string) error {
	_, err := fmt.Fprintf(w, "User-agent: *\nAllow: /\n\nSitemap: %s\n", sitemap)
	return err
}
