package search

import (
	"bytes"
	"html"
	"strings"
)

// Seen is what a reader sees of a page: the text of its <main> element,
// its headings (h2 to h6: the h1 is the title), and the addresses it links
// to. Navigation, forms, scripts and what the theme marks
// data-nosearch are left out: the quick-exit bar, menus and footer are
// outside <main> already.
type Seen struct {
	Text     string
	Headings []string
	Links    []string
}

// skipped are the elements whose content is not indexed.
var skipped = map[string]bool{"nav": true, "form": true, "script": true, "style": true, "template": true,
	"noscript": true, "svg": true, "button": true, "select": true, "textarea": true}

// void elements have no end tag.
var void = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// MainText reads what a reader sees of an HTML page (Seen). It scans the
// bytes once, without building a tree: the build reads every page.
func MainText(page []byte) Seen {
	var s Seen
	start := bytes.Index(page, []byte("<main"))
	end := bytes.LastIndex(page, []byte("</main>"))
	if start < 0 || end < start {
		return s
	}
	b := page[:end]
	i := start
	text := make([]byte, 0, len(b)-i)
	var heading []byte
	inHeading := ""
	skip, depth := "", 0 // the element left out, and how deep in it
	addText := func(t []byte) {
		if skip != "" || len(t) == 0 {
			return
		}
		if bytes.IndexByte(t, '&') >= 0 {
			t = []byte(html.UnescapeString(string(t)))
		}
		text = append(text, t...)
		if inHeading != "" {
			heading = append(heading, t...)
		}
	}
	first := true
	for i < len(b) {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			addText(b[i:])
			break
		}
		addText(b[i : i+lt])
		i += lt
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			e := bytes.Index(b[i:], []byte("-->"))
			if e < 0 {
				break
			}
			i += e + 3
			continue
		}
		at := i
		gt := tagEnd(b, i)
		tag := b[i+1 : gt]
		i = gt + 1
		closing := len(tag) > 0 && tag[0] == '/'
		if closing {
			tag = tag[1:]
		}
		n := 0
		for n < len(tag) && (tag[n] >= 'a' && tag[n] <= 'z' || tag[n] >= 'A' && tag[n] <= 'Z' || tag[n] >= '0' && tag[n] <= '9') {
			n++
		}
		name, ok := tagNames[string(tag[:n])]
		if !ok {
			name = strings.ToLower(string(tag[:n]))
		}
		if name == "" {
			addText([]byte("<")) // not a tag: a "<" in text
			i = at + 1
			continue
		}
		if first {
			first = false // <main> itself
			continue
		}
		selfClosing := bytes.HasSuffix(tag, []byte("/")) || void[name]
		if skip != "" {
			if name == skip && !selfClosing {
				if closing {
					depth--
					if depth == 0 {
						skip = ""
					}
				} else {
					depth++
				}
			}
			continue
		}
		text = append(text, ' ')
		if inHeading != "" {
			heading = append(heading, ' ')
		}
		if closing {
			if name == inHeading {
				if h := strings.Join(strings.Fields(string(heading)), " "); h != "" {
					s.Headings = append(s.Headings, h)
				}
				inHeading = ""
				heading = heading[:0]
			}
			continue
		}
		if !selfClosing && (skipped[name] || bytes.Contains(tag, []byte("data-nosearch"))) {
			skip, depth = name, 1
			continue
		}
		switch name {
		case "h2", "h3", "h4", "h5", "h6":
			inHeading = name
			heading = heading[:0]
		case "a":
			if href := attr(tag, "href"); href != "" {
				s.Links = append(s.Links, href)
			}
		}
	}
	s.Text = string(text)
	return s
}

// tagNames are the names of common elements, so that reading them does
// not allocate.
var tagNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Fields(`a abbr article aside b blockquote br button caption cite code dd del details div dl dt em
		figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr i img input ins kbd label li main mark nav noscript ol option
		p picture pre q s script section select small source span strong style sub summary sup svg table tbody td template
		textarea th thead time tr u ul`) {
		m[n] = n
	}
	return m
}()

// tagEnd is the index of the ">" that ends the tag starting at i, quotes
// taken into account, or the last index.
func tagEnd(b []byte, i int) int {
	var quote byte
	for j := i + 1; j < len(b); j++ {
		c := b[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j
		}
	}
	return len(b) - 1
}

// attr is the value of the attribute name of a tag's bytes, unescaped.
func attr(tag []byte, name string) string {
	for k := 0; k < len(tag); {
		j := bytes.Index(tag[k:], []byte(name+"="))
		if j < 0 {
			return ""
		}
		j += k
		k = j + len(name) + 1
		if j > 0 && tag[j-1] != ' ' && tag[j-1] != '\n' && tag[j-1] != '\t' {
			continue
		}
		rest := tag[k:]
		if len(rest) == 0 {
			return ""
		}
		var v []byte
		if q := rest[0]; q == '"' || q == '\'' {
			e := bytes.IndexByte(rest[1:], q)
			if e < 0 {
				return ""
			}
			v = rest[1 : 1+e]
		} else {
			e := bytes.IndexAny(rest, " \t\n>")
			if e < 0 {
				e = len(rest)
			}
			v = rest[:e]
		}
		return html.UnescapeString(string(v))
	}
	return ""
}

// PageTerms are what an index keeps of a page as rendered (html, from
// which MainText reads what readers see), described by d: its terms,
// then, for a page that lists others (list), the addresses it links to,
// a line each after ">", which SplitTerms separates.
func PageTerms(html []byte, d Doc, stop map[string]bool, list bool) []byte {
	seen := MainText(html)
	d.Headings, d.Text = seen.Headings, seen.Text
	enc := AppendTerms(nil, TermsWith(d, stop))
	if list {
		for _, l := range seen.Links {
			if !strings.ContainsAny(l, "\n") {
				enc = append(enc, '>')
				enc = append(enc, l...)
				enc = append(enc, '\n')
			}
		}
	}
	return enc
}

// SplitTerms separates what PageTerms wrote: terms and links.
func SplitTerms(enc []byte) ([]byte, []string) {
	i := bytes.Index(enc, []byte("\n>"))
	if i < 0 {
		if bytes.HasPrefix(enc, []byte(">")) {
			i = -1
		} else {
			return enc, nil
		}
	}
	var links []string
	for _, l := range strings.Split(string(enc[i+1:]), "\n") {
		if u, ok := strings.CutPrefix(l, ">"); ok {
			links = append(links, u)
		}
	}
	return enc[:i+1], links
}
