package deploy

import (
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// site writes a built site's files into a new folder.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, files)
	return dir
}

func write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// contents reads every file under dir.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real // a site's folder that is a link to a release
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// deployTo deploys the site in dir to target and returns the plan run.
func deployTo(t *testing.T, dir string, target Target, o Options) (*Plan, error) {
	t.Helper()
	files, err := Local(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := MakePlan(context.Background(), target, files)
	if err != nil {
		t.Fatal(err)
	}
	return p, p.Run(context.Background(), target, o)
}

// published is the target's files but the manifest.
func published(t *testing.T, dir string) map[string]string {
	m := contents(t, dir)
	delete(m, ManifestName)
	return m
}

var v1 = map[string]string{
	"index.html":                   "<h1>Accueil</h1>",
	"articles/index.html":          "<h1>Articles</h1>",
	"articles/le-cadre/index.html": "<p>Le cadre</p>",
	"articles/partir/index.html":   "<p>Partir</p>",
	"assets/relais.css":            "body{}",
	"images/bureau.jpg":            "JPEG",
}

// TestDeploy follows a site's life on a folder target: the first deploy
// sends exactly the build; an edit sends only the page; a page deleted is
// deleted; what the host or she put there by hand is never touched; a
// file deleted or changed there by hand is sent again.
func TestDeploy(t *testing.T) {
	build := site(t, v1)
	root := t.TempDir()
	write(t, root, map[string]string{".htaccess": "Options -Indexes", "cgi-bin/compteur.pl": "print 1"})
	target, err := OpenFolder(root)
	if err != nil {
		t.Fatal(err)
	}
	p, err := deployTo(t, build, target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Add) != len(v1) || len(p.Change)+len(p.Delete) != 0 || !p.Rebuilt {
		t.Errorf("first deploy: %d added, %d changed, %d deleted", len(p.Add), len(p.Change), len(p.Delete))
	}
	want := maps.Clone(v1)
	want[".htaccess"], want["cgi-bin/compteur.pl"] = "Options -Indexes", "print 1"
	if got := published(t, root); !maps.Equal(got, want) {
		t.Fatalf("after the first deploy:\n%v\nwant\n%v", got, want)
	}

	// Nothing changed: nothing sent.
	p, err = deployTo(t, build, target, Options{})
	if err != nil || !p.Empty() || p.Same != len(v1) {
		t.Fatalf("a deploy with nothing changed: %+v, %v", p, err)
	}

	// An edit, a page deleted, a file added and a file deleted by hand on
	// the server, a file changed there by hand.
	write(t, build, map[string]string{"articles/le-cadre/index.html": "<p>Le cadre, revu</p>"})
	os.RemoveAll(filepath.Join(build, "articles/partir"))
	write(t, root, map[string]string{"notes-de-l-hebergeur.txt": "à garder"})
	os.Remove(filepath.Join(root, "assets/relais.css"))
	time.Sleep(10 * time.Millisecond) // a time the listing tells apart
	write(t, root, map[string]string{"images/bureau.jpg": "GIMP"})
	p, err = deployTo(t, build, target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Add, []string{"assets/relais.css"}) || !slices.Equal(p.Change, []string{"articles/le-cadre/index.html", "images/bureau.jpg"}) ||
		!slices.Equal(p.Delete, []string{"articles/partir/index.html"}) {
		t.Errorf("second deploy: add %v, change %v, delete %v", p.Add, p.Change, p.Delete)
	}
	want = contents(t, build)
	want[".htaccess"], want["cgi-bin/compteur.pl"], want["notes-de-l-hebergeur.txt"] = "Options -Indexes", "print 1", "à garder"
	if got := published(t, root); !maps.Equal(got, want) {
		t.Fatalf("after the second deploy:\n%v\nwant\n%v", got, want)
	}
	if _, err := os.Stat(filepath.Join(root, "articles/partir")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the deleted page's folder is left: %v", err)
	}
}

// TestDryRun: a plan changes nothing.
func TestDryRun(t *testing.T) {
	build := site(t, v1)
	root := t.TempDir()
	target, _ := OpenFolder(root)
	if _, err := deployTo(t, build, target, Options{}); err != nil {
		t.Fatal(err)
	}
	write(t, build, map[string]string{"index.html": "<h1>Nouvel accueil</h1>"})
	before := contents(t, root)
	files, _ := Local(build)
	p, err := MakePlan(context.Background(), target, files)
	if err != nil || !slices.Equal(p.Change, []string{"index.html"}) {
		t.Fatalf("plan: %+v, %v", p, err)
	}
	if after := contents(t, root); !maps.Equal(before, after) {
		t.Error("making a plan changed the target")
	}
}

// TestDeletionLimit: deploying an empty or wrong folder would delete the
// site: the deploy stops before anything, unless confirmed.
func TestDeletionLimit(t *testing.T) {
	for _, tc := range []struct {
		name   string
		site   map[string]string
		o      Options
		refuse bool
	}{
		{"an empty folder", map[string]string{}, Options{}, true},
		{"a wrong folder", map[string]string{"README.md": "x"}, Options{}, true},
		{"a third of the site", map[string]string{"index.html": "a", "assets/relais.css": "b"}, Options{}, true},
		{"confirmed", map[string]string{}, Options{Confirmed: true}, false},
		{"one page deleted", func() map[string]string { m := maps.Clone(v1); delete(m, "articles/partir/index.html"); return m }(), Options{}, false},
		{"more than the site's limit", func() map[string]string {
			m := maps.Clone(v1)
			delete(m, "articles/partir/index.html")
			delete(m, "articles/le-cadre/index.html")
			return m
		}(), Options{MaxDeletions: 1}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			target, _ := OpenFolder(root)
			if _, err := deployTo(t, site(t, v1), target, Options{}); err != nil {
				t.Fatal(err)
			}
			before := contents(t, root)
			_, err := deployTo(t, site(t, tc.site), target, tc.o)
			var tm *TooManyDeletions
			if errors.As(err, &tm) != tc.refuse {
				t.Fatalf("err = %v", err)
			}
			if tc.refuse && !maps.Equal(before, contents(t, root)) {
				t.Error("a refused deploy changed the target")
			}
		})
	}
}

