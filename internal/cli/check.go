package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"

	"relais/internal/diag"
	"relais/internal/directory"
	"relais/internal/i18n"
	"relais/internal/linkcheck"
	"relais/internal/scaffold"
	"relais/internal/site"
	"relais/internal/sitecheck"
)

// jsonFinding is a finding in relais check --format json: code is the
// kind of problem, the same in every language; message and hint are in
// the language relais speaks.
type jsonFinding struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

func runCheck(ctx context.Context, env Env, l i18n.Lang, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(l, "check", stderr)
	var bf buildFlags
	bf.register(l, fs, "")
	format := fs.String("format", "human", l.Say("`human` or json"))
	external := fs.Bool("external", false, l.Say("also check links to other sites (results kept for a day)"))
	if code, ok := fs.parseNone(args); !ok {
		return code
	}
	if *format != "human" && *format != "json" {
		l.Print(stderr, "relais check: --format is human or json, not %q\n", *format)
		return 2
	}
	if bf.dest == "" {
		bf.dest = "public" // never written: only left out of what is read
	}
	opts, err := bf.options()
	if err != nil {
		fmt.Fprintln(stderr, "relais check:", l.Err(err))
		return 1
	}
	opts.Audit = true
	opts.NoWrite = true // every output made and checked, none written
	s := site.New(opts)
	defer s.Close()
	res, err := s.Build(ctx)
	var all diag.List
	if err != nil {
		var dl diag.List
		if !errors.As(err, &dl) {
			fmt.Fprintln(stderr, "relais check:", l.Err(err))
			return 1
		}
		all.Add(dl...)
	}
	all.Add(res.Warnings...)
	all.Add(s.Audit()...)
	all.Add(placeholders(opts.Source)...)
	if *external {
		all.Add(checkExternal(ctx, env.linkChecker(), s.ExternalLinks())...)
	}
	all = all.ForCheck()
	all.Sort()
	all = all.Grouped(3) // a kind many pages have, once
	// The errors first: what stops a build, never drowned in warnings.
	sort.SliceStable(all, func(i, j int) bool { return all[i].Severity == diag.Error && all[j].Severity != diag.Error })
	errs, warns := len(all.Errors()), len(all.Warnings())
	if *format == "json" {
		out := make([]jsonFinding, 0, len(all))
		for _, f := range all {
			sev := "error"
			if f.Severity == diag.Warning {
				sev = "warning"
			}
			jf := jsonFinding{Severity: sev, Code: f.Code(), File: f.File, Line: f.Line, Column: f.Col, Message: f.Text().In(l)}
			if f.Hint != "" {
				jf.Hint = f.HintText().In(l)
			}
			out = append(out, jf)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
	} else {
		for _, f := range all {
			fmt.Fprintln(stdout, f.In(l))
		}
		var due []directory.Due
		if cfg := s.Config(); cfg != nil {
			due = directory.DueForVerification(s.Published(), s.Now(), cfg.Directory.VerifiedMonths)
		}
		if len(due) > 0 {
			l.Print(stdout, "relais check: %s to verify again (checked more than %d months ago, or never), oldest first:\n",
				l.Count(len(due), "partner", "partners"), s.Config().Directory.VerifiedMonths)
			for _, d := range due {
				when := l.Say("never")
				if !d.Verified.IsZero() {
					when = d.Verified.Format("2006-01-02")
				}
				fmt.Fprintf(stdout, "  %-10s  %s  (%s:%d)\n", when, d.Name, d.File, d.Line)
			}
		}
		if n := s.BrokenLinks(); n > 0 && s.Config() != nil && s.Config().Check.Links == "warning" {
			l.Print(stdout, "relais check: %s to mend (warnings while site.toml has [check] links = \"warning\")\n",
				l.Count(n, "broken link", "broken links"))
		}
		l.Print(stdout, "relais check: %s, %s\n", l.Count(errs, "error", "errors"), l.Count(warns, "warning", "warnings"))
	}
	if errs > 0 {
		return 1
	}
	return 0
}

// placeholders warns of the pages whose text still holds a sentence of
// the starter content ("Présentez ici votre service…").
func placeholders(fsys fs.FS) diag.List {
	var l diag.List
	_ = fs.WalkDir(fsys, site.ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" || site.Ignored(d.Name()) {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		for _, ph := range scaffold.Placeholders {
			if i := bytes.Index(b, []byte(ph)); i >= 0 {
				l.Add(diag.Warnf(p, 1+bytes.Count(b[:i], []byte("\n")), "this page still has the example text of relais init: « %s »", ph).
					WithHint("write your own text in its place"))
			}
		}
		return nil
	})
	return l
}

// checkExternal asks other sites whether the pages' links to them still
// lead somewhere: a page gone (404, 410) is an error, anything else odd a
// warning.
func checkExternal(ctx context.Context, checker *linkcheck.Checker, links []sitecheck.ExternalLink) diag.List {
	var urls []string
	for _, l := range links {
		urls = append(urls, l.URL)
	}
	res := checker.Check(ctx, urls)
	var l diag.List
	for _, ln := range links {
		r := res[ln.URL]
		switch {
		case r.Broken():
			l.Add(diag.Errorf(ln.File, ln.Line, "the link to %s leads to a page that no longer exists (%d)", ln.URL, r.Status).
				WithHint("find where the page went, or remove the link"))
		case r.Problem().Format != "":
			f := diag.Warnf(ln.File, ln.Line, "the link to %s %s", ln.URL, r.Problem())
			if r.Final != "" && r.Status < 400 && r.Err == "" {
				f.WithHint("link to %s directly", r.Final)
			}
			l.Add(f)
		}
	}
	return l
}
