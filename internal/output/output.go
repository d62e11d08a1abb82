// Package output publishes a build into the output folder so that nothing
// is lost and nothing is half-written.
//
// # Ownership
//
// relais writes only into a folder that is its own: one that is missing or
// empty, or that holds the marker file .relais-output written by an earlier
// build. Any other folder is refused before anything is written (Open
// returns a *NotOursError naming what was found), unless the caller forces
// it. An output folder given as a symbolic link is followed: the folder it
// points to (a web root) is the one replaced, and the link stays a link. A
// folder that is a mount point (another disk, a network share) is refused
// up front, since it cannot be replaced atomically.
//
// # Atomic publication
//
// A build never writes into the output folder. It brings a second tree, the
// standby (".NAME.relais-standby/site" beside the folder), to the new state: new and
// changed files are written there; unchanged files are hard links to the
// ones already published, so their bytes and modification time stay (rsync
// deploys stay small) and nothing is copied; files no longer produced are
// removed from it. Commit then exchanges the two folders in one system
// call, after which the standby holds the previous build; every file of it
// that the new build does not publish as it is (pages deleted, drafts no
// longer built, old versions of changed files) is then removed, so that
// the standby only ever holds copies of published files, and the next
// build brings it up to date. At every instant the output folder's path
// names either the complete old tree or the complete new one:
//
//   - Linux (ext4, tmpfs, btrfs, xfs…): renameat2(RENAME_EXCHANGE) swaps the
//     two names atomically; a process killed at any point leaves the old
//     folder or the new one.
//   - macOS (APFS): renamex_np(RENAME_SWAP), the same guarantee.
//   - Elsewhere (Windows), and on a file system that refuses the exchange,
//     a fallback does two renames (folder aside, standby into place). It is
//     weaker: between them the folder's name is missing for an instant, and
//     a process killed there leaves it missing; the next build (Open)
//     restores the old tree, which was set aside whole. On Windows a folder
//     that another program holds open cannot be renamed: the build then
//     fails and the old tree stays.
//
// # The standby is private
//
// The standby sits in a folder only its user may open (".NAME.relais-standby",
// mode 0700), so that a web server that serves the output folder's parent,
// or another user of the machine, cannot read a tree that is not published:
// between a killed build and the next one, it may still hold the previous
// build.
//
// A crash never leaves the output folder half-written, but it can leave the
// standby half-synced; the next build repairs it, comparing every file (or,
// in a long-lived process such as the preview, only those it knows may
// differ). Staging folders of older versions (".NAME.relais-<hex>",
// ".NAME.relais-next") are removed. A lock file beside the folder keeps two builds from publishing
// into it at once. Files are not synced to the disk: the guarantee holds
// against a killed process, not against a power cut.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"relais/internal/i18n"
)

// Marker is the file that marks a folder as a relais output folder.
const Marker = ".relais-output"

const markerText = "This folder is written by relais. Each build replaces it as a whole:\n" +
	"do not keep your own files here, they would be removed.\n"

// NotOursError refuses an output folder that relais did not make.
type NotOursError struct {
	Dir   string   // the folder
	Found []string // some of what it holds
}

func (e *NotOursError) Error() string { return e.Text().String() }

// Text is the error's message, to say in a language.
func (e *NotOursError) Text() i18n.Text {
	return i18n.T("the output folder %s already holds files that relais did not write (%s); relais would replace them, so it wrote nothing",
		e.Dir, strings.Join(e.Found, ", "))
}

// Hint says how to proceed.
func (e *NotOursError) Hint() i18n.Text {
	return i18n.T("choose a new or empty folder with -d, or empty this one; if you really want relais to replace everything in it, run the same command again with --force")
}

// Folder is an output folder, kept between the builds of one process so
// that a rebuild knows which files of the standby may differ.
type Folder struct {
	dest    string // as given
	real    string // links resolved: the folder replaced at each commit
	private string // the folder, its user's only, that holds next and prev
	next    string // the standby tree
	prev    string // where the fallback sets the old tree aside
	lockp   string

	// known is set when the standby's state is known: it equals the
	// published tree except at the paths in differ.
	known  bool
	differ map[string]bool
	// published are the files of the published tree, when known.
	published map[string]bool

	// discard is set for a folder that keeps nothing (Discard).
	discard *discarded
}

