// Package wordpress moves a WordPress site into a relais site: it reads
// the export WordPress gives (WXR: « Outils → Exporter »), and writes its
// posts and pages as Markdown pages of content/, with their dates,
// statuses, categories, tags, authors' names, featured images and the
// images of their text (copied from the uploads folder she gives, never
// fetched), their old addresses as aliases, and the links between them
// leading to the new pages. It never writes over a file, never writes an
// e-mail address of the export, and says at the end what it did, what it
// left out and why.
package wordpress

import (
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strings"

	"relais/internal/i18n"
)

// MaxExport is the largest export read: far above what a worker's site
// gives (a few MB for hundreds of posts). A variable for tests.
var MaxExport int64 = 200 << 20

// Item is a post, a page or an attachment of the export.
type Item struct {
	ID       int
	Title    string
	Link     string // its address on the old site
	Slug     string // post_name, decoded
	Type     string // post, page, attachment, nav_menu_item…
	Status   string // publish, draft, pending, private, future, trash…
	Password bool
	Date     string // post_date, "2024-03-01 10:00:00"
	Parent   int
	Creator  string // the author's login
	Content  string // HTML (Gutenberg blocks or classic)
	Excerpt  string
	// AttachmentURL is an attachment's file on the old site.
	AttachmentURL string
	Tags          []string
	Categories    []string
	// Nicenames are the slugs WordPress gave its tags and categories,
	// by "post_tag/name" and "category/name": their old addresses.
	Nicenames map[string]string
	Meta      map[string]string // postmeta: _thumbnail_id, _wp_attachment_image_alt…
	Comments  int
}

// Export is what the export holds.
type Export struct {
	Title   string
	SiteURL string            // base_blog_url, or the channel's link
	Authors map[string]string // login → display name
	Items   []*Item
}

type rawItem struct {
	Title   string   `xml:"title"`
	Link    string   `xml:"link"`
	Creator string   `xml:"creator"`
	Encoded []nsText `xml:"encoded"`
	ID      int      `xml:"post_id"`
	Date    string   `xml:"post_date"`
	Name    string   `xml:"post_name"`
	Status  string   `xml:"status"`
	Parent  int      `xml:"post_parent"`
	Type    string   `xml:"post_type"`
	Pass    string   `xml:"post_password"`
	AttURL  string   `xml:"attachment_url"`
	Cats    []struct {
		Domain   string `xml:"domain,attr"`
		Nicename string `xml:"nicename,attr"`
		Name     string `xml:",chardata"`
	} `xml:"category"`
	Meta []struct {
		Key   string `xml:"meta_key"`
		Value string `xml:"meta_value"`
	} `xml:"postmeta"`
	Comments []struct {
		ID int `xml:"comment_id"`
	} `xml:"comment"`
}

type nsText struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

type rawAuthor struct {
	Login   string `xml:"author_login"`
	Display string `xml:"author_display_name"`
}

