package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"relais"
	"relais/internal/config"
	"relais/internal/scaffold"
)

// now is the clock of relais new and init, replaced in tests.
var now = time.Now

func templates(dir string) scaffold.Templates {
	t := scaffold.Templates{Theme: relais.Theme()}
	if sub, err := fs.Sub(os.DirFS(dir), "layouts"); err == nil {
		t.Site = sub
	}
	return t
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new", stderr)
	source := fs.String("s", ".", "the site `folder`")
	fs.StringVar(source, "source", ".", "the site `folder`")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage:
  relais new article "Titre"        content/articles/titre.md
  relais new kit "Titre"            content/ateliers/titre/index.md
  relais new partner "Nom"          content/partenaires/nom.md
  relais new partners               content/partenaires/partenaires.xlsx, a spreadsheet
                                    of partners to fill in Excel or LibreOffice
  relais new page chemin/vers/page  content/chemin/vers/page.md
Flags:
  -s, --source DIR   the site folder (default .)
`)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 1 && fs.Arg(0) == "partners" {
		path, err := scaffold.NewPartners(*source)
		if err != nil {
			fmt.Fprintln(stderr, "relais new:", err)
			return 1
		}
		fmt.Fprintln(stdout, filepath.Join(*source, path))
		fmt.Fprintln(stdout, "relais: fill it in Excel or LibreOffice (one partner a row, the « Notes » sheet says what each column takes); the site reads it as it is")
		return 0
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	// The site's taxonomies, for an article's fields; a site.toml that
	// does not read is told by the build, not here.
	var taxonomies []string
	if cfg, err := config.Load(os.DirFS(*source)); err == nil {
		for _, plural := range cfg.Taxonomies {
			taxonomies = append(taxonomies, plural)
		}
	}
	path, err := scaffold.New(*source, templates(*source), fs.Arg(0), strings.TrimSpace(fs.Arg(1)), now(), taxonomies)
	if err != nil {
		fmt.Fprintln(stderr, "relais new:", err)
		return 1
	}
	fmt.Fprintln(stdout, filepath.Join(*source, path))
	return 0
}

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("init", stderr)
	title := fs.String("title", "Mon site", "the site's `title`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: relais init [--title TITLE] DIR")
		return 2
	}
	dir := fs.Arg(0)
	paths, err := scaffold.Init(dir, templates(dir), *title, now())
	for _, p := range paths {
		fmt.Fprintln(stdout, filepath.Join(dir, p))
	}
	if err != nil {
		fmt.Fprintln(stderr, "relais init:", err)
		return 1
	}
	fmt.Fprintf(stdout, "relais: a new site in %s; preview it with: relais serve -s %s\n", dir, dir)
	return 0
}