// Open checks that dest can be relais's output folder and returns it.
// force takes a folder that holds other files.
func Open(dest string, force bool) (*Folder, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	real, err := Resolve(dest)
	if err != nil {
		return nil, err
	}
	dir, base := filepath.Split(real)
	private := filepath.Join(dir, "."+base+".relais-standby")
	f := &Folder{dest: dest, real: real, private: private,
		next:  filepath.Join(private, "site"),
		prev:  filepath.Join(private, "prev"),
		lockp: filepath.Join(dir, "."+base+".relais-lock"),
	}
	if err := f.recover(); err != nil {
		return nil, err
	}
	fi, err := os.Lstat(real)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return f, nil
	case err != nil:
		return nil, i18n.Errorf("cannot read the output folder %s: %w", dest, err)
	case !fi.IsDir():
		return nil, i18n.Errorf("the output folder %s is a file, not a folder; choose another with -d", dest)
	}
	if mountPoint(real, fi) {
		return nil, i18n.Errorf("the output folder %s is a mount point (another disk or a network share): relais replaces the output folder as a whole so that it is never half-written, and cannot do so "+
			"across disks; build into a folder on the same disk as its parent (-d) and copy it from there", dest)
	}
	if !force {
		if err := owned(real, dest); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Inside reports whether p is the folder dir or lies below it. Both are
// clean paths of one kind (absolute, or relative to one folder). Path
// elements are compared, not strings: a folder named "..site" is inside
// its parent, and "/a/bc" is not inside "/a/b".
func Inside(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	first, _, _ := strings.Cut(rel, string(filepath.Separator))
	return first != ".."
}

// Resolve follows the links of p, which need not exist: the longest
// existing prefix is resolved and the rest joined to it.
func Resolve(p string) (string, error) {
	rest := ""
	for {
		r, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(r, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", i18n.Errorf("cannot follow the output folder %s: %w", p, err)
		}
		if fi, lerr := os.Lstat(p); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			t, err := os.Readlink(p)
			if err != nil {
				return "", err
			}
			if !filepath.IsAbs(t) {
				t = filepath.Join(filepath.Dir(p), t)
			}
			p = t // a link to a folder not made yet
			continue
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest), nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// owned returns nil when real is empty, marked, or an output folder of an
// earlier relais (which wrote no marker: it has relais's _headers and
// nginx.conf).
func owned(real, dest string) error {
	ents, err := os.ReadDir(real)
	if err != nil {
		return i18n.Errorf("cannot read the output folder %s: %w", dest, err)
	}
	if len(ents) == 0 {
		return nil
	}
	names := map[string]bool{}
	for _, e := range ents {
		names[e.Name()] = true
	}
	if names[Marker] {
		return nil
	}
	if names["_headers"] && names["nginx.conf"] {
		b, _ := os.ReadFile(filepath.Join(real, "nginx.conf"))
		if bytes.HasPrefix(b, []byte("# nginx configuration for this site, written by relais.")) {
			return nil
		}
	}
	e := &NotOursError{Dir: dest}
	for _, d := range ents {
		if len(e.Found) == 4 {
			e.Found = append(e.Found, fmt.Sprintf("and %d more", len(ents)-4))
			break
		}
		n := d.Name()
		if d.IsDir() {
			n += "/"
		}
		e.Found = append(e.Found, n)
	}
	return e
}

// recover restores the old tree when a fallback commit was killed between
// its two renames, and removes the staging folders of older versions.
func (f *Folder) recover() error {
	if _, err := os.Lstat(f.prev); err == nil {
		if _, err := os.Lstat(f.real); errors.Is(err, fs.ErrNotExist) {
			if err := os.Rename(f.prev, f.real); err != nil {
				return i18n.Errorf("cannot restore the output folder %s from %s: %w", f.dest, f.prev, err)
			}
		} else if err := os.RemoveAll(f.prev); err != nil {
			return err
		}
	}
	dir, base := filepath.Split(f.real)
	old, _ := filepath.Glob(filepath.Join(dir, "."+globEscape(base)+".relais-*"))
	for _, p := range old {
		if p != f.private && p != f.lockp {
			_ = os.RemoveAll(p)
		}
	}
	return nil
}

// makePrivate makes the folder that holds the standby, readable by its
// user only, or makes it so.
func (f *Folder) makePrivate() error {
	fi, err := os.Lstat(f.private)
	if err == nil && (!fi.IsDir() || fi.Mode()&fs.ModeSymlink != 0) {
		if err := os.RemoveAll(f.private); err != nil {
			return err
		}
		err = fs.ErrNotExist
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.Mkdir(f.private, 0o700)
	case err != nil:
		return err
	case fi.Mode().Perm() != 0o700:
		return os.Chmod(f.private, 0o700)
	}
	return nil
}

func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Tx is one build's set of writes. Its methods are safe for concurrent
// use.
type Tx struct {
	f      *Folder
	unlock func()
	// fresh is set when nothing is published yet: nothing to compare with.
	fresh bool
	// empty is set when the standby was made empty by Begin: nothing
	// stands where a file is written.
	empty bool

	dirs sync.Map // folders known to exist in the standby

	mu     sync.Mutex
	staged map[string]bool
}

// Begin starts a build's writes.
func (f *Folder) Begin() (*Tx, error) {
	if f.discard != nil {
		return &Tx{f: f, unlock: func() {}, fresh: true, empty: true, staged: map[string]bool{}}, nil
	}
	if err := os.MkdirAll(filepath.Dir(f.real), 0o755); err != nil {
		return nil, i18n.Errorf("cannot create the folder that holds the output folder %s: %w", f.dest, err)
	}
	unlock, err := lock(f.lockp)
	if err != nil {
		return nil, i18n.Errorf("cannot lock the output folder %s: %w", f.dest, err)
	}
	t := &Tx{f: f, unlock: unlock, staged: map[string]bool{}}
	if _, err := os.Lstat(f.real); errors.Is(err, fs.ErrNotExist) {
		t.fresh = true
	}
	if err := f.makePrivate(); err != nil {
		unlock()
		return nil, i18n.Errorf("cannot create the folder %s beside the output folder: %w", f.private, err)
	}
	fi, err := os.Lstat(f.next)
	if err == nil && (!fi.IsDir() || fi.Mode()&fs.ModeSymlink != 0) {
		_ = os.Remove(f.next)
		err = fs.ErrNotExist
	}
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			unlock()
			return nil, err
		}
		if err := os.Mkdir(f.next, 0o755); err != nil {
			unlock()
			return nil, i18n.Errorf("cannot create the folder %s beside the output folder: %w", f.next, err)
		}
		t.empty = true
		f.known, f.differ, f.published = false, nil, nil
		if t.fresh {
			// An empty standby for an empty output: its state is known.
			f.known, f.differ, f.published = true, map[string]bool{}, map[string]bool{}
		}
	}
	t.dirs.Store(f.next, true)
	return t, nil
}

