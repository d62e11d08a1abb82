package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// An atomic switch, on an SFTP server whose web server follows a
// symbolic link as the site's folder: each deploy makes the whole site
// as a new release in a hidden folder beside it (.www.relais-releases/),
// unchanged files linked from the current release rather than sent
// (hardlink@openssh.com), then points the site's folder, a link, at the
// new release with one rename: readers see the old site or the new one,
// never a mix. The previous release is kept; older ones are deleted.

// releasesDir is where the releases of the site's folder dir are.
func releasesDir(dir string) string {
	return path.Join(path.Dir(dir), "."+path.Base(dir)+".relais-releases")
}

// at is the server seen from another folder.
func (s *SFTP) at(root string) *SFTP {
	return &SFTP{conn: s.conn, clients: s.clients, root: root}
}

// current is the release the site's folder points at, "" if it is not a
// link relais made.
func (s *SFTP) current() (string, error) {
	fi, err := s.c().Lstat(s.root)
	if err != nil {
		return "", err
	}
	if fi.Mode()&os.ModeSymlink == 0 {
		return "", nil
	}
	to, err := s.c().ReadLink(s.root)
	if err != nil {
		return "", err
	}
	if !path.IsAbs(to) {
		to = path.Join(path.Dir(s.root), to)
	}
	if path.Dir(to) != releasesDir(s.root) {
		return "", &Problem{Kind: Other, Err: fmt.Errorf("%s points at %s, which relais did not make", s.root, to)}
	}
	return to, nil
}

// PlanSwitch compares the site with the current release (a first switch:
// with the folder as it is).
func (s *SFTP) PlanSwitch(ctx context.Context, files []File) (*Plan, error) {
	cur, err := s.current()
	if err != nil {
		return nil, err
	}
	from := s
	if cur != "" {
		from = s.at(cur)
	}
	return MakePlan(ctx, from, files)
}

// RunSwitch makes the new release and switches the site to it.
func (s *SFTP) RunSwitch(ctx context.Context, p *Plan, o Options) error {
	if err := p.CheckLimit(o); err != nil {
		return err
	}
	cur, err := s.current()
	if err != nil {
		return err
	}
	rels := releasesDir(s.root)
	if err := s.c().MkdirAll(rels); err != nil {
		return err
	}
	if cur == "" {
		// The first time, the folder becomes the first release and a
		// link to it takes its place: the only moment (a rename, then a
		// link) when the folder is not there.
		cur = path.Join(rels, "0")
		if err := s.c().PosixRename(s.root, cur); err != nil {
			return err
		}
		if err := s.c().Symlink(cur, s.root); err != nil {
			_ = s.c().PosixRename(cur, s.root)
			return err
		}
	}
	from := s.at(cur)
	next := path.Join(rels, fmt.Sprint(time.Now().UnixNano()))
	to := s.at(next)
	if err := s.c().Mkdir(next); err != nil {
		return err
	}
	fail := func(err error) error {
		_ = s.removeAll(next)
		return err
	}
	man := &Manifest{Version: manifestVersion, Files: map[string]Published{}}
	send := map[string]bool{}
	for _, n := range p.Add {
		send[n] = true
	}
	for _, n := range p.Change {
		send[n] = true
	}
	// What stays: the site's unchanged files, and what relais never
	// published there (the host's .htaccess), linked, not sent.
	var keep []string
	for name := range p.remote {
		_, mine := p.man.Files[name]
		_, site := p.files[name]
		if name == ManifestName || strings.Contains(path.Base(name), tempMark) || send[name] || mine && !site {
			continue
		}
		keep = append(keep, name)
	}
	sort.Strings(keep)
	total := len(keep) + len(send)
	done := 0
	var sent int64
	tell := func(n int64) {
		done++
		sent += n
		if o.Progress != nil {
			o.Progress(done, total, sent)
		}
	}
	for _, name := range keep {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		if err := to.mkdirs(path.Dir(to.abs(name))); err != nil {
			return fail(err)
		}
		if err := s.c().Link(from.abs(name), to.abs(name)); err != nil {
			return fail(err)
		}
		if m, ok := p.man.Files[name]; ok {
			man.Files[name] = m
		}
		tell(0)
	}
	var names []string
	for n := range send {
		names = append(names, n)
	}
	sort.Strings(names)
	var mu sync.Mutex
	err = parallel(ctx, max(o.Parallel, 4), names, func(name string) error {
		f := p.files[name]
		e, err := to.write(name, f.Open, f.Size)
		if err != nil {
			return err
		}
		mu.Lock()
		man.Files[name] = Published{Sum: f.Sum, Size: e.Size, MTime: e.MTime}
		tell(f.Size)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return fail(s.full(err, 0))
	}
	b, err := json.Marshal(man)
	if err != nil {
		return fail(err)
	}
	if _, err := to.write(ManifestName, func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(string(b))), nil }, int64(len(b))); err != nil {
		return fail(err)
	}
	// The switch: a new link, renamed over the old one.
	link := path.Join(path.Dir(s.root), "."+path.Base(s.root)+tempMark+fmt.Sprint(time.Now().UnixNano()%1e9))
	if err := s.c().Symlink(next, link); err != nil {
		return fail(err)
	}
	if err := s.c().PosixRename(link, s.root); err != nil {
		_ = s.c().Remove(link)
		return fail(err)
	}
	// The previous release stays (to go back by hand); older ones go.
	ents, err := s.c().ReadDir(rels)
	if err != nil {
		return nil
	}
	for _, e := range ents {
		if d := path.Join(rels, e.Name()); d != next && d != cur {
			_ = s.removeAll(d)
		}
	}
	return nil
}

// mkdirs makes a folder and those above it, if not known to exist.
func (s *SFTP) mkdirs(dir string) error {
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	if err := s.c().MkdirAll(dir); err != nil {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

// write writes a file of a release that is not online yet: under its
// own name at once.
func (s *SFTP) write(name string, open func() (io.ReadCloser, error), size int64) (Entry, error) {
	dst := s.abs(name)
	if err := s.mkdirs(path.Dir(dst)); err != nil {
		return Entry{}, err
	}
	src, err := open()
	if err != nil {
		return Entry{}, err
	}
	defer src.Close()
	f, err := s.c().OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	if err != nil {
		return Entry{}, err
	}
	n, err := f.ReadFrom(src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n != size {
		err = fmt.Errorf("%s: %d bytes written of %d", name, n, size)
	}
	if err != nil {
		return Entry{}, err
	}
	fi, err := s.c().Stat(dst)
	if err != nil {
		return Entry{}, err
	}
	return Entry{Size: fi.Size(), MTime: fi.ModTime().Unix()}, nil
}

// removeAll deletes a folder and what it holds.
func (s *SFTP) removeAll(dir string) error {
	ents, err := s.c().ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, e := range ents {
		p := path.Join(dir, e.Name())
		if e.IsDir() {
			if err := s.removeAll(p); err != nil {
				return err
			}
			continue
		}
		if err := s.c().Remove(p); err != nil {
			return err
		}
	}
	return s.c().RemoveDirectory(dir)
}
