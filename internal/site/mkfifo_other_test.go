//go:build !unix

package site

import "errors"

func mkfifo(p string) error { return errors.ErrUnsupported }
