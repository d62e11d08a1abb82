package output

import (
	"io"
	"sync"
)

// Discard returns an output folder that keeps no file: a build into it
// renders and checks every output, as relais check needs, and writes
// nothing, so that a check costs no disk and leaves none to clean. With
// keep, what is written is held in memory for Tx.ReadFile (the partner
// area's leak check reads every public output back).
func Discard(keep bool) *Folder {
	return &Folder{discard: &discarded{keep: keep}}
}

// discarded is what a Discard folder's builds wrote: nothing, or the
// bytes when kept, and how to open again a file copied.
type discarded struct {
	keep  bool
	mu    sync.Mutex
	bytes map[string][]byte
	opens map[string]func() (io.ReadCloser, error)
}

func (d *discarded) write(rel string, b []byte) {
	if !d.keep {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.bytes == nil {
		d.bytes = map[string][]byte{}
	}
	d.bytes[rel] = append([]byte(nil), b...)
}

func (d *discarded) copy(rel string, open func() (io.ReadCloser, error)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.opens == nil {
		d.opens = map[string]func() (io.ReadCloser, error){}
	}
	d.opens[rel] = open
}

func (d *discarded) read(rel string) ([]byte, error) {
	d.mu.Lock()
	b, ok := d.bytes[rel]
	open := d.opens[rel]
	d.mu.Unlock()
	if ok {
		return b, nil
	}
	if open == nil {
		return nil, &pathError{rel}
	}
	r, err := open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// pathError says a file was not kept.
type pathError struct{ rel string }

func (e *pathError) Error() string { return e.rel + ": not kept (relais check writes no file)" }
