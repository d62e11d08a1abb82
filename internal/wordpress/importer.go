package wordpress

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"relais/internal/i18n"
	"relais/internal/slug"
)

// Options say where an import goes.
type Options struct {
	Site    string // the site folder
	Uploads string // the wp-content/uploads folder she copied from her host; "" for none
	Section string // the folder of content/ the posts go to: "articles"
	// Tags and Categories are the plurals of the site's taxonomies the
	// posts' tags and categories go to.
	Tags, Categories string
}

// Summary is what an import did.
type Summary struct {
	Posts, Pages, Drafts, Private, Scheduled, Images int
	Written                                          []string // the files written, relative to the site
	// Left are the items left out, each with why.
	Left []i18n.Text
	// Check are what she should look at by hand: shortcodes kept as
	// they are (by name, with the pages), images not found.
	Check []i18n.Text
	// Comments is how many comments the export holds: never imported.
	Comments int
}

// planned is an item's place in the new site.
type planned struct {
	it     *Item
	dir    string // folder under content/ of the page's file
	file   string // the page's file under content/: "articles/x.md", "articles/x/index.md"
	bundle bool   // a folder of its own, with its images
}

// Import writes the posts and pages of exp into the site. It writes no
// file that exists already: those are told in Left.
func Import(exp *Export, o Options) (*Summary, error) {
	sum := &Summary{}
	im := &importer{exp: exp, o: o, sum: sum, byID: map[int]*Item{}, plans: map[int]*planned{}, byPath: map[string]*planned{}}
	if o.Uploads != "" {
		root, err := os.OpenRoot(o.Uploads)
		if err != nil {
			return nil, i18n.Errorf("cannot open the uploads folder %s: %v", o.Uploads, i18n.FileErr(err))
		}
		defer root.Close()
		im.uploads = root
	}
	// Everything is written through an os.Root on content/: a link in the
	// site that leads out of it is never followed.
	if err := os.MkdirAll(filepath.Join(o.Site, "content"), 0o755); err != nil {
		return nil, err
	}
	content, err := os.OpenRoot(filepath.Join(o.Site, "content"))
	if err != nil {
		return nil, err
	}
	defer content.Close()
	im.content = content
	if u, err := url.Parse(exp.SiteURL); err == nil {
		im.site = u
	}
	for _, it := range exp.Items {
		im.byID[it.ID] = it
		sum.Comments += it.Comments
	}
	im.plan()
	ids := make([]int, 0, len(im.plans))
	for id := range im.plans {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	shortcodesSeen := map[string][]string{}
	for _, id := range ids {
		pl := im.plans[id]
		left, err := im.write(pl)
		if err != nil {
			return sum, i18n.Errorf("cannot write content/%s: %v", pl.file, i18n.FileErr(err))
		}
		for _, s := range left {
			shortcodesSeen[s] = append(shortcodesSeen[s], "content/"+pl.file)
		}
	}
	if err := im.writeTerms(ids); err != nil {
		return sum, err
	}
	names := make([]string, 0, len(shortcodesSeen))
	for n := range shortcodesSeen {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sum.Check = append(sum.Check, i18n.T("the shortcode [%s] is kept as it is written, in %s: write what it did in Markdown", n, strings.Join(shortcodesSeen[n], ", ")))
	}
	return sum, nil
}

type importer struct {
	exp     *Export
	o       Options
	sum     *Summary
	site    *url.URL
	uploads *os.Root
	content *os.Root // the site's content/, where the import writes
	byID    map[int]*Item
	plans   map[int]*planned // posts and pages imported, by ID
	byPath  map[string]*planned
	taken   map[string]bool
}

// plan gives each post and page its file, and tells what is left out.
func (im *importer) plan() {
	im.taken = map[string]bool{}
	children := map[int]bool{}
	for _, it := range im.exp.Items {
		if it.Type == "page" && it.Parent != 0 {
			children[it.Parent] = true
		}
	}
	for _, it := range im.exp.Items {
		if it.Type != "post" && it.Type != "page" {
			continue
		}
		switch it.Status {
		case "trash", "auto-draft", "inherit":
			im.sum.Left = append(im.sum.Left, i18n.T("« %s »: in the trash", it.Title))
			continue
		}
		name := slug.Make(it.Slug)
		if name == "" {
			name = slug.Make(it.Title)
		}
		if name == "" {
			name = "sans-titre-" + strconv.Itoa(it.ID)
		}
		var dir string
		if it.Type == "post" {
			dir = im.o.Section
		} else {
			dir = im.pageDir(it)
		}
		pl := &planned{it: it, dir: dir}
		switch {
		case it.Type == "page" && children[it.ID]:
			pl.dir = path.Join(dir, name)
			pl.file = path.Join(pl.dir, "_index.md")
		case im.hasImages(it):
			pl.bundle = true
			pl.dir = path.Join(dir, name)
			pl.file = path.Join(pl.dir, "index.md")
		default:
			pl.file = path.Join(dir, name+".md")
		}
		for n := 2; im.taken[pl.file]; n++ { // two posts of one slug
			pl.file = strings.Replace(pl.file, name, fmt.Sprintf("%s-%d", name, n), 1)
			pl.dir = strings.Replace(pl.dir, name, fmt.Sprintf("%s-%d", name, n), 1)
		}
		im.taken[pl.file] = true
		im.plans[it.ID] = pl
		if u, err := url.Parse(it.Link); err == nil && u.Path != "" {
			im.byPath[strings.TrimSuffix(u.Path, "/")] = pl
		}
	}
}

// pageDir is the folder of a page's file: its parents' slugs.
func (im *importer) pageDir(it *Item) string {
	var parts []string
	seen := map[int]bool{}
	for p := im.byID[it.Parent]; p != nil && !seen[p.ID]; p = im.byID[p.Parent] {
		seen[p.ID] = true
		parts = append([]string{cmpOr(slug.Make(p.Slug), slug.Make(p.Title))}, parts...)
	}
	return path.Join(parts...)
}

// hasImages reports a post or page with a featured image or an image of
// the uploads folder in its text: a bundle of its own holds them.
func (im *importer) hasImages(it *Item) bool {
	if im.uploads == nil {
		return false
	}
	return it.Meta["_thumbnail_id"] != "" || strings.Contains(it.Content, "wp-content/uploads/") || strings.Contains(it.Content, "[gallery")
}

// write writes one post or page, and returns the shortcodes kept.
func (im *importer) write(pl *planned) ([]string, error) {
	it := pl.it
	if other := im.existing(pl); other != "" {
		im.sum.Left = append(im.sum.Left, i18n.T("« %s »: content/%s exists already, and relais never writes over a file", it.Title, other))
		return nil, nil
	}
	var copied []string
	copyImage := func(src string) string {
		name, err := im.copyUpload(src, pl)
		if err != nil {
			im.sum.Check = append(im.sum.Check, i18n.T("%s: the image %s is not in the uploads folder; it is a link to the old site", "content/"+pl.file, src))
			return ""
		}
		copied = append(copied, name)
		return name
	}
	h, left := shortcodes(paragraphs(it.Content), func(id string) (string, string) {
		n, _ := strconv.Atoi(id)
		if a := im.byID[n]; a != nil && a.Type == "attachment" {
			return a.AttachmentURL, a.Meta["_wp_attachment_image_alt"]
		}
		return "", ""
	})
	h, err := rewrite(h, func(href string) string { return im.link(href, pl) }, copyImage)
	if err != nil {
		return nil, err
	}
	md, err := markdown(h)
	if err != nil {
		return nil, err
	}
	fm := im.frontMatter(pl, copyImage)
	if err := im.content.MkdirAll(path.Dir(pl.file), 0o755); err != nil {
		return nil, err
	}
	f, err := im.content.OpenFile(pl.file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	_, werr := f.WriteString(fm + "\n" + md)
	if err := errors.Join(werr, f.Close()); err != nil {
		return nil, err
	}
	im.sum.Written = append(im.sum.Written, "content/"+pl.file)
	if it.Type == "post" {
		im.sum.Posts++
	} else {
		im.sum.Pages++
	}
	return left, nil
}

// writeTerms writes a page for each tag and category the imported posts
// have, whose alias is its old address (/category/x/, /tag/x/): the
// build makes the term's page there.
func (im *importer) writeTerms(ids []int) error {
	type term struct{ plural, name, old string }
	seen := map[string]bool{}
	var terms []term
	for _, id := range ids {
		it := im.plans[id].it
		for _, k := range [2]struct {
			domain, plural, base string
			names                []string
		}{{"post_tag", im.o.Tags, "tag", it.Tags}, {"category", im.o.Categories, "category", it.Categories}} {
			for _, n := range k.names {
				nice := it.Nicenames[k.domain+"/"+n]
				if k.plural == "" || nice == "" || slug.Make(n) == "" || seen[k.plural+"/"+slug.Make(n)] {
					continue
				}
				seen[k.plural+"/"+slug.Make(n)] = true
				if dec, err := url.PathUnescape(nice); err == nil {
					nice = dec
				}
				terms = append(terms, term{k.plural, n, "/" + k.base + "/" + nice + "/"})
			}
		}
	}
	for _, t := range terms {
		file := path.Join(t.plural, slug.Make(t.name), "_index.md")
		if _, err := im.content.Lstat(file); err == nil {
			continue // hers already
		}
		if err := im.content.MkdirAll(path.Dir(file), 0o755); err != nil {
			return err
		}
		body := fmt.Sprintf("---\ntitle: %s\naliases: [%s]\n---\n", quote(t.name), quote(t.old))
		if err := im.content.WriteFile(file, []byte(body), 0o644); err != nil {
			return err
		}
		im.sum.Written = append(im.sum.Written, "content/"+file)
	}
	return nil
}

// existing is the file of content/ that has the page's address already
// (as a file, a bundle or a section), or "".
func (im *importer) existing(pl *planned) string {
	base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(pl.file, "/_index.md"), "/index.md"), ".md")
	for _, f := range []string{base + ".md", base + "/index.md", base + "/_index.md"} {
		if _, err := im.content.Lstat(f); err == nil {
			return f
		}
	}
	return ""
}

