// Package relais holds what the relais binary carries with it: the default
// theme, which is the repository's own layouts folder.
package relais

import (
	"embed"
	"io/fs"
)

//go:embed all:layouts
var layouts embed.FS

// Theme returns the default theme's layouts folder.
func Theme() fs.FS {
	sub, err := fs.Sub(layouts, "layouts")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}
