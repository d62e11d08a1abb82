// Package cli is relais's command line: it parses each subcommand's flags
// and calls the packages that do the work. Run is the whole program, so the
// command line is tested without a process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"relais/internal/builtin"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"relais"
	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/golive"
	"relais/internal/i18n"
	"relais/internal/layout"
	"relais/internal/linkcheck"
	"relais/internal/memtune"
	"relais/internal/output"
	"relais/internal/site"
)

const usage = `relais builds a static site from Markdown.

Usage:
  relais build [flags]     build the site into public/
  relais serve [flags]     build, serve on http://127.0.0.1:1313 and rebuild on change
  relais check [flags]     build in a scratch folder and report every problem
  relais deploy [flags]    build and put the site online (site.toml, [deploy])
  relais new KIND TITLE    new content: article, kit, partner, page
  relais partners add NAME a login to the partner area (also: remove NAME, list)
  relais import wordpress EXPORT.xml  move a WordPress site in (--uploads DIR)
  relais init DIR          a new site
  relais version           print the version
  relais help              print this help

Run "relais COMMAND -h" for a command's flags.
`

// CacheDir is the folder of the site where relais keeps work that is slow
// to redo (photos turned by their orientation). It is hidden, so never
// read as input, and can be deleted at any time.
const CacheDir = ".relais-cache"

// Version is the version printed by relais version.
var Version = "0.1.0-dev"

// versionLine says the version, the commit it was built from and the Go
// it was built with: "relais 0.2.0 (commit 1a2b3c4d5e6f, go1.26.8)".
func versionLine() string {
	commit, dirty := "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if commit == "" {
		commit = "unknown"
	} else if dirty {
		commit += "+changes"
	}
	return fmt.Sprintf("relais %s (commit %s, %s)", Version, commit, runtime.Version())
}

// Run runs relais with args (without the program name) and returns the
// exit status: 0 on success, 1 when the site has errors, 2 on bad usage.
// It speaks the language language chooses.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return Env{}.Run(ctx, args, stdout, stderr)
}

// Env is what relais takes from the world besides its arguments: the
// clock, the environment's variables, and how it asks other sites about
// links. The zero value is the real world; tests give their own.
type Env struct {
	Now            func() time.Time
	Getenv         func(string) string
	NewLinkChecker func() *linkcheck.Checker
	// Stdin, if set, is where her answers are read (a password, yes),
	// as from a terminal.
	Stdin io.Reader
	// Secrets, if set, keeps deploy passwords instead of the keychain.
	Secrets golive.Secrets
}

func (e Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e Env) getenv(k string) string {
	if e.Getenv != nil {
		return e.Getenv(k)
	}
	return os.Getenv(k)
}

func (e Env) linkChecker() *linkcheck.Checker {
	if e.NewLinkChecker != nil {
		return e.NewLinkChecker()
	}
	return linkcheck.New()
}

// Run is Run in this environment.
func (e Env) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := language(args, e.getenv)
	if len(args) == 0 {
		// A double-click: her site, in her browser.
		return runLaunch(ctx, e, l, stdout, stderr)
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, l, args[1:], stdout, stderr)
	case "serve", "server":
		return runServe(ctx, e, l, args[1:], stdout, stderr)
	case "check":
		return runCheck(ctx, e, l, args[1:], stdout, stderr)
	case "deploy":
		return runDeploy(ctx, e, l, args[1:], stdout, stderr)
	case "new":
		return runNew(e, l, args[1:], stdout, stderr)
	case "import":
		return runImport(l, args[1:], stdout, stderr)
	case "partners", "partenaires":
		return runPartners(e, l, args[1:], stdout, stderr)
	case "init":
		return runInit(e, l, args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, versionLine())
		return 0
	case "help", "-h", "--help":
		l.Print(stdout, usage)
		return 0
	}
	l.Print(stderr, "relais: unknown command %q\n\n%s", args[0], i18n.T(usage))
	return 2
}

// language is the language relais speaks: --lang if given, else the
// language of the site (its site.toml, in the folder -s names or here)
// for the commands about a site, else the environment's (LC_ALL,
// LC_MESSAGES, LANG).
func language(args []string, getenv func(string) string) i18n.Lang {
	forced, source := "", "."
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			continue
		}
		if !hasVal && i+1 < len(args) {
			val = args[i+1]
		}
		switch name {
		case "lang":
			forced = val
		case "s", "source":
			source = val
		}
	}
	site := ""
	if len(args) > 0 && args[0] != "init" {
		if _, err := os.Stat(filepath.Join(source, config.File)); err == nil {
			if cfg, err := config.Load(os.DirFS(source)); err == nil {
				site = cfg.Language
			}
		}
	}
	return i18n.From(forced, site, getenv)
}

