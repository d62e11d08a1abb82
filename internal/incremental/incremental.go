// Package incremental renders a build's outputs on every core, each only
// when what it read last time changed: an Output says how to make one,
// its Record what making it read (record.Key) and the hash of each input
// then; a Writer renders one unless it is fresh, checks it, keeps its
// anchors and search terms, and stages it in a transaction of the output
// folder if its bytes changed; Run renders a batch of outputs, gathering
// their records, the failures and the counts.
//
// Which outputs a build has, how each is rendered and checked, and the
// hash of each input now are the site's (package site); this package
// holds what makes a build incremental and concurrent.
package incremental

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
	"syscall"

	"relais/internal/blob"
	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/load"
	"relais/internal/page"
	"relais/internal/record"
)

// Record is what a build remembers of one output, to tell next time
// whether it must be rendered again.
type Record struct {
	Deps    []Dep
	Tpl     string
	TplHash uint64
	Sum     uint64         // hash of the bytes written
	Pagers  int            // on a list's first page: how many pages its paginator made
	Images  []record.Image // the sizes of images it shows
	IDs     []string       // an HTML page's id attributes, for links to anchors
	Hrefs   []string       // an HTML page's links, recorded for audits only
	// Search is what the search index keeps of a page, and SearchSum its
	// hash; 0 if the index does not hold it.
	Search    blob.Ref
	SearchSum uint64
}

// Dep is one input an output read, and its hash then.
type Dep struct {
	Key record.Key
	Val uint64
}

// Hash is the current hash of an input; 0 means it does not exist.
type Hash func(record.Key) uint64

// NewRecord is the record of what rendering with template tpl (whose
// hash is tplHash) read, as rc kept it, with each input's hash now.
func NewRecord(tpl string, tplHash uint64, rc *record.Render, hash Hash) *Record {
	rec := &Record{Tpl: tpl, TplHash: tplHash, Pagers: rc.Pagers, Images: uniqueImages(rc.Images), Deps: make([]Dep, 0, rc.Len())}
	for k := range rc.Keys() {
		rec.Deps = append(rec.Deps, Dep{k, hash(k)})
	}
	return rec
}

// Fresh reports whether every input of r is as it was.
func (r *Record) Fresh(hash Hash) bool {
	for _, d := range r.Deps {
		if hash(d.Key) != d.Val {
			return false
		}
	}
	return true
}

// uniqueImages is qs without repeats, in the order first seen.
func uniqueImages(qs []record.Image) []record.Image {
	if len(qs) == 0 {
		return nil
	}
	seen := make(map[record.Image]bool, len(qs))
	out := qs[:0:0]
	for _, q := range qs {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

// Output is one output of the build.
type Output struct {
	Out    string // path under the output folder
	Page   *page.Page
	Pager  int    // page number of a paginated list, 1-based; 0 if none
	Tpl    string // template, for pages
	HTML   bool   // an HTML page (counted in the summary)
	Render func(rc *record.Render, w *bytes.Buffer) error
	CopyOf *load.File // a file copied as it is
	// Stream makes an output too large to hold in memory (a kit's
	// archive): its size, how to read it, and a hash of its bytes.
	Stream func(rc *record.Render) (size int64, open func() (io.ReadCloser, error), sum uint64, err error)
}

// Run renders batches of outputs into one transaction, gathering their
// records (Next), the build's counts and the render errors.
type Run struct {
	// One renders an output unless its inputs are unchanged, and stages
	// it if its bytes changed: its record, and whether it was rendered.
	One func(o *Output, buf *bytes.Buffer) (*Record, bool, error)
	// Paths asks RenderedPaths to be kept (a rebuild's).
	Paths bool
	// Progress, if set, is told how many outputs of the batch are done.
	Progress func(done, total int)

	mu            sync.Mutex // guards what follows
	Next          map[string]*Record
	Rendered      int      // how many were rendered
	RenderedPaths []string // which, with Paths
	Errs          diag.List
	// Failed are the outputs whose rendering failed: links to them are
	// not broken, their error says why.
	Failed []string
	// DiskFull counts the outputs that could not be written for want of
	// space: one finding says it.
	DiskFull int
}

// Batch renders batch on every core, until ctx is done.
func (r *Run) Batch(ctx context.Context, batch []*Output) {
	if r.Next == nil {
		r.Next = map[string]*Record{}
	}
	work := make(chan *Output)
	var wg sync.WaitGroup
	done := 0
	// Writing a file blocks on the file system far longer than it uses
	// the processor: more workers than cores let those waits overlap.
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for o := range work {
				var rec *Record
				var rendered bool
				err := guard(func() (err error) {
					rec, rendered, err = r.One(o, &buf)
					return err
				})
				r.mu.Lock()
				switch {
				case errors.Is(err, syscall.ENOSPC):
					// Told once for the whole build, by the caller.
					r.DiskFull++
					r.Failed = append(r.Failed, o.Out)
				case err != nil:
					r.Errs.AddErr(graph.FileOf(o.Page), err)
					r.Failed = append(r.Failed, o.Out)
				default:
					r.Next[o.Out] = rec
					if rendered {
						r.Rendered++
						if r.Paths {
							r.RenderedPaths = append(r.RenderedPaths, o.Out)
						}
					}
				}
				done++
				if r.Progress != nil {
					r.Progress(done, len(batch))
				}
				r.mu.Unlock()
			}
		})
	}
	for _, o := range batch {
		if ctx.Err() != nil {
			break
		}
		work <- o
	}
	close(work)
	wg.Wait()
}

// guard runs f, turning a panic into an error: no input may crash relais,
// and the build's own recover does not reach a worker goroutine.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = i18n.Errorf("relais failed here (%v); this is a bug in relais: please report it with the site", r)
		}
	}()
	return f()
}
