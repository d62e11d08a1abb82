package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"relais/internal/config"
	"relais/internal/deploy"
	"relais/internal/diag"
	"relais/internal/golive"
	"relais/internal/i18n"
)

func runDeploy(ctx context.Context, env Env, l i18n.Lang, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(l, "deploy", stderr)
	var bf buildFlags
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&bf.source, n, ".", l.Say("the site `folder`"))
	}
	dry := fs.Bool("dry-run", false, l.Say("say what would be added, replaced and deleted, and change nothing"))
	test := fs.Bool("test", false, l.Say("test the connection: write, read and delete a small file on the server, and send nothing"))
	trust := fs.String("trust-host", "", l.Say("trust the server whose key (or certificate) has this `fingerprint` (SHA256:…), as your host gives it"))
	yes := fs.Bool("yes", false, l.Say("go on even if the deploy deletes more files than the limit ([deploy] maxDeletions)"))
	zipFile := fs.String("zip", "", l.Say("write the site as one zip `file` (with SHA256SUMS and a README) instead of sending it"))
	forget := fs.Bool("forget", false, l.Say("forget the password kept for the server, to type it again"))
	fs.BoolVar(&bf.quiet, "quiet", false, l.Say("print only errors"))
	if code, ok := fs.parseNone(args); !ok {
		return code
	}
	fail := func(err error) int {
		var p *deploy.Problem
		var ie *i18n.Error
		var dl diag.List
		var f *diag.Finding
		if !errors.As(err, &p) && (errors.As(err, &ie) || errors.As(err, &dl) || errors.As(err, &f)) {
			printErr(l, stderr, err)
		} else {
			l.Print(stderr, "relais deploy: %s\n", deploy.Explain(err).In(l))
		}
		return 1
	}
	genv := env.golive()
	src, err := filepath.Abs(bf.source)
	if err != nil {
		return fail(err)
	}
	if *forget {
		cfg, err := loadConfig(src)
		if err != nil {
			return fail(err)
		}
		if err := golive.Forget(genv, cfg.Deploy); err != nil {
			return fail(err)
		}
		l.Print(stdout, "relais deploy: the password kept for this server is forgotten; the next deploy asks for it\n")
		return 0
	}
	// The target is read first: a mistake there is said before a build.
	var target golive.Target
	if *zipFile == "" {
		cfg, err := loadConfig(src)
		if err != nil {
			return fail(err)
		}
		if target, err = golive.ParseTarget(cfg.Deploy); err != nil {
			return fail(err)
		}
		if target.Scheme == "ftp" {
			l.Print(stderr, "relais deploy: warning: FTP without encryption (plainFTP = true): your password and the site travel in clear on the network\n")
		}
	}
	bf.dest = golive.Dir(env.cacheDir(), src)
	if err := os.MkdirAll(filepath.Dir(bf.dest), 0o700); err != nil {
		return fail(err)
	}
	opts, err := bf.options()
	if err != nil {
		return fail(err)
	}
	if !bf.quiet {
		l.Print(stdout, "relais deploy: building the site…\n")
	}
	built, err := golive.Build(ctx, opts)
	if err != nil {
		printErr(l, stderr, err)
		l.Print(stderr, "relais deploy: nothing was sent: mend these errors first (relais check lists them all)\n")
		return 1
	}
	report(l, stderr, built.Warnings, bf.quiet)
	if *zipFile != "" {
		if err := golive.Zip(l, built, *zipFile, env.now()); err != nil {
			return fail(err)
		}
		l.Print(stdout, "relais deploy: %s written: %s, with SHA256SUMS and %s\n", *zipFile, l.Count(len(built.Files), "file", "files"), l.Say("README.txt"))
		return 0
	}
	dep := built.Config.Deploy
	login := golive.Login{Trust: *trust}
	var t deploy.Target
	for tries := 0; ; tries++ {
		t, err = golive.Open(ctx, genv, dep, src, login)
		var p *deploy.Problem
		switch {
		case errors.Is(err, golive.NeedPassword) && tries < 3 && env.interactive():
			l.Print(stderr, "Password for %s: ", target)
			pw, rerr := env.readPassword()
			fmt.Fprintln(stderr)
			if rerr != nil || pw == "" {
				return fail(i18n.Errorf("no password typed"))
			}
			login.Password = pw
			continue
		case errors.Is(err, golive.NeedPassword):
			return fail(i18n.Errorf("relais needs the password of %s: run relais deploy in a terminal to type it once (it is then kept in the system's keychain), or set RELAIS_DEPLOY_PASSWORD", target))
		case errors.As(err, &p) && p.Kind == deploy.UnknownHost && login.Trust == "" && env.interactive():
			l.Print(stderr, "relais deploy: %s\n", deploy.Explain(err).In(l))
			l.Print(stderr, "Trust this server? Type yes if the fingerprint is the one your host gives: ")
			if !env.confirm(l) {
				return fail(i18n.Errorf("the server is not trusted: nothing was sent"))
			}
			login.Trust = p.Fingerprint
			continue
		}
		break
	}
	if err != nil {
		return fail(err)
	}
	defer t.Close()
	if *test {
		if err := deploy.Test(ctx, t); err != nil {
			return fail(err)
		}
		l.Print(stdout, "relais deploy: the connection works: relais wrote, read and deleted a test file in %s\n", target)
		return 0
	}
	plan, err := golive.MakePlan(ctx, dep, t, built.Files)
	if err != nil {
		return fail(err)
	}
	if !bf.quiet || *dry {
		l.Print(stdout, "relais deploy: %s\n", golive.Summary(l, plan))
	}
	if *dry {
		for _, x := range []struct {
			what  string
			names []string
		}{{l.Say("to add"), plan.Add}, {l.Say("to replace"), plan.Change}, {l.Say("to delete"), plan.Delete}} {
			for _, n := range x.names {
				fmt.Fprintf(stdout, "  %-12s %s\n", x.what, n)
			}
		}
		l.Print(stdout, "relais deploy: dry run: nothing was changed on the server\n")
		return 0
	}
	o := golive.Options(dep)
	o.Confirmed = *yes
	var tm *deploy.TooManyDeletions
	if err := plan.CheckLimit(o); errors.As(err, &tm) {
		l.Print(stderr, "relais deploy: this deploy would delete %d of the %d files published (the limit is %d): deploying a wrong or empty folder looks like this.\n", tm.N, tm.Published, tm.Limit)
		if !env.interactive() {
			l.Print(stderr, "relais deploy: nothing was sent. If it is what you want, run relais deploy --dry-run to see the list, then relais deploy --yes\n")
			return 1
		}
		l.Print(stderr, "Delete them? Type yes to go on: ")
		if !env.confirm(l) {
			l.Print(stderr, "relais deploy: nothing was sent\n")
			return 1
		}
		o.Confirmed = true
	}
	if plan.Empty() {
		return 0
	}
	if !bf.quiet && isTerminal(stderr) {
		o.Progress = progressBar(l, stderr, plan.Send)
	}
	start := time.Now()
	if err := golive.Run(ctx, dep, t, plan, o); err != nil {
		if ctx.Err() != nil {
			l.Print(stderr, "relais deploy: stopped; every file online is whole (old or new): run relais deploy again to finish\n")
			return 1
		}
		l.Print(stderr, "relais deploy: %s\n", deploy.Explain(err).In(l))
		l.Print(stderr, "relais deploy: every file online is whole (old or new): run relais deploy again to finish\n")
		return 1
	}
	if !bf.quiet {
		l.Print(stdout, "relais deploy: online at %s: %s sent in %s\n", built.Config.BaseURL, l.Size(plan.Send), golive.Seconds(l, time.Since(start)))
	}
	return 0
}

