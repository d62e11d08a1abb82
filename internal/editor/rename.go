package editor

import (
	"io/fs"
	"net/http"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"relais/internal/frontmatter"
	"relais/internal/slug"
)

// rename gives a page a new file name, and so a new address: the old
// address is kept as an alias (it leads to the new one), and the links
// of the site's pages to it are changed to the new one.
func (e *Editor) rename(w http.ResponseWriter, r *http.Request) {
	d, ok := e.opened(w, r)
	if !ok {
		return
	}
	file, back := d.file, Link(d.file)
	if d.err != nil {
		e.fail(w, http.StatusConflict, e.c.Lang.Err(d.err), back)
		return
	}
	typed := r.PostFormValue("name")
	name := slug.Make(typed)
	switch {
	case name == "":
		e.refuse(w, http.StatusUnprocessableEntity, d, sideError{Field: "name", Name: typed, Message: e.say("Give the new name: letters or digits, which make the address.")})
		return
	case d.kind == KindSection:
		e.fail(w, http.StatusUnprocessableEntity, e.say("A section is renamed with its folder: rename the folder in your file manager."), back)
		return
	case d.vals["slug"] != nil || d.vals["url"] != nil:
		e.fail(w, http.StatusUnprocessableEntity, e.say("This page's address is set by its slug or url field: change that field instead."), back)
		return
	}
	from, to, target := file, "", ""
	if dir := bundleDir(file); dir != "" {
		from = dir
		to = path.Join(path.Dir(dir), name)
		target = path.Join(to, path.Base(file))
	} else {
		to = path.Join(path.Dir(file), name+path.Ext(file))
		target = to
	}
	if to == from {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	// The page's address, as the last build made it; or, when she renames
	// again before a build has seen the last rename, the address that
	// rename gave it.
	oldPath := e.c.Site.PagePath(file)
	if oldPath == "" {
		oldPath = e.moved[file]
	}
	newPath := ""
	if oldPath != "" && path.Base(strings.TrimSuffix(oldPath, "/")) == slug.Make(path.Base(strings.TrimSuffix(strings.TrimSuffix(from, ".md"), "/"))) {
		newPath = path.Dir(strings.TrimSuffix(oldPath, "/")) + "/" + name + "/"
		newPath = strings.Replace(newPath, "//", "/", 1)
	}
	if other := e.taken(file, from, to, newPath); other != "" {
		e.refuse(w, http.StatusConflict, d, sideError{Field: "name", Name: typed, Message: e.say("« %s » is already the name or the address of another page (%s): choose another name.", name, other)})
		return
	}
	if err := e.move(from, to); err != nil {
		e.fail(w, http.StatusConflict, e.c.Lang.Err(err), back)
		return
	}
	delete(e.moved, file)
	if newPath != "" {
		e.moved[target] = newPath
	}
	if oldPath != "" {
		// The old address leads to the new one; the new one is no longer
		// an old one (renamed back).
		aliases := slices.DeleteFunc(frontmatter.List(d.vals["aliases"]), func(a string) bool { return a == newPath })
		if !slices.Contains(aliases, oldPath) {
			aliases = append(aliases, oldPath)
		}
		if src, err := e.readFile(target); err == nil {
			if out, err := frontmatter.Edit(target, src, []frontmatter.Change{{Key: "aliases", Value: frontmatter.Flow(aliases)}}); err == nil {
				if err := e.write(target, out); err != nil {
					e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), Link(target))
					return
				}
			}
		}
	}
	if newPath != "" {
		e.relink(oldPath, newPath)
	}
	http.Redirect(w, r, Link(target)+"&ok=renamed", http.StatusSeeOther)
}

// taken names what already has the name or the address a rename of file
// (from, a file or a bundle's folder, to to, with the address newPath)
// would take, or "": a file or folder of that name beside it (name.md
// beside the bundle name/, or the reverse), or another page at that
// address in the last build.
func (e *Editor) taken(file, from, to, newPath string) string {
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		return ""
	}
	defer root.Close()
	stem := strings.TrimSuffix(to, path.Ext(to))
	if path.Ext(to) == "" {
		stem = to
	}
	for _, p := range []string{stem, stem + ".md", stem + ".markdown", stem + ".mdown", stem + ".mkd"} {
		if p == from {
			continue
		}
		if _, err := root.Lstat(p); err == nil {
			return p
		}
	}
	if newPath == "" {
		return ""
	}
	oldURL := e.c.Site.PageURL(file)
	if oldURL == "" {
		return ""
	}
	newURL := path.Dir(strings.TrimSuffix(oldURL, "/")) + "/" + path.Base(newPath) + "/"
	if entries, ok := e.c.Site.Entries(); ok {
		for _, en := range entries {
			if en.File != file && en.URL == newURL {
				return en.File
			}
		}
	}
	return ""
}

// readFile reads a file of the site.
func (e *Editor) readFile(file string) ([]byte, error) {
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.ReadFile(file)
}

// relink changes the links of the site's pages to from (an address in
// the site, "/articles/x/") into links to to: inline links [texte](/articles/x/#part)
// and reference definitions [x]: /articles/x/, in the text only.
func (e *Editor) relink(from, to string) {
	q := regexp.QuoteMeta(from)
	inline := regexp.MustCompile(`(\]\(\s*<?)` + q + `((?:#[^\s)>]*)?>?(?:\s+"[^"]*")?\s*\))`)
	ref := regexp.MustCompile(`(?m)^(\s{0,3}\[[^\]]+\]:\s*<?)` + q + `((?:#\S*)?>?(?:\s|$))`)
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		return
	}
	defer root.Close()
	var files []string
	_ = fs.WalkDir(root.FS(), ContentDir, func(p string, de fs.DirEntry, err error) error {
		if err == nil && de.Type().IsRegular() && editable(p) {
			files = append(files, p)
		}
		return nil
	})
	for _, p := range files {
		src, err := root.ReadFile(p)
		if err != nil || !strings.Contains(string(src), from) {
			continue
		}
		doc, err := frontmatter.Split(p, src)
		if err != nil {
			continue
		}
		head := src[:len(src)-len(doc.Body)]
		body := inline.ReplaceAll(doc.Body, []byte("${1}"+to+"${2}"))
		body = ref.ReplaceAll(body, []byte("${1}"+to+"${2}"))
		if string(body) != string(doc.Body) {
			_ = e.write(p, append(slices.Clone(head), body...))
		}
	}
}
