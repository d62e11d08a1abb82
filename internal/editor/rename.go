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
	name := slug.Make(r.PostFormValue("name"))
	switch {
	case name == "":
		e.fail(w, http.StatusUnprocessableEntity, e.say("Give the new name: letters or digits, which make the address."), back)
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
	oldPath := e.c.Site.PagePath(file)
	newPath := ""
	if oldPath != "" && path.Base(strings.TrimSuffix(oldPath, "/")) == slug.Make(path.Base(strings.TrimSuffix(strings.TrimSuffix(from, ".md"), "/"))) {
		newPath = path.Dir(strings.TrimSuffix(oldPath, "/")) + "/" + name + "/"
		newPath = strings.Replace(newPath, "//", "/", 1)
	}
	if err := e.move(from, to); err != nil {
		e.fail(w, http.StatusConflict, e.c.Lang.Err(err), back)
		return
	}
	if oldPath != "" {
		// The old address leads to the new one.
		aliases := frontmatter.List(d.vals["aliases"])
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
