// Package blob keeps large byte values, such as the rendered HTML of every
// page, out of the Go heap: in a temporary file that the process reads back
// when it needs them, from the operating system's cache.
//
// A build holds the HTML of each page from the moment its Markdown is
// converted until its outputs are written, and a preview server holds it
// between rebuilds. Kept on the heap, that HTML is most of a large site's
// memory, and the garbage collector doubles it; kept here, the memory of a
// build grows with the site's metadata (titles, dates, URLs), not with its
// text.
//
// The file is removed as soon as it is created where the system allows it
// (on Unix it lives on, unnamed, until closed), is readable by its owner
// only, and is closed when the Store is no longer used. When no temporary
// file can be made, values stay in memory.
package blob

import (
	"iter"
	"os"
	"runtime"
	"sync"
	"unsafe"
)

// IOError is a failure of the temporary file, kept by the Store (see
// Err).
type IOError struct {
	Op  string
	Err error
}

func (e *IOError) Error() string {
	return "cannot " + e.Op + " the temporary file holding the pages: " + e.Err.Error()
}

func (e *IOError) Unwrap() error { return e.Err }

// Ref names a value put in a Store. The zero Ref is the empty value.
type Ref struct {
	off int64
	n   int
	mem []byte // the value itself, in a Store that keeps values in memory
}

// Len is the value's length in bytes.
func (r Ref) Len() int { return r.n }

// Store holds values. It is safe for concurrent use.
//
// A full disk loses nothing: values that cannot be written stay in
// memory, and so do all values put after. A value that cannot be read
// back (the file is gone) reads as empty, and Err reports it: the caller
// checks Err before it uses what it made with the values.
type Store struct {
	mu      sync.Mutex
	f       *os.File // nil: values in memory
	pending []byte   // bytes put after flushed, not yet written
	end     int64    // bytes put in the file
	flushed int64    // bytes written to the file
	// stuck are the bytes a failed write could not put in the file, by
	// offset: they are read from memory.
	stuck map[int64][]byte
	err   error
}

// handle is what the cleanup of a Store needs, apart from the Store itself.
type handle struct {
	f    *os.File
	name string // set if the file could not be removed when created
}

// New returns a Store backed by a temporary file in dir ("" for the
// system's), or by memory when none can be made.
func New(dir string) *Store {
	s := &Store{}
	f, err := os.CreateTemp(dir, ".relais-blobs-*")
	if err != nil {
		return s
	}
	h := handle{f: f}
	if err := os.Remove(f.Name()); err != nil {
		h.name = f.Name() // Windows: remove it once closed
	}
	s.f = f
	runtime.AddCleanup(s, func(h handle) {
		h.f.Close()
		if h.name != "" {
			os.Remove(h.name)
		}
	}, h)
	return s
}

// Close releases the store's file at once, rather than when the store is
// collected. The store must not be used after.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f, s.pending, s.stuck = nil, nil, nil
	return err
}

// small values are kept in memory: reading them back would cost more than
// they weigh.
const small = 512

// bufSize is how many bytes are gathered before a write to the file.
const bufSize = 256 << 10

// Put stores a copy of b.
func (s *Store) Put(b []byte) Ref {
	if len(b) == 0 {
		return Ref{}
	}
	if len(b) < small {
		return Ref{n: len(b), mem: append([]byte(nil), b...)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil || s.stuck != nil {
		return Ref{n: len(b), mem: append([]byte(nil), b...)}
	}
	r := Ref{off: s.end, n: len(b)}
	s.pending = append(s.pending, b...)
	s.end += int64(len(b))
	if len(s.pending) >= bufSize {
		s.flush()
	}
	return r
}

// flush writes the pending bytes; when it cannot, they stay in memory.
func (s *Store) flush() {
	if len(s.pending) == 0 {
		return
	}
	if _, err := s.f.WriteAt(s.pending, s.flushed); err != nil {
		// The disk is full or gone: what could not be written is read
		// from memory, and later values stay there.
		s.stuck = map[int64][]byte{s.flushed: s.pending}
		s.pending = nil
		return
	}
	s.flushed = s.end
	s.pending = s.pending[:0]
}

// Get returns the value r names. The caller may keep it but must not
// change it.
func (s *Store) Get(r Ref) []byte {
	if r.n == 0 {
		return nil
	}
	if r.mem != nil {
		return r.mem
	}
	s.mu.Lock()
	if r.off >= s.flushed {
		// Not written yet, or never to be: copy it from memory.
		var from []byte
		at := s.flushed
		if s.stuck != nil {
			for off, b := range s.stuck {
				from, at = b, off
			}
		} else {
			from = s.pending
		}
		b := append([]byte(nil), from[r.off-at:r.off-at+int64(r.n)]...)
		s.mu.Unlock()
		return b
	}
	s.mu.Unlock()
	b := make([]byte, r.n)
	if _, err := s.f.ReadAt(b, r.off); err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = &IOError{Op: "read back", Err: err}
		}
		s.mu.Unlock()
		return nil
	}
	return b
}

// Err reports the first value that could not be read back, as an
// *IOError, or nil.
func (s *Store) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// GetString is Get as a string, without a second copy.
func (s *Store) GetString(r Ref) string {
	b := s.Get(r)
	// The bytes are never changed: a value read from the file is a new
	// slice nobody else holds, and a value in memory is never written to.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// Size reports how many bytes the store's file holds, values dropped
// included: a long-lived user compares it with what it still uses, and
// starts a new Store when most of it is garbage.
func (s *Store) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.end
}

// Compact returns s, or a new store (s closed) holding only the values
// refs names, each ref moved to it, when s is at least floor bytes and
// twice what they hold: a store whose values are replaced as a preview
// session goes on (a page rebuilt thousands of times) keeps mostly dead
// ones. refs must name the same values each time it is called.
func Compact(s *Store, floor int64, refs iter.Seq[*Ref]) *Store {
	var live int64
	for r := range refs {
		live += int64(r.Len())
	}
	if size := s.Size(); size < max(floor, 0) || size < 2*live {
		return s
	}
	fresh := New("")
	for r := range refs {
		*r = fresh.Put(s.Get(*r))
	}
	s.Close()
	return fresh
}
