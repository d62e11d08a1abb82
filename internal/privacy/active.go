package privacy

import (
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"

	"golang.org/x/net/html"
)

// Active is what makes a file published as it is run code in a reader's
// browser: where (its line, from 1) and what (the element or attribute).
type Active struct {
	Line int
	What string
}

// ActiveContent finds what would run a script in a file published as it
// is: an SVG or XHTML file (read as XML) or an HTML file (read as a
// browser reads it) with a <script> element, an event attribute
// (onload=…), a javascript: address, or a frame, object or embed that
// loads another document. Served from the site's own address, such a file
// runs with the site's origin on a host that does not send the site's
// Content-Security-Policy. Other files, and files with none of these,
// give nil.
func ActiveContent(name string, b []byte) *Active {
	switch strings.ToLower(path.Ext(name)) {
	case ".svg", ".xhtml", ".xht":
		return activeXML(b)
	case ".html", ".htm":
		return activeHTML(b)
	}
	return nil
}

// risky reports what of an element with its attributes runs code or
// loads a document, or "".
func risky(elem string, attr func(yield func(k, v string) bool)) string {
	switch strings.ToLower(elem) {
	case "script":
		return "<script>"
	case "iframe", "frame", "object", "embed", "foreignobject", "handler", "listener":
		return "<" + elem + ">"
	}
	what := ""
	attr(func(k, v string) bool {
		k = strings.ToLower(k)
		if strings.HasPrefix(k, "on") && len(k) > 2 {
			what = k + "=…"
			return false
		}
		if scheme := strings.ToLower(strings.TrimLeft(strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, v), " \x00")); strings.HasPrefix(scheme, "javascript:") || strings.HasPrefix(scheme, "vbscript:") ||
			(k == "href" || strings.HasSuffix(k, ":href") || k == "src" || k == "action") && strings.HasPrefix(scheme, "data:text/html") {
			what = k + "=\"" + v[:min(len(v), 20)] + "…\""
			return false
		}
		return true
	})
	return what
}

func activeXML(b []byte) *Active {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// Not XML a browser would show as an image or a page: the
			// HTML reading finds what a lenient parser would run.
			return activeHTML(b)
		}
		if el, ok := tok.(xml.StartElement); ok {
			what := risky(el.Name.Local, func(yield func(k, v string) bool) {
				for _, a := range el.Attr {
					k := a.Name.Local
					if a.Name.Space != "" && k == "href" {
						k = "xlink:href"
					}
					if !yield(k, a.Value) {
						return
					}
				}
			})
			if what != "" {
				return &Active{Line: 1 + bytes.Count(b[:off], []byte("\n")), What: what}
			}
		}
	}
}

func activeHTML(b []byte) *Active {
	z := html.NewTokenizer(bytes.NewReader(b))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return nil
		}
		at := line // the line the token starts on
		line += bytes.Count(z.Raw(), []byte("\n"))
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		var attrs [][2]string
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			attrs = append(attrs, [2]string{string(k), string(v)})
		}
		what := risky(string(name), func(yield func(k, v string) bool) {
			for _, a := range attrs {
				if !yield(a[0], a[1]) {
					return
				}
			}
		})
		if what != "" {
			return &Active{Line: at, What: what}
		}
	}
}
