package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
	"relais/internal/testsite"
)

// TestLinkChains: a link inside the site that leads, through other links,
// hidden names or linked folders, outside the site is refused with a
// finding naming it, and nothing outside is published.
func TestLinkChains(t *testing.T) {
	tests := []struct {
		name  string
		links map[string]string // in the site: path → target; "{out}" is the outside folder
		want  string
	}{
		{"link to a link outside", map[string]string{"static/pw.txt": "../lnk", "lnk": "{out}/secret.txt"},
			"static/pw.txt: this symbolic link leads outside the site"},
		{"through a hidden link", map[string]string{"static/pw.txt": "../.cache", ".cache": "{out}/secret.txt"},
			"static/pw.txt: this symbolic link leads to a hidden file or folder (.cache)"},
		{"a page that is a link to a link", map[string]string{"content/a.md": "../lnk", "lnk": "{out}/secret.md"},
			"content/a.md: this symbolic link leads outside the site"},
		{"a folder through a hidden folder link", map[string]string{"static/docs": ".d", "static/.d": "../../outside"},
			"static/docs: this symbolic link leads to a hidden file or folder (.d)"},
		{"a folder through a folder link", map[string]string{"static/docs": "d", "static/d": "../../outside"},
			"static/d: this symbolic link leads outside the site"},
		{"relative up and out", map[string]string{"content/x.txt": "../../outside/secret.txt"},
			"content/x.txt: this symbolic link leads outside the site"},
		{"a link to .git", map[string]string{"static/g": "../.git"}, "leads to a hidden file or folder (.git)"},
		{"a loop", map[string]string{"static/a": "b", "static/b": "a"}, "static/a: this symbolic link makes a loop"},
		{"static to the templates", map[string]string{"static/lay": "../layouts"}, "static/lay: this symbolic link leads out of static/, to layouts"},
		{"static to the pages' Markdown", map[string]string{"static/md": "../content"}, "static/md: this symbolic link leads out of static/, to content"},
		{"content to the trash", map[string]string{"content/vieux": "../corbeille"}, "content/vieux: this symbolic link leads out of content/, to corbeille"},
		{"static to the settings", map[string]string{"static/conf.txt": "../site.toml"}, "static/conf.txt: this symbolic link leads out of static/, to site.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			out := filepath.Join(top, "outside")
			testsite.Write(t, out, map[string]string{"secret.txt": "SECRET-OUTSIDE", "secret.md": "---\ntitle: SECRET-OUTSIDE\n---\nSECRET-OUTSIDE\n"})
			dir := filepath.Join(top, "site")
			testsite.Write(t, dir, map[string]string{"content/_index.md": "---\ntitle: Accueil\n---\n", "static/.keep": "",
				".git/HEAD": "SECRET-OUTSIDE", "layouts/partials/x.html": "SECRET-OUTSIDE", "corbeille/x.md": "SECRET-OUTSIDE",
				"site.toml": "title = \"S\"\n# SECRET-OUTSIDE\n"})
			for from, to := range tt.links {
				to = strings.ReplaceAll(to, "{out}", out)
				if err := os.Symlink(to, filepath.Join(dir, from)); err != nil {
					t.Fatal(err)
				}
			}
			dest := filepath.Join(top, "public")
			_, err := New(Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			// What relais wrote: the output folder and its standby.
			for _, w := range []string{dest, filepath.Join(top, ".public.relais-standby")} {
				filepath.WalkDir(w, func(p string, d os.DirEntry, err error) error {
					if err == nil && !d.IsDir() {
						if b, _ := os.ReadFile(p); strings.Contains(string(b), "SECRET-OUTSIDE") {
							t.Errorf("%s holds the secret", p)
						}
					}
					return nil
				})
			}
		})
	}
}

// TestLinkedFolderInside: a folder of content/ linked from another place
// of content/ is read through the link (its pages at both addresses), a
// build and a rebuild end without a crash, and the preview's list of
// sources answers before any build.
func TestLinkedFolderInside(t *testing.T) {
	dir := t.TempDir()
	testsite.Write(t, dir, map[string]string{
		"content/ressources/r.md": "---\ntitle: Ressource\n---\nTexte.\n",
		"content/articles/a.md":   "---\ntitle: A\n---\nTexte.\n",
	})
	if err := os.Symlink("../ressources", filepath.Join(dir, "content/articles/x")); err != nil {
		t.Fatal(err)
	}
	s := New(Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now})
	if got := s.Sources(); len(got) != 0 {
		t.Errorf("sources before a build: %v", got)
	}
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rebuild(context.Background(), []string{"content/ressources/r.md"}); err != nil {
		t.Fatal(err)
	}
	src := s.Sources()
	if src["/articles/x/r/"] != "content/articles/x/r.md" || src["/ressources/r/"] != "content/ressources/r.md" {
		t.Errorf("sources: %v", src)
	}
}

// TestBackupsNotPublished: the copies editors and systems leave beside a
// file are never published, whatever the file.
func TestBackupsNotPublished(t *testing.T) {
	files := map[string]string{"content/a.md": "---\ntitle: A\n---\nTexte.\n"}
	backups := []string{"rapport.odt#", "#rapport.odt#", ".~lock.rapport.odt#", "~$rapport.docx", "rapport.odt~", "rapport.odt.bak",
		"rapport.odt.orig", "rapport.odt.swp", "rapport.odt.tmp", "rapport.pdf.crdownload", "rapport.pdf.part", "Thumbs.db",
		"desktop.ini", ".DS_Store", "4913"}
	for _, b := range backups {
		files["static/doc/"+b] = "BACKUP-SECRET"
	}
	files["static/doc/rapport.odt"] = "le rapport"
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for name, body := range outputs(t, dest) {
		if strings.Contains(body, "BACKUP-SECRET") {
			t.Errorf("%s is published", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "doc", "rapport.odt")); err != nil {
		t.Errorf("the file itself is not published: %v", err)
	}
}
