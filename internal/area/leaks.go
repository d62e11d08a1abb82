package area

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"html"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"relais/internal/i18n"
)

// Page is what the leak check knows of a page of the area.
type Page struct {
	File  string // its source, for the message
	Title string
	// URLs are its addresses, "/partenaires/procedure/" and
	// "https://example.org/partenaires/procedure/"; a file of the area
	// is a Page with addresses only.
	URLs []string
	Text string // what a reader sees of it, as plain text
}

// Needle is something of the area that no public output may hold.
type Needle struct {
	Text string // folded (Fold), or an address as it is
	Kind NeedleKind
	What i18n.Text // "the title of content/partenaires/x.md"
}

// NeedleKind says what a needle is.
type NeedleKind uint8

// Kinds of needles.
const (
	Address NeedleKind = iota // looked for in the bytes, attributes included
	Title
	Text // a sentence
)

// Most sentences of one page that are looked for: enough to catch a page's
// text copied anywhere, few enough for a build.
const maxSentences = 40

// Needles are what of the area's pages no public output may hold: their
// addresses, their titles and the sentences of their text, less what
// public says a public page has too (a sentence she wrote in both places
// is hers to publish; public is given folded text).
func Needles(pages []Page, public func(folded string) bool) []Needle {
	var out []Needle
	seen := map[string]bool{}
	add := func(n Needle) {
		if n.Text == "" || seen[n.Text] || (n.Kind != Address && public(n.Text)) {
			return
		}
		seen[n.Text] = true
		out = append(out, n)
	}
	for _, p := range pages {
		for _, u := range p.URLs {
			if u != "/" {
				add(Needle{Text: u, Kind: Address, What: i18n.T("the address of %s", p.File)})
			}
		}
		if t := Fold(p.Title); len(strings.Fields(t)) >= 2 || utf8.RuneCountInString(t) >= 12 {
			add(Needle{Text: t, Kind: Title, What: i18n.T("the title of %s", p.File)})
		}
		n := 0
		for _, s := range sentences(p.Text) {
			if n == maxSentences {
				break
			}
			add(Needle{Text: s, Kind: Text, What: i18n.T("a sentence of %s: « %s »", p.File, clip(s))})
			n++
		}
	}
	return out
}

// sentences are the folded sentences of text of six words or more.
func sentences(text string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(text, func(r rune) bool {
		return r == '.' || r == '!' || r == '?' || r == '…' || r == '\n' || r == ';'
	}) {
		if f := Fold(s); len(strings.Fields(f)) >= 6 {
			out = append(out, f)
		}
	}
	return out
}

func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// Fold makes text comparable however an output writes it: lower case,
// every kind of space one space, none before the punctuation French
// typography spaces (; : ! ? ») or after «, curly apostrophes straight,
// soft hyphens gone.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009':
			space = b.Len() > 0
			continue
		case r == '\u00ad':
			continue
		case r == '’' || r == '‘':
			r = '\''
		}
		if space && !strings.ContainsRune(";:!?»", r) && !strings.HasSuffix(b.String(), "«") {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Leak is a needle found in a public output.
type Leak struct {
	Output string // the output's path, and the archive entry's: "kit.zip:x/index.html"
	Needle Needle
}

// Find returns the needles found in the output at name (its path in the
// output folder) whose bytes are b: the text of HTML, XML and JSON, and
// of the entries of zip archives; the addresses in all their bytes.
// Images and PDFs are not read (their text comes from pages that are
// checked as pages).
func Find(name string, b []byte, needles []Needle) []Leak {
	var out []Leak
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".ico", ".woff", ".woff2", ".pdf", ".wasm":
		return nil
	case ".zip":
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return nil
		}
		for _, f := range zr.File {
			if f.UncompressedSize64 > 64<<20 {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				continue
			}
			eb, err := io.ReadAll(io.LimitReader(rc, 64<<20))
			rc.Close()
			if err == nil {
				out = append(out, Find(name+":"+f.Name, eb, needles)...)
			}
		}
		return out
	}
	text := ""
	for _, n := range needles {
		if n.Kind == Address {
			if hasURL(b, n.Text) {
				out = append(out, Leak{Output: name, Needle: n})
			}
			continue
		}
		if text == "" {
			text = Fold(readable(ext, b))
		}
		if strings.Contains(text, n.Text) {
			out = append(out, Leak{Output: name, Needle: n})
		}
	}
	return out
}

// HTMLText is the text of a fragment of HTML, without tags and entities.
func HTMLText(b []byte) string { return html.UnescapeString(stripTags(b)) }

// hasURL reports whether b holds the address u whole: not as the start
// of a longer path ("/reseau/" in "/reseau/procedure/"), nor as the end
// of one ("/tags/reseau/").
func hasURL(b []byte, u string) bool {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(u))
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(u)
		i = at + 1
		if at > 0 && pathByte(b[at-1]) && !strings.Contains(u, "://") {
			continue
		}
		if end < len(b) && pathByte(b[end]) {
			continue
		}
		return true
	}
}

// pathByte reports a byte that a path may hold.
func pathByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~%/", c) >= 0
}

// readable is the text of an output as a reader or a program reading it
// gets it: without tags and entities, JSON strings decoded.
func readable(ext string, b []byte) string {
	switch ext {
	case ".json":
		var v any
		if json.Unmarshal(b, &v) == nil {
			var s strings.Builder
			strs(v, &s)
			return s.String()
		}
	case ".html", ".htm", ".svg":
		return html.UnescapeString(stripTags(b))
	case ".xml", ".rss", ".atom":
		// A feed carries its pages' HTML escaped: strip it twice.
		return html.UnescapeString(stripTags([]byte(html.UnescapeString(stripTags(b)))))
	}
	return string(b)
}

func strs(v any, s *strings.Builder) {
	switch v := v.(type) {
	case string:
		s.WriteString(v)
		s.WriteByte('\n')
	case []any:
		for _, x := range v {
			strs(x, s)
		}
	case map[string]any:
		for k, x := range v {
			s.WriteString(k)
			s.WriteByte('\n')
			strs(x, s)
		}
	}
}

// stripTags replaces each tag with a space, keeping what is between and
// what a CDATA section holds.
func stripTags(b []byte) string {
	var s strings.Builder
	s.Grow(len(b))
	for len(b) > 0 {
		lt := bytes.IndexByte(b, '<')
		if lt < 0 {
			s.Write(b)
			break
		}
		s.Write(b[:lt])
		b = b[lt:]
		if bytes.HasPrefix(b, []byte("<![CDATA[")) {
			b = b[len("<![CDATA["):]
			continue
		}
		gt := bytes.IndexByte(b, '>')
		if gt < 0 {
			break
		}
		b = b[gt+1:]
		s.WriteByte(' ')
	}
	return strings.ReplaceAll(s.String(), "]]>", " ")
}
