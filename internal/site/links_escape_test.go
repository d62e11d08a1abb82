package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais"
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			out := filepath.Join(top, "outside")
			testsite.Write(t, out, map[string]string{"secret.txt": "SECRET-OUTSIDE", "secret.md": "---\ntitle: SECRET-OUTSIDE\n---\nSECRET-OUTSIDE\n"})
			dir := filepath.Join(top, "site")
			testsite.Write(t, dir, map[string]string{"content/_index.md": "---\ntitle: Accueil\n---\n", "static/.keep": "",
				".git/HEAD": "SECRET-OUTSIDE"})
			for from, to := range tt.links {
				to = strings.ReplaceAll(to, "{out}", out)
				if err := os.Symlink(to, filepath.Join(dir, from)); err != nil {
					t.Fatal(err)
				}
			}
			dest := filepath.Join(top, "public")
			_, err := New(Options{Source: os.DirFS(dir), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background())
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
