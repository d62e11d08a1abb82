package cli

import (
	"context"
	"fmt"
	"io"
	"net"

	"relais/internal/i18n"
	"relais/internal/launcher"
	"relais/internal/scaffold"
)

// runLaunch is relais with no command, as a double-click starts it: her
// site opens in her browser (see package launcher).
func runLaunch(ctx context.Context, env Env, l i18n.Lang, stdout, stderr io.Writer) int {
	c := launcher.Config{
		ConfigDir: env.golive().ConfigDir, Home: launcher.Home(env.getenv), Lang: l, Out: stdout,
		Browser: launcher.Browser(env.getenv), Port: 1313, Now: env.now,
		Init: func(dir, title string) error {
			_, err := scaffold.Init(dir, templates(dir), title, env.now())
			return err
		},
		Serve: func(ctx context.Context, site string, ln net.Listener, stop func()) error {
			return serveSite(ctx, env, l, buildFlags{source: site, quiet: true}, ln, true, true, "", stop, stdout, stderr)
		},
	}
	if err := launcher.Run(ctx, c); err != nil {
		fmt.Fprintln(stderr, "relais:", l.Err(err))
		return 1
	}
	return 0
}
