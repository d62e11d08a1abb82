package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"

	"relais/internal/config"
	"relais/internal/golive"
	"relais/internal/i18n"
	"relais/internal/server"
)

func runServe(ctx context.Context, env Env, l i18n.Lang, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(l, "serve", stderr)
	var bf buildFlags
	bf.register(l, fs, "")
	bind := fs.String("bind", "127.0.0.1", l.Say("the `address` to listen on (loopback by default: the preview is not shared)"))
	port := fs.Int("port", 1313, l.Say("the `port`; 0 picks a free one"))
	noNav := fs.Bool("no-navigate", false, l.Say("do not send the browser to the page being edited"))
	noEdit := fs.Bool("no-edit", false, l.Say("do not offer the editor at /_relais/edit/"))
	pwFile := fs.String("edit-password-file", "", l.Say("with --bind on a network, turn the editor on, asking for the password in this `file`"))
	if code, ok := fs.parseNone(args); !ok {
		return code
	}
	edit, password := !*noEdit, ""
	if ip := net.ParseIP(*bind); *bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		what := i18n.T("the site as it is being written")
		if bf.drafts {
			what = i18n.T("the site as it is being written, drafts included (-D)")
		}
		l.Print(stderr, "relais serve: warning: --bind %s shares the preview with every device that can reach this computer (the local network, maybe more): they can read %s. Use it only on a network you trust, and stop it after.\n", *bind, what)
		if *pwFile == "" {
			edit = false
			if !*noEdit {
				l.Print(stderr, "relais serve: the editor is off, since the preview is shared: to turn it on, give it a password with --edit-password-file\n")
			}
		} else if edit {
			l.Print(stderr, "relais serve: warning: the editor's password travels in clear with each page (plain HTTP): choose one you use nowhere else, and share the editor only on a network you trust, or behind HTTPS (a reverse proxy such as Caddy). After five wrong passwords, a device waits a minute, then longer.\n")
		}
	}
	if *pwFile != "" && edit {
		b, err := os.ReadFile(*pwFile)
		password = strings.TrimSpace(string(b))
		if err != nil || len(password) < 12 {
			l.Print(stderr, "relais serve: --edit-password-file %s: the file must hold a password of at least 12 characters\n", *pwFile)
			return 2
		}
	}
	ln, err := server.Listen(*bind, *port)
	if err != nil {
		fmt.Fprintln(stderr, "relais serve:", l.Err(err))
		return 1
	}
	// « Arrêter relais » in the editor ends it as Ctrl-C does.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	if err := serveSite(ctx, env, l, bf, ln, !*noNav, edit, password, stop, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "relais serve:", l.Err(err))
		return 1
	}
	return 0
}

// serveSite serves the site of bf on ln until ctx ends: the preview, the
// editor if edit, and its « Mettre en ligne ».
func serveSite(ctx context.Context, env Env, l i18n.Lang, bf buildFlags, ln net.Listener, navigate, edit bool, password string, stop func(), stdout, stderr io.Writer) error {
	if bf.dest == "" {
		dir, remove, err := server.PreviewDir()
		if err != nil {
			return err
		}
		defer remove()
		bf.dest = dir
	}
	opts, err := bf.options()
	if err != nil {
		return err
	}
	base := "/"
	if cfg, err := config.Load(opts.Source); err == nil {
		base = cfg.BasePath()
	}
	host := ln.Addr().(*net.TCPAddr)
	opts.BaseURL = fmt.Sprintf("http://%s%s", net.JoinHostPort(host.IP.String(), fmt.Sprint(host.Port)), base)
	// « Mettre en ligne » builds as relais deploy does: with site.toml's
	// address, every photo's size, in a folder of its own.
	var dep *golive.Session
	if edit {
		do := opts
		// Never the preview's address, drafts or pages out of their dates.
		do.BaseURL, do.Drafts, do.Future, do.Expired = "", false, false, false
		if src, err := filepath.Abs(bf.source); err == nil {
			do.Dest = golive.Dir(env.cacheDir(), src)
			do.OutputInSite = ""
			if err := os.MkdirAll(filepath.Dir(do.Dest), 0o700); err == nil {
				dep = &golive.Session{Env: env.golive(), Site: do, SiteDir: src, Lang: l}
			}
		}
	}
	// The pages first, the sizes of new photos after.
	opts.DeferSizes = true
	opts.Preview = true
	return server.Run(ctx, server.Config{
		SiteDir: bf.source, Site: opts, Listener: ln, BasePath: base,
		Navigate: navigate, Out: stdout, Err: stderr, Quiet: bf.quiet, Lang: l,
		Edit: edit, EditPassword: password, Templates: templates(bf.source), Deploy: dep, Stop: stop,
	})
}
