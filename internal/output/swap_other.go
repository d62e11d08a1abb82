//go:build !linux && !darwin

package output

import "errors"

// swap is not available here: Commit falls back to two renames.
func swap(a, b string) error { return errors.ErrUnsupported }
