package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"relais/internal/config"
	"relais/internal/i18n"
	"relais/internal/wordpress"
)

// runImport moves another site's content in: relais import wordpress
// EXPORT.xml [--uploads DIR] [--section articles].
func runImport(l i18n.Lang, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "wordpress" {
		l.Print(stderr, "relais import: say what to import: relais import wordpress EXPORT.xml [--uploads DIR]\n")
		return 2
	}
	fs := newFlagSet(l, "import wordpress", stderr)
	source, uploads, section := ".", "", "articles"
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&source, n, ".", l.Say("the site `folder`"))
	}
	fs.StringVar(&uploads, "uploads", "", l.Say("the `folder` wp-content/uploads copied from the host, whose images the posts show"))
	fs.StringVar(&section, "section", "articles", l.Say("the `folder` of content/ the posts go to"))
	var files []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if rest = fs.Args(); len(rest) == 0 {
			break
		}
		files, rest = append(files, rest[0]), rest[1:]
	}
	if len(files) != 1 {
		l.Print(stderr, "relais import wordpress: give the export's file: relais import wordpress EXPORT.xml\n")
		return 2
	}
	cfg, err := config.Load(os.DirFS(source))
	if err != nil {
		l.Print(stderr, "relais: %v\n", l.Err(err))
		return 1
	}
	if _, err := os.Stat(filepath.Join(source, config.File)); err != nil {
		l.Print(stderr, "relais: %s has no %s: run relais import in the site folder, or give it with -s\n", source, config.File)
		return 1
	}
	f, err := os.Open(files[0])
	if err != nil {
		l.Print(stderr, "relais: cannot read %s: %v\n", files[0], i18n.FileErr(err))
		return 1
	}
	defer f.Close()
	exp, err := wordpress.Read(f)
	if err != nil {
		l.Print(stderr, "relais: %s: %v\n", files[0], l.Err(err))
		return 1
	}
	tags, cats := taxonomiesFor(cfg)
	sum, err := wordpress.Import(exp, wordpress.Options{Site: source, Uploads: uploads, Section: section, Tags: tags, Categories: cats})
	if err != nil {
		l.Print(stderr, "relais: %v\n", l.Err(err))
		return 1
	}
	printImport(l, sum, uploads, stdout)
	return 0
}

// taxonomiesFor are the plurals of the site's taxonomies that WordPress's
// tags and categories go to: tags to tags, categories to another of the
// site's (« thematiques »), or to tags too.
func taxonomiesFor(cfg *config.Config) (tags, categories string) {
	var plurals []string
	for _, p := range cfg.Taxonomies {
		plurals = append(plurals, p)
	}
	slices.Sort(plurals)
	tags = "tags"
	if !slices.Contains(plurals, "tags") && len(plurals) > 0 {
		tags = plurals[0]
	}
	categories = tags
	for _, p := range plurals {
		if p != tags && p != "series" {
			categories = p
			break
		}
	}
	return tags, categories
}

// printImport says what the import did, left out, and what to check.
func printImport(l i18n.Lang, sum *wordpress.Summary, uploads string, w io.Writer) {
	l.Print(w, "Imported: %s, %s, %s.\n", l.Count(sum.Posts, "post", "posts"), l.Count(sum.Pages, "page", "pages"), l.Count(sum.Images, "image", "images"))
	if sum.Drafts+sum.Private+sum.Scheduled > 0 {
		l.Print(w, "Among them: %s (draft: true), %s (visibility: private: never published; posts behind a password are too), %s (published when their date comes, at a build).\n",
			l.Count(sum.Drafts, "draft", "drafts"), l.Count(sum.Private, "private page", "private pages"), l.Count(sum.Scheduled, "scheduled post", "scheduled posts"))
	}
	if sum.Comments > 0 {
		l.Print(w, "Left out: %s. A static site has no comments, and no commenter's name or address was written.\n", l.Count(sum.Comments, "comment", "comments"))
	}
	for _, s := range sum.Left {
		fmt.Fprintf(w, "- %s\n", s.In(l))
	}
	if len(sum.Check) > 0 {
		l.Print(w, "To check by hand:\n")
		for _, s := range sum.Check {
			fmt.Fprintf(w, "- %s\n", s.In(l))
		}
	}
	if uploads == "" {
		l.Print(w, "The images stayed links to the old site: copy the folder wp-content/uploads from your host (its file manager, or FTP), then import again with --uploads and the folder's path.\n")
	}
	l.Print(w, "Old addresses are kept as aliases. Build the site (relais build or relais serve) to see the pages and what they still need.\n")
}
