package output

import "golang.org/x/sys/unix"

// swap exchanges the names a and b atomically.
func swap(a, b string) error {
	return unix.RenamexNp(a, b, unix.RENAME_SWAP)
}
