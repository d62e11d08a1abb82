// Package sources lists the files of a site: an fs.FS in, the files
// and what is wrong with the paths left out (findings) out. Symbolic
// links are followed while they stay in the site and in their own
// top folder; names that are not part of a site (hidden, backups, lock
// files) are never listed.
package sources

import (
	"errors"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"strings"
	"time"

	"relais/internal/diag"
	"relais/internal/i18n"
)

// File is a file of the site found by Walk.
type File struct {
	Path  string // relative to the site: "content/articles/x.md"
	Link  string // the file its bytes come from, when Path is a link; "" otherwise
	Size  int64
	Stamp uint64 // Stamp: size and modification time
	// ModTime is when the file was last changed.
	ModTime time.Time
	// Finding, when set, says why the path is left out (a link refused,
	// a special file): the finding stays until the path changes.
	Finding *diag.Finding
}

// Ignored reports names that are not part of a site and are never
// published: hidden files and folders (.DS_Store, .git), the files editors
// and tools keep beside the ones being edited (backups, swap and lock
// files, Office's ~$ lock files, partial downloads), and the files systems
// leave in folders (Thumbs.db, desktop.ini).
func Ignored(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasPrefix(name, "~$") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, "#") || lower == "thumbs.db" || lower == "desktop.ini" || name == "4913" ||
		strings.HasSuffix(lower, ".swp") || strings.HasSuffix(lower, ".swx") || strings.HasSuffix(lower, ".tmp") ||
		strings.HasSuffix(lower, ".bak") || strings.HasSuffix(lower, ".orig") || strings.HasSuffix(lower, ".crdownload") ||
		strings.HasSuffix(lower, ".part")
}

// Walk lists the files at root in fsys (a file, or a folder and all below
// it), following symbolic links that stay inside the site. A link that
// leaves the site, leads nowhere, to a hidden file or into a loop, or a
// file that cannot be read, is listed with its finding, so that the
// finding stays until that path changes. out is the output folder's path
// in the site, or "": it is never read, whatever links lead to it. What
// is neither a file nor a folder (a named pipe, a device) is left out with
// a warning: reading it could block the build.
func Walk(fsys fs.FS, root, out string) []File {
	for _, seg := range strings.Split(root, "/") {
		if Ignored(seg) {
			return nil
		}
	}
	var list []File
	report := func(f *diag.Finding) { list = append(list, File{Path: f.File, Finding: f}) }
	inOut := func(p string) bool { return out != "" && IsAncestor(out, p) }
	if inOut(root) {
		return nil
	}
	// visit adds the file or folder p, whose bytes are at real (they
	// differ below a followed link; real has no link in it).
	var visit func(p, real string, seen map[string]bool)
	visit = func(p, real string, seen map[string]bool) {
		fi, err := fs.Lstat(fsys, real)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				report(diag.Errorf(p, 0, "cannot read this file: %v", i18n.FileErr(err)))
			}
			return
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			target, f := resolveLinks(fsys, p, real, out)
			if f != nil {
				report(f)
				return
			}
			if inOut(target) {
				report(diag.Warnf(p, 0, "this symbolic link leads into the output folder %s: left out", out).
					WithHint("the output folder is what relais writes, never what it reads; remove the link"))
				return
			}
			// A link stays in its own folder: static/ linked to content/
			// would publish the Markdown of drafts and private pages,
			// linked to layouts/ the templates, to corbeille/ what she
			// deleted.
			if top, _, _ := strings.Cut(p, "/"); !IsAncestor(top, target) {
				report(diag.Errorf(p, 0, "this symbolic link leads out of %s/, to %s: relais publishes from %s/ only what is in it", top, target, top).
					WithHint("copy the files into %s/ instead of linking to them", top))
				return
			}
			if fi, err = fs.Lstat(fsys, target); err != nil {
				report(diag.Errorf(p, 0, "cannot read this file: %v", i18n.FileErr(err)))
				return
			}
			if fi.IsDir() && (seen[target] || IsAncestor(target, real)) {
				report(diag.Errorf(p, 0, "this symbolic link makes a loop: it leads back to %s", target).
					WithHint("remove the link; copy the files instead"))
				return
			}
			if fi.IsDir() {
				// A copy for this branch of the walk (nil at its top).
				seen = maps.Clone(seen)
				if seen == nil {
					seen = map[string]bool{}
				}
				seen[target] = true
			}
			real = target
		}
		if !fi.IsDir() {
			if !fi.Mode().IsRegular() {
				report(diag.Warnf(p, 0, "this is not a file but a %s: left out", fileKind(fi.Mode())).
					WithHint("only files and folders belong in a site; remove it"))
				return
			}
			f := File{Path: p, Size: fi.Size(), Stamp: Stamp(fi), ModTime: fi.ModTime()}
			if real != p {
				f.Link = real
			}
			list = append(list, f)
			return
		}
		ents, err := fs.ReadDir(fsys, real)
		if err != nil {
			report(diag.Errorf(p, 0, "cannot read this folder: %v", i18n.FileErr(err)))
			return
		}
		for _, d := range ents {
			if !Ignored(d.Name()) {
				visit(path.Join(p, d.Name()), path.Join(real, d.Name()), seen)
			}
		}
	}
	visit(root, root, nil)
	return list
}

