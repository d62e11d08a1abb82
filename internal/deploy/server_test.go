package deploy

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// lifeOnServer follows a site's life on a real server whose site folder
// is root on this machine, reached by open: the connection test writes
// and leaves nothing; the first deploy sends exactly the build; an edit
// sends only the page; a page deleted is deleted; the host's .htaccess
// and a file put by hand stay; a file deleted there by hand is sent
// again; a plan (the dry run) changes nothing; the deletion limit stops a
// deploy of an empty site.
func lifeOnServer(t *testing.T, root string, open func() Target) {
	write(t, root, map[string]string{".htaccess": "Options -Indexes"})
	ctx := context.Background()
	build := site(t, v1)
	target := open()
	if err := Test(ctx, target); err != nil {
		t.Fatalf("connection test: %v", err)
	}
	if got := contents(t, root); len(got) != 1 {
		t.Fatalf("the connection test left %v", got)
	}
	p, err := deployTo(t, build, target, Options{})
	if err != nil || len(p.Add) != len(v1) {
		t.Fatalf("first deploy: %+v, %v", p, err)
	}
	want := maps.Clone(v1)
	want[".htaccess"] = "Options -Indexes"
	if got := published(t, root); !maps.Equal(got, want) {
		t.Fatalf("after the first deploy:\n%v\nwant\n%v", got, want)
	}
	// Nothing changed: nothing to do, from a new connection.
	target = open()
	files, _ := Local(build)
	if p, err = MakePlan(ctx, target, files); err != nil || !p.Empty() || p.Same != len(v1) {
		t.Fatalf("nothing changed, yet the plan is %+v (%v)", p, err)
	}
	// A dry run, after an edit, a deletion and changes by hand.
	write(t, build, map[string]string{"articles/le-cadre/index.html": "<p>Le cadre, revu</p>"})
	os.RemoveAll(filepath.Join(build, "articles/partir"))
	write(t, root, map[string]string{"a-garder.txt": "de l'hébergeur"})
	os.Remove(filepath.Join(root, "assets/relais.css"))
	before := contents(t, root)
	files, _ = Local(build)
	p, err = MakePlan(ctx, target, files)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(before, contents(t, root)) {
		t.Fatal("a plan changed the server")
	}
	if !slices.Equal(p.Add, []string{"assets/relais.css"}) || !slices.Equal(p.Change, []string{"articles/le-cadre/index.html"}) ||
		!slices.Equal(p.Delete, []string{"articles/partir/index.html"}) || p.Same != len(v1)-3 {
		t.Errorf("plan: add %v, change %v, delete %v, same %d", p.Add, p.Change, p.Delete, p.Same)
	}
	if err := p.Run(ctx, target, Options{}); err != nil {
		t.Fatal(err)
	}
	want = contents(t, build)
	want[".htaccess"], want["a-garder.txt"] = "Options -Indexes", "de l'hébergeur"
	if got := published(t, root); !maps.Equal(got, want) {
		t.Fatalf("after the second deploy:\n%v\nwant\n%v", got, want)
	}
	if _, err := os.Stat(filepath.Join(root, "articles/partir")); err == nil {
		t.Error("the deleted page's folder is still there")
	}
	// An empty site would delete everything: refused, nothing touched.
	before = contents(t, root)
	_, err = deployTo(t, t.TempDir(), target, Options{})
	var tm *TooManyDeletions
	if !errors.As(err, &tm) || !maps.Equal(before, contents(t, root)) {
		t.Errorf("an empty site: %v", err)
	}
}