// Read reads an export. Only what relais needs is kept (never an
// e-mail address, of an author or of a commenter); an XML that declares
// entities of its own is refused, as XML is read without them.
func Read(r io.Reader) (*Export, error) {
	lr := &io.LimitedReader{R: r, N: MaxExport + 1}
	d := xml.NewDecoder(lr)
	d.Strict = true
	exp := &Export{Authors: map[string]string{}}
	wordpress := false
	depth := 0
	for {
		tok, err := d.Token()
		if lr.N <= 0 {
			return nil, i18n.Errorf("the export is larger than %d MB: export the posts and the pages separately (Outils → Exporter)", MaxExport>>20)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected EOF") {
				return nil, i18n.Errorf("the export ends too early (line %d): it was cut while downloading; export it again", line(d))
			}
			return nil, i18n.Errorf("the export cannot be read as XML at line %d: %v", line(d), err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if strings.Contains(string(t), "<!ENTITY") {
				return nil, i18n.Errorf("this XML file declares entities of its own, which a WordPress export never does: it is refused")
			}
		case xml.StartElement:
			depth++
			if strings.HasPrefix(t.Name.Space, "http://wordpress.org/export/") {
				wordpress = true
			}
			switch {
			case t.Name.Local == "item":
				it, err := readItem(d, t)
				if lr.N <= 0 {
					return nil, i18n.Errorf("the export is larger than %d MB: export the posts and the pages separately (Outils → Exporter)", MaxExport>>20)
				}
				if err != nil {
					return nil, err
				}
				exp.Items = append(exp.Items, it)
				wordpress = wordpress || it.Type != "" // wp:post_type, inside the item
				depth--
			case t.Name.Local == "author" && strings.HasPrefix(t.Name.Space, "http://wordpress.org/export/"):
				var a rawAuthor
				if err := d.DecodeElement(&a, &t); err != nil {
					return nil, i18n.Errorf("the export cannot be read as XML at line %d: %v", line(d), err)
				}
				exp.Authors[a.Login] = strings.TrimSpace(a.Display)
				depth--
			case t.Name.Local == "base_blog_url":
				var s string
				if err := d.DecodeElement(&s, &t); err == nil {
					exp.SiteURL = strings.TrimSpace(s)
				}
				depth--
			case t.Name.Local == "title" && depth == 3 && exp.Title == "":
				var s string
				if err := d.DecodeElement(&s, &t); err == nil {
					exp.Title = strings.TrimSpace(s)
				}
				depth--
			case t.Name.Local == "link" && depth == 3 && exp.SiteURL == "":
				var s string
				if err := d.DecodeElement(&s, &t); err == nil {
					exp.SiteURL = strings.TrimSpace(s)
				}
				depth--
			}
		case xml.EndElement:
			depth--
		}
	}
	if !wordpress {
		return nil, i18n.Errorf("this XML file is not a WordPress export: export the site from WordPress, « Outils → Exporter », « Tout le contenu »")
	}
	return exp, nil
}

func readItem(d *xml.Decoder, t xml.StartElement) (*Item, error) {
	var raw rawItem
	if err := d.DecodeElement(&raw, &t); err != nil {
		if strings.Contains(err.Error(), "unexpected EOF") {
			return nil, i18n.Errorf("the export ends too early (line %d): it was cut while downloading; export it again", line(d))
		}
		return nil, i18n.Errorf("the export cannot be read as XML at line %d: %v", line(d), err)
	}
	it := &Item{ID: raw.ID, Title: strings.TrimSpace(raw.Title), Link: strings.TrimSpace(raw.Link), Type: raw.Type,
		Status: raw.Status, Password: raw.Pass != "", Date: raw.Date, Parent: raw.Parent, Creator: raw.Creator,
		AttachmentURL: strings.TrimSpace(raw.AttURL), Meta: map[string]string{}, Comments: len(raw.Comments), Nicenames: map[string]string{}}
	if s, err := url.PathUnescape(raw.Name); err == nil {
		it.Slug = s
	} else {
		it.Slug = raw.Name
	}
	for _, e := range raw.Encoded {
		if strings.Contains(e.XMLName.Space, "excerpt") {
			it.Excerpt = e.Text
		} else {
			it.Content = e.Text
		}
	}
	for _, c := range raw.Cats {
		name := strings.TrimSpace(c.Name)
		it.Nicenames[c.Domain+"/"+name] = c.Nicename
		switch c.Domain {
		case "post_tag":
			it.Tags = append(it.Tags, name)
		case "category":
			if name != "Uncategorized" && name != "Non classé" {
				it.Categories = append(it.Categories, name)
			}
		}
	}
	for _, m := range raw.Meta {
		it.Meta[m.Key] = m.Value
	}
	return it, nil
}

func line(d *xml.Decoder) int {
	l, _ := d.InputPos()
	return l
}
