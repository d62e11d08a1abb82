// Package watch reports the files of a site that change, in batches.
//
// A Watcher watches site.toml and every folder under content/, layouts/ and
// static/ with fsnotify, including folders created later. Editors save in
// several steps (a temporary file renamed into place, a swap file, a
// backup) and a git checkout touches hundreds of files at once: events are
// gathered until the folder has been quiet for a moment (Quiet), then sent
// as one batch of site-relative paths, so that one save or one checkout
// makes one rebuild. Paths with a segment the ignore function rejects
// (hidden files, editors' swap and backup files) are left out.
package watch

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Quiet is how long the site must be still before a batch is sent. It is
// long enough for a writer that the system holds up for a moment (a busy
// machine, a disk slow to make files after many were deleted: seen at
// tens of milliseconds here) to go on within the same batch, and short
// enough that a save still shows at once.
const Quiet = 100 * time.Millisecond

// QuietOne is how long a batch of one file waits: an editor's save,
// the edit she makes all day, whose writes follow one another within
// microseconds (or come as one, a temporary file renamed into place).
// Once a second file comes, the batch waits Quiet: a checkout, a copy.
const QuietOne = 20 * time.Millisecond

// MaxWait caps how long a stream of events can delay a batch.
const MaxWait = time.Second

// Watched are the parts of a site that are watched.
var Watched = []string{"content", "layouts", "static", "data"}

// Watcher sends batches of changed paths. Close stops it.
type Watcher struct {
	root    string
	ignore  func(name string) bool
	w       *fsnotify.Watcher
	batches chan []string
	errs    chan error
	done    chan struct{}

	// after starts the quiet period and the cap: time.After, or a test's
	// clock, so that a test decides when a period ends instead of racing
	// a busy machine.
	after func(time.Duration) <-chan time.Time
	// noted, when set, is told each path the loop has added to the
	// pending batch: a test waits on it rather than sleeping.
	noted func(string)
}

// New watches the site folder root, leaving out the names ignore rejects.
func New(root string, ignore func(name string) bool) (*Watcher, error) {
	return newWatcher(root, ignore, time.After, nil)
}

func newWatcher(root string, ignore func(name string) bool, after func(time.Duration) <-chan time.Time, noted func(string)) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, ignore: ignore, w: fw, batches: make(chan []string, 1), errs: make(chan error, 1), done: make(chan struct{}),
		after: after, noted: noted}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range Watched {
		w.addTree(filepath.Join(root, d))
	}
	go w.loop()
	return w, nil
}

// Batches delivers the changed paths, relative to the site and
// slash-separated, sorted.
func (w *Watcher) Batches() <-chan []string { return w.batches }

// Errors delivers the watcher's errors.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	return w.w.Close()
}

// addTree watches dir and the folders below it, and returns the files
// already there: a folder created with files in it (a git checkout) may
// get them before it is watched.
func (w *Watcher) addTree(dir string) []string {
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && w.ignore(d.Name()) {
				return filepath.SkipDir
			}
			_ = w.w.Add(p)
		} else if r, ok := w.rel(p); ok {
			files = append(files, r)
		}
		return nil
	})
	return files
}

func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	r = filepath.ToSlash(r)
	if err != nil || r == ".." || strings.HasPrefix(r, "../") {
		return "", false
	}
	if r == "site.toml" {
		return r, true
	}
	for _, d := range Watched {
		if r == d || strings.HasPrefix(r, d+"/") {
			for _, seg := range strings.Split(r, "/") {
				if w.ignore(seg) {
					return "", false
				}
			}
			return r, true
		}
	}
	return "", false
}

func (w *Watcher) loop() {
	defer close(w.batches)
	pending := map[string]bool{}
	var quiet, limit <-chan time.Time
	flush := func() {
		if len(pending) == 0 {
			return
		}
		out := make([]string, 0, len(pending))
		for p := range pending {
			out = append(out, p)
		}
		sort.Strings(out)
		pending = map[string]bool{}
		quiet, limit = nil, nil
		select {
		case w.batches <- out:
		case <-w.done:
		}
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			r, ok := w.rel(ev.Name)
			if !ok {
				continue
			}
			var added []string
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					added = w.addTree(ev.Name)
				}
			}
			if ev.Op != fsnotify.Chmod {
				added = append(added, r)
			}
			if len(added) == 0 {
				continue
			}
			for _, f := range added {
				pending[f] = true
			}
			if len(pending) == 1 {
				quiet = w.after(QuietOne)
			} else {
				quiet = w.after(Quiet)
			}
			if limit == nil {
				limit = w.after(MaxWait)
			}
			if w.noted != nil {
				for _, f := range added {
					w.noted(f)
				}
			}
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-quiet:
			flush()
		case <-limit:
			flush()
		}
	}
}
