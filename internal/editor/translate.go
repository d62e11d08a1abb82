package editor

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"

	"relais/internal/frontmatter"
)

// The translations of a site in several languages ([languages] in
// site.toml): the list says, for each page in the site's own language,
// which languages it has and offers to translate it into the others; a
// translation (x.en.md beside x.md) starts as a draft copy of the
// original, and its form shows the original beside the text.

// transLink is a language of a page in the list: its translation, or
// the offer to make one.
type transLink struct {
	Code, Name string
	File       string // the translation; "" when there is none
}

// translations are the languages other than the site's own of each
// page in it, by file: the translation's file, or "".
func (e *Editor) translations(entries []Entry) map[string][]transLink {
	langs := e.c.Site.Languages()
	if len(langs) < 2 {
		return nil
	}
	byKey := map[string]map[string]string{} // key → language → file
	for _, en := range entries {
		if en.TransKey == "" || en.Lang == "" {
			continue
		}
		if byKey[en.TransKey] == nil {
			byKey[en.TransKey] = map[string]string{}
		}
		byKey[en.TransKey][en.Lang] = en.File
	}
	out := map[string][]transLink{}
	for _, en := range entries {
		if en.Lang != "" || en.Sheet || en.TransKey == "" {
			continue
		}
		var links []transLink
		for _, l := range langs[1:] {
			links = append(links, transLink{Code: l.Code, Name: l.Name, File: byKey[en.TransKey][l.Code]})
		}
		out[en.File] = links
	}
	return out
}

// entryOf is file among the entries of the last build.
func entryOf(entries []Entry, file string) (Entry, bool) {
	for _, en := range entries {
		if en.File == file {
			return en, true
		}
	}
	return Entry{}, false
}

// original is the page a translation translates, and the site's own
// language; nil when file is not a translation or has no original.
func (e *Editor) original(file string) (*Entry, Language) {
	entries, _ := e.c.Site.Entries()
	langs := e.c.Site.Languages()
	self, ok := entryOf(entries, file)
	if !ok || self.Lang == "" || len(langs) == 0 {
		return nil, Language{}
	}
	for i := range entries {
		if en := &entries[i]; en.Lang == "" && en.TransKey == self.TransKey && !en.Sheet {
			return en, langs[0] // the site's own comes first
		}
	}
	return nil, Language{}
}

// originalView is the original of a translation as its form shows it,
// beside the text: its title, language and text.
type originalView struct {
	File, Title, Name, Lang, Body string
}

// originalOf is the original of the translation file, for its form; nil
// when file is not a translation.
func (e *Editor) originalOf(file string) *originalView {
	orig, own := e.original(file)
	if orig == nil {
		return nil
	}
	d, err := e.open(orig.File)
	if err != nil {
		return nil
	}
	return &originalView{File: orig.File, Title: orig.Title, Name: own.Name, Lang: own.Code, Body: string(d.body())}
}

// inOtherLanguage reports a page that is not in the site's own language,
// as the last build read it.
func (e *Editor) inOtherLanguage(file string) bool {
	entries, _ := e.c.Site.Entries()
	en, _ := entryOf(entries, file)
	return en.Lang != ""
}

// translationFile is where the translation of file into lang goes:
// beside it, the language before the extension (x.en.md, index.en.md).
func translationFile(file, lang string) string {
	ext := path.Ext(file)
	return strings.TrimSuffix(file, ext) + "." + lang + ext
}

// translate makes the translation of a page into a language of the site
// and opens it: a copy of the original, as a draft (it is published once
// she has translated it and takes the draft off), without the original's
// address and old addresses, which are the original's own.
func (e *Editor) translate(w http.ResponseWriter, r *http.Request) {
	file, lang := r.PostFormValue("f"), r.PostFormValue("lang")
	known := false
	for _, l := range e.c.Site.Languages() {
		known = known || !l.Own && l.Code == lang
	}
	if !editable(file) || !known {
		e.fail(w, http.StatusBadRequest, e.say("%s cannot be translated into %q", file, lang), Prefix)
		return
	}
	if e.inOtherLanguage(file) || strings.HasSuffix(strings.TrimSuffix(file, path.Ext(file)), "."+lang) {
		// A translation, or a page written in another language only
		// (content/en/x.md): its original is what is translated.
		e.fail(w, http.StatusBadRequest, e.say("%s is a translation already: translate its original", file), Prefix)
		return
	}
	target := translationFile(file, lang)
	src, err := e.readFile(file)
	if err != nil {
		e.fail(w, http.StatusNotFound, e.c.Lang.Err(err), Prefix)
		return
	}
	if _, err := e.readFile(target); err == nil {
		// Made already (by another tab): open it.
		http.Redirect(w, r, Link(target), http.StatusSeeOther)
		return
	} else if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, os.ErrNotExist) {
		e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), Prefix)
		return
	}
	out, err := frontmatter.Edit(file, src, []frontmatter.Change{{Key: "draft", Value: true}, {Key: "url", Value: nil},
		{Key: "aliases", Value: nil}, {Key: "permalink", Value: nil}})
	if err != nil {
		e.fail(w, http.StatusUnprocessableEntity, e.c.Lang.Err(err), Prefix)
		return
	}
	if err := e.write(target, out); err != nil {
		e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), Prefix)
		return
	}
	http.Redirect(w, r, Link(target)+"&ok=translation", http.StatusSeeOther)
}
