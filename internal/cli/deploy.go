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
	d := &deployRun{ctx: ctx, env: env, l: l, stdout: stdout, stderr: stderr}
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&d.bf.source, n, ".", l.Say("the site `folder`"))
	}
	fs.BoolVar(&d.dry, "dry-run", false, l.Say("say what would be added, replaced and deleted, and change nothing"))
	fs.BoolVar(&d.test, "test", false, l.Say("test the connection: write, read and delete a small file on the server, and send nothing"))
	fs.StringVar(&d.trust, "trust-host", "", l.Say("trust the server whose key (or certificate) has this `fingerprint` (SHA256:…), as your host gives it"))
	fs.BoolVar(&d.yes, "yes", false, l.Say("go on even if the deploy deletes more files than the limit ([deploy] maxDeletions)"))
	fs.StringVar(&d.zipFile, "zip", "", l.Say("write the site as one zip `file` (with SHA256SUMS and a README) instead of sending it"))
	forget := fs.Bool("forget", false, l.Say("forget the password kept for the server, to type it again"))
	fs.BoolVar(&d.bf.quiet, "quiet", false, l.Say("print only errors"))
	if code, ok := fs.parseNone(args); !ok {
		return code
	}
	d.genv = env.golive()
	src, err := filepath.Abs(d.bf.source)
	if err != nil {
		return d.fail(err)
	}
	d.src = src
	if *forget {
		return d.forget()
	}
	// The target is read first: a mistake there is said before a build.
	if d.zipFile == "" {
		if code, ok := d.readTarget(); !ok {
			return code
		}
	}
	built, code, ok := d.build()
	if !ok {
		return code
	}
	if d.zipFile != "" {
		if err := golive.Zip(l, built, d.zipFile, env.now()); err != nil {
			return d.fail(err)
		}
		l.Print(stdout, "relais deploy: %s written: %s, with SHA256SUMS and %s\n", d.zipFile, l.Count(len(built.Files), "file", "files"), l.Say("README.txt"))
		return 0
	}
	dep := built.Config.Deploy
	t, err := d.open(dep)
	if err != nil {
		return d.fail(err)
	}
	defer t.Close()
	if d.test {
		if err := deploy.Test(ctx, t); err != nil {
			return d.fail(err)
		}
		l.Print(stdout, "relais deploy: the connection works: relais wrote, read and deleted a test file in %s\n", d.target)
		return 0
	}
	plan, err := golive.MakePlan(ctx, dep, t, built.Files)
	if err != nil {
		return d.fail(err)
	}
	if !d.bf.quiet || d.dry {
		l.Print(stdout, "relais deploy: %s\n", golive.Summary(l, plan))
	}
	if d.dry {
		d.list(plan)
		return 0
	}
	o := golive.Options(dep)
	o.Confirmed = d.yes
	if !d.confirmDeletions(plan, &o) {
		return 1
	}
	if plan.Empty() {
		return 0
	}
	return d.send(dep, t, plan, o, built.Config.BaseURL)
}

// deployRun is one relais deploy, as its steps share it.
type deployRun struct {
	ctx            context.Context
	env            Env
	genv           golive.Env
	l              i18n.Lang
	stdout, stderr io.Writer
	bf             buildFlags
	src            string // the site folder, absolute
	target         golive.Target
	// The flags.
	dry, test, yes bool
	trust, zipFile string
}

// fail says err, as relais's own message or as the deploy explains it.
func (d *deployRun) fail(err error) int {
	var p *deploy.Problem
	var ie *i18n.Error
	var dl diag.List
	var f *diag.Finding
	if !errors.As(err, &p) && (errors.As(err, &ie) || errors.As(err, &dl) || errors.As(err, &f)) {
		printErr(d.l, d.stderr, err)
	} else {
		d.l.Print(d.stderr, "relais deploy: %s\n", deploy.Explain(err).In(d.l))
	}
	return 1
}

// forget forgets the password kept for the server (--forget).
func (d *deployRun) forget() int {
	cfg, err := loadConfig(d.src)
	if err != nil {
		return d.fail(err)
	}
	if err := golive.Forget(d.genv, cfg.Deploy); err != nil {
		return d.fail(err)
	}
	d.l.Print(d.stdout, "relais deploy: the password kept for this server is forgotten; the next deploy asks for it\n")
	return 0
}

// readTarget reads where the site goes, warning of plain FTP.
func (d *deployRun) readTarget() (int, bool) {
	cfg, err := loadConfig(d.src)
	if err != nil {
		return d.fail(err), false
	}
	if d.target, err = golive.ParseTarget(cfg.Deploy); err != nil {
		return d.fail(err), false
	}
	if d.target.Scheme == "ftp" {
		d.l.Print(d.stderr, "relais deploy: warning: FTP without encryption (plainFTP = true): your password and the site travel in clear on the network\n")
	}
	return 0, true
}

