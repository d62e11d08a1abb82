package views

import (
	"relais/internal/page"
	"relais/internal/record"
)

// Translation is one language of a page, for the language switcher.
type Translation struct {
	Lang string // its code: "en"
	Name string // the language's name in itself: « English »
	Dir  string // "rtl" for a language written right to left, else ""
	// RelPermalink is the page in that language; for a language the page
	// is not translated into (Missing), the page in the site's own
	// language, or else that language's home page.
	RelPermalink string
	Title        string
	Current      bool // the page shown
	// Missing says the page has no version in that language; Note says
	// so in that language (« not translated yet »).
	Missing bool
	Note    string
}

// Lang is the code of the page's language ("fr").
func (v *PageView) Lang() string { return v.e.cfg.LangCode(v.p.Lang) }

// Foreign reports a page in another language than the page rendered: a
// page of the site's own language in the list of a language it is not
// translated into ([languages.en] originals = true).
func (v *PageView) Foreign() bool { return v.p.Lang != v.e.lang }

// Translations are the page in each of the site's languages, its own
// first, for the language switcher; nil for a site in one language.
func (v *PageView) Translations() []Translation {
	var out []Translation
	for _, t := range v.versions() {
		t.RelPermalink = v.e.cfg.RelURL(t.RelPermalink)
		out = append(out, t)
	}
	return out
}

// versions are Translations with site paths for addresses, made once
// for the page's switcher and its alternates.
func (v *PageView) versions() []Translation {
	if !v.set {
		v.vers, v.set = v.makeVersions(), true
	}
	return v.vers
}

func (v *PageView) makeVersions() []Translation {
	e := v.e
	if len(e.cfg.Languages) == 0 || len(e.cfg.Langs()) < 2 {
		return nil // one language ([languages.fr] alone on a French site)
	}
	p := v.meta()
	have := map[string]*page.Page{p.Lang: p}
	for _, t := range e.translations(p) {
		e.rc.Page(record.Meta, t)
		have[t.Lang] = t
	}
	var out []Translation
	for i, code := range e.cfg.Langs() {
		lang := code
		if i == 0 {
			lang = ""
		}
		tr := Translation{Lang: code, Name: e.cfg.LangName(code), Dir: e.cfg.DirectionOf(code), Current: lang == p.Lang}
		to := have[lang]
		if to == nil {
			tr.Missing, tr.Note = true, e.site.Say(code, "notTranslated")
			if to = have[""]; to == nil || to == p {
				to = e.homeIn(lang)
			}
		}
		if to == nil {
			continue
		}
		e.rc.Page(record.Meta, to)
		tr.RelPermalink, tr.Title = to.URL, to.LinkTitle()
		out = append(out, tr)
	}
	return out
}

// Alternate is a version of the page in another language, or the page
// for readers of no language of the site (x-default), for <link
// rel="alternate" hreflang>.
type Alternate struct {
	Lang      string // a language code, or "x-default"
	Permalink string // absolute
}

// Alternates are the page's versions in every language that has one,
// itself included, and the site's own language's as x-default; nil when
// the page has no translation.
func (v *PageView) Alternates() []Alternate {
	var out []Alternate
	own := false
	for i, t := range v.versions() {
		if t.Missing {
			continue
		}
		own = own || i == 0
		out = append(out, Alternate{Lang: t.Lang, Permalink: v.e.cfg.AbsURL(t.RelPermalink)})
	}
	if len(out) < 2 {
		return nil
	}
	if own {
		out = append(out, Alternate{Lang: "x-default", Permalink: out[0].Permalink})
	}
	return out
}
