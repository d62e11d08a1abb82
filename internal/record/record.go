// Package record is what one render reads: the pages (their metadata,
// content or neighbours), lists, files, theme assets, site-wide facts and
// pages asked for by ID that an output is made from, with the sizes of
// images it shows and how many pages its paginator made. A rebuild makes
// again only the outputs one of whose inputs changed: the orchestrator
// keeps each output's record with a hash of every input, and compares.
//
// Reading goes through the one place that records it: a view reads a
// page by Page, a list through graph.Graph.List (a Render is its
// Recorder), and a file by Name. A list cannot be recorded under a name:
// Name takes a NameRead, which List is not.
package record

import (
	"iter"
	"sync"

	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/picture"
)

// Kind says what a render read.
type Kind uint8

// PageRead is what a render reads of a page, named by its number (Page).
type PageRead Kind

// NameRead is an input a render reads by name (Name). Lists are neither:
// they are read through graph.Graph.List, which records them by their
// key (ReadList).
type NameRead Kind

// The kinds of input a render reads.
const (
	Meta       PageRead = iota + 1 // a page's metadata
	Content                        // a page's content
	Neighbours                     // a page's neighbours in its section
)

const (
	File       NameRead = iota + 10 // a file of the site, by path
	Asset                           // a file of the theme, by name
	Site                            // a site-wide fact (package fact), by number
	PageByID                        // whether a page of that ID is published, and which (GetPage)
	Includable                      // whether a page of that ID can be included, and which
)

// List is a list of pages, by its key.
const List Kind = 20

// IsPage reports the kinds that read a page by its number.
func (k Kind) IsPage() bool {
	return k == Kind(Meta) || k == Kind(Content) || k == Kind(Neighbours)
}

// Key names an input. Pages are named by their number: looking them up
// is an index, with no string to hash, which matters when every output
// of a large site is checked. Lists are named by their key; files, theme
// assets, site-wide facts and pages asked for by ID by name.
type Key struct {
	Kind Kind
	Num  int32
	Name string
	List graph.ListKey // for List
}

// Image is a size of an image that a render needs.
type Image struct {
	Src string // the image's file, by its path in the site
	Op  picture.Op
}

// Render records what one render reads.
type Render struct {
	deps map[Key]struct{}
	// Pagers is, on a list's first page, how many pages its paginator
	// made.
	Pagers int
	// Images are the sizes of images the render needs.
	Images []Image
	// Cached are the keys of the cached partials being rendered,
	// outermost first, to stop one that includes itself.
	Cached []string
}

// New returns an empty record.
func New() *Render { return &Render{deps: map[Key]struct{}{}} }

// Page records that the render read a page's metadata, content or
// neighbours.
func (r *Render) Page(kind PageRead, p *page.Page) {
	r.deps[Key{Kind: Kind(kind), Num: p.Num}] = struct{}{}
}

// Name records that the render read a file, asset or page by ID, by
// name (a site-wide fact is recorded by Fact).
func (r *Render) Name(kind NameRead, name string) {
	if kind == Site {
		panic("record: a site-wide fact is recorded by Fact")
	}
	r.deps[Key{Kind: Kind(kind), Name: name}] = struct{}{}
}

// ReadList records that the render read a list: graph.Graph.List calls
// it, as every read of a list goes through there.
func (r *Render) ReadList(k graph.ListKey) {
	r.deps[Key{Kind: List, List: k}] = struct{}{}
}

// Fact records that the render read a site-wide fact.
func (r *Render) Fact(f fact.Fact) {
	r.deps[Key{Kind: Kind(Site), Num: int32(f)}] = struct{}{}
}

// ReadFact, ReadPageByID and ReadList make a Render the graph's
// graph.Recorder: every read of the page graph records itself here.
func (r *Render) ReadFact(f fact.Fact) { r.Fact(f) }

// ReadPageByID records whether a page of that ID is published, and which.
func (r *Render) ReadPageByID(id string) { r.Name(PageByID, id) }

// Keys are the inputs read, in no order.
func (r *Render) Keys() iter.Seq[Key] {
	return func(yield func(Key) bool) {
		for k := range r.deps {
			if !yield(k) {
				return
			}
		}
	}
}

// Len is how many inputs were read.
func (r *Render) Len() int { return len(r.deps) }

// add adds what o read, and the images it needs, to r.
func (r *Render) add(o *Render) {
	for k := range o.deps {
		r.deps[k] = struct{}{}
	}
	r.Images = append(r.Images, o.Images...)
}

// ForgetPage forgets that the render read the page numbered num.
func (r *Render) ForgetPage(num int32) {
	for k := range r.deps {
		if k.Num == num && k.Kind.IsPage() {
			delete(r.deps, k)
		}
	}
}

// Shared is a result made once per build by the first output that needs
// it (a cached partial, a kit's archive), in a record of its own: what
// making it read counts as read by every output that uses it.
type Shared[T any] struct {
	once sync.Once
	val  T
	err  error
	own  *Render
}

// SharedIn returns the shared result of key in m, one per build.
func SharedIn[T any](m *sync.Map, key string) *Shared[T] {
	e, ok := m.Load(key)
	if !ok {
		e, _ = m.LoadOrStore(key, &Shared[T]{})
	}
	return e.(*Shared[T])
}

// Get makes the result with build the first time, and adds what making
// it read to r.
func (sh *Shared[T]) Get(r *Render, build func(own *Render) (T, error)) (T, error) {
	sh.once.Do(func() {
		sh.own = New()
		sh.own.Cached = r.Cached
		sh.val, sh.err = build(sh.own)
	})
	r.add(sh.own)
	return sh.val, sh.err
}

// Made is the result, once Get has made it (the zero value before, or
// when making it failed), for cleaning up after the build.
func (sh *Shared[T]) Made() T { return sh.val }
