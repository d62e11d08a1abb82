// Package deploy puts a built site online: it sends to a target (an SFTP
// or FTPS server, or a folder) what changed since the last time, decided
// by content, and deletes what relais published there and the site no
// longer has, never anything else.
//
// The target keeps a manifest (ManifestName, a hidden file relais owns) of
// what relais published: each file's SHA-256, and its size and time as
// the server listed them. At each deploy the manifest is checked against
// a real listing: a file changed or deleted there by hand no longer
// matches and is sent again; a file the manifest does not name (the
// host's .htaccess, another site) is never touched. Each file is written
// under a temporary name and renamed over the old one, pages before the
// lists and home page that link to them, deletions last and the manifest
// after all: a deploy cut at any moment leaves each file old or new, and
// the next one finishes the job.
package deploy

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ManifestName is the manifest's name, at the top of the target.
const ManifestName = ".relais-deploy.json"

// maxGet bounds what relais reads back from a target (the manifest: 1.5
// MB for 13,000 files): a server cannot make it hold more. A manifest
// cut there does not parse, and is rebuilt from the listing.
const maxGet = 64 << 20

// tempMark is in the names of files being written: a deploy that was cut
// leaves some, which the next removes.
const tempMark = ".relais-tmp-"

// File is a file of the built site.
type File struct {
	Path string // relative, with slashes
	Size int64
	Sum  string // SHA-256, hex
	Open func() (io.ReadCloser, error)
}

// Local lists the files of a built site's folder, with their sums.
func Local(dir string) ([]File, error) {
	var out []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return err
		}
		out = append(out, File{Path: filepath.ToSlash(rel), Size: n, Sum: hex.EncodeToString(h.Sum(nil)),
			Open: func() (io.ReadCloser, error) { return os.Open(p) }})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, err
}

// Entry is a file on the target as it lists it.
type Entry struct {
	Size  int64
	MTime int64 // its time, in the target's own unit (seconds, or nanoseconds for a folder); 0: not known yet
}

// Target is where the site goes. Paths are relative to its top, with
// slashes; its methods may be called from several goroutines.
type Target interface {
	// List lists every file under the top (not folders).
	List(ctx context.Context) (map[string]Entry, error)
	// Put writes a file under a temporary name in its folder (made if
	// needed), renames it over the old one, and says how it is listed.
	Put(ctx context.Context, name string, open func() (io.ReadCloser, error), size int64) (Entry, error)
	// Get reads a file.
	Get(ctx context.Context, name string) ([]byte, error)
	// Remove deletes a file; RemoveDir a folder, if it is empty.
	Remove(ctx context.Context, name string) error
	RemoveDir(ctx context.Context, name string) error
	Close() error
}

// Manifest is what relais published on a target.
type Manifest struct {
	Version int                  `json:"version"`
	Files   map[string]Published `json:"files"`
}

// Published is a file relais published: its content's sum and how the
// target listed it then.
type Published struct {
	Sum   string `json:"sha256"`
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime"`
}

const manifestVersion = 1

// Plan is what a deploy does: the files to add, to change (on the target
// but different, or changed by hand) and to delete (published by relais,
// no longer in the site), and those left as they are.
type Plan struct {
	Add, Change, Delete []string
	Same                int
	Send                int64 // bytes to send
	// Leftovers are temporary files of a deploy that was cut.
	Leftovers []string
	// Rebuilt: the target had no manifest, or one that could not be
	// read: every file of the site is sent, and nothing is deleted (what
	// relais published there is not known).
	Rebuilt bool

	files  map[string]File
	man    *Manifest
	remote map[string]Entry
}

// MakePlan compares the site's files with the target.
func MakePlan(ctx context.Context, t Target, files []File) (*Plan, error) {
	remote, err := t.List(ctx)
	if err != nil {
		return nil, err
	}
	p := &Plan{files: map[string]File{}, remote: remote}
	p.man = &Manifest{Version: manifestVersion, Files: map[string]Published{}}
	if _, ok := remote[ManifestName]; ok {
		b, err := t.Get(ctx, ManifestName)
		var m Manifest
		if err != nil || json.Unmarshal(b, &m) != nil || m.Version != manifestVersion || m.Files == nil {
			p.Rebuilt = true
		} else {
			p.man = &m
		}
	} else {
		p.Rebuilt = true
	}
	for _, f := range files {
		p.files[f.Path] = f
		e, there := remote[f.Path]
		m, known := p.man.Files[f.Path]
		switch {
		case !there:
			p.Add = append(p.Add, f.Path)
			p.Send += f.Size
		case known && m.Sum == f.Sum && m.Size == e.Size && (m.MTime == e.MTime || m.MTime == 0):
			p.Same++
			if m.MTime == 0 { // sent by a deploy cut before it listed it
				m.MTime = e.MTime
				p.man.Files[f.Path] = m
			}
		default:
			// Different, changed by hand, or not known to be this file.
			p.Change = append(p.Change, f.Path)
			p.Send += f.Size
		}
	}
	for name := range p.man.Files {
		if _, ok := p.files[name]; ok {
			continue
		}
		if _, there := remote[name]; there {
			p.Delete = append(p.Delete, name)
		} else {
			delete(p.man.Files, name) // gone already
		}
	}
	for name := range remote {
		if strings.Contains(path.Base(name), tempMark) {
			p.Leftovers = append(p.Leftovers, name)
		}
	}
	sort.Strings(p.Delete)
	sort.Strings(p.Leftovers)
	return p, nil
}

