package sources

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		".git": true, ".DS_Store": true, "#note.md#": true, "~$fiche.docx": true, "page.md~": true, "Thumbs.db": true,
		"desktop.ini": true, "4913": true, "a.swp": true, "photo.jpg.crdownload": true, "x.part": true, "x.bak": true,
		"page.md": false, "photo.jpg": false, "fiche.docx": false, "_index.md": false,
	} {
		if Ignored(name) != want {
			t.Errorf("Ignored(%q) = %v", name, !want)
		}
	}
}

// TestWalk: files are listed with their size; ignored names are not;
// links are followed inside their folder, and refused with a finding
// when they leave it, lead nowhere, to a hidden name or round in a loop;
// the output folder is never listed.
func TestWalk(t *testing.T) {
	link := func(to string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(to), Mode: fs.ModeSymlink} }
	fsys := fstest.MapFS{
		"content/a.md":            {Data: []byte("abc")},
		"content/.brouillon.md":   {Data: []byte("x")},
		"content/b.md~":           {Data: []byte("x")},
		"content/images/p.jpg":    {Data: []byte("jpeg")},
		"content/alias.md":        link("a.md"),
		"content/dossier":         link("images"),
		"content/vers-static.txt": link("../static/f.txt"),
		"content/nulle-part.md":   link("rien.md"),
		"content/cache.md":        link("../.git/config"),
		"content/boucle":          link("boucle"),
		"content/public":          link("../public"),
		"static/f.txt":            {Data: []byte("f")},
		"public/index.html":       {Data: []byte("out")},
	}
	got := map[string]string{}
	for _, f := range Walk(fsys, "content", "public") {
		if f.Finding != nil {
			got[f.Path] = "refused: " + f.Finding.Error()
		} else {
			got[f.Path] = f.Link
		}
	}
	want := map[string]string{
		"content/a.md":            "",
		"content/images/p.jpg":    "",
		"content/alias.md":        "content/a.md",
		"content/dossier/p.jpg":   "content/images/p.jpg",
		"content/vers-static.txt": "refused: content/vers-static.txt: this symbolic link leads out of content/",
		"content/nulle-part.md":   "refused: content/nulle-part.md: this symbolic link leads nowhere",
		"content/cache.md":        "refused: content/cache.md: this symbolic link leads to a hidden file or folder (.git)",
		"content/boucle":          "refused: content/boucle: this symbolic link makes a loop",
		"content/public":          "refused: content/public: warning: this symbolic link leads into the output folder public",
	}
	for p, w := range want {
		if g, ok := got[p]; !ok || !strings.HasPrefix(g, w) {
			t.Errorf("%s: got %q, want %q", p, g, w)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s is listed", p)
		}
	}
	if n := Walk(fsys, "public", "public"); n != nil {
		t.Errorf("the output folder is listed: %v", n)
	}
}