// buildFlags are the flags build and serve share, named as Hugo's.
type buildFlags struct {
	source, dest, baseURL   string
	drafts, future, expired bool
	quiet, force            bool
}

func (b *buildFlags) register(l i18n.Lang, fs *flagSet, dest string) {
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&b.source, n, ".", l.Say("the site `folder`"))
	}
	for _, n := range []string{"d", "destination"} {
		fs.StringVar(&b.dest, n, dest, l.Say("the output `folder`, relative to the site folder"))
	}
	fs.StringVar(&b.baseURL, "baseURL", "", l.Say("the site's base `URL`, overriding site.toml"))
	for _, n := range []string{"D", "buildDrafts"} {
		fs.BoolVar(&b.drafts, n, false, l.Say("include drafts"))
	}
	for _, n := range []string{"F", "buildFuture"} {
		fs.BoolVar(&b.future, n, false, l.Say("include pages dated in the future"))
	}
	for _, n := range []string{"E", "buildExpired"} {
		fs.BoolVar(&b.expired, n, false, l.Say("include expired pages"))
	}
	fs.BoolVar(&b.quiet, "quiet", false, l.Say("print only errors"))
	fs.BoolVar(&b.force, "force", false, l.Say("replace an output folder that holds files relais did not write"))
}

func (b *buildFlags) options() (site.Options, error) {
	src, err := filepath.Abs(b.source)
	if err != nil {
		return site.Options{}, err
	}
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		return site.Options{}, i18n.Errorf("the site folder %s does not exist", b.source)
	}
	// As with Hugo, a relative output folder is inside the site folder.
	dest := b.dest
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(src, dest)
	}
	inSite, err := checkDest(src, dest)
	if err != nil {
		return site.Options{}, err
	}
	// Every file is read through an os.Root: nothing outside the site
	// folder can be read, whatever links lead there (the loader also
	// refuses such links by name, with a finding).
	root, err := os.OpenRoot(src)
	if err != nil {
		return site.Options{}, err
	}
	return site.Options{
		Source: root.FS(), Theme: relais.Theme(), Dest: dest, OutputInSite: inSite, BaseURL: b.baseURL,
		CacheDir: filepath.Join(src, CacheDir),
		Drafts:   b.drafts, Future: b.future, Expired: b.expired, Force: b.force,
		Extensions: builtin.Extensions(),
	}, nil
}

// checkDest refuses an output folder that is the site, holds it, or lies
// in one of its input folders, links followed; it returns the output
// folder's path inside the site ("public"), or "" when it is elsewhere.
func checkDest(src, dest string) (string, error) {
	rs, err := output.Resolve(src)
	if err != nil {
		return "", err
	}
	rd, err := output.Resolve(dest)
	if err != nil {
		return "", err
	}
	if output.Inside(rd, rs) {
		what := i18n.T("the site folder itself")
		if rd != rs {
			what = i18n.T("a folder that holds the site")
		}
		return "", i18n.Errorf("%s: the output folder is %s (%s); relais would replace it. Choose another with -d, such as -d public", dest, what, rd)
	}
	for _, d := range []string{site.ContentDir, layout.Dir, site.StaticDir, site.DataDir} {
		in, err := output.Resolve(filepath.Join(rs, d))
		if err != nil {
			return "", err
		}
		if output.Inside(in, rd) {
			return "", i18n.Errorf("%s: the output folder is inside the site's %s folder, which relais reads; choose another with -d, such as -d public", dest, d)
		}
	}
	if output.Inside(rs, rd) {
		rel, err := filepath.Rel(rs, rd)
		return filepath.ToSlash(rel), err
	}
	return "", nil
}

// newFlagSet makes a command's flags, with --lang (read before, by
// language) among them.
func newFlagSet(l i18n.Lang, name string, stderr io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet("relais "+name, flag.ContinueOnError), l: l, stderr: stderr, name: name}
	// The flag package's own messages are English: it writes nowhere,
	// and parse says its errors in the language.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // parse prints it, after the error
	fs.usage = func() {
		l.Print(stderr, "Usage: relais %s [flags]\nFlags:\n", name)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	fs.String("lang", "", l.Say("the `language` of relais's messages: fr, en or ar (default: the site's, else the system's)"))
	return fs
}

// flagSet is a command's flags, with the language its errors are said in.
type flagSet struct {
	*flag.FlagSet
	l      i18n.Lang
	stderr io.Writer
	name   string
	usage  func() // prints how to use the command
}