// Empty reports whether the deploy has nothing to do.
func (p *Plan) Empty() bool {
	return len(p.Add)+len(p.Change)+len(p.Delete)+len(p.Leftovers) == 0 && !p.Rebuilt
}

// Published is how many files relais published on the target, as its
// manifest says.
func (p *Plan) Published() int { return len(p.man.Files) }

// TooManyDeletions is the error of a deploy that would delete more than
// its limit: deploying an empty or wrong folder is the classic accident.
type TooManyDeletions struct {
	N, Limit, Published int
}

func (e *TooManyDeletions) Error() string {
	return fmt.Sprintf("this deploy would delete %d of the %d files published (the limit is %d)", e.N, e.Published, e.Limit)
}

// Options set how a deploy runs.
type Options struct {
	// Parallel is how many files are in flight at once (4 if 0).
	Parallel int
	// MaxDeletions: a deploy that would delete more files than this, or
	// more than a third of those published, stops (TooManyDeletions)
	// unless Confirmed. 50 if 0.
	MaxDeletions int
	Confirmed    bool
	// Switch: the deploy is an atomic switch (SFTP.RunSwitch), as
	// site.toml asks; Run itself does not look at it.
	Switch bool
	// Progress, if set, is told after each file.
	Progress func(done, total int, sent int64)
}

// CheckLimit says whether the deletions need her confirmation.
func (p *Plan) CheckLimit(o Options) error {
	limit := cmp.Or(o.MaxDeletions, 50)
	n := len(p.Delete)
	if o.Confirmed || n == 0 {
		return nil
	}
	if n > limit || (n > 3 && 3*n > p.Published()) {
		return &TooManyDeletions{N: n, Limit: limit, Published: p.Published()}
	}
	return nil
}

// checkpoint is how many files are sent between two writes of the
// manifest: a deploy cut after that many resumes after them.
const checkpoint = 200

// Run carries out the plan.
func (p *Plan) Run(ctx context.Context, t Target, o Options) error {
	if err := p.CheckLimit(o); err != nil {
		return err
	}
	for _, name := range p.Leftovers {
		if err := t.Remove(ctx, name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	send := append(slices.Clone(p.Add), p.Change...)
	total := len(send) + len(p.Delete)
	var done atomic.Int64
	var sent atomic.Int64
	tell := func(n int64) {
		d := done.Add(1)
		s := sent.Add(n)
		if o.Progress != nil {
			o.Progress(int(d), total, s)
		}
	}
	var mu sync.Mutex // guards p.man and since
	since := 0
	save := func() error {
		mu.Lock()
		b, err := json.Marshal(p.man)
		mu.Unlock()
		if err != nil {
			return err
		}
		_, err = t.Put(ctx, ManifestName, func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(string(b))), nil }, int64(len(b)))
		return err
	}
	// What is about to be sent is written down first, as relais's: a
	// deploy cut before it wrote the manifest again still owns what it
	// put there, and the next deletes it if the site no longer has it. A
	// file added is whole once at its name (it was renamed there): it is
	// recorded with its sum, its time taken from the next listing; a file
	// replaced may still be the old one: recorded without a sum, it is
	// sent again.
	if len(send) > 0 {
		for _, name := range p.Add {
			f := p.files[name]
			p.man.Files[name] = Published{Sum: f.Sum, Size: f.Size}
		}
		for _, name := range p.Change {
			p.man.Files[name] = Published{Size: -1}
		}
		if err := save(); err != nil {
			return err
		}
	}
	for _, group := range order(send) {
		err := parallel(ctx, cmp.Or(o.Parallel, 4), group, func(name string) error {
			f := p.files[name]
			e, err := t.Put(ctx, name, f.Open, f.Size)
			if err != nil {
				return err
			}
			mu.Lock()
			p.man.Files[name] = Published{Sum: f.Sum, Size: e.Size, MTime: e.MTime}
			since++
			due := since >= checkpoint
			if due {
				since = 0
			}
			mu.Unlock()
			tell(f.Size)
			if due {
				return save()
			}
			return nil
		})
		if err != nil {
			_ = save() // what was sent is known: the next deploy resumes after it
			return err
		}
	}
	// What the site no longer has, last: nothing links to it any more.
	dirs := map[string]bool{}
	for _, name := range p.Delete {
		if err := t.Remove(ctx, name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			_ = save()
			return err
		}
		delete(p.man.Files, name)
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
		tell(0)
	}
	// Files whose time the target did not say when they were written
	// (FTP without MLSD): as the next listing will show it.
	if err := p.fillTimes(ctx, t); err != nil {
		_ = save()
		return err
	}
	// Folders left empty, deepest first (one that still holds anything,
	// relais's or not, stays).
	var ds []string
	for d := range dirs {
		ds = append(ds, d)
	}
	sort.Slice(ds, func(i, j int) bool {
		if a, b := depth(ds[i]), depth(ds[j]); a != b {
			return a > b
		}
		return ds[i] < ds[j]
	})
	for _, d := range ds {
		if !p.holds(d) {
			_ = t.RemoveDir(ctx, d)
		}
	}
	return save()
}

