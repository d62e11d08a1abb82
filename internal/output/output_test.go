package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"relais/internal/testsite"
)

func write(t *testing.T, dir string, files map[string]string) { testsite.Write(t, dir, files) }

func tree(t *testing.T, dir string) map[string]string { return testsite.Tree(t, dir) }

// build publishes files into dest as one build would.
func build(t *testing.T, f *Folder, files map[string]string) []string {
	t.Helper()
	tx, err := f.Begin()
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	for rel, body := range files {
		if _, err := tx.Write(rel, []byte(body)); err != nil {
			t.Fatal(err)
		}
		keep[rel] = true
	}
	written := tx.Staged()
	if err := tx.Commit(keep); err != nil {
		t.Fatal(err)
	}
	return written
}

func withMarker(files map[string]string) map[string]string {
	out := map[string]string{Marker: markerText}
	for k, v := range files {
		out[k] = v
	}
	return out
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func names(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestRefused: a folder that holds anything relais did not write is
// refused before anything is written, and left byte for byte as it was.
func TestRefused(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"documents", map[string]string{"these.odt": "x", "photos/ete.jpg": "y"}, "photos/, these.odt"},
		{"deploy checkout", map[string]string{".git/HEAD": "ref", "CNAME": "example.org", "README.md": "#"}, ".git/, CNAME, README.md"},
		{"data folder", map[string]string{"numeros.toml": "a = 1"}, "numeros.toml"},
		{"only _headers", map[string]string{"_headers": "x", "nginx.conf": "server {}"}, "_headers, nginx.conf"},
		{"many files", map[string]string{"a": "", "b": "", "c": "", "d": "", "e": "", "f": ""}, "a, b, c, d, and 2 more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dest := filepath.Join(parent, "out")
			write(t, dest, tt.files)
			before := tree(t, parent)
			_, err := Open(dest, false)
			var no *NotOursError
			if !errors.As(err, &no) {
				t.Fatalf("Open: %v, want a NotOursError", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), dest) {
				t.Errorf("error %q lacks %q or the folder's name", err, tt.want)
			}
			if !strings.Contains(no.Hint().String(), "--force") {
				t.Errorf("hint %q does not say how to proceed", no.Hint())
			}
			if after := tree(t, parent); !equal(before, after) {
				t.Errorf("refused folder changed: %v, was %v", names(after), names(before))
			}
			// --force takes it, and replaces what it holds.
			f, err := Open(dest, true)
			if err != nil {
				t.Fatal(err)
			}
			build(t, f, map[string]string{"index.html": "new"})
			if got := tree(t, dest); !equal(got, withMarker(map[string]string{"index.html": "new"})) {
				t.Errorf("forced build holds %v", names(got))
			}
		})
	}
}

// TestOwned: a missing, empty, marked or older relais folder is taken.
func TestOwned(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"marked", map[string]string{Marker: "", "old.html": "x"}},
		{"older relais", map[string]string{"_headers": "x", "nginx.conf": "# nginx configuration for this site, written by relais.\n", "index.html": "x"}},
		{"empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "out")
			if err := os.MkdirAll(dest, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, dest, tt.files)
			f, err := Open(dest, false)
			if err != nil {
				t.Fatal(err)
			}
			build(t, f, map[string]string{"a/index.html": "A"})
			if got := tree(t, dest); !equal(got, withMarker(map[string]string{"a/index.html": "A"})) {
				t.Errorf("got %v", names(got))
			}
		})
	}
	missing, err := Open(filepath.Join(t.TempDir(), "missing", "out"), false)
	if err != nil {
		t.Fatalf("missing folder: %v", err)
	}
	build(t, missing, map[string]string{"index.html": "in a folder made for it"})
	file := filepath.Join(t.TempDir(), "file")
	write(t, filepath.Dir(file), map[string]string{"file": "x"})
	if _, err := Open(file, false); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("a file as the output folder: %v", err)
	}
}

