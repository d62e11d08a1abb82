// Package privacy finds what a page or stylesheet would load from another
// origin: scripts, stylesheets, fonts, images, frames and media. Each such
// load tells a third party that someone reads the page, which can endanger
// a person reading on a watched device; relais refuses to publish them
// unless the site allows the origin by name.
//
// Links a reader follows (<a href>, canonical and alternate links) are not
// loads and are not reported.
package privacy

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Checker decides which origins a site may load from.
type Checker struct {
	own     string          // the site's own origin, "" if its base URL has none
	allowed map[string]bool // origins allowed in site.toml
}

// New returns a Checker for a site at baseURL that allows the given
// origins ("https://example.org").
func New(baseURL string, allowed []string) *Checker {
	c := &Checker{own: Origin(baseURL), allowed: map[string]bool{}}
	for _, a := range allowed {
		c.allowed[Origin(a)] = true
	}
	return c
}

// Origin is scheme://host[:port] of an absolute URL, or "" for a relative
// one. A protocol-relative URL ("//cdn.example/x.js") counts as https.
func Origin(raw string) string {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// Foreign reports whether loading raw would reach another origin that is
// not allowed.
func (c *Checker) Foreign(raw string) bool {
	o := Origin(raw)
	return o != "" && o != c.own && !c.allowed[o]
}

// loads lists, for each element, the attributes that load something.
var loads = map[string][]string{
	"script": {"src"}, "img": {"src", "srcset"}, "iframe": {"src"}, "frame": {"src"},
	"video": {"src", "poster"}, "audio": {"src"}, "source": {"src", "srcset"}, "track": {"src"},
	"embed": {"src"}, "object": {"data"}, "image": {"href", "xlink:href"}, "input": {"src"},
}

// loadingRels are the link relations that make the browser fetch.
var loadingRels = []string{"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon"}

// HTML returns the URLs from other origins that the page would load:
// scripts, stylesheets, images, frames, media, and url() in style elements.
func (c *Checker) HTML(page []byte) []string {
	if !c.mentionsForeign(page) {
		return nil
	}
	var out []string
	add := func(u string) {
		if c.Foreign(u) {
			out = append(out, u)
		}
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	inStyle := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if inStyle {
				out = append(out, c.CSS(z.Text())...)
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "style" {
				inStyle = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			// TagName and TagAttr do not allocate: this runs on every
			// tag of every page.
			name, more := z.TagName()
			tag := string(name)
			if tag == "style" {
				inStyle = true
			}
			keys := loads[tag]
			var rel, href string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch key := string(k); {
				case key == "style":
					out = append(out, c.CSS(v)...)
				case tag == "link" && key == "rel":
					rel = strings.ToLower(string(v))
				case tag == "link" && key == "href":
					href = string(v)
				case key == "srcset" && contains(keys, key):
					for _, part := range strings.Split(string(v), ",") {
						if f := strings.Fields(part); len(f) > 0 {
							add(f[0])
						}
					}
				case contains(keys, key):
					add(string(v))
				}
			}
			if tag == "link" {
				rels := strings.Fields(rel)
				for _, r := range loadingRels {
					if contains(rels, r) {
						add(href)
						break
					}
				}
			}
		}
	}
}

// mentionsForeign reports whether b holds an absolute URL of a foreign
// origin anywhere. Only then can the page load something from another
// site, so most pages, whose absolute URLs are their own (canonical,
// og:url), are not tokenized at all.
func (c *Checker) mentionsForeign(b []byte) bool {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("//"))
		if j < 0 {
			return false
		}
		j += i
		start := j
		for start > 0 && !isDelim(b[start-1]) {
			start--
		}
		end := j + 2
		for end < len(b) && !isDelim(b[end]) {
			end++
		}
		if !ignorable(b, start) && c.Foreign(html.UnescapeString(string(b[start:end]))) {
			return true
		}
		i = j + 2
	}
}

// ignorable reports whether the URL starting at b[start] is the value of
// an attribute that loads nothing: an <a> or <area> href, or any
// attribute but src, srcset, data, poster, style and other elements' href.
// Anything else, text included (it may be inside <style>), is not.
func ignorable(b []byte, start int) bool {
	lt := bytes.LastIndexByte(b[:start], '<')
	if lt < 0 || bytes.LastIndexByte(b[:start], '>') > lt {
		return false // in text
	}
	k := start
	if k > 0 && (b[k-1] == '"' || b[k-1] == '\'') {
		k--
	}
	if k == 0 || b[k-1] != '=' {
		return false
	}
	k--
	e := k
	for k > lt && isNameChar(b[k-1]) {
		k--
	}
	attr := strings.ToLower(string(b[k:e]))
	tag := b[lt+1:]
	if i := bytes.IndexAny(tag, " \t\n\r/>"); i >= 0 {
		tag = tag[:i]
	}
	switch attr {
	case "src", "srcset", "data", "poster", "style", "xlink:href":
		return false
	case "href":
		return bytes.EqualFold(tag, []byte("a")) || bytes.EqualFold(tag, []byte("area"))
	}
	return true
}

func isNameChar(ch byte) bool {
	return ch == '-' || ch == ':' || ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
}

func isDelim(ch byte) bool {
	switch ch {
	case '"', '\'', '(', ')', ' ', '\t', '\n', '\r', '=', '<', '>', ',':
		return true
	}
	return false
}

var cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)['"]`)

// CSS returns the URLs from other origins a stylesheet would load, with
// url() or @import.
func (c *Checker) CSS(css []byte) []string {
	var out []string
	for _, m := range cssURL.FindAllSubmatch(css, -1) {
		u := string(m[1])
		if u == "" {
			u = string(m[2])
		}
		if c.Foreign(u) {
			out = append(out, u)
		}
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
