package wordpress

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"relais"
	"relais/internal/builtin"
	"relais/internal/site"
	"relais/internal/testsite"
)

// jpegFile is a small photo.
func jpegFile(t *testing.T) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// importFixture imports testdata/export.xml into a new site, with an
// uploads folder holding the photos the posts show, and returns the
// site's folder and the summary.
func importFixture(t *testing.T) (string, *Summary) {
	t.Helper()
	dir := testsite.New(t, map[string]string{
		"site.toml":         "title = \"ISCG\"\nbaseURL = \"https://iscg-exemple.fr/\"\nlanguage = \"fr\"\n[taxonomies]\ntag = \"tags\"\ntheme = \"thematiques\"\n",
		"content/_index.md": "---\ntitle: Accueil\n---\nBienvenue.\n",
	})
	uploads := t.TempDir()
	for _, p := range []string{"2024/03/bureau.jpg", "2024/06/plage.jpg"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(uploads, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(uploads, p), jpegFile(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A secret beside the uploads folder, that a path in an export must
	// never reach.
	if err := os.WriteFile(filepath.Join(filepath.Dir(uploads), "secret.jpg"), []byte("SECRET-OUTSIDE"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/export.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	exp, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Import(exp, Options{Site: dir, Uploads: uploads, Section: "articles", Tags: "tags", Categories: "thematiques"})
	if err != nil {
		t.Fatal(err)
	}
	return dir, sum
}

// TestImport: the fixture's posts and pages become pages (golden
// Markdown for two posts: Gutenberg blocks, a classic post with a
// caption, a gallery and a shortcode relais does not know), with their
// statuses, taxonomies, authors' names, featured images and photos
// copied beside them; a trashed post and the comments are left out, and
// said; the site builds with no error (the links between posts lead to
// their pages), its old addresses lead to the new pages, and no e-mail
// address of the export is in any file written. A second import writes
// over nothing.
func TestImport(t *testing.T) {
	dir, sum := importFixture(t)
	if sum.Posts != 7 || sum.Pages != 2 || sum.Drafts != 1 || sum.Private != 2 || sum.Scheduled != 1 || sum.Comments != 1 || sum.Images != 3 {
		t.Errorf("summary %+v", sum)
	}
	if len(sum.Left) != 1 || !strings.Contains(sum.Left[0].String(), "Vieux test") {
		t.Errorf("left out: %v", sum.Left)
	}
	if len(sum.Check) != 1 || !strings.Contains(sum.Check[0].String(), "[contact-form-7]") {
		t.Errorf("to check: %v", sum.Check)
	}
	files := testsite.Tree(t, filepath.Join(dir, "content"))
	for _, tt := range []struct{ file, golden string }{
		{"articles/qui-suis-je/index.md", "qui-suis-je.md"},
		{"articles/ete-les-permanences/index.md", "ete-les-permanences.md"},
	} {
		golden(t, filepath.Join("testdata", "golden", tt.golden), files[tt.file])
	}
	for file, want := range map[string]string{
		"articles/brouillon-d-article.md": "draft: true\n",
		"articles/note-privee.md":         "visibility: private\n",
		"articles/reserve.md":             "visibility: private\n", // behind a password
		"articles/atelier-de-rentree.md":  "date: 2099-09-01T10:00:00\n",
		"me-joindre/_index.md":            "title: \"Me joindre\"\n",
		"me-joindre/horaires.md":          "title: \"Horaires\"\n", // at its old address: its short link only
		"articles/mes-missions.md":        "aliases: [\"/2024/01/mes-missions/\", \"/?p=12\"]\n",
	} {
		if !strings.Contains(files[file], want) {
			t.Errorf("%s lacks %q:\n%s", file, want, files[file])
		}
	}
	if _, ok := files["articles/vieux-test.md"]; ok {
		t.Error("a trashed post was imported")
	}
	for _, body := range files {
		for _, s := range []string{"camille.secret@", "lecteur.prive@", "SECRET-OUTSIDE", "secret123"} {
			if strings.Contains(body, s) {
				t.Errorf("a file written holds %q", s)
			}
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: dest,
		Now: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}).Build(context.Background())
	if err != nil {
		t.Fatalf("the imported site does not build: %v", err)
	}
	out := testsite.Tree(t, dest)
	for alias, page := range map[string]string{"2024/03/qui-suis-je/index.html": "/articles/qui-suis-je/", "2024/01/mes-missions/index.html": "/articles/mes-missions/",
		"category/prevention/index.html": "/thematiques/prevention/", "tag/role/index.html": "/tags/role/"} {
		if !strings.Contains(out[alias], `http-equiv="refresh"`) || !strings.Contains(out[alias], page) {
			t.Errorf("the old address %s does not lead to %s:\n%.300s", alias, page, out[alias])
		}
	}
	// Short links (/?p=12, /?page_id=21): no file answers them; the
	// theme's script reads them there, nginx redirects them.
	var short map[string]string
	if err := json.Unmarshal([]byte(out["old-addresses.json"]), &short); err != nil || short["p=12"] != "/articles/mes-missions/" || short["page_id=21"] != "/me-joindre/horaires/" || len(short) != 5 {
		t.Errorf("old-addresses.json: %v %v", err, short)
	}
	if !strings.Contains(out["nginx.conf"], "if ($args = \"p=12\") {\n    return 301 \"/articles/mes-missions/\";\n}") {
		t.Errorf("nginx.conf does not redirect /?p=12:\n%s", out["nginx.conf"])
	}
	if h := out["articles/qui-suis-je/index.html"]; !strings.Contains(h, `href="/me-joindre/"`) || !strings.Contains(h, `href="/articles/mes-missions/"`) {
		t.Errorf("links between pages do not lead to the new pages")
	}
	if _, ok := out["articles/brouillon-d-article/index.html"]; ok || res.Left["draft"] != 1 {
		t.Error("a draft was published")
	}
	// Again: nothing is written over.
	f, _ := os.Open("testdata/export.xml")
	defer f.Close()
	exp, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Import(exp, Options{Site: dir, Section: "articles", Tags: "tags"})
	if err != nil || len(again.Written) != 0 || len(again.Left) != 10 || !strings.Contains(again.Left[1].String(), "exists already") {
		t.Errorf("a second import: %v, written %v, left %v", err, again.Written, again.Left)
	}
}

// TestReadMistakes: an export cut short, another XML file, entities of
// its own (the « billion laughs »), a file too large: each is told,
// nothing is read further.
func TestReadMistakes(t *testing.T) {
	whole, err := os.ReadFile("testdata/export.xml")
	if err != nil {
		t.Fatal(err)
	}
	bomb := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>` +
		`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&lol2;</title></item></channel></rss>`
	tests := []struct {
		name, in, want string
	}{
		{"cut short", string(whole[:len(whole)/2]), "the export ends too early"},
		{"another XML", `<?xml version="1.0"?><rss><channel><title>Un flux</title><item><title>x</title></item></channel></rss>`, "not a WordPress export"},
		{"entities", bomb, "declares entities of its own"},
		{"not XML", "PK\x03\x04 un fichier zip", "cannot be read as XML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Read(strings.NewReader(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	old := MaxExport
	MaxExport = int64(len(whole) / 2)
	defer func() { MaxExport = old }()
	if _, err := Read(bytes.NewReader(whole)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a file too large: %v", err)
	}
}

// TestUploadsConfined: an image whose address leads out of the uploads
// folder is not read.
func TestUploadsConfined(t *testing.T) {
	dir := t.TempDir()
	uploads := filepath.Join(dir, "uploads")
	os.MkdirAll(uploads, 0o755)
	os.WriteFile(filepath.Join(dir, "secret.jpg"), []byte("SECRET-OUTSIDE"), 0o644)
	site := filepath.Join(dir, "site")
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	exp := &Export{SiteURL: "https://x.fr", Authors: map[string]string{}, Items: []*Item{{ID: 1, Title: "A", Slug: "a", Type: "post", Status: "publish",
		Link: "https://x.fr/a/", Meta: map[string]string{},
		Content: `<p><img src="https://x.fr/wp-content/uploads/../secret.jpg" alt="x"><img src="https://x.fr/wp-content/uploads/%2e%2e/secret.jpg" alt="y"></p>`}}}
	sum, err := Import(exp, Options{Site: site, Uploads: uploads, Section: "articles"})
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range testsite.Tree(t, site) {
		if strings.Contains(body, "SECRET-OUTSIDE") || strings.HasSuffix(name, "secret.jpg") {
			t.Errorf("%s was read from outside the uploads folder", name)
		}
	}
	if len(sum.Check) != 2 {
		t.Errorf("the images not copied are not told: %v", sum.Check)
	}
}

// golden compares got with the file at p; RELAIS_UPDATE=1 writes it.
func golden(t *testing.T, p, got string) {
	t.Helper()
	if os.Getenv("RELAIS_UPDATE") == "1" {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (RELAIS_UPDATE=1 go test writes it)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s:\n--- got\n%s\n--- want\n%s", p, got, want)
	}
}

// TestLargeExport: an export of 50 MB (5,000 posts of 10 KB) is read in
// bounded memory: what it keeps is about its posts' text, not copies.
func TestLargeExport(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB")
	}
	pr, pw := io.Pipe()
	go func() {
		body := strings.Repeat("<p>Un paragraphe de texte assez long pour peser son poids. </p>\n", 160) // ~10 KB
		fmt.Fprint(pw, `<?xml version="1.0" encoding="UTF-8"?><rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Gros</title>`)
		for i := range 5000 {
			fmt.Fprintf(pw, `<item><title>Article %d</title><link>https://x.fr/a%d/</link><content:encoded><![CDATA[%s]]></content:encoded><wp:post_id>%d</wp:post_id><wp:post_name>a%d</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`, i, i, body, i, i)
		}
		fmt.Fprint(pw, `</channel></rss>`)
		pw.Close()
	}()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	exp, err := Read(pr)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if len(exp.Items) != 5000 {
		t.Fatalf("%d posts", len(exp.Items))
	}
	if kept := after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc); kept > 3*55<<20 {
		t.Errorf("reading a 50 MB export keeps %d MB", kept>>20)
	}
}

// TestWritesConfined: a folder of content/ that is a link out of the site
// is never written through.
func TestWritesConfined(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "ailleurs")
	site := filepath.Join(dir, "site")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(site, "content", "articles")); err != nil {
		t.Skip(err)
	}
	exp := &Export{SiteURL: "https://x.fr", Authors: map[string]string{}, Items: []*Item{{ID: 1, Title: "A", Slug: "a", Type: "post", Status: "publish",
		Link: "https://x.fr/a/", Meta: map[string]string{}, Content: "<p>Texte.</p>"}}}
	if _, err := Import(exp, Options{Site: site, Section: "articles"}); err == nil {
		t.Error("the import wrote through a link out of the site")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("written outside the site: %v", entries)
	}
}

// FuzzRead: no file makes Read fail other than by an error, and what it
// reads imports without writing outside the site.
func FuzzRead(f *testing.F) {
	whole, _ := os.ReadFile("testdata/export.xml")
	f.Add(whole)
	f.Add([]byte(`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><wp:post_type>page</wp:post_type><wp:post_parent>1</wp:post_parent><wp:post_id>1</wp:post_id></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		exp, err := Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		site := t.TempDir()
		_, _ = Import(exp, Options{Site: site, Section: "articles", Tags: "tags"})
	})
}