// build builds the site into the user's cache, refusing errors.
func (d *deployRun) build() (*golive.Built, int, bool) {
	d.bf.dest = golive.Dir(d.env.cacheDir(), d.src)
	if err := os.MkdirAll(filepath.Dir(d.bf.dest), 0o700); err != nil {
		return nil, d.fail(err), false
	}
	opts, err := d.bf.options()
	if err != nil {
		return nil, d.fail(err), false
	}
	if !d.bf.quiet {
		d.l.Print(d.stdout, "relais deploy: building the site…\n")
	}
	built, err := golive.Build(d.ctx, opts)
	if err != nil {
		printErr(d.l, d.stderr, err)
		d.l.Print(d.stderr, "relais deploy: nothing was sent: mend these errors first (relais check lists them all)\n")
		return nil, 1, false
	}
	report(d.l, d.stderr, built.Warnings, d.bf.quiet)
	return built, 0, true
}

// open connects to the server, asking for a password or whether to trust
// an unknown server in a terminal.
func (d *deployRun) open(dep config.Deploy) (deploy.Target, error) {
	login := golive.Login{Trust: d.trust}
	for tries := 0; ; tries++ {
		t, err := golive.Open(d.ctx, d.genv, dep, d.src, login)
		var p *deploy.Problem
		switch {
		case errors.Is(err, golive.NeedPassword) && tries < 3 && d.env.interactive():
			d.l.Print(d.stderr, "Password for %s: ", d.target)
			pw, rerr := d.env.readPassword()
			fmt.Fprintln(d.stderr)
			if rerr != nil || pw == "" {
				return nil, i18n.Errorf("no password typed")
			}
			login.Password = pw
			continue
		case errors.Is(err, golive.NeedPassword):
			return nil, i18n.Errorf("relais needs the password of %s: run relais deploy in a terminal to type it once (it is then kept in the system's keychain), or set RELAIS_DEPLOY_PASSWORD", d.target)
		case errors.As(err, &p) && p.Kind == deploy.UnknownHost && login.Trust == "" && d.env.interactive():
			d.l.Print(d.stderr, "relais deploy: %s\n", deploy.Explain(err).In(d.l))
			d.l.Print(d.stderr, "Trust this server? Type yes if the fingerprint is the one your host gives: ")
			if !d.env.confirm(d.l) {
				return nil, i18n.Errorf("the server is not trusted: nothing was sent")
			}
			login.Trust = p.Fingerprint
			continue
		}
		return t, err
	}
}

// list says, for --dry-run, every file to add, replace and delete.
func (d *deployRun) list(plan *deploy.Plan) {
	for _, x := range []struct {
		what  string
		names []string
	}{{d.l.Say("to add"), plan.Add}, {d.l.Say("to replace"), plan.Change}, {d.l.Say("to delete"), plan.Delete}} {
		for _, n := range x.names {
			fmt.Fprintf(d.stdout, "  %-12s %s\n", x.what, n)
		}
	}
	d.l.Print(d.stdout, "relais deploy: dry run: nothing was changed on the server\n")
}

// confirmDeletions asks, over the limit of deletions, whether to go on;
// false: nothing is sent.
func (d *deployRun) confirmDeletions(plan *deploy.Plan, o *deploy.Options) bool {
	var tm *deploy.TooManyDeletions
	if err := plan.CheckLimit(*o); !errors.As(err, &tm) {
		return true
	}
	d.l.Print(d.stderr, "relais deploy: this deploy would delete %d of the %d files published (the limit is %d): deploying a wrong or empty folder looks like this.\n", tm.N, tm.Published, tm.Limit)
	if !d.env.interactive() {
		d.l.Print(d.stderr, "relais deploy: nothing was sent. If it is what you want, run relais deploy --dry-run to see the list, then relais deploy --yes\n")
		return false
	}
	d.l.Print(d.stderr, "Delete them? Type yes to go on: ")
	if !d.env.confirm(d.l) {
		d.l.Print(d.stderr, "relais deploy: nothing was sent\n")
		return false
	}
	o.Confirmed = true
	return true
}

// send runs the plan, with a progress bar on a terminal.
func (d *deployRun) send(dep config.Deploy, t deploy.Target, plan *deploy.Plan, o deploy.Options, baseURL string) int {
	if !d.bf.quiet && isTerminal(d.stderr) {
		o.Progress = progressBar(d.l, d.stderr, plan.Send)
	}
	start := time.Now()
	if err := golive.Run(d.ctx, dep, t, plan, o); err != nil {
		if d.ctx.Err() != nil {
			d.l.Print(d.stderr, "relais deploy: stopped; every file online is whole (old or new): run relais deploy again to finish\n")
			return 1
		}
		d.l.Print(d.stderr, "relais deploy: %s\n", deploy.Explain(err).In(d.l))
		d.l.Print(d.stderr, "relais deploy: every file online is whole (old or new): run relais deploy again to finish\n")
		return 1
	}
	if !d.bf.quiet {
		d.l.Print(d.stdout, "relais deploy: online at %s: %s sent in %s\n", baseURL, d.l.Size(plan.Send), golive.Seconds(d.l, time.Since(start)))
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
