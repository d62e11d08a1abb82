// Package diskcache keeps the results of slow work (photos turned or
// resized) between builds, in a folder: one file per key, named by it.
//
// Each file is written whole (a temporary file renamed), so that a killed
// build leaves no half file. Failures are not errors: the work is done
// again.
package diskcache

import (
	"os"
	"path/filepath"
)

// Cache is what the slow work needs of a cache: a value by key.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, b []byte)
}

// Dir is a cache in a folder. Keys are file names: letters, digits, "-"
// and ".", made by the caller from a hash of the input and the operation.
// The empty Dir keeps nothing: a build without a cache folder.
type Dir string

// Get reads the value of key.
func (d Dir) Get(key string) ([]byte, bool) {
	if d == "" {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(string(d), key))
	return b, err == nil
}

// Has reports whether the cache holds key.
func (d Dir) Has(key string) bool {
	if d == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(string(d), key))
	return err == nil
}

// Put keeps b for key.
func (d Dir) Put(key string, b []byte) {
	if d == "" {
		return
	}
	if err := os.MkdirAll(string(d), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(string(d), ".tmp-*")
	if err != nil {
		return
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil && cerr == nil {
		if os.Rename(f.Name(), filepath.Join(string(d), key)) == nil {
			return
		}
	}
	os.Remove(f.Name())
}