// frontMatter is the page's front matter: title, date, status, author's
// name, taxonomies, cover, summary, and its old addresses as aliases.
func (im *importer) frontMatter(pl *planned, copyImage func(string) string) string {
	it := pl.it
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", quote(cmpOr(it.Title, "Sans titre")))
	if t, err := time.Parse(time.DateTime, it.Date); err == nil && !t.IsZero() && it.Date != "0000-00-00 00:00:00" {
		fmt.Fprintf(&b, "date: %s\n", t.Format("2006-01-02T15:04:05"))
	}
	switch {
	case it.Status == "draft" || it.Status == "pending":
		b.WriteString("draft: true\n")
		im.sum.Drafts++
	case it.Status == "private" || it.Password:
		// A post behind a password stays unpublished: a static site has
		// no password of its own (the partner area has).
		b.WriteString("visibility: private\n")
		im.sum.Private++
	case it.Status == "future":
		im.sum.Scheduled++ // published when its date comes, at a build
	}
	if name := im.exp.Authors[it.Creator]; name != "" {
		fmt.Fprintf(&b, "author: %s\n", quote(name))
	}
	if len(it.Tags) > 0 && im.o.Tags != "" {
		fmt.Fprintf(&b, "%s: %s\n", im.o.Tags, list(it.Tags))
	}
	if len(it.Categories) > 0 && im.o.Categories != "" {
		fmt.Fprintf(&b, "%s: %s\n", im.o.Categories, list(it.Categories))
	}
	if id, _ := strconv.Atoi(it.Meta["_thumbnail_id"]); id != 0 {
		if a := im.byID[id]; a != nil && a.AttachmentURL != "" {
			if name := copyImage(a.AttachmentURL); name != "" {
				fmt.Fprintf(&b, "cover:\n  image: %s\n  alt: %s\n", quote(name), quote(a.Meta["_wp_attachment_image_alt"]))
			}
		}
	}
	if ex := strings.TrimSpace(it.Excerpt); ex != "" {
		if md, err := markdown(ex); err == nil {
			fmt.Fprintf(&b, "summary: %s\n", quote(strings.TrimSpace(md)))
		}
	}
	if aliases := im.aliases(pl); len(aliases) > 0 {
		fmt.Fprintf(&b, "aliases: %s\n", list(aliases))
	}
	b.WriteString("---\n")
	return b.String()
}