// fillTimes records the time of the files sent, as the target lists
// them, where it was not known.
func (p *Plan) fillTimes(ctx context.Context, t Target) error {
	unknown := false
	for _, m := range p.man.Files {
		if m.MTime == 0 {
			unknown = true
			break
		}
	}
	if !unknown {
		return nil
	}
	listed, err := t.List(ctx)
	if err != nil {
		return err
	}
	for name, m := range p.man.Files {
		if e, ok := listed[name]; ok && m.MTime == 0 && e.Size == m.Size {
			m.MTime = e.MTime
			p.man.Files[name] = m
		}
	}
	return nil
}

// holds reports whether the site keeps a file under dir.
func (p *Plan) holds(dir string) bool {
	for name := range p.files {
		if strings.HasPrefix(name, dir+"/") {
			return true
		}
	}
	return false
}

// order groups the files to send: first what pages use (styles, images,
// documents), then pages, the deepest first, and the home page last, so
// that no page links to one not yet there.
func order(names []string) [][]string {
	var assets []string
	byDepth := map[int][]string{}
	for _, n := range names {
		if path.Ext(n) != ".html" {
			assets = append(assets, n)
			continue
		}
		d := depth(n)
		byDepth[d] = append(byDepth[d], n)
	}
	var groups [][]string
	if len(assets) > 0 {
		groups = append(groups, assets)
	}
	var depths []int
	for d := range byDepth {
		depths = append(depths, d)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(depths)))
	for _, d := range depths {
		g := byDepth[d]
		sort.Strings(g)
		groups = append(groups, g)
	}
	return groups
}

// depth is how many folders deep a path is.
func depth(name string) int {
	n := 0
	for i := range len(name) {
		if name[i] == '/' {
			n++
		}
	}
	return n
}

// parallel calls f on each name with n at once, and returns the first
// error (the others are then not started).
func parallel(ctx context.Context, n int, names []string, f func(string) error) error {
	work := make(chan string)
	var wg sync.WaitGroup
	var first error
	var once sync.Once
	stop := make(chan struct{})
	for range min(n, len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range work {
				if err := f(name); err != nil {
					once.Do(func() { first = err; close(stop) })
				}
			}
		}()
	}
loop:
	for _, name := range names {
		select {
		case work <- name:
		case <-stop:
			break loop
		case <-ctx.Done():
			once.Do(func() { first = ctx.Err(); close(stop) })
			break loop
		}
	}
	close(work)
	wg.Wait()
	return first
}

// tempName is the name a file is written under before it is renamed.
func tempName(name string) string {
	dir, base := path.Split(name)
	return dir + "." + base + tempMark + fmt.Sprint(time.Now().UnixNano()%1e9)
}

// Test checks that relais may write on the target: it writes a small
// file, renames it and deletes it. What fails is a *Problem, which
// Explain says in her words.
func Test(ctx context.Context, t Target) error {
	name := ".relais-test" + tempMark + fmt.Sprint(time.Now().UnixNano()%1e9) // a leftover the next deploy removes
	data := "relais\n"
	if _, err := t.Put(ctx, name, func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(data)), nil }, int64(len(data))); err != nil {
		return problem(err)
	}
	b, err := t.Get(ctx, name)
	if err != nil || string(b) != data {
		_ = t.Remove(ctx, name)
		return problem(cmp.Or(err, errors.New("the test file read back is not the one written")))
	}
	if err := t.Remove(ctx, name); err != nil {
		return problem(err)
	}
	return nil
}

// problem is err as a *Problem, with what went wrong found in it.
func problem(err error) error {
	var p *Problem
	if errors.As(err, &p) {
		return err
	}
	return &Problem{Kind: classify(err), Err: err}
}
