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
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// Checker decides which origins a site may load from.
type Checker struct {
	own       string          // the site's own origin, "" if its base URL has none
	ownScheme string          // its scheme; https when the base URL has none
	allowed   map[string]bool // origins allowed in site.toml
}

// New returns a Checker for a site at baseURL that allows the given
// origins ("https://example.org").
func New(baseURL string, allowed []string) *Checker {
	c := &Checker{own: Origin(baseURL), ownScheme: "https", allowed: map[string]bool{}}
	if i := strings.Index(c.own, "://"); i > 0 {
		c.ownScheme = c.own[:i]
	}
	for _, a := range allowed {
		c.allowed[Origin(a)] = true
	}
	return c
}

// Origin is scheme://host[:port] of an absolute URL, or "" for a relative
// one. A protocol-relative URL ("//cdn.example/x.js") counts as https.
func Origin(raw string) string {
	return (&Checker{ownScheme: "https"}).origin(raw)
}

// special are the schemes whose URLs a browser parses with a host, and
// where a backslash is a slash.
var special = map[string]bool{"http": true, "https": true, "ws": true, "wss": true, "ftp": true}

// origin is the origin a page of the site reaches with raw, parsed as a
// browser parses it (the WHATWG URL standard), or "" when raw stays on
// the site or reaches no host (data:, mailto:, a relative path):
//
//   - tabs and line breaks anywhere are dropped, spaces around trimmed;
//   - in http(s) URLs and relative ones, a backslash is a slash: /\evil
//     is //evil;
//   - "http:evil.example/a.png" on an https page reaches evil.example (a
//     scheme other than the page's needs no slashes before the host); on
//     an http page it is a path, but counts as evil.example here too.
func (c *Checker) origin(raw string) string {
	raw = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, raw)
	raw = strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	scheme, rest := "", raw
	if i := strings.IndexByte(raw, ':'); i > 0 && isScheme(raw[:i]) {
		scheme, rest = strings.ToLower(raw[:i]), raw[i+1:]
	}
	if scheme != "" && !special[scheme] {
		return "" // data:, mailto:, tel:, javascript:, blob:: no other host
	}
	rest = strings.ReplaceAll(rest, "\\", "/")
	if scheme == "" {
		if !strings.HasPrefix(rest, "//") {
			return "" // a path on the site
		}
		scheme = c.ownScheme
	}
	// A scheme without slashes ("http:evil.example/a.png") reaches that
	// host when the page's scheme differs; with the same scheme a browser
	// reads a path instead. Both count here: the page may be served over
	// either.

	rest = strings.TrimLeft(rest, "/")
	host := rest
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return ""
	}
	if u, err := url.Parse(scheme + "://" + host); err == nil && u.Host != "" {
		host = u.Host
	}
	return scheme + "://" + host
}

func isScheme(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// Foreign reports whether loading raw would reach another origin that is
// not allowed.
func (c *Checker) Foreign(raw string) bool {
	o := c.origin(raw)
	return o != "" && o != c.own && !c.allowed[o]
}

// loads lists, for each element, the attributes that load something.
var loads = map[string][]string{
	"script": {"src"}, "img": {"src", "srcset"}, "iframe": {"src"}, "frame": {"src"},
	"video": {"src", "poster"}, "audio": {"src"}, "source": {"src", "srcset"}, "track": {"src"},
	"embed": {"src"}, "object": {"data"}, "image": {"href", "xlink:href"}, "input": {"src"},
	"use": {"href", "xlink:href"}, "feimage": {"href", "xlink:href"}, "a": {"ping"}, "area": {"ping"},
	"body": {"background"}, "table": {"background"}, "td": {"background"}, "th": {"background"},
	"html": {"manifest"}, "base": {"href"}, "link": {"imagesrcset"},
}

// navigational are the link relations that load nothing: a <link> whose
// every relation is one of them only names a page. Any other relation
// (stylesheet, icon, preload, preconnect, dns-prefetch, prerender,
// manifest, and those to come) fetches or connects.
var navigational = []string{"canonical", "alternate", "author", "help", "license", "next", "prev", "previous",
	"search", "bookmark", "external", "nofollow", "noopener", "noreferrer", "tag", "me", "shortlink", "archives",
	"index", "first", "last", "up", "top", "contents", "start", "home"}

// HTML returns the URLs from other origins that the page would load:
// scripts, stylesheets, images, frames, media, and url() in style elements.
func (c *Checker) HTML(page []byte) []string {
	if !c.mentionsForeign(page) {
		return nil
	}
	var out []string
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
			if c.startTag(z, &out) {
				inStyle = true
			}
		}
	}
}