// Fresh reports that nothing is published yet: the output folder is
// missing (never built, or deleted since).
func (t *Tx) Fresh() bool { return t.fresh }

// same reports whether the published folder already holds exactly b at
// rel.
func (t *Tx) same(rel string, b []byte) bool {
	if t.fresh {
		return false
	}
	p := filepath.Join(t.f.real, filepath.FromSlash(rel))
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(b)) {
		return false
	}
	old, err := os.ReadFile(p)
	return err == nil && bytes.Equal(old, b)
}

// Write writes b for rel (a slash-separated path under the output folder),
// unless the published folder already holds those bytes. It reports whether
// the file was written.
func (t *Tx) Write(rel string, b []byte) (bool, error) {
	if d := t.f.discard; d != nil {
		t.mark(rel)
		d.write(rel, b)
		return true, nil
	}
	if t.same(rel, b) {
		return false, nil
	}
	return true, t.stage(rel, func(f *os.File) error {
		_, err := f.Write(b)
		return err
	})
}

// Copy writes the contents of the file open opens, of the given size, for
// rel, unless the published folder already holds the same bytes.
func (t *Tx) Copy(rel string, size int64, open func() (io.ReadCloser, error)) (bool, error) {
	if d := t.f.discard; d != nil {
		t.mark(rel)
		d.copy(rel, open)
		return true, nil
	}
	if same, err := t.sameAs(rel, size, open); err != nil {
		return false, err
	} else if same {
		return false, nil
	}
	return true, t.stage(rel, func(f *os.File) error {
		r, err := open()
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(f, r)
		return err
	})
}

func (t *Tx) sameAs(rel string, size int64, open func() (io.ReadCloser, error)) (bool, error) {
	if t.fresh {
		return false, nil
	}
	p := filepath.Join(t.f.real, filepath.FromSlash(rel))
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != size {
		return false, nil
	}
	old, err := os.Open(p)
	if err != nil {
		return false, nil
	}
	defer old.Close()
	r, err := open()
	if err != nil {
		return false, err
	}
	defer r.Close()
	a := make([]byte, 64<<10)
	b := make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(old, a)
		nb, eb := io.ReadFull(r, b)
		if na != nb || !bytes.Equal(a[:na], b[:nb]) {
			return false, nil
		}
		if ea != nil || eb != nil {
			return (ea == io.EOF || ea == io.ErrUnexpectedEOF) && (eb == io.EOF || eb == io.ErrUnexpectedEOF), nil
		}
	}
}

