package load

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/extension"
	"relais/internal/fields"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/privacy"
)

// Configure sets the loader for a site's settings and kinds of section
// (reg), whose taxonomies (plurals) are taxonomies: the Markdown
// converter of each language, the privacy checker, and the fields of
// every kind of page, worked out once.
func (ld *Loader) Configure(cfg *config.Config, reg *extension.Registry, taxonomies []string) {
	ld.Config = cfg
	ld.Keys = page.NewKeys(taxonomies, nil, false)
	ld.Sections = reg.Sections()
	ld.SectionKeys = ld.SectionKeys[:0]
	for _, sec := range ld.Sections {
		ld.SectionKeys = append(ld.SectionKeys, page.NewKeys(taxonomies, fields.Keys(sec.Fields()), sec.Strict()))
	}
	ld.SectionOf = reg.Of
	ld.OwnTitle = func(file string) bool {
		rel, ok := strings.CutPrefix(file, ContentDir+"/")
		return ok && reg.OwnTitle(rel)
	}
	ld.Conv = Converter(cfg, "")
	ld.ConvIn = map[string]*markdown.Converter{}
	for _, lang := range cfg.Langs()[1:] {
		ld.ConvIn[lang] = Converter(cfg, lang)
	}
	ld.Priv = privacy.New(cfg.BaseURL, cfg.Privacy.AllowedOrigins)
}

// Converter is the Markdown converter of the pages in a language of the
// site ("" for its own).
func Converter(cfg *config.Config, lang string) *markdown.Converter {
	code := cfg.LangCode(lang)
	return markdown.New(markdown.Options{
		Unsafe:   cfg.Markdown.Unsafe,
		BasePath: cfg.BasePath(),
		// French typography applies to French text only.
		French:       cfg.FrenchTypography() && (lang == "" || strings.HasPrefix(lang, "fr")),
		RightToLeft:  cfg.DirectionOf(code) == "rtl",
		Language:     code,
		SummaryWords: cfg.SummaryWords,
		// Hugo's github-ascii.
		ASCIIHeadingIDs: cfg.Markdown.HeadingIDs == "github-ascii",
		// What a render completes is marked as the page is converted,
		// never looked for in its HTML.
		Marks: true,
	})
}

// Findings are what reading the files found; a draft that is not
// published (drafts false) has its errors as warnings (DraftFindings).
func (ld *Loader) Findings(drafts bool) diag.List {
	var l diag.List
	for _, e := range ld.Files {
		if e.Page != nil && e.Page.Draft && !drafts {
			l.Add(DraftFindings(e.Diags)...)
			continue
		}
		l.Add(e.Diags...)
	}
	return l
}

// DraftFindings are the findings of a draft that is not published: its
// errors do not stop the build, since nothing of it is written, and are
// told as warnings to fix before it is (a kit written step by step, saved
// as a draft from the editor).
func DraftFindings(l diag.List) diag.List {
	out := make(diag.List, len(l))
	for i, f := range l {
		out[i] = f
		if f.Severity == diag.Error {
			w := *f
			w.Severity = diag.Warning
			w.Say("%s (in a draft, which is not published until this is fixed)", f.Text())
			out[i] = &w
		}
	}
	return out
}

// IgnoredFields is one warning for the fields of other tools the pages
// have (page.ForeignKeys), with how many pages have each, instead of a
// warning per page; nil if none.
func (ld *Loader) IgnoredFields() *diag.Finding {
	count := map[string]int{}
	pages := 0
	for _, e := range ld.Files {
		for _, p := range e.Pages() {
			if len(p.Ignored) > 0 {
				pages++
			}
			for _, k := range p.Ignored {
				count[k]++
			}
		}
	}
	if pages == 0 {
		return nil
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if count[keys[i]] != count[keys[j]] {
			return count[keys[i]] > count[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s (%s)", k, plural(count[k], "page", "pages")))
	}
	verb := "have"
	if pages == 1 {
		verb = "has"
	}
	return diag.Warnf(ContentDir, 0, "%s %s fields that other tools use and relais does not: %s; they are ignored",
		plural(pages, "page", "pages"), verb, strings.Join(parts, ", ")).
		WithHint("nothing to do for the site; remove them when you edit those pages")
}

// Unread are the URLs the pages whose files could not be read (their
// front matter has an error) would most likely have: their folder and
// file name.
func (ld *Loader) Unread() map[string]bool {
	out := map[string]bool{}
	for p, e := range ld.Files {
		if !e.IsMarkdown() || e.Page != nil || len(e.Diags.Errors()) == 0 {
			continue
		}
		rel := strings.TrimPrefix(strings.TrimSuffix(p, path.Ext(p)), ContentDir+"/")
		switch base := path.Base(rel); {
		case base == "_index" || base == "index":
			rel = path.Dir(rel)
		}
		if rel == "." || rel == "" {
			out["/"] = true
			continue
		}
		out[graph.SectionURL(rel)] = true
		// Its sections too: one that has no other page is made only
		// when this page can be read.
		for d := path.Dir(rel); d != "." && d != ""; d = path.Dir(d) {
			out[graph.SectionURL(d)] = true
		}
	}
	return out
}

// Terms are the taxonomies (plurals), each with the terms the pages
// use, sorted.
func (ld *Loader) Terms(taxonomies []string) map[string][]string {
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, t := range taxonomies {
		out[t] = []string{}
	}
	for _, e := range ld.Files {
		for _, p := range e.Pages() {
			for t, names := range p.Terms {
				if _, ok := out[t]; !ok {
					continue
				}
				for _, n := range names {
					if !seen[t+"\x00"+n] {
						seen[t+"\x00"+n] = true
						out[t] = append(out[t], n)
					}
				}
			}
		}
	}
	for _, l := range out {
		slices.SortFunc(l, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	}
	return out
}

// CheckCopy refuses a file published as it is that would load anything
// from another site: a stylesheet that imports a font or an image from
// elsewhere.
func (ld *Loader) CheckCopy(e *File) error {
	if !strings.HasSuffix(e.Path, ".css") {
		return nil
	}
	css, err := fs.ReadFile(ld.Source, e.RealPath())
	if err != nil {
		return diag.Errorf(e.Path, 0, "cannot read this file: %v", i18n.FileErr(err))
	}
	if bad := ld.Priv.CSS(css); len(bad) > 0 {
		return diag.Errorf(e.Path, 0, "this stylesheet would load %s from another site", strings.Join(bad, ", ")).
			WithHint(PrivacyHint)
	}
	return nil
}
