package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func hidden(name string) bool { return strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".swp") }

// stall is how long a test waits for the watcher to make any progress
// (an event seen, a batch sent) before it fails: generous, since it
// bounds a wait for a signal, not the work of a busy machine.
const stall = time.Minute

// harness is a watched site whose quiet periods end when the test says
// so: the loop's timers are channels the test fills, and each path the
// loop takes is reported, so that no test races a busy machine.
type harness struct {
	dir   string
	w     *Watcher
	noted chan string
	mu    sync.Mutex
	quiet []chan time.Time // every quiet period started, the last one current
	long  []bool           // whether each quiet period was the long one (Quiet)
	limit []chan time.Time
	timer chan struct{} // a period started
}

func start(t *testing.T) *harness {
	t.Helper()
	h := &harness{dir: t.TempDir(), noted: make(chan string, 10000), timer: make(chan struct{}, 10000)}
	for _, d := range []string{"content/articles", "layouts", "static"} {
		if err := os.MkdirAll(filepath.Join(h.dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	after := func(d time.Duration) <-chan time.Time {
		ch := make(chan time.Time, 1)
		h.mu.Lock()
		if d == Quiet || d == QuietOne {
			h.quiet = append(h.quiet, ch)
			h.long = append(h.long, d == Quiet)
		} else {
			h.limit = append(h.limit, ch)
		}
		h.mu.Unlock()
		h.timer <- struct{}{}
		return ch
	}
	w, err := newWatcher(h.dir, hidden, after, func(p string) { h.noted <- p })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	h.w = w
	return h
}

// seen waits until the loop has taken every path given, and returns
// every path it took meanwhile.
func (h *harness) seen(t *testing.T, paths ...string) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	for {
		missing := 0
		for _, p := range paths {
			if !got[p] {
				missing++
			}
		}
		if missing == 0 {
			return got
		}
		select {
		case p := <-h.noted:
			got[p] = true
		case <-time.After(stall):
			t.Fatalf("the watcher took no path for %s; %d of %d still unseen", stall, missing, len(paths))
		}
	}
}

// end ends the newest period of the kind given.
func (h *harness) end(periods *[]chan time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n := len(*periods); n > 0 {
		select {
		case (*periods)[n-1] <- time.Now():
		default: // ended already
		}
	}
}

// next ends the current quiet period and returns the batch it sends; a
// later event may start a new period meanwhile, which is ended in turn.
func (h *harness) next(t *testing.T) []string {
	t.Helper()
	h.end(&h.quiet)
	for {
		select {
		case b := <-h.w.Batches():
			return b
		case <-h.timer:
			h.end(&h.quiet)
		case <-time.After(stall):
			t.Fatalf("no batch after %s", stall)
			return nil
		}
	}
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

func articles(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("content/articles/p%03d.md", i))
	}
	return out
}

// TestCheckoutIsOneBatch: a checkout whose writer is held up after a few
// files (a busy machine, a slow disk) is still one batch, because a quiet
// period started before the pause ends nothing once later events came.
func TestCheckoutIsOneBatch(t *testing.T) {
	h := start(t)
	for _, p := range articles(0, 4) {
		write(t, filepath.Join(h.dir, p), "x")
	}
	h.seen(t, articles(0, 4)...)
	h.mu.Lock()
	stale := h.quiet[0]
	h.mu.Unlock()
	for _, p := range articles(4, 200) {
		write(t, filepath.Join(h.dir, p), "x")
	}
	h.seen(t, articles(4, 200)...)
	stale <- time.Now() // the period of the first event ends: it was replaced
	if b := h.next(t); len(b) != 200 {
		t.Errorf("first batch has %d paths, want 200", len(b))
	}
}

// TestStreamIsCapped: events that never stop still give a batch when the
// cap (MaxWait) ends, with what came so far.
func TestStreamIsCapped(t *testing.T) {
	h := start(t)
	write(t, filepath.Join(h.dir, "content/a.md"), "x")
	h.seen(t, "content/a.md")
	h.end(&h.limit)
	select {
	case b := <-h.w.Batches():
		if !slices.Equal(b, []string{"content/a.md"}) {
			t.Errorf("batch = %v, want [content/a.md]", b)
		}
	case <-time.After(stall):
		t.Fatal("the cap ended and no batch came")
	}
}

// TestCheckoutUnderLoad: with every core spinning (a build, a browser)
// and the real clock, a checkout may come in several batches, but every
// file of it comes, once the writer is done.
func TestCheckoutUnderLoad(t *testing.T) {
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
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content/articles"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := New(dir, hidden)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	want := articles(0, 200)
	for _, p := range want {
		write(t, filepath.Join(dir, p), "x")
	}
	got := map[string]bool{}
	for len(got) < len(want) {
		select {
		case b := <-w.Batches():
			for _, p := range b {
				got[p] = true
			}
		case <-time.After(stall):
			t.Fatalf("%d of %d files came, then nothing for %s", len(got), len(want), stall)
		}
	}
	for _, p := range want {
		if !got[p] {
			t.Errorf("%s never came", p)
		}
	}
}

// TestOneFileIsQuick: a save (one file) waits the short quiet period; as
// soon as a second file comes, the batch waits the long one.
func TestOneFileIsQuick(t *testing.T) {
	h := start(t)
	write(t, filepath.Join(h.dir, "content/a.md"), "x")
	h.seen(t, "content/a.md")
	h.mu.Lock()
	one := !h.long[len(h.long)-1]
	h.mu.Unlock()
	write(t, filepath.Join(h.dir, "content/b.md"), "x")
	h.seen(t, "content/b.md")
	h.mu.Lock()
	two := h.long[len(h.long)-1]
	h.mu.Unlock()
	if !one || !two {
		t.Errorf("one file waits the short period: %v; two the long one: %v", one, two)
	}
	if b := h.next(t); !slices.Equal(b, []string{"content/a.md", "content/b.md"}) {
		t.Errorf("batch = %v", b)
	}
}

func TestSaveThroughTempFile(t *testing.T) {
	h := start(t)
	dir := h.dir
	final := filepath.Join(dir, "content/a.md")
	write(t, final, "v1")
	h.seen(t, "content/a.md")
	h.next(t)
	// An editor writes a swap file and a temporary file, then renames it
	// over the page.
	write(t, filepath.Join(dir, "content/.a.md.swp"), "swap")
	tmp := filepath.Join(dir, "content/.a.md.tmp123")
	write(t, tmp, "v2")
	if err := os.Rename(tmp, final); err != nil {
		t.Fatal(err)
	}
	if got := h.seen(t, "content/a.md"); len(got) != 1 {
		t.Errorf("paths taken: %v, want only content/a.md", got)
	}
	if b := h.next(t); !slices.Equal(b, []string{"content/a.md"}) {
		t.Errorf("batch = %v, want [content/a.md]", b)
	}
}

func TestNewFolderIsWatched(t *testing.T) {
	h := start(t)
	dir := h.dir
	// Files written at once with their folder, before it can be watched.
	write(t, filepath.Join(dir, "content/ateliers/kit/index.md"), "x")
	write(t, filepath.Join(dir, "content/ateliers/kit/fiches/1.md"), "x")
	h.seen(t, "content/ateliers/kit/index.md", "content/ateliers/kit/fiches/1.md")
	h.next(t)
	// And later files in the new folders.
	write(t, filepath.Join(dir, "content/ateliers/kit/fiches/2.md"), "x")
	h.seen(t, "content/ateliers/kit/fiches/2.md")
	if b := h.next(t); !slices.Contains(b, "content/ateliers/kit/fiches/2.md") {
		t.Errorf("batch = %v: file in a new folder not seen", b)
	}
}

func TestOutsideIgnored(t *testing.T) {
	h := start(t)
	dir := h.dir
	write(t, filepath.Join(dir, "public/index.html"), "out")
	write(t, filepath.Join(dir, "notes.txt"), "x")
	// The events of the two files come before site.toml's, in order.
	write(t, filepath.Join(dir, "site.toml"), "title = \"x\"")
	if got := h.seen(t, "site.toml"); len(got) != 1 {
		t.Errorf("paths taken: %v, want only site.toml", got)
	}
	if b := h.next(t); !slices.Equal(b, []string{"site.toml"}) {
		t.Errorf("batch = %v, want [site.toml]", b)
	}
}