// stage writes a new file at rel in the standby. The standby's file may be
// a hard link to a published one: it is unlinked, never written through.
func (t *Tx) stage(rel string, fill func(*os.File) error) error {
	if !fs.ValidPath(rel) || rel == "." || rel == Marker {
		return fmt.Errorf("output path %q is not a clean relative path", rel)
	}
	p := filepath.Join(t.f.next, filepath.FromSlash(rel))
	t.mu.Lock()
	t.staged[rel] = true
	t.mu.Unlock()
	if t.empty {
		// A new standby: only the folders are missing.
		if err := t.mkdir(filepath.Dir(p)); err != nil {
			return err
		}
	} else if err := t.clear(p); err != nil {
		return err
	}
	fl, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if err := fill(fl); err != nil {
		fl.Close()
		return err
	}
	return fl.Close()
}

// mark notes rel as written by this build.
func (t *Tx) mark(rel string) {
	t.mu.Lock()
	t.staged[rel] = true
	t.mu.Unlock()
}

// clear makes room for a new file at p in the standby: its folder exists,
// and nothing stands at p.
func (t *Tx) clear(p string) error {
	if err := t.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	fi, err := os.Lstat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.IsDir():
		return os.RemoveAll(p)
	}
	return os.Remove(p)
}

// mkdir makes a standby folder and its parents, once; a file standing
// where a folder is needed is removed.
func (t *Tx) mkdir(dir string) error {
	if _, ok := t.dirs.Load(dir); ok {
		return nil
	}
	if err := t.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrExist) {
		if fi, e := os.Lstat(dir); e == nil && !fi.IsDir() {
			if err = os.Remove(dir); err == nil {
				err = os.Mkdir(dir, 0o755)
			}
		} else {
			err = nil
		}
	}
	if err != nil {
		return err
	}
	t.dirs.Store(dir, true)
	return nil
}

// ReadFile reads the file at rel as the build will publish it: written by
// this build, or published already.
func (t *Tx) ReadFile(rel string) ([]byte, error) {
	if d := t.f.discard; d != nil {
		return d.read(rel)
	}
	t.mu.Lock()
	staged := t.staged[rel]
	t.mu.Unlock()
	dir := t.f.real
	if staged {
		dir = t.f.next
	}
	return os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
}