func fileKind(m fs.FileMode) i18n.Text {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return i18n.T("named pipe")
	case m&fs.ModeSocket != 0:
		return i18n.T("socket")
	case m&fs.ModeDevice != 0:
		return i18n.T("device")
	}
	return i18n.T("special file")
}

// IsAncestor reports a path b (of the site, with slashes) that is a or
// below it; "." is above every path.
func IsAncestor(a, b string) bool {
	return a == "." || a == b || strings.HasPrefix(b, a+"/")
}

// maxLinks is how many symbolic links one path may go through, as Linux's
// limit.
const maxLinks = 40

// resolveLinks returns the path of the site that the link real (the file
// p of the site) leads to, with every link on the way followed, one
// component at a time: a link to a link, or through a linked folder, is
// followed to its end. It refuses a path that leaves the site at any step,
// passes through a hidden name (".git", a hidden link), leads nowhere, or
// goes through too many links. A path into out, the output folder, is
// returned as soon as it gets there.
func resolveLinks(fsys fs.FS, p, real, out string) (string, *diag.Finding) {
	outside := func(target string) *diag.Finding {
		return diag.Errorf(p, 0, "this symbolic link leads outside the site, to %s", target).
			WithHint("copy the file into the site instead of linking to it")
	}
	var done []string
	todo := strings.Split(real, "/")
	hops, last := 0, real
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", outside(last)
			}
			done = done[:len(done)-1]
			continue
		}
		if Ignored(c) {
			return "", diag.Errorf(p, 0, "this symbolic link leads to a hidden file or folder (%s)", c).
				WithHint("hidden files are never published; link to a file that is not hidden, or copy it")
		}
		cur := path.Join(path.Join(done...), c)
		if out != "" && IsAncestor(out, cur) {
			return cur, nil // the output folder, which may not exist yet: the caller leaves it out
		}
		fi, err := fs.Lstat(fsys, cur)
		if err != nil {
			return "", diag.Errorf(p, 0, "this symbolic link leads nowhere (%s does not exist)", cur).
				WithHint("remove the link or make it point to an existing file of the site")
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done = append(done, c)
			continue
		}
		if hops++; hops > maxLinks {
			return "", diag.Errorf(p, 0, "this symbolic link makes a loop, or goes through more than %d links", maxLinks).
				WithHint("remove the link; copy the files instead")
		}
		target, err := fs.ReadLink(fsys, cur)
		if err != nil {
			return "", diag.Errorf(p, 0, "cannot read this symbolic link: %v", i18n.FileErr(err))
		}
		if path.IsAbs(target) || filepath.IsAbs(target) || strings.ContainsRune(target, '\\') {
			return "", outside(target)
		}
		last = target
		todo = append(strings.Split(target, "/"), todo...)
	}
	return path.Join(done...), nil
}

// Stamp is a file's size and modification time, to see a change.
func Stamp(fi fs.FileInfo) uint64 {
	return uint64(fi.Size())*1_000_003 ^ uint64(fi.ModTime().UnixNano())
}
