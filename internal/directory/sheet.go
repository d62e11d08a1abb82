package directory

import (
	"path"
	"strings"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/i18n"
	"relais/internal/page"
	"relais/internal/slug"
)

// Sheet reports a spreadsheet of partners (CSV, Excel or LibreOffice) in
// the directory's folder, by its path under content/: it is read, a
// partner a row, and never published.
func (Extension) Sheet(rel string) bool { return strings.HasPrefix(rel, Section+"/") && IsSheet(rel) }

// ReadSheet reads the partners of the spreadsheet at file (its path in
// the site), a page each, with the site's [directory] settings; the
// findings name the partner, at its row, and the column as the
// spreadsheet names it.
func (Extension) ReadSheet(file string, data []byte, cfg *config.Config, now time.Time) ([]*page.Page, diag.List) {
	rows, l := ReadSheet(file, data)
	maxAge := time.Duration(cfg.Directory.VerifiedMonths) * 30 * 24 * time.Hour
	rel := strings.TrimPrefix(file, page.ContentDir+"/")
	dir := path.Dir(rel)
	out := []*page.Page{}
	for _, r := range rows {
		sl := slug.Make(r.Name)
		p := &page.Page{Meta: page.Meta{ID: rel + "#" + sl, File: file, Kind: page.KindPage,
			Dir: dir, Section: Section, Slug: sl, Title: r.Name, Description: r.Description,
			Summary: r.Description, URLLine: r.Line, Fields: r.Fields, Params: map[string]any{}, Private: r.Private,
			Terms: map[string][]string{}, TermSlugs: map[string][]string{}}}
		for _, f := range r.Fields {
			p.Params[f.Key] = f.Value
		}
		partner, pf := Decode(file, r.Fields, Options{MaxAge: maxAge, Now: now, Confidential: cfg.Directory.Confidential,
			Column: func(key string) string { return r.Headers[key] }})
		for _, f := range pf {
			if f.Line == 1 && f.Col == 0 { // about the entry as a whole: its row
				f.Line = r.Line
			}
			// Name the partner, and the column as the spreadsheet names it.
			t := f.Text()
			if key, ok := firstArg(t); ok && t.Format == "%s: %s" && len(t.Args) == 2 && r.Headers[key] != "" {
				f.Say("%s, column « %s »: %s", r.Name, r.Headers[key], t.Args[1])
			} else {
				f.Say("%s: %s", r.Name, t)
			}
		}
		// A row with an error is left out of the directory, so that one
		// wrong row does not stop an urgent article from going out, and
		// a wrong or confidential value is never published: the build
		// warns, relais check fails.
		if len(pf.Errors()) > 0 {
			for _, f := range pf.Errors() {
				f.Severity, f.FailsCheck = diag.Warning, true
				f.Say("%s (this partner is left out of the directory until this is mended)", f.Text())
			}
			l.Add(pf...)
			continue
		}
		l.Add(pf...)
		p.Extra = partner
		out = append(out, p)
	}
	return out, l
}

// firstArg is the first argument of a message, if it is a string.
func firstArg(t i18n.Text) (string, bool) {
	if len(t.Args) == 0 {
		return "", false
	}
	s, ok := t.Args[0].(string)
	return s, ok
}