// startTag adds to out the foreign URLs a start tag loads (its
// attributes, a stylesheet or preload link, a refresh), and reports a
// style element.
func (c *Checker) startTag(z *html.Tokenizer, out *[]string) (style bool) {
	add := func(u string) {
		if c.Foreign(u) {
			*out = append(*out, u)
		}
	}
	// TagName and TagAttr do not allocate: this runs on every tag of
	// every page.
	name, more := z.TagName()
	tag := string(name)
	keys := loads[tag]
	var rel, href, equiv, content string
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch key := string(k); {
		case key == "style":
			*out = append(*out, c.CSS(v)...)
		case key == "srcdoc" && tag == "iframe":
			// The frame's document: what it loads, the page loads.
			*out = append(*out, c.HTML(v)...)
		case tag == "link" && key == "rel":
			rel = strings.ToLower(string(v))
		case tag == "link" && key == "href":
			href = string(v)
		case tag == "meta" && key == "http-equiv":
			equiv = strings.ToLower(strings.TrimSpace(string(v)))
		case tag == "meta" && key == "content":
			content = string(v)
		case (key == "srcset" || key == "imagesrcset") && slices.Contains(keys, key):
			for _, part := range strings.Split(string(v), ",") {
				if f := strings.Fields(part); len(f) > 0 {
					add(f[0])
				}
			}
		case key == "ping" && slices.Contains(keys, key):
			for _, u := range strings.Fields(string(v)) {
				add(u)
			}
		case slices.Contains(keys, key):
			add(string(v))
		}
	}
	if tag == "link" && href != "" && loadsLink(rel) {
		add(href)
	}
	if tag == "meta" && equiv == "refresh" {
		if u, ok := refreshURL(content); ok {
			add(u)
		}
	}
	return tag == "style"
}

// loadsLink reports a link whose rel makes the browser fetch its href
// (a stylesheet, a preload), not one that only names a page.
func loadsLink(rel string) bool {
	for _, r := range strings.Fields(rel) {
		if !slices.Contains(navigational, r) {
			return true
		}
	}
	return false
}

// refreshURL is where a refresh ("5; url=https://…") sends the browser
// by itself.
func refreshURL(content string) (string, bool) {
	_, after, ok := strings.Cut(content, ";")
	if !ok {
		return "", false
	}
	k, u, ok := strings.Cut(strings.TrimSpace(after), "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(k), "url") {
		return "", false
	}
	return strings.Trim(strings.TrimSpace(u), `"'`), true
}

// mentionsForeign reports whether b may hold a URL of a foreign origin,
// in any form a browser reads as one. Only then can the page load
// something from another site, so most pages, whose absolute URLs are
// their own (canonical, og:url), are not tokenized at all. It errs on the
// side of tokenizing: a backslash, a character reference, a refresh or a
// srcdoc anywhere, a foreign host after any "//", or a scheme such as
// "http:" without slashes.
func (c *Checker) mentionsForeign(b []byte) bool {
	style, refresh, iframe := tagFlags(b)
	if refresh || iframe || hiddenURL(b, style) {
		return true
	}
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("//"))
		if j < 0 {
			break
		}
		j += i
		i = j + 2
		end := j + 2
		for end < len(b) && !isDelim(b[end]) && b[end] != '/' && b[end] != '?' && b[end] != '#' {
			end++
		}
		host := strings.ToLower(string(b[j+2 : end]))
		if host == "" || !c.foreignHost(host) {
			continue
		}
		start := j
		for start > 0 && !isDelim(b[start-1]) {
			start--
		}
		if !ignorable(b, start) {
			return true
		}
	}
	// "http:evil.example": a special scheme without slashes.
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], ':')
		if j < 0 {
			return false
		}
		j += i
		i = j + 1
		start := j
		for start > 0 && !isDelim(b[start-1]) {
			start--
		}
		if !isSpecial(b[start:j]) || bytes.HasPrefix(b[j+1:], []byte("//")) {
			continue
		}
		if !ignorable(b, start) {
			return true
		}
	}
}

