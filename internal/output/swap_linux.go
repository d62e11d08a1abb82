package output

import "golang.org/x/sys/unix"

// swap exchanges the names a and b atomically.
func swap(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