// TestBuilds follows a folder through builds that add, change, remove and
// turn files into folders and back: after each, the folder holds exactly
// that build; unchanged files keep their inode and time.
func TestBuilds(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	builds := []map[string]string{
		{"index.html": "home", "a/index.html": "A", "b/index.html": "B", "x": "file x"},
		{"index.html": "home", "a/index.html": "A2", "x/index.html": "x is a folder"},
		{"index.html": "home", "a/index.html": "A2", "b/index.html": "B", "x": "file again"},
		{"index.html": "home2"},
		{"index.html": "home2", "deep/er/still/index.html": "d"},
		{"index.html": "home2", "deep/er/still/index.html": "d"},
	}
	f, err := Open(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, files := range builds {
		// A second Folder every other build: a new process, whose standby
		// state is unknown, must reach the same result.
		if i%2 == 1 {
			if f, err = Open(dest, false); err != nil {
				t.Fatal(err)
			}
		}
		var before os.FileInfo
		if i > 0 {
			before, _ = os.Stat(filepath.Join(dest, "index.html"))
		}
		written := build(t, f, files)
		if got := tree(t, dest); !equal(got, withMarker(files)) {
			t.Fatalf("build %d: folder holds %v, want %v", i, names(got), names(files))
		}
		if i > 0 && builds[i-1]["index.html"] == files["index.html"] {
			after, _ := os.Stat(filepath.Join(dest, "index.html"))
			if !os.SameFile(before, after) || !before.ModTime().Equal(after.ModTime()) {
				t.Errorf("build %d: unchanged index.html was replaced", i)
			}
			for _, w := range written {
				if w == "index.html" {
					t.Errorf("build %d: unchanged index.html written", i)
				}
			}
		}
		ents, _ := os.ReadDir(filepath.Dir(dest))
		for _, e := range ents {
			if n := e.Name(); n != "public" && n != ".public.relais-standby" && n != ".public.relais-lock" {
				t.Errorf("build %d left %s beside the folder", i, n)
			}
		}
	}
}

// TestSymlinkedFolder: a link to a web root is followed; the web root is
// updated, deleted pages included, and the link stays a link.
func TestSymlinkedFolder(t *testing.T) {
	dir := t.TempDir()
	www := filepath.Join(dir, "www")
	dest := filepath.Join(dir, "site", "public")
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../www", dest); err != nil {
		t.Fatal(err)
	}
	for _, files := range []map[string]string{
		{"index.html": "home", "secret/index.html": "deleted next"},
		{"index.html": "home"},
	} {
		f, err := Open(dest, false)
		if err != nil {
			t.Fatal(err)
		}
		build(t, f, files)
		if fi, err := os.Lstat(dest); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("the output link is no longer a link: %v", err)
		}
		if got := tree(t, www); !equal(got, withMarker(files)) {
			t.Errorf("web root holds %v, want %v", names(got), names(files))
		}
	}
}

// TestStaleStaging: staging folders of killed builds of older versions are
// removed, and a fallback commit killed between its renames is undone.
func TestStaleStaging(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	write(t, dir, map[string]string{
		".public.relais-0a1b2c3d4e5f/index.html": "old staging",
		"public/" + Marker:                       "",
		"public/index.html":                      "published",
		"other/keep":                             "not ours",
	})
	f, err := Open(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".public.relais-0a1b2c3d4e5f")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("old staging folder kept")
	}
	build(t, f, map[string]string{"index.html": "new"})
	// Killed between the fallback's two renames: the folder is missing and
	// the old tree is aside.
	if err := os.Rename(dest, filepath.Join(dir, ".public.relais-standby", "prev")); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dest, false); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got["index.html"] != "new" {
		t.Errorf("folder not restored: %v", got)
	}
	if got := tree(t, filepath.Join(dir, "other")); got["keep"] != "not ours" {
		t.Errorf("a folder beside was touched")
	}
}