// Staged returns the paths written so far, sorted.
func (t *Tx) Staged() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]string, 0, len(t.staged))
	for p := range t.staged {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Commit publishes the build whose files are keep (every output, written
// by this build or not): the standby gets the published copy of each file
// not written, loses every file not in keep, and is exchanged with the
// output folder. On error the output folder is as it was.
func (t *Tx) Commit(keep map[string]bool) error {
	if t.f.discard != nil {
		return nil
	}
	defer t.unlock()
	f := t.f
	if err := t.sync(keep); err != nil {
		f.known = false
		return i18n.Errorf("cannot prepare the new output folder beside %s: %w", f.dest, err)
	}
	if err := os.WriteFile(filepath.Join(f.next, Marker), []byte(markerText), 0o644); err != nil {
		f.known = false
		return err
	}
	if err := f.exchange(t.fresh); err != nil {
		f.known = false
		return i18n.Errorf("cannot replace the output folder %s: %w", f.dest, err)
	}
	// The build is published. The standby is now the previous tree: what
	// of it the new build does not publish as it is goes.
	if err := t.prune(keep); err != nil {
		f.known = false
	}
	return nil
}

// prune removes from the standby, which holds the previous build after a
// commit, every file that is not a published one: those this build wrote
// (the standby has their old version), and those it does not publish.
// What is left are links to published files, and the standby's state is
// known: it differs from the published tree only where files are missing.
func (t *Tx) prune(keep map[string]bool) error {
	f := t.f
	differ := make(map[string]bool, len(t.staged))
	var remove []string
	for p := range t.staged {
		differ[p] = true
		if !t.fresh {
			// A first build's standby is empty: nothing to remove (each
			// removal was a failing system call: 2 % of the build).
			remove = append(remove, p)
		}
	}
	switch {
	case t.fresh:
		// The standby is the empty folder made after the first commit.
		for p := range keep {
			differ[p] = true
		}
	case f.known:
		for p := range f.published {
			if !keep[p] && !t.staged[p] {
				remove = append(remove, p)
			}
		}
	default:
		// The previous tree's files were not listed: walk them.
		present := map[string]bool{}
		err := filepath.WalkDir(f.next, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(f.next, p)
			rel = filepath.ToSlash(rel)
			switch {
			case t.staged[rel]:
			case keep[rel]:
				present[rel] = true
			default:
				remove = append(remove, rel)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for p := range keep {
			if !present[p] {
				differ[p] = true
			}
		}
	}
	if err := t.remove(remove); err != nil {
		return err
	}
	published := make(map[string]bool, len(keep))
	for p := range keep {
		published[p] = true
	}
	f.known, f.differ, f.published = true, differ, published
	return nil
}

// sync brings the standby to keep: the files written are there; every
// other file of keep is linked from the published tree; nothing else
// remains.
func (t *Tx) sync(keep map[string]bool) error {
	f := t.f
	var check, remove []string
	if f.known {
		for p := range keep {
			if !t.staged[p] && (f.differ[p] || !f.published[p]) {
				check = append(check, p)
			}
		}
		for p := range f.differ {
			if !keep[p] {
				remove = append(remove, p)
			}
		}
		for p := range f.published {
			if !keep[p] && !f.differ[p] {
				remove = append(remove, p)
			}
		}
	} else {
		for p := range keep {
			if !t.staged[p] {
				check = append(check, p)
			}
		}
		err := filepath.WalkDir(f.next, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(f.next, p)
			rel = filepath.ToSlash(rel)
			if !keep[rel] && rel != Marker {
				remove = append(remove, rel)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := t.remove(remove); err != nil {
		return err
	}
	sort.Strings(check)
	for _, rel := range check {
		if err := t.link(rel); err != nil {
			return err
		}
	}
	return nil
}

// remove removes files from the standby, then the folders it emptied.
func (t *Tx) remove(files []string) error {
	f := t.f
	dirs := map[string]bool{}
	for _, rel := range files {
		p := filepath.Join(f.next, filepath.FromSlash(rel))
		if err := os.Remove(p); err != nil {
			// Gone already (or its folder is a file now), or a folder
			// that files of keep are in: nothing to remove.
			if fi, e := os.Lstat(p); e == nil && !fi.IsDir() {
				return err
			}
		}
		for d := filepath.Dir(p); len(d) > len(f.next); d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	// Remove emptied folders, deepest first.
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	for _, d := range list {
		if fi, err := os.Lstat(d); err == nil && fi.IsDir() {
			_ = os.Remove(d) // fails, as it should, when not empty
		}
	}
	return nil
}

// link makes the standby's rel the published file itself: a hard link, or
// a copy with the same modification time where links are not possible.
func (t *Tx) link(rel string) error {
	src := filepath.Join(t.f.real, filepath.FromSlash(rel))
	dst := filepath.Join(t.f.next, filepath.FromSlash(rel))
	sfi, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if dfi, err := os.Lstat(dst); err == nil && os.SameFile(sfi, dfi) {
		return nil
	}
	if err := t.clear(dst); err != nil {
		return err
	}
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chtimes(dst, sfi.ModTime(), sfi.ModTime())
}

// exchange puts the standby in the output folder's place and the old tree
// in the standby's.
func (f *Folder) exchange(fresh bool) error {
	if fresh {
		if err := os.MkdirAll(filepath.Dir(f.real), 0o755); err != nil {
			return err
		}
		if err := os.Rename(f.next, f.real); err != nil {
			return err
		}
		return os.Mkdir(f.next, 0o755)
	}
	if err := swap(f.next, f.real); err == nil {
		return nil
	}
	// The fallback: the old tree aside, the new one in place, the old one
	// as the standby. Open restores the old tree if killed in between.
	if err := os.Rename(f.real, f.prev); err != nil {
		return err
	}
	if err := os.Rename(f.next, f.real); err != nil {
		if rerr := os.Rename(f.prev, f.real); rerr != nil {
			return i18n.Errorf("%w (and the old folder could not be put back from %s: %v)", err, f.prev, rerr)
		}
		return err
	}
	return os.Rename(f.prev, f.next)
}

// Abort ends a failed build: the output folder is untouched. What the
// build wrote into the standby is removed (it may have filled the disk),
// and noted as differing.
func (t *Tx) Abort() {
	if t.f.discard != nil {
		return
	}
	defer t.unlock()
	for p := range t.staged {
		_ = os.Remove(filepath.Join(t.f.next, filepath.FromSlash(p)))
		if t.f.known {
			t.f.differ[p] = true
		}
	}
}