// foreignHost reports a host (with its port, if any) that is neither the
// site's nor an allowed origin's.
func (c *Checker) foreignHost(host string) bool {
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if o := c.own; o != "" && strings.HasSuffix(o, "://"+host) {
		return false
	}
	for a := range c.allowed {
		if strings.HasSuffix(a, "://"+host) {
			return false
		}
	}
	return true
}

// hiddenURL reports what could hide a URL from the scan: a backslash (a
// slash to browsers, or a CSS escape) or a character reference that
// writes a slash, a colon or a backslash ("&#x2F;", "&#58;", "&sol;"), in
// a tag or anywhere in a page with a <style> element. In text they are
// harmless: text loads nothing (code blocks are full of backslashes).
func hiddenURL(b []byte, style bool) bool {
	inTag := func(j int) bool {
		return style || bytes.LastIndexByte(b[:j], '<') > bytes.LastIndexByte(b[:j], '>')
	}
	// Each byte is looked for with IndexByte (vectorised), and found again
	// only once passed: the page is read once.
	next := func(c byte, from int) int {
		if k := bytes.IndexByte(b[from:], c); k >= 0 {
			return from + k
		}
		return len(b)
	}
	nb, na := next('\\', 0), next('&', 0)
	for {
		j := min(nb, na)
		if j == len(b) {
			return false
		}
		if j == nb {
			nb = next('\\', j+1)
			if inTag(j) {
				return true
			}
			continue
		}
		na = next('&', j+1)
		if urlRef(b[j:]) && inTag(j) {
			return true
		}
	}
}

// urlRef reports a character reference at the start of b that writes a
// slash, a colon or a backslash: &#47; &#x2F; &#58; &#x3A; &#92; &#x5C;
// (leading zeros allowed), &sol; &colon; &bsol;.
func urlRef(b []byte) bool {
	if len(b) < 3 {
		return false
	}
	if b[1] != '#' {
		for _, name := range []string{"&sol;", "&colon;", "&bsol;"} {
			if bytes.HasPrefix(b, []byte(name)) { // names are case-sensitive: &Colon; is ∷
				return true
			}
		}
		return false
	}
	base, i := 10, 2
	if b[2] == 'x' || b[2] == 'X' {
		base, i = 16, 3
	}
	n := 0
	for ; i < len(b) && i < 12; i++ {
		c := b[i]
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = int(c-'A') + 10
		default:
			return n == '/' || n == ':' || n == '\\'
		}
		n = n*base + d
	}
	return n == '/' || n == ':' || n == '\\'
}

// tagFlags reads the page's tags once: whether it has a <style> element,
// a <meta> that refreshes (it may lead elsewhere by itself), or an
// <iframe> (its srcdoc is a page of its own).
func tagFlags(b []byte) (style, refresh, iframe bool) {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return
		}
		j += i
		i = j + 1
		name := b[j+1:]
		end := 0
		for end < len(name) && end < 8 && isNameChar(name[end]) {
			end++
		}
		switch n := name[:end]; {
		case bytes.EqualFold(n, []byte("style")):
			style = true
		case bytes.EqualFold(n, []byte("iframe")):
			iframe = true
		case bytes.EqualFold(n, []byte("meta")):
			gt := bytes.IndexByte(name, '>')
			if gt < 0 {
				gt = len(name)
			}
			if containsFold(name[:gt], "refresh") {
				refresh = true
			}
		}
	}
}