// TestManifestDamaged: a manifest that cannot be read is not trusted:
// every file is sent again, nothing is deleted (what relais published is
// not known), and the manifest is whole again after.
func TestManifestDamaged(t *testing.T) {
	build := site(t, v1)
	root := t.TempDir()
	target, _ := OpenFolder(root)
	if _, err := deployTo(t, build, target, Options{}); err != nil {
		t.Fatal(err)
	}
	write(t, root, map[string]string{ManifestName: `{"version": 1, "files": {"index.html": {"sha256": "`})
	write(t, root, map[string]string{".index.html" + tempMark + "12": "à moitié"})
	os.RemoveAll(filepath.Join(build, "articles/partir"))
	p, err := deployTo(t, build, target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Rebuilt || len(p.Change) != len(v1)-1 || len(p.Delete) != 0 || len(p.Leftovers) != 1 {
		t.Errorf("rebuilt %v, changed %d, deleted %d, leftovers %v", p.Rebuilt, len(p.Change), len(p.Delete), p.Leftovers)
	}
	if _, err := os.Stat(filepath.Join(root, "articles/partir/index.html")); err != nil {
		t.Errorf("a file not known to be relais's was deleted: %v", err)
	}
	for name := range contents(t, root) {
		if strings.Contains(name, tempMark) {
			t.Errorf("%s left", name)
		}
	}
	p, err = deployTo(t, build, target, Options{})
	if err != nil || p.Rebuilt || !p.Empty() {
		t.Errorf("after: rebuilt %v, empty %v, %v", p.Rebuilt, p.Empty(), err)
	}
}

// cutting is a target that fails after n files written: a deploy cut.
type cutting struct {
	Target
	n int
}

func (c *cutting) Put(ctx context.Context, name string, open func() (io.ReadCloser, error), size int64) (Entry, error) {
	if c.n == 0 { // the connection is gone: the manifest is not written either
		return Entry{}, errors.New("connection lost")
	}
	if name != ManifestName {
		c.n--
	}
	return c.Target.Put(ctx, name, open, size)
}

// TestCutDeploy: a deploy cut after some files were sent, before the
// manifest was written again, still owns them: the next deploy of a
// site that no longer has them deletes them, and one that has them
// finishes the job; a file replaced when the deploy was cut is sent again.
func TestCutDeploy(t *testing.T) {
	online := t.TempDir()
	target, _ := OpenFolder(online)
	if _, err := deployTo(t, site(t, v1), target, Options{}); err != nil {
		t.Fatal(err)
	}
	v2 := maps.Clone(v1)
	v2["nouveau/index.html"] = "<p>Nouveau</p>"
	v2["nouveau/autre/index.html"] = "<p>Autre</p>"
	v2["index.html"] = "<h1>Accueil, revu</h1>"
	// Cut after two files: the deepest pages first, the home page never.
	if _, err := deployTo(t, site(t, v2), &cutting{Target: target, n: 2}, Options{Parallel: 1}); err == nil {
		t.Fatal("the cut deploy succeeded")
	}
	if got := published(t, online); got["nouveau/autre/index.html"] == "" || got["index.html"] != v1["index.html"] {
		t.Fatalf("after the cut: %v", got)
	}
	// Back to v1: what the cut deploy sent is deleted.
	p, err := deployTo(t, site(t, v1), target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := published(t, online); !maps.Equal(got, v1) {
		t.Errorf("after going back: %v (plan %+v)", got, p)
	}
	// Cut again, then v2 whole: the job is finished.
	deployTo(t, site(t, v2), &cutting{Target: target, n: 1}, Options{Parallel: 1})
	if _, err := deployTo(t, site(t, v2), target, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := published(t, online); !maps.Equal(got, v2) {
		t.Errorf("after finishing: %v", got)
	}
}
