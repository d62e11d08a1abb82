//go:build !unix

package output

import "os"

// lock is a no-op where flock is missing.
func lock(p string) (unlock func(), err error) { return func() {}, nil }

// mountPoint is not detected here.
func mountPoint(dir string, fi os.FileInfo) bool { return false }
