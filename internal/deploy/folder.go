package deploy

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Folder is a target that is a folder: on this computer, or a network
// share the IT department serves.
type Folder struct{ Root string }

// OpenFolder opens a folder target; the folder must exist (a share that
// is not mounted must not become an empty folder on this computer).
func OpenFolder(root string) (*Folder, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: root, Err: errNotDir}
	}
	return &Folder{Root: root}, nil
}

type notDir struct{}

func (notDir) Error() string { return "not a folder" }

var errNotDir = notDir{}

func (f *Folder) abs(name string) string { return filepath.Join(f.Root, filepath.FromSlash(name)) }

// List implements Target.
func (f *Folder) List(ctx context.Context) (map[string]Entry, error) {
	out := map[string]Entry{}
	err := filepath.WalkDir(f.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(f.Root, p)
		out[filepath.ToSlash(rel)] = Entry{Size: fi.Size(), MTime: fi.ModTime().UnixNano()}
		return nil
	})
	return out, err
}

// Put implements Target.
func (f *Folder) Put(ctx context.Context, name string, open func() (io.ReadCloser, error), size int64) (Entry, error) {
	dst := f.abs(name)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return Entry{}, err
	}
	src, err := open()
	if err != nil {
		return Entry{}, err
	}
	defer src.Close()
	tmp := f.abs(tempName(name))
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return Entry{}, err
	}
	_, err = io.Copy(out, src)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.Remove(tmp)
		return Entry{}, err
	}
	fi, err := os.Stat(dst)
	if err != nil {
		return Entry{}, err
	}
	return Entry{Size: fi.Size(), MTime: fi.ModTime().UnixNano()}, nil
}

// Get implements Target.
func (f *Folder) Get(ctx context.Context, name string) ([]byte, error) {
	r, err := os.Open(f.abs(name))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, maxGet))
}

// Remove implements Target.
func (f *Folder) Remove(ctx context.Context, name string) error { return os.Remove(f.abs(name)) }

// RemoveDir implements Target.
func (f *Folder) RemoveDir(ctx context.Context, name string) error {
	if strings.Contains(name, "..") || path.Clean(name) != name {
		return fs.ErrInvalid
	}
	return os.Remove(f.abs(name)) // fails if not empty
}

// Close implements Target.
func (f *Folder) Close() error { return nil }
