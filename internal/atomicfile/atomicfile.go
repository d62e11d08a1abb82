// Package atomicfile writes a file whole or not at all: the bytes go to a
// temporary file beside it, synced, then renamed over it, so that a
// process killed or a disk full never leaves half a file.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes b as the file at path, readable by its owner alone (the
// mode os.CreateTemp gives).
func Write(path string, b []byte) error {
	dir, name := filepath.Split(path)
	tmp, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