// aliases are the addresses the page had on the old site that its new
// one is not: its permalink and its short link (/?p=123 for a post,
// /?page_id=12 for a page, which WordPress answers whatever the
// permalinks), so that links from partners' sites still lead to it.
func (im *importer) aliases(pl *planned) []string {
	var out []string
	if pl.it.ID > 0 {
		q := "p"
		if pl.it.Type == "page" {
			q = "page_id"
		}
		out = append(out, fmt.Sprintf("/?%s=%d", q, pl.it.ID))
	}
	u, err := url.Parse(pl.it.Link)
	if err != nil || u.Path == "" || u.Path == "/" || u.RawQuery != "" {
		return out
	}
	p := u.Path
	if im.site != nil && im.site.Path != "" && im.site.Path != "/" {
		p = "/" + strings.TrimPrefix(strings.TrimPrefix(p, strings.TrimSuffix(im.site.Path, "/")), "/")
	}
	if !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
		p += "/"
	}
	if p == "/"+strings.TrimSuffix(strings.TrimSuffix(pl.file, "_index.md"), "index.md") || p == "/"+strings.TrimSuffix(pl.file, ".md")+"/" {
		return out // the same address
	}
	return append([]string{p}, out...)
}

// link is where a link of the old site leads in the new one: a page's
// Markdown file, from content/ (the build checks it), or "" to keep it.
func (im *importer) link(href string, from *planned) string {
	u, err := url.Parse(href)
	if err != nil || (u.Host != "" && (im.site == nil || !strings.EqualFold(u.Host, im.site.Host))) {
		return ""
	}
	if p := u.Query().Get("p"); p != "" {
		if id, err := strconv.Atoi(p); err == nil {
			if pl := im.plans[id]; pl != nil {
				return "/" + pl.file
			}
		}
	}
	if pl := im.byPath[strings.TrimSuffix(u.Path, "/")]; pl != nil && u.Path != "" {
		frag := ""
		if u.Fragment != "" {
			frag = "#" + u.Fragment
		}
		return "/" + pl.file + frag
	}
	return ""
}

