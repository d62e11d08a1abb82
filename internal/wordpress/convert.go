package wordpress

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The shortcodes of WordPress and its common plugins. [caption] and
// [gallery] are turned into HTML the converter reads; [embed] and a few
// others into a link; any other is kept, visibly, and told.
var (
	shortcodeRe = regexp.MustCompile(`\[(/?)([a-zA-Z_][\w-]*)([^\]]*)\]`)
	captionRe   = regexp.MustCompile(`(?s)\[caption[^\]]*\](.*?)\[/caption\]`)
	galleryRe   = regexp.MustCompile(`\[gallery([^\]]*)\]`)
	embedRe     = regexp.MustCompile(`(?s)\[embed[^\]]*\](.*?)\[/embed\]`)
	attrRe      = regexp.MustCompile(`(\w+)="([^"]*)"`)
)

// shortcodes turns the shortcodes relais knows into HTML (a caption into
// a figure, a gallery into its images, an embed into a link) and returns
// the names of the others, left as they are.
func shortcodes(h string, attachment func(id string) (src, alt string)) (string, []string) {
	h = captionRe.ReplaceAllStringFunc(h, func(m string) string {
		inner := captionRe.FindStringSubmatch(m)[1]
		// The caption's text follows the image (or its link).
		i := strings.LastIndex(inner, ">")
		img, text := inner[:i+1], strings.TrimSpace(inner[i+1:])
		return "<figure>" + img + "<figcaption>" + text + "</figcaption></figure>"
	})
	h = galleryRe.ReplaceAllStringFunc(h, func(m string) string {
		attrs := map[string]string{}
		for _, a := range attrRe.FindAllStringSubmatch(galleryRe.FindStringSubmatch(m)[1], -1) {
			attrs[a[1]] = a[2]
		}
		var b strings.Builder
		for _, id := range strings.Split(attrs["ids"], ",") {
			if src, alt := attachment(strings.TrimSpace(id)); src != "" {
				fmt.Fprintf(&b, `<p><img src="%s" alt="%s"></p>`, html.EscapeString(src), html.EscapeString(alt))
			}
		}
		return b.String()
	})
	h = embedRe.ReplaceAllStringFunc(h, func(m string) string {
		u := strings.TrimSpace(embedRe.FindStringSubmatch(m)[1])
		return `<p><a href="` + html.EscapeString(u) + `">` + html.EscapeString(u) + `</a></p>`
	})
	var left []string
	seen := map[string]bool{}
	for _, m := range shortcodeRe.FindAllStringSubmatch(h, -1) {
		if name := strings.ToLower(m[2]); m[1] == "" && !seen[name] && knownShortcode(name) {
			seen[name] = true
			left = append(left, name)
		}
	}
	return h, left
}

// knownShortcode reports a name that WordPress or a common plugin uses
// as a shortcode: « [1] » or « [sic] » in a text is not one.
func knownShortcode(name string) bool {
	switch name {
	case "audio", "video", "playlist", "contact-form-7", "contact-form", "wpforms", "gravityform", "vc_row", "vc_column",
		"vc_column_text", "et_pb_section", "et_pb_row", "et_pb_text", "su_button", "su_note", "fusion_builder_container",
		"button", "tabs", "tab", "accordion", "toggle", "columns", "column", "youtube", "vimeo", "pdf-embedder", "pdf",
		"instagram", "twitter", "facebook", "googlemap", "map", "table", "slider", "row", "col":
		return true
	}
	return strings.HasPrefix(name, "vc_") || strings.HasPrefix(name, "et_pb_") || strings.HasPrefix(name, "fusion_")
}

// rewrite changes, in a post's HTML, the addresses of links and images:
// link(href) and image(src, alt) return the new address, or "" to keep
// it; an image image keeps no address for is shown as a link to where
// it was (a page of relais loads nothing from another site).
func rewrite(h string, link func(string) string, image func(src string) string) (string, error) {
	nodes, err := html.ParseFragment(strings.NewReader(h), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return "", err
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			walk(c)
			c = next
		}
		if n.Type != html.ElementNode {
			return
		}
		switch n.DataAtom {
		case atom.A:
			if href := attr(n, "href"); href != "" {
				if u := link(href); u != "" {
					setAttr(n, "href", u)
				}
			}
		case atom.Img:
			src := attr(n, "src")
			if u := image(src); u != "" {
				setAttr(n, "src", u)
				removeAttr(n, "srcset")
				removeAttr(n, "sizes")
				return
			}
			// Not copied: a link to it, with its text, loads nothing.
			a := &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A, Attr: []html.Attribute{{Key: "href", Val: src}}}
			text := attr(n, "alt")
			if text == "" {
				text = "image"
			}
			a.AppendChild(&html.Node{Type: html.TextNode, Data: text})
			n.Parent.InsertBefore(a, n)
			n.Parent.RemoveChild(n)
		case atom.Iframe:
			// An embed (a video): a link to it.
			src := attr(n, "src")
			a := &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A, Attr: []html.Attribute{{Key: "href", Val: src}}}
			a.AppendChild(&html.Node{Type: html.TextNode, Data: cmpOr(attr(n, "title"), src)})
			p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
			p.AppendChild(a)
			n.Parent.InsertBefore(p, n)
			n.Parent.RemoveChild(n)
		}
	}
	var b bytes.Buffer
	for _, n := range nodes {
		walk(wrap(n))
		if err := html.Render(&b, n); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// wrap gives a top-level node a parent, so that walk can replace it.
func wrap(n *html.Node) *html.Node {
	if n.Parent == nil {
		p := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
		p.AppendChild(n)
		return p
	}
	return n
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func attr(n *html.Node, k string) string {
	for _, a := range n.Attr {
		if a.Key == k {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, k, v string) {
	for i, a := range n.Attr {
		if a.Key == k {
			n.Attr[i].Val = v
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: k, Val: v})
}

func removeAttr(n *html.Node, k string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != k {
			out = append(out, a)
		}
	}
	n.Attr = out
}

// converter turns HTML into Markdown: CommonMark, tables, strikethrough
// (package html-to-markdown, v2).
var converter = htmltomarkdown.NewConverter(htmltomarkdown.WithPlugins(base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(),
	strikethrough.NewStrikethroughPlugin(), table.NewTablePlugin()))

// paragraphs makes the paragraphs of a classic post, which WordPress
// writes with blank lines (wpautop), HTML paragraphs.
func paragraphs(h string) string {
	if strings.Contains(h, "<p") || strings.Contains(h, "<!-- wp:") {
		return h
	}
	var b strings.Builder
	for _, para := range regexp.MustCompile(`\n\s*\n`).Split(strings.TrimSpace(h), -1) {
		if para = strings.TrimSpace(para); para == "" {
			continue
		}
		if strings.HasPrefix(para, "<") && !strings.HasPrefix(para, "<a ") && !strings.HasPrefix(para, "<strong") && !strings.HasPrefix(para, "<em") {
			b.WriteString(para + "\n")
			continue
		}
		b.WriteString("<p>" + strings.ReplaceAll(para, "\n", "<br>\n") + "</p>\n")
	}
	return b.String()
}

// markdown converts a post's HTML to Markdown.
func markdown(h string) (string, error) {
	md, err := converter.ConvertString(h)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(md) + "\n", nil
}
