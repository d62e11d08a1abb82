package cli

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais/internal/testsite"
)

// snapshot hashes every file, folder and link under dir, to show that a
// refused build changed nothing.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			l, _ := os.Readlink(p)
			out[rel] = "link " + l
		case d.IsDir():
			out[rel] = "dir"
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = string(sha256.New().Sum(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDestinationRefused: every output folder that is not relais's own is
// refused before anything is written, inside the site or beside it.
func TestDestinationRefused(t *testing.T) {
	site := map[string]string{
		"site/site.toml":           "title = \"S\"\n",
		"site/content/a.md":        "---\ntitle: A\n---\nTexte.\n",
		"site/data/numeros.toml":   "urgence = \"17\"\n",
		"site/layouts/.keep":       "",
		"site/static/style.css":    "p{}\n",
		"Documents/these.odt":      "thèse",
		"Documents/photos/ete.jpg": "jpeg",
		"deploy/.git/HEAD":         "ref: refs/heads/main\n",
		"deploy/CNAME":             "example.org\n",
		"deploy/README.md":         "# Site\n",
	}
	tests := []struct {
		name  string
		dest  string            // -d, relative to the site folder
		links map[string]string // links to make first, relative to the top
		want  string
		at    string // the site folder's name, "site" if empty
		force bool
	}{
		{"a folder of documents", "../Documents", nil, "already holds files that relais did not write (photos/, these.odt)", "", false},
		{"a deploy checkout", "../deploy", nil, ".git/, CNAME, README.md", "", false},
		{"the data folder", "data", nil, "inside the site's data folder", "", false},
		{"the content folder", "content/out", nil, "inside the site's content folder", "", false},
		{"the layouts folder", "layouts", nil, "inside the site's layouts folder", "", false},
		{"the static folder", "static", nil, "inside the site's static folder", "", false},
		{"the site", ".", nil, "the site folder itself", "", false},
		{"the site's parent", "..", nil, "a folder that holds the site", "", false},
		{"a link to the site", "out", map[string]string{"site/out": "."}, "the site folder itself", "", false},
		{"a link to the parent", "out", map[string]string{"site/out": ".."}, "a folder that holds the site", "", false},
		{"a link to data", "out", map[string]string{"site/out": "data"}, "inside the site's data folder", "", false},
		{"a link to documents", "out", map[string]string{"site/out": "../Documents"}, "did not write", "", false},
		// A name that starts with two dots is a name, not the way up.
		{"the parent of a site named ..site", "..", nil, "a folder that holds the site", "..site", false},
		{"the parent of a site named ..site, forced", "..", nil, "a folder that holds the site", "..site", true},
		{"the site named ..site, forced", ".", nil, "the site folder itself", "..site", true},
		{"..out in content, forced", "content/..out", nil, "inside the site's content folder", "", true},
		{"..out in layouts", "layouts/..out", nil, "inside the site's layouts folder", "", false},
		{"..out in static, forced", "static/..out", nil, "inside the site's static folder", "", true},
		{"..out in data", "data/..out", nil, "inside the site's data folder", "", false},
		{"a folder holding the site, forced", "..", nil, "a folder that holds the site", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := cmp.Or(tt.at, "site")
			files := map[string]string{"notes.txt": "mes notes"}
			for k, v := range site {
				if rest, ok := strings.CutPrefix(k, "site/"); ok {
					k = at + "/" + rest
				}
				files[k] = v
			}
			top := testsite.New(t, files)
			for from, to := range tt.links {
				if err := os.Symlink(to, filepath.Join(top, from)); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, top)
			var out, errb bytes.Buffer
			args := []string{"build", "--lang", "en", "-s", filepath.Join(top, at), "-d", tt.dest}
			if tt.force {
				args = append(args, "--force")
			}
			code := Run(context.Background(), args, &out, &errb)
			if code != 1 {
				t.Errorf("exit status %d, want 1; stderr: %s", code, &errb)
			}
			msg := strings.ReplaceAll(errb.String(), "\n", " ")
			if !strings.Contains(msg, tt.want) {
				t.Errorf("stderr %q lacks %q", &errb, tt.want)
			}
			if after := snapshot(t, top); len(after) != len(before) {
				t.Errorf("a refused build changed the folders: %d entries, was %d", len(after), len(before))
			} else {
				for k, v := range before {
					if after[k] != v {
						t.Errorf("a refused build changed %s", k)
					}
				}
			}
		})
	}
	// Forced on purpose, the documents folder is taken.
	top := testsite.New(t, site)
	var errb bytes.Buffer
	if code := Run(context.Background(), []string{"build", "--lang", "en", "-s", filepath.Join(top, "site"), "-d", "../Documents", "--force", "--quiet"}, &bytes.Buffer{}, &errb); code != 0 {
		t.Errorf("--force: exit %d: %s", code, &errb)
	}
	if _, err := os.Stat(filepath.Join(top, "Documents", "a", "index.html")); err != nil {
		t.Errorf("--force did not build: %v", err)
	}
}

// TestPublicLink: public as a link to a web root is followed at every
// build, and a page deleted from the site leaves the web root.
func TestPublicLink(t *testing.T) {
	top := testsite.New(t, map[string]string{
		"site/content/a.md":    "---\ntitle: A\n---\nTexte.\n",
		"site/content/gone.md": "---\ntitle: Gone\n---\nÀ retirer.\n",
	})
	if err := os.Mkdir(filepath.Join(top, "www"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../www", filepath.Join(top, "site", "public")); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(top, "site")
	for i := range 2 {
		var errb bytes.Buffer
		if code := Run(context.Background(), []string{"build", "--lang", "en", "-s", src, "--quiet"}, &bytes.Buffer{}, &errb); code != 0 {
			t.Fatalf("build %d: %s", i, &errb)
		}
		if fi, err := os.Lstat(filepath.Join(src, "public")); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("build %d replaced the link public with a folder", i)
		}
		_, err := os.Stat(filepath.Join(top, "www", "gone", "index.html"))
		if i == 0 && err != nil {
			t.Fatalf("first build did not write through the link: %v", err)
		}
		if i == 1 && err == nil {
			t.Errorf("the deleted page is still in the web root")
		}
		os.Remove(filepath.Join(src, "content", "gone.md"))
	}
}

// TestOutputNotInput: a link from static/ to the output folder does not
// make the output grow at each build.
func TestOutputNotInput(t *testing.T) {
	src := testsite.New(t, map[string]string{"content/a.md": "---\ntitle: A\n---\nTexte.\n"})
	if err := os.MkdirAll(filepath.Join(src, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../public", filepath.Join(src, "static", "snow")); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for i := range 3 {
		var errb bytes.Buffer
		Run(context.Background(), []string{"build", "--lang", "en", "-s", src}, &bytes.Buffer{}, &errb)
		sizes = append(sizes, len(snapshot(t, filepath.Join(src, "public"))))
		if i == 0 && !strings.Contains(errb.String(), "static/snow") {
			t.Errorf("the link into the output folder is not reported: %q", &errb)
		}
	}
	if sizes[0] != sizes[2] {
		t.Errorf("the output grows at each build: %v entries", sizes)
	}
	if _, err := os.Stat(filepath.Join(src, "public", "snow")); err == nil {
		t.Errorf("the output folder was published into itself")
	}
}

// TestDraftNotBesideOutput: a build with drafts, then one without, into
// a folder whose parent a web server may serve: nothing of the draft is
// left anywhere in that parent, the standby included, and the standby's
// folder is its user's only.
func TestDraftNotBesideOutput(t *testing.T) {
	top := testsite.New(t, map[string]string{
		"site/content/a.md":         "---\ntitle: A\n---\nTexte.\n",
		"site/content/brouillon.md": "---\ntitle: Brouillon\ndraft: true\n---\nTexte du BROUILLON-SECRET.\n",
	})
	src := filepath.Join(top, "site")
	for _, args := range [][]string{{"-D"}, {}} {
		var errb bytes.Buffer
		if code := Run(context.Background(), append([]string{"build", "--lang", "en", "-s", src, "-d", "../www/site", "--quiet"}, args...), &bytes.Buffer{}, &errb); code != 0 {
			t.Fatalf("build %v: %s", args, &errb)
		}
	}
	www := filepath.Join(top, "www")
	_ = filepath.WalkDir(www, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("BROUILLON-SECRET")) {
			t.Errorf("%s holds the draft", p)
		}
		return nil
	})
	if fi, err := os.Stat(filepath.Join(www, ".site.relais-standby")); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the standby's folder: %v, %v", fi.Mode(), err)
	}
}
