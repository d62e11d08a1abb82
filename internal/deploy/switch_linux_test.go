package deploy

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestSFTPSwitch: with an atomic switch, the site's folder becomes a link
// to a release, each deploy makes a new release (unchanged files linked,
// not sent: the same inode) and switches the link in one rename; the
// host's .htaccess follows; a page deleted is gone; the previous release
// is kept and older ones deleted; a dry run changes nothing.
func TestSFTPSwitch(t *testing.T) {
	t.Parallel()
	s := startSSHD(t)
	root := filepath.Join(s.dir, "www")
	write(t, root, map[string]string{".htaccess": "Options -Indexes", "index.html": "<p>le site d’avant relais</p>"})
	ctx := context.Background()
	target, err := DialSFTP(ctx, s.config(root))
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	deploySwitch := func(files map[string]string) *Plan {
		t.Helper()
		local, err := Local(site(t, files))
		if err != nil {
			t.Fatal(err)
		}
		p, err := target.PlanSwitch(ctx, local)
		if err != nil {
			t.Fatal(err)
		}
		if err := target.RunSwitch(ctx, p, Options{Confirmed: true}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	inode := func(name string) uint64 {
		fi, err := os.Stat(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Sys().(*syscall.Stat_t).Ino
	}
	deploySwitch(v1)
	if fi, err := os.Lstat(root); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the site's folder is not a link: %v", err)
	}
	want := maps.Clone(v1)
	want[".htaccess"] = "Options -Indexes"
	if got := published(t, root); !maps.Equal(got, want) {
		t.Fatalf("after the first switch: %v", got)
	}
	first, _ := os.Readlink(root)
	css := inode("assets/relais.css")

	v2 := maps.Clone(v1)
	v2["articles/le-cadre/index.html"] = "<p>Le cadre, revu</p>"
	delete(v2, "articles/partir/index.html")
	// A plan changes nothing.
	before := contents(t, root)
	local, _ := Local(site(t, v2))
	if p, err := target.PlanSwitch(ctx, local); err != nil || len(p.Change) != 1 || len(p.Delete) != 1 || len(p.Add) != 0 {
		t.Errorf("plan: %+v %v", p, err)
	}
	if !maps.Equal(before, contents(t, root)) {
		t.Fatal("a plan changed the site")
	}
	deploySwitch(v2)
	second, _ := os.Readlink(root)
	want = maps.Clone(v2)
	want[".htaccess"] = "Options -Indexes"
	if got := published(t, root); second == first || !maps.Equal(got, want) {
		t.Fatalf("after the second switch (%s -> %s): %v", first, second, got)
	}
	if inode("assets/relais.css") != css {
		t.Error("an unchanged file was sent again, not linked")
	}
	deploySwitch(v1)
	rels, _ := os.ReadDir(releasesDir(root))
	if len(rels) != 2 {
		t.Errorf("%d releases kept, want the current and the previous", len(rels))
	}
	if _, err := os.Stat(first); err == nil {
		t.Error("the oldest release was kept")
	}
	if _, err := os.Stat(second); err != nil {
		t.Error("the previous release was deleted")
	}
}