var (
	undefinedFlag = regexp.MustCompile(`^flag provided but not defined: (.+)$`)
	flagArgument  = regexp.MustCompile(`^flag needs an argument: (.+)$`)
	badFlagValue  = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for flag (-[^:\s]+)`)
)

// parseNone parses the flags of a command that takes no other argument;
// when it must stop, ok is false and code is its exit status: 0 after
// -h, 2 for bad usage (said).
func (fs *flagSet) parseNone(args []string) (code int, ok bool) {
	rest, err := fs.parse(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if len(rest) > 0 {
		fs.l.Print(fs.stderr, "relais %s: unexpected argument %q (it takes none; the site folder is given with -s)\n", fs.name, rest[0])
		return 2, false
	}
	return 0, true
}

// parse is parse for these flags, saying an error of the flags in the
// language, then the usage.
func (fs *flagSet) parse(args []string) ([]string, error) {
	rest, err := parse(fs.FlagSet, args)
	if err == nil {
		return rest, nil
	}
	defer fs.usage()
	if errors.Is(err, flag.ErrHelp) {
		return rest, err
	}
	msg := err.Error()
	switch {
	case undefinedFlag.MatchString(msg):
		fs.l.Print(fs.stderr, "flag provided but not defined: %s (relais %s -h lists the flags)\n", undefinedFlag.FindStringSubmatch(msg)[1], fs.name)
	case flagArgument.MatchString(msg):
		fs.l.Print(fs.stderr, "the flag %s needs a value after it\n", flagArgument.FindStringSubmatch(msg)[1])
	case badFlagValue.MatchString(msg):
		m := badFlagValue.FindStringSubmatch(msg)
		fs.l.Print(fs.stderr, "%q is not a value the flag %s takes (relais %s -h says what it takes)\n", m[1], m[2], fs.name)
	default:
		fmt.Fprintln(fs.stderr, msg)
	}
	return rest, err
}

// parse parses a command's flags wherever they are among its arguments
// (relais new page infos/horaires -s site), and returns the arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func runBuild(ctx context.Context, l i18n.Lang, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(l, "build", stderr)
	var bf buildFlags
	bf.register(l, fs, "public")
	var cpuProfile, memProfile string
	fs.StringVar(&cpuProfile, "cpuprofile", "", l.Say("write a CPU profile of the build to `file` (for go tool pprof)"))
	fs.StringVar(&memProfile, "memprofile", "", l.Say("write a heap profile, taken at the end of the build, to `file`"))
	if code, ok := fs.parseNone(args); !ok {
		return code
	}
	// A build allocates much and keeps little: collect less often, within
	// a memory limit (see memtune).
	defer memtune.Start()()
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "relais build:", l.Err(err))
			return 1
		}
		defer stop()
	}
	opts, err := bf.options()
	if err != nil {
		fmt.Fprintln(stderr, "relais build:", l.Err(err))
		return 1
	}
	if !bf.quiet && isTerminal(stderr) {
		last := time.Now()
		opts.Progress = func(done, total int) {
			if time.Since(last) > 100*time.Millisecond || done == total {
				last = time.Now()
				l.Print(stderr, "\rrendering %d/%d", done, total)
				if done == total {
					fmt.Fprint(stderr, "\r\033[K")
				}
			}
		}
	}
	s := site.New(opts)
	defer s.Close()
	res, err := s.Build(ctx)
	if memProfile != "" {
		// Taken while the site is still held, to show what a build keeps.
		if err := writeHeapProfile(memProfile); err != nil {
			fmt.Fprintln(stderr, "relais build:", l.Err(err))
		}
		runtime.KeepAlive(s)
	}
	if err != nil {
		// The errors first: they are what stops the build.
		n := printErr(l, stderr, err)
		report(l, stderr, res.Warnings, bf.quiet)
		l.Print(stderr, "relais: build failed (%s); the output folder was left as it was\n", l.Count(n, "error", "errors"))
		return 1
	}
	report(l, stderr, res.Warnings, bf.quiet)
	if !bf.quiet {
		l.Print(stdout, "relais: built %s\n", res.SummaryIn(l))
	}
	return 0
}

func report(l i18n.Lang, w io.Writer, warnings diag.List, quiet bool) {
	if quiet {
		return
	}
	for _, f := range warnings {
		fmt.Fprintln(w, f.In(l))
	}
}

// printErr prints err, a finding a line, and returns how many it said.
func printErr(l i18n.Lang, w io.Writer, err error) int {
	var dl diag.List
	if errors.As(err, &dl) {
		for _, f := range dl {
			fmt.Fprintln(w, f.In(l))
		}
		return len(dl)
	}
	fmt.Fprintln(w, l.Err(err))
	return 1
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// startCPUProfile starts a CPU profile written to path; call stop to end it.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, i18n.Errorf("cannot write the CPU profile: %s", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, i18n.Errorf("cannot start the CPU profile: %s", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeHeapProfile writes the live heap, as of the last collection, to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return i18n.Errorf("cannot write the heap profile: %s", err)
	}
	defer f.Close()
	runtime.GC()
	return pprof.Lookup("heap").WriteTo(f, 0)
}
