package output

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// TestDiscard: a folder that keeps nothing writes nothing anywhere (the
// working and temporary folders stay empty), says every file written,
// and reads back what it was asked to keep, and copied files from their
// source.
func TestDiscard(t *testing.T) {
	for _, keep := range []bool{false, true} {
		work, tmp := t.TempDir(), t.TempDir()
		t.Chdir(work)
		t.Setenv("TMPDIR", tmp)
		tx, err := Discard(keep).Begin()
		if err != nil {
			t.Fatal(err)
		}
		if w, err := tx.Write("a/index.html", []byte("<p>A</p>")); !w || err != nil {
			t.Fatalf("write: %v %v", w, err)
		}
		open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader([]byte("PDF"))), nil }
		if w, err := tx.Copy("b/doc.pdf", 3, open); !w || err != nil {
			t.Fatalf("copy: %v %v", w, err)
		}
		if got := tx.Staged(); len(got) != 2 || got[0] != "a/index.html" || got[1] != "b/doc.pdf" {
			t.Errorf("staged %v", got)
		}
		b, err := tx.ReadFile("a/index.html")
		if keep && (err != nil || string(b) != "<p>A</p>") || !keep && err == nil {
			t.Errorf("keep %v: read back %q, %v", keep, b, err)
		}
		if b, err := tx.ReadFile("b/doc.pdf"); err != nil || string(b) != "PDF" {
			t.Errorf("a copied file read back: %q, %v", b, err)
		}
		if err := tx.Commit(map[string]bool{"a/index.html": true, "b/doc.pdf": true}); err != nil {
			t.Fatal(err)
		}
		for _, dir := range []string{work, tmp} {
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Errorf("keep %v: %s holds %v", keep, dir, ents)
			}
		}
	}
}
