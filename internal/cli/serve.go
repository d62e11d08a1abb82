package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"

	"relais/internal/config"
	"relais/internal/server"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", stderr)
	var bf buildFlags
	bf.register(fs, "")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on (loopback by default: the preview is not shared)")
	port := fs.Int("port", 1313, "the `port`; 0 picks a free one")
	noNav := fs.Bool("no-navigate", false, "do not send the browser to the page being edited")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if bf.dest == "" {
		dir, remove, err := server.PreviewDir()
		if err != nil {
			fmt.Fprintln(stderr, "relais serve:", err)
			return 1
		}
		defer remove()
		bf.dest = dir
	}
	opts, err := bf.options()
	if err != nil {
		fmt.Fprintln(stderr, "relais serve:", err)
		return 1
	}
	base := "/"
	if cfg, err := config.Load(opts.Source); err == nil {
		base = cfg.BasePath()
	}
	ln, err := server.Listen(*bind, *port)
	if err != nil {
		fmt.Fprintln(stderr, "relais serve:", err)
		return 1
	}
	if ip := net.ParseIP(*bind); *bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		what := "the site as it is being written"
		if bf.drafts {
			what += ", drafts included (-D)"
		}
		fmt.Fprintf(stderr, "relais serve: warning: --bind %s shares the preview with every device that can reach this computer "+
			"(the local network, maybe more): they can read %s. Use it only on a network you trust, and stop it after.\n", *bind, what)
	}
	host := ln.Addr().(*net.TCPAddr)
	opts.BaseURL = fmt.Sprintf("http://%s%s", net.JoinHostPort(host.IP.String(), fmt.Sprint(host.Port)), base)
	// The pages first, the sizes of new photos after.
	opts.DeferSizes = true
	err = server.Run(ctx, server.Config{
		SiteDir: bf.source, Site: opts, Listener: ln, BasePath: base,
		Navigate: !*noNav, Out: stdout, Err: stderr, Quiet: bf.quiet,
	})
	if err != nil {
		fmt.Fprintln(stderr, "relais serve:", err)
		return 1
	}
	return 0
}
