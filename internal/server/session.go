package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"relais/internal/diag"
	"relais/internal/editor"
	"relais/internal/golive"
	"relais/internal/i18n"
	"relais/internal/livereload"
	"relais/internal/scaffold"
	"relais/internal/site"
	"relais/internal/watch"
)

// Config configures a Session.
type Config struct {
	SiteDir  string // the site folder, watched
	Site     site.Options
	Listener net.Listener
	BasePath string
	// Navigate sends the browser to the page that was edited.
	Navigate bool
	Out, Err io.Writer
	Quiet    bool
	// Lang is the language of what it prints and the browser shows.
	Lang i18n.Lang
	// Edit serves the editor at /_relais/edit/ (package editor).
	Edit bool
	// EditPassword, when set, is asked for the editor (a shared preview).
	EditPassword string
	// Templates are those of new content, for the editor.
	Templates scaffold.Templates
	// Deploy is the editor's « Mettre en ligne »; nil: none.
	Deploy *golive.Session
	// Stop, if set, is what the editor's « Arrêter relais » calls.
	Stop func()
}

// Listen opens the dev server's socket, with an error that says what to do
// when the port is taken.
func Listen(bind string, port int) (net.Listener, error) {
	addr := net.JoinHostPort(bind, fmt.Sprint(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, i18n.Errorf("port %d on %s is already in use; stop the other program, or choose another port with --port (--port 0 picks a free one)", port, bind)
		}
		return nil, i18n.Errorf("cannot listen on %s: %s", addr, err)
	}
	return ln, nil
}

// Run builds the site, serves it and rebuilds on change until ctx is done.
// A build error does not stop it: the browsers show the error until the
// site is fixed.
func Run(ctx context.Context, c Config) error {
	// Watch before the first build, so that an edit made while it runs
	// (a large site takes seconds) is not lost: it makes a rebuild after.
	w, err := watch.New(c.SiteDir, site.Ignored)
	if err != nil {
		return err
	}
	defer w.Close()
	s := site.New(c.Site)
	defer s.Close()
	res, buildErr := s.Build(ctx)
	told := map[string]bool{} // the warnings printed: each once, not at every rebuild
	report(c, told, res, buildErr, false)
	pending := res.Pending
	broker := livereload.NewBroker()
	defer broker.Close()
	h, err := NewHandler(c.Site.Dest, c.BasePath, broker)
	if err != nil {
		return err
	}
	defer h.Close()
	h.Lang = c.Lang
	live := &liveSite{ctx: ctx, calls: make(chan func()), s: s, dest: c.Site.Dest}
	live.record(res, buildErr)
	if c.Edit {
		ed, err := editor.New(editor.Config{Dir: c.SiteDir, Site: live, Lang: c.Lang, Templates: c.Templates,
			Password: c.EditPassword, Stylesheets: live.Stylesheets, Deploy: c.Deploy, Stop: c.Stop})
		if err != nil {
			return err
		}
		h.Editor = ed
		h.sources.set(s.Sources())
	}
	// Idle connections close after a while; no write time-out, which would
	// cut the live-reload stream.
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		IdleTimeout: 2 * time.Minute}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(c.Listener) }()
	c.Lang.Print(c.Out, "relais: serving on http://%s%s (Ctrl-C to stop)\n", c.Listener.Addr(), c.BasePath)
	if c.Edit {
		c.Lang.Print(c.Out, "relais: edit the site in your browser at http://%s%s\n", c.Listener.Addr(), editor.Prefix)
	}

	if buildErr != nil {
		broker.Publish(Notice(s, res, buildErr, nil, false, c.Site.Source, c.Lang))
	}
	h.standIns.set(s.StandIns())
	toldPending := 0
	rebuild := func(changed []string) {
		started := time.Now()
		res, err := s.Rebuild(ctx, changed)
		report(c, told, res, err, true)
		live.record(res, err)
		live.built(changed, started)
		if c.Edit {
			h.sources.set(s.Sources())
		}
		h.standIns.set(s.StandIns())
		broker.Publish(Notice(s, res, err, changed, c.Navigate, c.Site.Source, c.Lang))
		pending = res.Pending
	}
	for {
		if pending > 0 && ctx.Err() == nil {
			// The pages are served (their new images in place of their
			// sizes): now the sizes, then the browsers reload to show
			// them. An edit meanwhile stops it, to be rebuilt at once;
			// what was made is in the cache, and the rest is made after.
			if !c.Quiet && pending != toldPending {
				c.Lang.Print(c.Out, "relais: making %d sizes of images (the pages show them when done)\n", pending)
			}
			toldPending = pending // said once, not again when an edit stopped it
			m := interruptible(ctx, s.MakePending, live.calls, w.Batches())
			if !errors.Is(m.err, context.Canceled) {
				report(c, told, m.res, m.err, true)
				live.record(m.res, m.err)
				h.standIns.set(s.StandIns())
				broker.Publish(Notice(s, m.res, m.err, nil, false, c.Site.Source, c.Lang))
				pending = m.res.Pending
				if m.err != nil {
					pending = 0
				}
				toldPending = 0
			}
			switch {
			case m.closed:
				return nil
			case m.call != nil:
				m.call()
			case m.changed != nil:
				rebuild(m.changed)
			}
			continue
		}
		select {
		case <-ctx.Done():
			broker.Close()
			shutCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_ = srv.Shutdown(shutCtx)
			return nil
		case err := <-served:
			return err
		case f := <-live.calls:
			f()
		case err := <-w.Errors():
			c.Lang.Print(c.Err, "relais: watching: %s\n", c.Lang.Err(err))
		case changed, ok := <-w.Batches():
			if !ok {
				return nil
			}
			rebuild(changed)
		}
	}
}

