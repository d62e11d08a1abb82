// Package feed writes a list of pages as RSS 2.0, Atom and JSON Feed, with
// github.com/gorilla/feeds.
//
// Feeds are reproducible: their dates come from the pages (the newest item
// dates the feed), never from the clock, and item ids are the items'
// permanent URLs, so two builds of the same site give the same bytes and a
// feed reader never sees an old item as new. Links inside item content are
// made absolute, since feed readers show content away from the site.
package feed

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gorilla/feeds"
	"golang.org/x/net/html"
)

// Format is a feed format.
type Format int

// The formats, and the file each is written to in a list's folder.
const (
	RSS Format = iota
	Atom
	JSON
)

// Formats lists every format.
var Formats = []Format{RSS, Atom, JSON}

// File is the file name of the format: index.xml, atom.xml, feed.json.
func (f Format) File() string { return [...]string{"index.xml", "atom.xml", "feed.json"}[f] }

// MediaType is the format's media type, for links in pages.
func (f Format) MediaType() string {
	return [...]string{"application/rss+xml", "application/atom+xml", "application/feed+json"}[f]
}

// Name is the format's name, for link titles.
func (f Format) Name() string { return [...]string{"RSS", "Atom", "JSON Feed"}[f] }

// Channel is a feed: absolute URLs everywhere.
type Channel struct {
	Title       string
	URL         string // the page the feed is about
	Description string
	Author      string
	Items       []Item
}

// Item is one page of a feed.
type Item struct {
	Title     string
	URL       string
	Summary   string // plain text
	Content   string // HTML; empty for summaries only
	Author    string
	Published time.Time
	Updated   time.Time
}

// Write writes ch in format f.
func Write(w io.Writer, f Format, ch Channel) error {
	fd := &feeds.Feed{
		Title:       ch.Title,
		Link:        &feeds.Link{Href: ch.URL},
		Description: ch.Description,
		Id:          ch.URL,
	}
	if ch.Author != "" {
		fd.Author = &feeds.Author{Name: ch.Author}
	}
	for _, it := range ch.Items {
		updated := it.Updated
		if updated.IsZero() {
			updated = it.Published
		}
		if updated.After(fd.Updated) {
			fd.Updated = updated
		}
		fi := &feeds.Item{
			Title:       it.Title,
			Link:        &feeds.Link{Href: it.URL},
			Id:          it.URL,
			IsPermaLink: "true",
			Description: it.Summary,
			Content:     it.Content,
			Created:     it.Published,
			Updated:     updated,
		}
		if it.Author != "" {
			fi.Author = &feeds.Author{Name: it.Author}
		}
		fd.Items = append(fd.Items, fi)
	}
	fd.Created = fd.Updated
	switch f {
	case RSS:
		return fd.WriteRss(w)
	case Atom:
		return fd.WriteAtom(w)
	case JSON:
		return fd.WriteJSON(w)
	}
	return fmt.Errorf("unknown feed format %d", f)
}

// AbsoluteLinks returns the HTML fragment s with its root-relative href
// and src attributes ("/articles/x/") prefixed by origin
// ("https://example.org").
func AbsoluteLinks(s, origin string) string {
	if origin == "" || !strings.Contains(s, `="/`) {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s) + 64)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			for i, a := range t.Attr {
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "//") {
					t.Attr[i].Val = origin + a.Val
				}
			}
			b.WriteString(t.String())
		default:
			b.Write(z.Raw())
		}
	}
}
