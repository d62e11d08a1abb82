// Package output writes a build's files into the destination folder so that
// nothing is lost and nothing is half-written.
//
// A Tx stages every new or changed file in a hidden folder beside the
// destination. Nothing in the destination changes until Commit, which moves
// each staged file into place with a rename (atomic on one file system: a
// server reading the folder sees the old file or the new one, never a part)
// and then removes files that are no longer produced. Abort, after a failed
// build, removes the staging folder and leaves the destination exactly as it
// was. A file whose bytes did not change is not staged, so its modification
// time stays, which keeps rsync deploys small.
package output

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Tx is one build's set of writes. Its methods are safe for concurrent use.
type Tx struct {
	dest    string
	staging string

	// fresh is set when the destination was missing or empty: Commit then
	// renames the whole staging folder into place.
	fresh bool
	dirs  sync.Map // folders known to exist in the staging folder

	mu      sync.Mutex
	staged  []string
	removed []string
}

// Begin starts writing into dest, creating it if needed.
func Begin(dest string) (*Tx, error) {
	dest = filepath.Clean(dest)
	fresh := false
	if ents, err := os.ReadDir(dest); errors.Is(err, fs.ErrNotExist) || (err == nil && len(ents) == 0) {
		fresh = true
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output folder %s: %w", dest, err)
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	staging := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".relais-"+hex.EncodeToString(rnd[:]))
	if err := os.Mkdir(staging, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w", dest, err)
	}
	return &Tx{dest: dest, staging: staging, fresh: fresh}, nil
}

// Dest is the destination folder.
func (t *Tx) Dest() string { return t.dest }

// Same reports whether the destination already holds exactly b at rel.
func (t *Tx) Same(rel string, b []byte) bool {
	if t.fresh {
		return false
	}
	p := filepath.Join(t.dest, filepath.FromSlash(rel))
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(b)) {
		return false
	}
	old, err := os.ReadFile(p)
	return err == nil && bytes.Equal(old, b)
}

// Write stages b for rel (a slash-separated path under the destination),
// unless the destination already holds those bytes. It reports whether the
// file was staged.
func (t *Tx) Write(rel string, b []byte) (bool, error) {
	if t.Same(rel, b) {
		return false, nil
	}
	return true, t.stage(rel, func(f *os.File) error {
		_, err := f.Write(b)
		return err
	})
}

// Copy stages the contents of r, of the given size, for rel, unless the
// destination already holds the same bytes; open reopens the source for the
// comparison.
func (t *Tx) Copy(rel string, size int64, open func() (io.ReadCloser, error)) (bool, error) {
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
	p := filepath.Join(t.dest, filepath.FromSlash(rel))
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

func (t *Tx) stage(rel string, fill func(*os.File) error) error {
	if !fs.ValidPath(rel) || rel == "." {
		return fmt.Errorf("output path %q is not a clean relative path", rel)
	}
	p := filepath.Join(t.staging, filepath.FromSlash(rel))
	if err := t.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	t.mu.Lock()
	t.staged = append(t.staged, rel)
	t.mu.Unlock()
	return nil
}

// mkdir makes a staging folder and its parents, once.
func (t *Tx) mkdir(dir string) error {
	if _, ok := t.dirs.Load(dir); ok || dir == t.staging {
		return nil
	}
	if err := t.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	t.dirs.Store(dir, true)
	return nil
}

// Remove marks rel for removal at Commit.
func (t *Tx) Remove(rel string) {
	t.mu.Lock()
	t.removed = append(t.removed, rel)
	t.mu.Unlock()
}

// Staged returns the paths staged so far, sorted.
func (t *Tx) Staged() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := append([]string(nil), t.staged...)
	sort.Strings(out)
	return out
}

// RemoveOthers marks for removal every file in the destination that keep
// does not name, for a full build.
func (t *Tx) RemoveOthers(keep map[string]bool) error {
	return filepath.WalkDir(t.dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(t.dest, p)
		rel = filepath.ToSlash(rel)
		if !keep[rel] {
			t.Remove(rel)
		}
		return nil
	})
}

// Commit moves the staged files into the destination and removes the files
// marked for removal, then folders left empty.
func (t *Tx) Commit() error {
	defer os.RemoveAll(t.staging)
	if t.fresh {
		// Nothing to keep: the staging folder becomes the destination.
		if ents, err := os.ReadDir(t.dest); err == nil && len(ents) == 0 {
			if err := os.Remove(t.dest); err == nil {
				if err := os.Rename(t.staging, t.dest); err == nil {
					return nil
				}
				_ = os.MkdirAll(t.dest, 0o755)
			}
		}
	}
	var errs []error
	for _, rel := range t.Staged() {
		from := filepath.Join(t.staging, filepath.FromSlash(rel))
		to := filepath.Join(t.dest, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			// A file may stand where a folder is now needed.
			if fi, e := os.Lstat(filepath.Dir(to)); e == nil && !fi.IsDir() {
				_ = os.Remove(filepath.Dir(to))
				err = os.MkdirAll(filepath.Dir(to), 0o755)
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
		}
		if fi, err := os.Lstat(to); err == nil && fi.IsDir() {
			_ = os.RemoveAll(to)
		}
		if err := os.Rename(from, to); err != nil {
			errs = append(errs, err)
		}
	}
	dirs := map[string]bool{}
	t.mu.Lock()
	removed := append([]string(nil), t.removed...)
	t.mu.Unlock()
	for _, rel := range removed {
		p := filepath.Join(t.dest, filepath.FromSlash(rel))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
		for d := filepath.Dir(p); strings.HasPrefix(d, t.dest+string(filepath.Separator)); d = filepath.Dir(d) {
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
		_ = os.Remove(d) // fails, as it should, when not empty
	}
	return errors.Join(errs...)
}

// Abort discards the staged files; the destination is untouched.
func (t *Tx) Abort() { _ = os.RemoveAll(t.staging) }
