package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"relais"
	"relais/internal/builtin"
	"relais/internal/diag"
	"relais/internal/i18n"
)

// TestDiskFull: a build into a folder on a full disk says so once, at
// the output folder, in the reader's language, and how to mend it, not a
// line per file blamed on content/.
func TestDiskFull(t *testing.T) {
	disk := t.TempDir()
	if err := syscall.Mount("tmpfs", disk, "tmpfs", 0, "size=200k"); err != nil {
		if os.Getenv("RELAIS_REQUIRE_MOUNT") != "" {
			t.Fatalf("cannot mount a tmpfs: %v", err)
		}
		t.Skip("cannot mount a tmpfs here (needs root):", err)
	}
	t.Cleanup(func() { syscall.Unmount(disk, syscall.MNT_DETACH) })
	dest := filepath.Join(disk, "public")
	_, err := New(Options{Extensions: builtin.Extensions(), Source: os.DirFS(filepath.Join("..", "..")), Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background())
	l, ok := err.(diag.List)
	if !ok {
		t.Fatalf("error %v (%T), want findings", err, err)
	}
	if len(l.Errors()) != 1 {
		t.Fatalf("%d errors, want 1:\n%s", len(l.Errors()), l.Errors().In(i18n.English))
	}
	fr := l.Errors()[0].In(i18n.French)
	if !strings.HasPrefix(fr, dest+": le disque qui contient le dossier de sortie est plein") || !strings.Contains(fr, "libérez") {
		t.Errorf("said: %s", fr)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Errorf("the output folder was made")
	}
}
