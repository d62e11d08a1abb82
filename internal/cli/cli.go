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
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"relais"
	"relais/internal/diag"
	"relais/internal/layout"
	"relais/internal/memtune"
	"relais/internal/output"
	"relais/internal/site"
)

const usage = `relais builds a static site from Markdown.

Usage:
  relais build [flags]     build the site into public/
  relais serve [flags]     build, serve on http://127.0.0.1:1313 and rebuild on change
  relais check [flags]     build in a scratch folder and report every problem
  relais new KIND TITLE    new content: article, kit, partner, page
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

// Run runs relais with args (without the program name) and returns the
// exit status: 0 on success, 1 when the site has errors, 2 on bad usage.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "serve", "server":
		return runServe(ctx, args[1:], stdout, stderr)
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "init":
		return runInit(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "relais", Version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "relais: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// buildFlags are the flags build and serve share, named as Hugo's.
type buildFlags struct {
	source, dest, baseURL   string
	drafts, future, expired bool
	quiet, force            bool
}

func (b *buildFlags) register(fs *flag.FlagSet, dest string) {
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&b.source, n, ".", "the site `folder`")
	}
	for _, n := range []string{"d", "destination"} {
		fs.StringVar(&b.dest, n, dest, "the output `folder`, relative to the site folder")
	}
	fs.StringVar(&b.baseURL, "baseURL", "", "the site's base `URL`, overriding site.toml")
	for _, n := range []string{"D", "buildDrafts"} {
		fs.BoolVar(&b.drafts, n, false, "include drafts")
	}
	for _, n := range []string{"F", "buildFuture"} {
		fs.BoolVar(&b.future, n, false, "include pages dated in the future")
	}
	for _, n := range []string{"E", "buildExpired"} {
		fs.BoolVar(&b.expired, n, false, "include expired pages")
	}
	fs.BoolVar(&b.quiet, "quiet", false, "print only errors")
	fs.BoolVar(&b.force, "force", false, "replace an output folder that holds files relais did not write")
}

func (b *buildFlags) options() (site.Options, error) {
	src, err := filepath.Abs(b.source)
	if err != nil {
		return site.Options{}, err
	}
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		return site.Options{}, fmt.Errorf("the site folder %s does not exist", b.source)
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
	if rel, err := filepath.Rel(rd, rs); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		what := "the site folder itself"
		if rel != "." {
			what = "a folder that holds the site"
		}
		return "", fmt.Errorf("%s: the output folder is %s (%s); relais would replace it. "+
			"Choose another with -d, such as -d public", dest, what, rd)
	}
	for _, d := range []string{site.ContentDir, layout.Dir, site.StaticDir, site.DataDir} {
		in, err := output.Resolve(filepath.Join(rs, d))
		if err != nil {
			return "", err
		}
		if r, err := filepath.Rel(in, rd); err == nil && !strings.HasPrefix(r, "..") {
			return "", fmt.Errorf("%s: the output folder is inside the site's %s folder, which relais reads; "+
				"choose another with -d, such as -d public", dest, d)
		}
	}
	if rel, err := filepath.Rel(rs, rd); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel), nil
	}
	return "", nil
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("relais "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", stderr)
	var bf buildFlags
	bf.register(fs, "public")
	var cpuProfile, memProfile string
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	fs.StringVar(&memProfile, "memprofile", "", "write a heap profile, taken at the end of the build, to `file`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "relais build: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	// A build allocates much and keeps little: collect less often, within
	// a memory limit (see memtune).
	defer memtune.Start()()
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "relais build:", err)
			return 1
		}
		defer stop()
	}
	opts, err := bf.options()
	if err != nil {
		fmt.Fprintln(stderr, "relais build:", err)
		return 1
	}
	if !bf.quiet && isTerminal(stderr) {
		last := time.Now()
		opts.Progress = func(done, total int) {
			if time.Since(last) > 100*time.Millisecond || done == total {
				last = time.Now()
				fmt.Fprintf(stderr, "\rrendering %d/%d", done, total)
				if done == total {
					fmt.Fprint(stderr, "\r\033[K")
				}
			}
		}
	}
	s := site.New(opts)
	res, err := s.Build(ctx)
	if memProfile != "" {
		// Taken while the site is still held, to show what a build keeps.
		if err := writeHeapProfile(memProfile); err != nil {
			fmt.Fprintln(stderr, "relais build:", err)
		}
		runtime.KeepAlive(s)
	}
	report(stderr, res.Warnings, bf.quiet)
	if err != nil {
		printErr(stderr, err)
		fmt.Fprintln(stderr, "relais: build failed; the output folder was left as it was")
		return 1
	}
	if !bf.quiet {
		fmt.Fprintln(stdout, "relais: built", res.Summary())
	}
	return 0
}

func report(w io.Writer, warnings diag.List, quiet bool) {
	if quiet {
		return
	}
	for _, f := range warnings {
		fmt.Fprintln(w, f.Error())
	}
}

func printErr(w io.Writer, err error) {
	var l diag.List
	if errors.As(err, &l) {
		for _, f := range l {
			fmt.Fprintln(w, f.Error())
		}
		return
	}
	fmt.Fprintln(w, err)
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
		return nil, fmt.Errorf("cannot write the CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot start the CPU profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeHeapProfile writes the live heap, as of the last collection, to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cannot write the heap profile: %w", err)
	}
	defer f.Close()
	runtime.GC()
	return pprof.Lookup("heap").WriteTo(f, 0)
}