// TestAbort: a failed build leaves the folder as it was, and the next
// build is right although the standby holds the failed build's files.
func TestAbort(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	f, err := Open(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]string{"index.html": "one", "a/index.html": "A"}
	build(t, f, first)
	tx, err := f.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"index.html", "a/index.html", "b/index.html"} {
		if _, err := tx.Write(rel, []byte("failed build")); err != nil {
			t.Fatal(err)
		}
	}
	tx.Abort()
	if got := tree(t, dest); !equal(got, withMarker(first)) {
		t.Errorf("aborted build changed the folder: %v", got)
	}
	second := map[string]string{"index.html": "one", "c/index.html": "C"}
	build(t, f, second)
	if got := tree(t, dest); !equal(got, withMarker(second)) {
		t.Errorf("after an abort, the next build holds %v", got)
	}
}

// TestLocked: two builds cannot publish into one folder at once.
func TestLocked(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	a, _ := Open(dest, false)
	b, _ := Open(dest, false)
	tx, err := a.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Begin(); err == nil || !strings.Contains(err.Error(), "another relais") {
		t.Errorf("second build began: %v", err)
	}
	tx.Abort()
	tx2, err := b.Begin()
	if err != nil {
		t.Fatalf("lock not released: %v", err)
	}
	tx2.Abort()
}

func TestInside(t *testing.T) {
	tests := []struct {
		dir, p string
		want   bool
	}{
		{"/a/b", "/a/b", true},
		{"/a/b", "/a/b/c", true},
		{"/a/b", "/a/b/..c", true},
		{"/a/..b", "/a/..b/c", true},
		{"/a", "/a/..site", true},
		{"/a/b", "/a/bc", false},
		{"/a/b", "/a", false},
		{"/a/b", "/a/c", false},
		{"/a/..b", "/a", false},
	}
	for _, tt := range tests {
		if got := Inside(filepath.FromSlash(tt.dir), filepath.FromSlash(tt.p)); got != tt.want {
			t.Errorf("Inside(%q, %q) = %v, want %v", tt.dir, tt.p, got, tt.want)
		}
	}
}

// TestStandbyHoldsOnlyPublished: after every build, the standby beside the
// output folder holds nothing that the build does not publish as it is
// (a draft published by the build before, a deleted page, the old
// version of a changed page), and only its user can open it; with the
// same Folder (the preview) and with a new one at each build (relais
// build).
func TestStandbyHoldsOnlyPublished(t *testing.T) {
	builds := []map[string]string{
		{"index.html": "home", "brouillon/index.html": "DRAFT text", "a/index.html": "A"},
		{"index.html": "home", "a/index.html": "A"},
		{"index.html": "home, OLD VERSION"},
		{"index.html": "home, new version", "b/index.html": "B"},
	}
	for _, reuse := range []bool{true, false} {
		t.Run(map[bool]string{true: "one folder", false: "a folder per build"}[reuse], func(t *testing.T) {
			dir := t.TempDir()
			dest := filepath.Join(dir, "public")
			f, err := Open(dest, false)
			if err != nil {
				t.Fatal(err)
			}
			for i, files := range builds {
				if !reuse && i > 0 {
					if f, err = Open(dest, false); err != nil {
						t.Fatal(err)
					}
				}
				build(t, f, files)
				private := filepath.Join(dir, ".public.relais-standby")
				fi, err := os.Stat(private)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != 0o700 {
					t.Errorf("build %d: the standby's folder has mode %v, want 0700", i, fi.Mode().Perm())
				}
				_ = filepath.WalkDir(private, func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					rel, _ := filepath.Rel(filepath.Join(private, "site"), p)
					pub, perr := os.Stat(filepath.Join(dest, rel))
					sfi, _ := d.Info()
					if rel == Marker {
						return nil // the same words, written at each commit
					}
					if perr != nil || !os.SameFile(pub, sfi) {
						b, _ := os.ReadFile(p)
						t.Errorf("build %d: the standby holds %s (%q), which is not published as it is", i, rel, b)
					}
					return nil
				})
				if got := tree(t, dest); !equal(got, withMarker(files)) {
					t.Errorf("build %d: folder holds %v", i, names(got))
				}
			}
		})
	}
}