// copyUpload copies the file of the uploads folder an address of the old
// site names beside the page, and returns its name there. The folder is
// read through an os.Root: nothing outside it can be read.
func (im *importer) copyUpload(src string, pl *planned) (string, error) {
	if im.uploads == nil || !pl.bundle && !strings.HasSuffix(pl.file, "_index.md") {
		return "", fs.ErrNotExist
	}
	u, err := url.Parse(src)
	if err != nil {
		return "", err
	}
	_, rel, ok := strings.Cut(u.Path, "/wp-content/uploads/")
	if !ok {
		return "", fs.ErrNotExist
	}
	if r, err := url.PathUnescape(rel); err == nil {
		rel = r
	}
	if !fs.ValidPath(rel) {
		return "", fs.ErrInvalid
	}
	data, err := fs.ReadFile(im.uploads.FS(), rel)
	if err != nil {
		// WordPress links a smaller copy: image-300x200.jpg of image.jpg.
		ext := path.Ext(rel)
		if i := strings.LastIndexByte(rel, '-'); i > 0 && isSize(strings.TrimSuffix(rel[i+1:], ext)) {
			rel = rel[:i] + ext
			data, err = fs.ReadFile(im.uploads.FS(), rel)
		}
		if err != nil {
			return "", err
		}
	}
	name := slug.Make(strings.TrimSuffix(path.Base(rel), path.Ext(rel))) + strings.ToLower(path.Ext(rel))
	dst := path.Join(pl.dir, name)
	if _, err := im.content.Lstat(dst); err == nil {
		return name, nil // copied already for this page
	}
	if err := im.content.MkdirAll(pl.dir, 0o755); err != nil {
		return "", err
	}
	if err := im.content.WriteFile(dst, data, 0o644); err != nil {
		return "", err
	}
	im.sum.Images++
	im.sum.Written = append(im.sum.Written, "content/"+path.Join(pl.dir, name))
	return name, nil
}

// isSize reports "300x200".
func isSize(s string) bool {
	w, h, ok := strings.Cut(s, "x")
	_, e1 := strconv.Atoi(w)
	_, e2 := strconv.Atoi(h)
	return ok && e1 == nil && e2 == nil
}

// quote writes s as a YAML string (a JSON string is one).
func quote(s string) string { return strconv.Quote(s) }

func list(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = quote(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
