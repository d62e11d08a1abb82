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
	"bufio"
	"os"
	"runtime"
	"sync"
	"unsafe"
)

// IOError is what Get panics with when the temporary file fails (a full
// disk): callers that recover from panics tell it from a bug.
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
type Store struct {
	mu      sync.Mutex
	f       *os.File // nil: values in memory
	w       *bufio.Writer
	end     int64 // bytes put in the file
	flushed int64 // bytes written to the file
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
	s.f, s.w = f, bufio.NewWriterSize(f, 256<<10)
	runtime.AddCleanup(s, func(h handle) {
		h.f.Close()
		if h.name != "" {
			os.Remove(h.name)
		}
	}, h)
	return s
}

// small values are kept in memory: reading them back would cost more than
// they weigh.
const small = 512

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
	if s.f == nil {
		return Ref{n: len(b), mem: append([]byte(nil), b...)}
	}
	if _, err := s.w.Write(b); err != nil {
		// The disk is full or gone: keep this value in memory.
		return Ref{n: len(b), mem: append([]byte(nil), b...)}
	}
	r := Ref{off: s.end, n: len(b)}
	s.end += int64(len(b))
	return r
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
	if r.off+int64(r.n) > s.flushed {
		if err := s.w.Flush(); err != nil {
			s.mu.Unlock()
			panic(&IOError{Op: "write to", Err: err})
		}
		s.flushed = s.end
	}
	s.mu.Unlock()
	b := make([]byte, r.n)
	if _, err := s.f.ReadAt(b, r.off); err != nil {
		panic(&IOError{Op: "read back", Err: err})
	}
	return b
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
