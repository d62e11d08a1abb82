//go:build unix

package output

import (
	"errors"
	"os"
	"syscall"

	"relais/internal/i18n"
)

// lock takes the lock file p, or fails at once if another build holds it.
// The system releases it when the process ends, even when killed.
func lock(p string) (unlock func(), err error) {
	f, err := os.OpenFile(p, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, i18n.Errorf("another relais is building into it; wait for it to end")
		}
		return nil, err
	}
	return func() { _ = f.Close() }, nil
}

// mountPoint reports a folder on another file system than its parent.
func mountPoint(dir string, fi os.FileInfo) bool {
	pfi, err := os.Stat(dir + "/..")
	if err != nil {
		return false
	}
	a, ok1 := fi.Sys().(*syscall.Stat_t)
	b, ok2 := pfi.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && a.Dev != b.Dev
}
