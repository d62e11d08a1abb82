package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

func parseFeed(t *testing.T, dest, rel string) *gofeed.Feed {
	t.Helper()
	f, err := os.Open(filepath.Join(dest, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd, err := gofeed.NewParser().Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return fd
}

func TestFeeds(t *testing.T) {
	files := map[string]string{
		"site.toml": "title = \"Relais\"\nbaseURL = \"https://example.org/iscg/\"\nauthor = \"L'ISCG\"\n" +
			"[taxonomies]\ntheme = \"themes\"\n[feeds]\nfullContent = true\nlimit = 2\n",
		"content/articles/a.md":     "---\ntitle: A\ndate: 2026-01-01\nthemes: [Prévention]\n---\nTexte A avec [un lien](/articles/b/) et ![img](/img/x.png).\n",
		"content/articles/b.md":     "---\ntitle: B\ndate: 2026-02-01\nthemes: [Prévention]\nauthor: Camille\n---\nTexte B.\n",
		"content/articles/c.md":     "---\ntitle: C\ndate: 2026-03-01\nweight: 1\n---\nTexte C.\n",
		"content/articles/draft.md": "---\ntitle: Brouillon\ndate: 2026-04-01\ndraft: true\n---\nx\n",
		"content/articles/priv.md":  "---\ntitle: Privé\ndate: 2026-04-02\nvisibility: private\n---\nx\n",
		"content/articles/fut.md":   "---\ntitle: Futur\ndate: 2027-01-01\n---\nx\n",
		"content/pages/p.md":        "---\ntitle: Page\ndate: 2025-01-01\n---\nx\n",
		"static/img/x.png":          "png",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.xml", "atom.xml", "feed.json"} {
		t.Run(f, func(t *testing.T) {
			site := parseFeed(t, dest, f)
			if site.Title != "Relais" || site.Link != "https://example.org/iscg/" {
				t.Errorf("site feed: title %q link %q", site.Title, site.Link)
			}
			// Newest first by date, whatever the weight; limit 2; no
			// draft, private or future page.
			var titles []string
			for _, it := range site.Items {
				titles = append(titles, it.Title)
			}
			if strings.Join(titles, ",") != "C,B" {
				t.Errorf("items = %v, want [C B]", titles)
			}
			b := site.Items[1]
			if b.Link != "https://example.org/iscg/articles/b/" {
				t.Errorf("item link = %q", b.Link)
			}
			if b.PublishedParsed == nil || b.PublishedParsed.Format("2006-01-02") != "2026-02-01" {
				t.Errorf("item date = %v", b.PublishedParsed)
			}
			if f != "index.xml" && (len(b.Authors) == 0 || b.Authors[0].Name != "Camille") {
				t.Errorf("item author = %v", b.Authors)
			}
			sec := parseFeed(t, dest, "articles/"+f)
			if len(sec.Items) != 2 || !strings.HasPrefix(sec.Title, "Articles") {
				t.Errorf("section feed: %q with %d items", sec.Title, len(sec.Items))
			}
			theme := parseFeed(t, dest, "themes/prevention/"+f)
			if len(theme.Items) != 2 || theme.Items[1].Title != "A" {
				t.Errorf("theme feed items = %d", len(theme.Items))
			}
			a := theme.Items[1]
			if !strings.Contains(a.Content, `href="https://example.org/iscg/articles/b/"`) ||
				!strings.Contains(a.Content, `src="https://example.org/iscg/img/x.png"`) {
				t.Errorf("full content without absolute links: %s", a.Content)
			}
		})
	}
	page := read(t, dest, "articles/a/index.html")
	for _, w := range []string{
		`<link rel="alternate" type="application/rss&#43;xml" title="Articles (RSS)" href="/iscg/articles/index.xml">`,
		`<link rel="alternate" type="application/atom&#43;xml" title="Relais (Atom)" href="/iscg/atom.xml">`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %s", w)
		}
	}
	// Two builds, same bytes: dates come from the pages, not the clock.
	again, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.xml", "atom.xml", "feed.json", "articles/index.xml"} {
		if read(t, dest, f) != read(t, again, f) {
			t.Errorf("%s differs between two builds", f)
		}
	}
	// Summaries only, by default.
	delete(files, "site.toml")
	dest, _, err = build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if it := parseFeed(t, dest, "feed.json").Items[0]; it.Content != "" || it.Description == "" {
		t.Errorf("default feed item: content %q description %q", it.Content, it.Description)
	}
}