// stopped is how a run of interruptible ended: what the work gave (err
// is context.Canceled when it was stopped), and what stopped it: an
// editor's call, a batch of changes, or the end of the batches.
type stopped struct {
	res     site.Result
	err     error
	call    func()
	changed []string
	closed  bool
}

// interruptible runs work (the sizes of images, which take seconds) until
// it ends, or until an editor's call or a batch of changes comes: then it
// stops it and returns what came, to be handled at once. It returns when
// work has returned, so that the site is never used by two at once.
func interruptible(ctx context.Context, work func(context.Context) (site.Result, error), calls <-chan func(), batches <-chan []string) stopped {
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	type result struct {
		res site.Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := work(wctx)
		done <- result{res, err}
	}()
	var st stopped
	select {
	case r := <-done:
		st.res, st.err = r.res, r.err
		return st
	case st.call = <-calls:
	case changed, ok := <-batches:
		st.changed, st.closed = changed, !ok
	case <-ctx.Done():
	}
	stop()
	// Its workers finish what they hold, and take nothing more.
	r := <-done
	st.res, st.err = r.res, r.err
	return st
}

// report prints a build's outcome: its warnings not printed before (told
// holds those), its errors, and a summary.
func report(c Config, told map[string]bool, res site.Result, err error, rebuilt bool) {
	l := c.Lang
	for _, f := range res.Warnings {
		if t := f.In(l); !told[t] {
			told[t] = true
			fmt.Fprintln(c.Err, t)
		}
	}
	if err != nil {
		fmt.Fprintln(c.Err, l.Err(err))
		l.Print(c.Err, "relais: build failed; the browser shows the error until it is fixed\n")
		return
	}
	if !c.Quiet {
		if rebuilt {
			l.Print(c.Out, "relais: rebuilt in %s: %d rendered, %d written, %d removed\n",
				res.Duration.Round(time.Millisecond), res.Rendered, len(res.Written), len(res.Removed))
			return
		}
		l.Print(c.Out, "relais: built %s\n", res.SummaryIn(l))
	}
}

// Notice is the message for the browsers after a rebuild, in language l.
func Notice(s *site.Site, res site.Result, err error, changed []string, navigate bool, src fs.FS, l i18n.Lang) livereload.Message {
	if err != nil {
		return livereload.Message{Type: "error", Error: ErrorText(err, src, l), Title: l.Say("relais: the build failed")}
	}
	if len(res.Written) == 0 && len(res.Removed) == 0 {
		return livereload.Message{Type: "ok"}
	}
	onlyCSS := len(res.Removed) == 0
	var css []string
	for _, w := range res.Written {
		if !strings.HasSuffix(w, ".css") {
			onlyCSS = false
			break
		}
		css = append(css, s.Config().RelURL("/"+w))
	}
	if onlyCSS {
		return livereload.Message{Type: "css", CSS: css}
	}
	m := livereload.Message{Type: "reload"}
	if navigate {
		for _, c := range changed {
			if u := s.PageURL(c); u != "" {
				m.Navigate = u
				break
			}
		}
	}
	return m
}

// ErrorText formats a build error for the browser, in language lang: each
// finding, and for the first ones a few lines of the file around the line
// named.
func ErrorText(err error, src fs.FS, lang i18n.Lang) string {
	var l diag.List
	if !errors.As(err, &l) {
		return lang.Err(err)
	}
	var b strings.Builder
	for i, f := range l {
		b.WriteString(f.In(lang))
		b.WriteString("\n")
		if i < 3 && f.Line > 0 && f.File != "" {
			// Only a text file has lines to show: a workbook (a zip) or an
			// image is named by its row and column, or not at all.
			if data, err := fs.ReadFile(src, f.File); err == nil && utf8.Valid(data) && !bytes.Contains(data, []byte{0}) {
				lines := strings.Split(string(data), "\n")
				for n := max(1, f.Line-2); n <= min(len(lines), f.Line+2); n++ {
					mark := "  "
					if n == f.Line {
						mark = "> "
					}
					fmt.Fprintf(&b, "%s%4d | %s\n", mark, n, lines[n-1])
				}
			}
		}
		b.WriteString("\n")
	}
	return strings.TrimSpace(b.String())
}
