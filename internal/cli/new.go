package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"relais/internal/directory"
	"strings"

	"relais"
	"relais/internal/config"
	"relais/internal/i18n"
	"relais/internal/scaffold"
)

const newUsage = `Usage:
  relais new article "Titre"        content/articles/titre.md
  relais new kit "Titre"            content/ateliers/titre/index.md
  relais new partner "Nom"          content/partenaires/nom.md
  relais new partners               content/partenaires/partenaires.xlsx, a spreadsheet
                                    of partners to fill in Excel or LibreOffice
  relais new page chemin/vers/page  content/chemin/vers/page.md
Articles, kits and partners are drafts (draft: true) until you remove that line.
Flags:
  -s, --source DIR   the site folder (default .)
`

func templates(dir string) scaffold.Templates {
	t := scaffold.Templates{Theme: relais.Theme()}
	if sub, err := fs.Sub(os.DirFS(dir), "layouts"); err == nil {
		t.Site = sub
	}
	return t
}

func runNew(env Env, l i18n.Lang, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(l, "new", stderr)
	source := fs.String("s", ".", l.Say("the site `folder`"))
	fs.StringVar(source, "source", ".", l.Say("the site `folder`"))
	fs.usage = func() { l.Print(stderr, newUsage) }
	rest, err := fs.parse(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(rest) == 1 && rest[0] == "partners" {
		var sheet bytes.Buffer
		path := directory.NewSheet
		err := directory.WriteTemplate(&sheet)
		if err == nil {
			err = scaffold.Create(*source, path, sheet.Bytes())
		}
		if err != nil {
			fmt.Fprintln(stderr, "relais new:", l.Err(err))
			return 1
		}
		fmt.Fprintln(stdout, filepath.Join(*source, path))
		l.Print(stdout, "relais: fill it in Excel or LibreOffice (one partner a row, the « Notes » sheet says what each column takes); the site reads it as it is\n")
		return 0
	}
	if len(rest) != 2 {
		if len(rest) < 2 {
			l.Print(stderr, "relais new: say what to make and its title, such as relais new article \"Mon titre\"\n\n")
		} else {
			l.Print(stderr, "relais new: %d arguments, but it takes two: put a title of several words in quotes (\"Mon titre\")\n\n", len(rest))
		}
		fs.usage()
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
	path, err := scaffold.New(*source, templates(*source), rest[0], strings.TrimSpace(rest[1]), env.now(), taxonomies)
	if err != nil {
		fmt.Fprintln(stderr, "relais new:", l.Err(err))
		return 1
	}
	fmt.Fprintln(stdout, filepath.Join(*source, path))
	if b, err := os.ReadFile(filepath.Join(*source, path)); err == nil && strings.Contains(string(b), "\ndraft: true\n") {
		l.Print(stdout, "relais: it is a draft (draft: true), shown by relais serve -D and published once you remove that line\n")
	}
	return 0
}

func runInit(env Env, l i18n.Lang, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(l, "init", stderr)
	title := fs.String("title", "Mon site", l.Say("the site's `title`"))
	rest, err := fs.parse(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(rest) != 1 {
		l.Print(stderr, "usage: relais init [--title TITLE] DIR\n")
		return 2
	}
	dir := rest[0]
	paths, err := scaffold.Init(dir, templates(dir), *title, env.now())
	for _, p := range paths {
		fmt.Fprintln(stdout, filepath.Join(dir, p))
	}
	if err != nil {
		fmt.Fprintln(stderr, "relais init:", l.Err(err))
		return 1
	}
	l.Print(stdout, "relais: a new site in %s; preview it with: relais serve -s %s\n", dir, dir)
	return 0
}