// isSpecial reports one of the special schemes, in any case.
func isSpecial(b []byte) bool {
	if len(b) < 2 || len(b) > 5 {
		return false
	}
	switch b[0] | 0x20 { // the first letter, in lower case
	case 'h', 'w', 'f':
	default:
		return false
	}
	for sch := range special {
		if bytes.EqualFold(b, []byte(sch)) {
			return true
		}
	}
	return false
}

// containsFold reports whether b (a tag: short) holds word (lower-case
// ASCII) in any case.
func containsFold(b []byte, word string) bool {
	return bytes.Contains(bytes.ToLower(b), []byte(word))
}

// ignorable reports whether the URL starting at b[start] is the value of
// an attribute that loads nothing: an <a> or <area> href, or any
// attribute but those that load (src, srcset, data, poster, style, ping,
// srcdoc, background, manifest, imagesrcset, other elements' href, a
// refresh's content). Anything else, text included (it may be inside
// <style>), is not.
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
	case "src", "srcset", "data", "poster", "style", "xlink:href", "ping", "srcdoc", "background", "manifest", "imagesrcset":
		return false
	case "href":
		return bytes.EqualFold(tag, []byte("a")) || bytes.EqualFold(tag, []byte("area"))
	case "content":
		return !bytes.Contains(bytes.ToLower(b[lt:start]), []byte("refresh"))
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

var (
	cssURL    = regexp.MustCompile(`(?i)\b(?:url|src)\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))`)
	cssImport = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
	// cssImageFn are the functions whose quoted strings are images.
	cssImageFn = regexp.MustCompile(`(?i)\b(?:-webkit-)?(?:image-set|image|cross-fade)\(`)
	cssString  = regexp.MustCompile(`"([^"]*)"|'([^']*)'`)
)

// CSS returns the URLs from other origins a stylesheet would load, with
// url(), src(), @import or image-set(), read after the stylesheet's
// escapes are decoded and its comments dropped, as a browser reads them
// (u\72l(…) is url(…)).
func (c *Checker) CSS(css []byte) []string {
	text := decodeCSS(css)
	var out []string
	add := func(u string) {
		if c.Foreign(u) {
			out = append(out, u)
		}
	}
	for _, re := range []*regexp.Regexp{cssURL, cssImport} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			add(strings.Join(m[1:], ""))
		}
	}
	for _, loc := range cssImageFn.FindAllStringIndex(text, -1) {
		depth, end := 1, loc[1]
		for end < len(text) && depth > 0 {
			switch text[end] {
			case '(':
				depth++
			case ')':
				depth--
			}
			end++
		}
		for _, m := range cssString.FindAllStringSubmatch(text[loc[1]:end], -1) {
			add(m[1] + m[2])
		}
	}
	return out
}

// decodeCSS drops comments and decodes escapes (CSS Syntax 4.3.7): a
// backslash and one to six hex digits (and one space after) is that
// character, a backslash before a line break is nothing, a backslash
// before another character is that character.
func decodeCSS(css []byte) string {
	var b strings.Builder
	b.Grow(len(css))
	for i := 0; i < len(css); i++ {
		ch := css[i]
		switch {
		case ch == '/' && i+1 < len(css) && css[i+1] == '*':
			end := bytes.Index(css[i+2:], []byte("*/"))
			if end < 0 {
				return b.String()
			}
			i += end + 3
			b.WriteByte(' ')
		case ch == '\\' && i+1 < len(css):
			j := i + 1
			for j < len(css) && j < i+7 && isHex(css[j]) {
				j++
			}
			if j > i+1 {
				n, _ := strconv.ParseUint(string(css[i+1:j]), 16, 32)
				r := rune(n)
				if n == 0 || n > unicode.MaxRune || (r >= 0xd800 && r <= 0xdfff) {
					r = unicode.ReplacementChar
				}
				b.WriteRune(r)
				if j < len(css) && (css[j] == ' ' || css[j] == '\t' || css[j] == '\n') {
					j++
				}
				i = j - 1
				continue
			}
			if css[j] != '\n' {
				b.WriteByte(css[j])
			}
			i = j
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

func isHex(ch byte) bool {
	return ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F'
}
