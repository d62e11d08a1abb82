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

// Dir is a cache in a folder. Keys are file names: letters, digits, "-"
// and ".", made by the caller from a hash of the input and the operation.
type Dir string

// Get reads the value of key.
func (d Dir) Get(key string) ([]byte, bool) {
	b, err := os.ReadFile(filepath.Join(string(d), key))
	return b, err == nil
}

// Has reports whether the cache holds key.
func (d Dir) Has(key string) bool {
	_, err := os.Stat(filepath.Join(string(d), key))
	return err == nil
}

// Put keeps b for key.
func (d Dir) Put(key string, b []byte) {
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