// progressBar draws the deploy's progress on the terminal.
func progressBar(l i18n.Lang, w io.Writer, total int64) func(done, n int, sent int64) {
	last := time.Time{}
	return func(done, n int, sent int64) {
		if time.Since(last) < 100*time.Millisecond && done < n {
			return
		}
		last = time.Now()
		width := 30
		fill := width
		if n > 0 {
			fill = width * done / n
		}
		fmt.Fprintf(w, "\r[%s%s] %s", strings.Repeat("#", fill), strings.Repeat("-", width-fill),
			l.Say("%d/%d files, %s of %s", done, n, l.Size(sent), l.Size(total)))
		if done == n {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

// golive is the deploy's environment.
func (e Env) golive() golive.Env {
	dir := e.getenv("RELAIS_CONFIG_DIR")
	if dir == "" {
		if d, err := os.UserConfigDir(); err == nil {
			dir = filepath.Join(d, "relais")
		}
	}
	var secrets golive.Secrets = golive.Keychain{}
	if e.Secrets != nil {
		secrets = e.Secrets
	}
	return golive.Env{ConfigDir: dir, Secrets: secrets, Getenv: e.getenv}
}

func (e Env) cacheDir() string {
	if d := e.getenv("RELAIS_CACHE_DIR"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return d
	}
	return os.TempDir()
}

// interactive reports whether relais may ask her something.
func (e Env) interactive() bool {
	if e.Stdin != nil {
		return true
	}
	return term.IsTerminal(int(os.Stdin.Fd()))
}

func (e Env) readPassword() (string, error) {
	if e.Stdin != nil {
		return readLine(e.Stdin)
	}
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	return string(b), err
}

// confirm reads her answer: yes (oui in French).
func (e Env) confirm(l i18n.Lang) bool {
	var r io.Reader = os.Stdin
	if e.Stdin != nil {
		r = e.Stdin
	}
	line, _ := readLine(r)
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "yes" || a == "y" || a == "oui" || a == "o"
}

// readLine reads one line, and nothing after it (a byte at a time: the
// next question reads the next line).
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	var c [1]byte
	for {
		n, err := r.Read(c[:])
		if n == 1 {
			if c[0] == '\n' {
				return strings.TrimRight(b.String(), "\r"), nil
			}
			b.WriteByte(c[0])
		}
		if err != nil {
			if b.Len() > 0 && err == io.EOF {
				return b.String(), nil
			}
			return b.String(), err
		}
	}
}

// loadConfig reads the site's settings.
func loadConfig(src string) (*config.Config, error) {
	return config.Load(os.DirFS(src))
}
