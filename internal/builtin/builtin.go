// Package builtin lists the kinds of content every relais site has:
// workshop kits (package kit), the partner directory (package
// directory) and the workshop sessions (package agenda). It is the one place that names them; the command line
// gives them to each site it builds (site.Options.Extensions). A new
// kind is a package with an extension.Extension, added here.
package builtin

import (
	"relais/internal/agenda"
	"relais/internal/directory"
	"relais/internal/extension"
	"relais/internal/kit"
)

// Extensions are relais's kinds of content, in the order they own pages.
func Extensions() []extension.Extension {
	return []extension.Extension{kit.Extension{}, directory.Extension{}, agenda.Extension{}}
}
