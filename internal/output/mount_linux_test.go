package output

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// mountTmpfs mounts a tmpfs of size on dir for the test, or skips the
// test where mounting needs rights it has not (unless RELAIS_REQUIRE_MOUNT
// is set, as in CI).
func mountTmpfs(t *testing.T, dir, size string) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		if os.Getenv("RELAIS_REQUIRE_MOUNT") != "" {
			t.Fatalf("cannot mount a tmpfs: %v", err)
		}
		t.Skip("cannot mount a tmpfs here (needs root):", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
}

// TestMountPoint: an output folder that is a mount point (another disk, a
// network share) is refused before anything is written, instead of a
// commit that fails half-way with "invalid cross-device link".
func TestMountPoint(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	mountTmpfs(t, dest, "1m")
	write(t, dest, map[string]string{Marker: "", "index.html": "old"})
	_, err := Open(dest, false)
	if err == nil || !strings.Contains(err.Error(), "is a mount point") {
		t.Fatalf("Open: %v, want a refusal", err)
	}
	if got := tree(t, dest); len(got) != 2 || got["index.html"] != "old" {
		t.Errorf("the mounted folder changed: %v", got)
	}
	ents, _ := os.ReadDir(filepath.Dir(dest))
	if len(ents) != 1 {
		t.Errorf("something was written beside the mount point: %d entries", len(ents))
	}
}

// TestDiskFull: a build that fills the disk fails, and the output folder
// is exactly the previous build.
func TestDiskFull(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	mountTmpfs(t, parent, "256k")
	dest := filepath.Join(parent, "public")
	f, err := Open(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]string{"index.html": "one", "a/index.html": strings.Repeat("a", 100<<10)}
	build(t, f, first)
	tx, err := f.Begin()
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	var failed error
	for i := range 8 {
		rel := filepath.ToSlash(filepath.Join("p", string(rune('a'+i)), "index.html"))
		keep[rel] = true
		if _, err := tx.Write(rel, []byte(strings.Repeat("x", 64<<10))); err != nil {
			failed = err
			break
		}
	}
	if failed == nil {
		failed = tx.Commit(keep)
	} else {
		tx.Abort()
	}
	if failed == nil {
		t.Fatal("a build larger than the disk succeeded")
	}
	if got := tree(t, dest); !equal(got, withMarker(first)) {
		t.Errorf("after a full disk the folder holds %v", names(got))
	}
	// Once there is room again, the next build is right.
	second := map[string]string{"index.html": "two"}
	build(t, f, second)
	if got := tree(t, dest); !equal(got, withMarker(second)) {
		t.Errorf("after the disk was freed: %v", names(got))
	}
}
