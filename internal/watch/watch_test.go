package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func hidden(name string) bool { return strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".swp") }

func start(t *testing.T) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"content/articles", "layouts", "static"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := New(dir, hidden)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return dir, w
}

func write(t *testing.T, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next returns the next batch, failing after a while.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
		return nil
	}
}

// none checks that no batch comes for a moment.
func none(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Batches():
		t.Errorf("unexpected batch %v", b)
	case <-time.After(3 * Quiet):
	}
}

func TestCheckoutIsOneBatch(t *testing.T) {
	dir, w := start(t)
	for i := 0; i < 200; i++ {
		write(t, filepath.Join(dir, "content/articles", fmt.Sprintf("p%03d.md", i)), "x")
		if i == 3 {
			// The writer held up for 60 ms, as a busy machine or a slow
			// disk does: with a 20 ms quiet period this split the
			// checkout in two batches (CI saw 4 paths, then the rest).
			time.Sleep(60 * time.Millisecond)
		}
	}
	b := next(t, w)
	if len(b) != 200 {
		t.Errorf("first batch has %d paths, want 200", len(b))
	}
	none(t, w)
}

// TestCheckoutIsOneBatchBusy: the same checkout with the machine busy
// (every core spinning, as a build or a browser does), so that the
// quiet period is shown to hold under load and not only when idle.
func TestCheckoutIsOneBatchBusy(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	for range 2 * runtime.NumCPU() {
		go func() {
			x := 0
			for {
				select {
				case <-stop:
					return
				default:
					for i := range 100000 {
						x += i
					}
				}
			}
		}()
	}
	dir, w := start(t)
	for i := 0; i < 200; i++ {
		write(t, filepath.Join(dir, "content/articles", fmt.Sprintf("p%03d.md", i)), "x")
		if i == 3 {
			time.Sleep(60 * time.Millisecond)
		}
	}
	if b := next(t, w); len(b) != 200 {
		t.Errorf("first batch has %d paths, want 200", len(b))
	}
	none(t, w)
}

func TestSaveThroughTempFile(t *testing.T) {
	dir, w := start(t)
	final := filepath.Join(dir, "content/a.md")
	write(t, final, "v1")
	next(t, w)
	// An editor writes a swap file and a temporary file, then renames it
	// over the page.
	write(t, filepath.Join(dir, "content/.a.md.swp"), "swap")
	tmp := filepath.Join(dir, "content/.a.md.tmp123")
	write(t, tmp, "v2")
	if err := os.Rename(tmp, final); err != nil {
		t.Fatal(err)
	}
	if b := next(t, w); !slices.Equal(b, []string{"content/a.md"}) {
		t.Errorf("batch = %v, want [content/a.md]", b)
	}
	none(t, w)
}

func TestNewFolderIsWatched(t *testing.T) {
	dir, w := start(t)
	// Files written at once with their folder, before it can be watched.
	write(t, filepath.Join(dir, "content/ateliers/kit/index.md"), "x")
	write(t, filepath.Join(dir, "content/ateliers/kit/fiches/1.md"), "x")
	seen := map[string]bool{}
	for !seen["content/ateliers/kit/index.md"] || !seen["content/ateliers/kit/fiches/1.md"] {
		for _, p := range next(t, w) {
			seen[p] = true
		}
	}
	// And later files in the new folders.
	write(t, filepath.Join(dir, "content/ateliers/kit/fiches/2.md"), "x")
	if b := next(t, w); !slices.Contains(b, "content/ateliers/kit/fiches/2.md") {
		t.Errorf("batch = %v: file in a new folder not seen", b)
	}
}

func TestOutsideIgnored(t *testing.T) {
	dir, w := start(t)
	write(t, filepath.Join(dir, "public/index.html"), "out")
	write(t, filepath.Join(dir, "notes.txt"), "x")
	none(t, w)
	write(t, filepath.Join(dir, "site.toml"), "title = \"x\"")
	if b := next(t, w); !slices.Equal(b, []string{"site.toml"}) {
		t.Errorf("batch = %v, want [site.toml]", b)
	}
}
