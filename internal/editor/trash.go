package editor

import (
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/page"
)

// htmlOf is a page's text as the site made it: goldmark's HTML with raw
// HTML off, which the template writes as it is.
func htmlOf(b []byte) template.HTML { return template.HTML(b) }

// trashed is an entry of the trash: a folder named for when it was
// deleted, holding the file or the bundle at its path in the site.
type trashed struct {
	ID    string // the folder's name in corbeille/
	Path  string // where it was in the site
	When  string
	Title string
}

// remove moves a page to the trash: a page bundle (a kit) with its
// folder, whole.
func (e *Editor) remove(w http.ResponseWriter, r *http.Request) {
	file := r.PostFormValue("f")
	if !editable(file) {
		e.fail(w, http.StatusBadRequest, e.say("%s is not a page of content/ the editor can open", file), Prefix)
		return
	}
	what := file
	if dir := bundleDir(file); dir != "" {
		what = dir
	}
	if _, ok := e.opened(w, r); !ok {
		return
	}
	id := e.c.Now().Format("2006-01-02_15-04-05")
	if err := e.move(what, path.Join(TrashDir, id, what)); err != nil {
		e.fail(w, http.StatusConflict, e.c.Lang.Err(err), Link(file))
		return
	}
	http.Redirect(w, r, Prefix+"?supprime="+url.QueryEscape(what), http.StatusSeeOther)
}

// entries lists the trash, newest first.
func (e *Editor) entries() []trashed {
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		return nil
	}
	defer root.Close()
	fsys := root.FS()
	ids, err := fs.ReadDir(fsys, TrashDir)
	if err != nil {
		return nil
	}
	var out []trashed
	for _, id := range ids {
		if !id.IsDir() {
			continue
		}
		base := path.Join(TrashDir, id.Name())
		// The path kept under it: down to the first file or a bundle.
		_ = fs.WalkDir(fsys, base, func(p string, d fs.DirEntry, err error) error {
			if err != nil || p == base {
				return nil
			}
			rel := strings.TrimPrefix(p, base+"/")
			if d.IsDir() {
				if _, err := fs.Stat(fsys, path.Join(p, "index.md")); err == nil {
					out = append(out, trashed{ID: id.Name(), Path: rel, When: e.when(id.Name()), Title: e.trashedTitle(fsys, path.Join(p, "index.md"), rel+"/index.md")})
					return fs.SkipDir
				}
				return nil
			}
			out = append(out, trashed{ID: id.Name(), Path: rel, When: e.when(id.Name()), Title: e.trashedTitle(fsys, p, rel)})
			return nil
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out
}

// trashedTitle is the title a deleted page's front matter gives, else
// one made from its file name.
func (e *Editor) trashedTitle(fsys fs.FS, p, rel string) string {
	if src, err := fs.ReadFile(fsys, p); err == nil && page.IsMarkdownName(p) {
		if t := frontmatter.Text(e.parse(rel, src).vals["title"]); t != "" {
			return t
		}
	}
	return titleOf(rel)
}

// when says a trash folder's name (2026-12-07_03-25-09) as a day and an
// hour, in words: « 7 décembre 2026 à 03:25 ».
func (e *Editor) when(id string) string {
	t, err := time.Parse("2006-01-02_15-04-05", id)
	if err != nil {
		return id
	}
	return e.say("%d %s %d at %s", t.Day(), months[t.Month()-1].In(e.c.Lang), t.Year(), t.Format("15:04"))
}

var months = [12]i18n.Text{i18n.T("January"), i18n.T("February"), i18n.T("March"), i18n.T("April"), i18n.T("May"),
	i18n.T("June"), i18n.T("July"), i18n.T("August"), i18n.T("September"), i18n.T("October"), i18n.T("November"), i18n.T("December")}

// trash shows what was deleted.
func (e *Editor) trash(w http.ResponseWriter, r *http.Request) {
	e.render(w, http.StatusOK, "trash.html", map[string]any{"Title": e.say("Trash"), "Entries": e.entries(),
		"Restored": r.URL.Query().Get("ok")})
}

// restore puts a deleted page back where it was, if nothing took its
// place.
func (e *Editor) restore(w http.ResponseWriter, r *http.Request) {
	id, p := r.PostFormValue("id"), r.PostFormValue("path")
	if !safeName(id) || !strings.HasPrefix(p, ContentDir+"/") || p != path.Clean(p) || strings.Contains(p, "/.") {
		e.fail(w, http.StatusBadRequest, e.say("this is not in the trash"), Prefix+"trash")
		return
	}
	if err := e.move(path.Join(TrashDir, id, p), p); err != nil {
		e.fail(w, http.StatusConflict, e.c.Lang.Err(err), Prefix+"trash")
		return
	}
	e.pruneTrash(id)
	http.Redirect(w, r, Prefix+"trash?ok="+url.QueryEscape(p), http.StatusSeeOther)
}

// emptyTrash deletes what is in the trash, for good, once she has said
// yes on the page that asks.
func (e *Editor) emptyTrash(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("confirm") != "1" {
		e.render(w, http.StatusOK, "trash.html", map[string]any{"Title": e.say("Empty the trash?"), "Entries": e.entries(), "Confirm": true})
		return
	}
	root, err := os.OpenRoot(e.c.Dir)
	if err == nil {
		defer root.Close()
		if fi, lerr := root.Lstat(TrashDir); lerr == nil && fi.IsDir() {
			err = root.RemoveAll(TrashDir)
		}
	}
	if err != nil {
		e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), Prefix+"trash")
		return
	}
	http.Redirect(w, r, Prefix+"trash", http.StatusSeeOther)
}

// pruneTrash removes the empty folders a restore leaves in the trash.
func (e *Editor) pruneTrash(id string) {
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		return
	}
	defer root.Close()
	var dirs []string
	_ = fs.WalkDir(root.FS(), path.Join(TrashDir, id), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := root.Remove(dirs[i]); err != nil && !errors.Is(err, fs.ErrNotExist) {
			continue // not empty: another page is in it
		}
	}
}

// safeName reports a single file name without a path.
func safeName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "/\\\x00") && !strings.HasPrefix(s, ".")
}
