package server

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// previewPrefix names the preview's temporary folders.
const previewPrefix = "relais-serve-"

// PreviewDir makes the folder the preview builds into when no -d is given:
// inside a new temporary folder private to the user (0700), since the
// preview may hold drafts. remove deletes it. The temporary folders of
// earlier previews that were killed (their process is gone) are removed
// first.
func PreviewDir() (dest string, remove func(), err error) {
	removeStale(os.TempDir())
	dir, err := os.MkdirTemp("", previewPrefix)
	if err != nil {
		return "", nil, err
	}
	// MkdirTemp makes it 0700 already; say it, in case a umask or a
	// platform does otherwise.
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "pid"), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return filepath.Join(dir, "site"), func() { os.RemoveAll(dir) }, nil
}

// removeStale removes the preview folders in tmp whose process is gone.
func removeStale(tmp string) {
	ents, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), previewPrefix) {
			continue
		}
		dir := filepath.Join(tmp, e.Name())
		b, err := os.ReadFile(filepath.Join(dir, "pid"))
		if err != nil {
			continue // not ours, or not a preview of this version
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid == os.Getpid() || alive(pid) {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}
