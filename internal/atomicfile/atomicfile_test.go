package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWrite: the file holds the bytes, for its owner alone, and nothing
// else is left in its folder; a folder that cannot be written to leaves
// the old file as it was.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("ancien"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("nouveau")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	entries, _ := os.ReadDir(dir)
	if string(b) != "nouveau" || fi.Mode().Perm() != 0o600 || len(entries) != 1 {
		t.Errorf("%q, mode %v, %d entries", b, fi.Mode().Perm(), len(entries))
	}
	if err := Write(filepath.Join(dir, "absent", "g"), []byte("x")); err == nil {
		t.Error("a file in a missing folder was written")
	}
}
