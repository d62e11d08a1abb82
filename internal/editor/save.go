package editor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"relais/internal/diag"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/imagemeta"
	"relais/internal/scaffold"
	"relais/internal/slug"
)

// doc is a content file as the editor reads it.
type doc struct {
	file   string
	src    []byte
	kind   Kind
	defs   []fields.Def
	fields []frontmatter.Field
	vals   map[string]any
	split  frontmatter.Doc
	err    error // the front matter cannot be read: the text only
}

// open reads file, confined to the site.
func (e *Editor) open(file string) (*doc, error) {
	if !editable(file) {
		return nil, i18n.Errorf("%s is not a page of content/ the editor can open", file)
	}
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	fi, err := root.Lstat(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, i18n.Errorf("%s does not exist (any more): it was deleted, moved or renamed", file)
	}
	if err != nil {
		return nil, i18n.Errorf("%s cannot be read: %s", file, i18n.FileErr(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, i18n.Errorf("%s is not a plain file (a link, a folder): the editor leaves it alone", file)
	}
	src, err := root.ReadFile(file)
	if err != nil {
		return nil, i18n.Errorf("%s cannot be read: %s", file, i18n.FileErr(err))
	}
	return e.parse(file, src), nil
}

// parse reads a file's fields.
func (e *Editor) parse(file string, src []byte) *doc {
	d := &doc{file: file, src: src, kind: e.kindOf(file), vals: map[string]any{}}
	d.defs = e.defs(d.kind, e.c.Site.Terms(), e.c.Site.TaxonomyTitles())
	d.split, d.err = frontmatter.Split(file, src)
	if d.err == nil {
		d.fields, d.err = frontmatter.Parse(file, d.split)
	}
	if d.err == nil && (d.split.Format == frontmatter.TOML || d.split.Format == frontmatter.JSON) {
		d.err = i18n.Errorf("%s: its fields are written in %s, which the editor does not change; edit it in a text editor", file, "TOML/JSON")
	}
	for _, f := range d.fields {
		d.vals[f.Key] = f.Value
	}
	d.defs = writtenAs(d.defs, d.vals)
	return d
}

// opened opens the file the form names (f), or shows why it cannot and
// reports false.
func (e *Editor) opened(w http.ResponseWriter, r *http.Request) (*doc, bool) {
	d, err := e.open(r.PostFormValue("f"))
	if err != nil {
		e.fail(w, http.StatusNotFound, e.c.Lang.Err(err), Prefix)
		return nil, false
	}
	return d, true
}

// body is the text of the file after its front matter.
func (d *doc) body() []byte {
	if d.err != nil && d.split.Body == nil {
		return d.src
	}
	return d.split.Body
}

// page shows the form of a file.
func (e *Editor) page(w http.ResponseWriter, r *http.Request) {
	file := r.URL.Query().Get("f")
	if e.sheet(file) {
		var said []string
		for _, f := range e.c.Site.Findings(file) {
			said = append(said, f.In(e.c.Lang))
		}
		e.render(w, http.StatusOK, "sheet.html", map[string]any{"Title": path.Base(file), "File": file, "Findings": said,
			"Rows": e.c.Site.Rows(file)})
		return
	}
	d, err := e.open(file)
	if err != nil {
		e.fail(w, http.StatusNotFound, e.c.Lang.Err(err), Prefix)
		return
	}
	_, findings := e.c.Site.Try(d.file, d.src)
	var notice string
	var added *addedImage
	switch r.URL.Query().Get("ok") {
	case "saved":
		notice = e.say("Saved. The preview of the site is made again in a moment.")
	case "created":
		notice = e.say("Created, as a draft: untick « Draft » when it is ready to be published.")
	case "handout":
		notice = e.say("The handout was added to the kit: write it here.")
	case "translation":
		notice = e.say("The translation is made, as a draft, from the original beside it: translate its title and text, then untick « Draft ».")
	case "renamed":
		notice = e.say("Renamed. The old address leads here.")
	case "copied":
		notice = e.say("The new session is made, as a draft: check it, then untick « Draft ».")
	case "cancelled":
		notice = e.say("The session is cancelled: the agenda and the calendars say so once the site is published.")
	case "image":
		notice = e.say("The image was added. Put this line in the text where it goes: %s", r.URL.Query().Get("md"))
		q := r.URL.Query()
		added = &addedImage{Markdown: q.Get("md"), File: q.Get("img"), Alt: q.Get("alt")}
	}
	e.formWith(w, http.StatusOK, d, sum(d.src), string(d.body()), findings, notice, added, nil)
}

// addedImage is an image just added to a page, that the page offers to
// put in the text or to take as its cover.
type addedImage struct{ Markdown, File, Alt string }

// form shows the form of d (its fields' values) with the text body, and
// the findings where they are; hash is that of the file on disk the form
// was made from.
func (e *Editor) form(w http.ResponseWriter, status int, d *doc, hash string, body string, findings diag.List, notice string) {
	e.formWith(w, status, d, hash, body, findings, notice, nil, nil)
}

// sideError is a refused rename or upload, said beside its field in the
// page's form, with what she typed kept.
type sideError struct {
	Field   string // the field's id: "name", "image" or "alt"
	Message string
	Name    string // what she typed as the new name
	Alt     string // what she typed as the image's description
}

// refuse shows d's form again with a rename or an upload refused beside
// its field.
func (e *Editor) refuse(w http.ResponseWriter, status int, d *doc, side sideError) {
	e.formWith(w, status, d, sum(d.src), string(d.body()), nil, "", nil, &side)
}

// formWith is form, offering to place an image just added.
func (e *Editor) formWith(w http.ResponseWriter, status int, d *doc, hash string, body string, findings diag.List, notice string, added *addedImage, side *sideError) {
	e.bases.keep(d.src)
	vals := d.vals
	nd := d
	if b, err := e.withBody(d, body); err == nil {
		nd = e.parse(d.file, b)
	}
	byKey, inBody, other := placed(findings, nd.fields, nd.split.BodyStart, func(f *diag.Finding) string { return e.said(f, d.file) },
		func(n int, said string) string { return e.say("line %d of the text: %s", n, said) })
	views := e.views(d.defs, vals)
	known := map[string]bool{}
	for i := range views {
		views[i].Findings = byKey[views[i].Key]
		known[views[i].Key] = true
	}
	var kept []string
	for _, f := range d.fields {
		if !known[f.Key] {
			kept = append(kept, f.Key)
		}
	}
	for _, f := range nd.fields { // in the file's order
		if !known[f.Key] {
			other = append(other, byKey[f.Key]...)
		}
	}
	errs := 0
	for _, f := range findings {
		if f.Severity == diag.Error {
			errs++
		}
	}
	title := frontmatter.Text(vals["title"])
	if title == "" {
		title = titleOf(d.file)
	}
	var problem string
	if d.err != nil {
		problem = e.c.Lang.Err(d.err)
	}
	// A refused change is summed up at the top, each problem a link to
	// its field (GOV.UK's error summary): the page opens there, and its
	// title says « Erreur ».
	var summary []summaryItem
	if status >= 400 {
		for _, v := range views {
			for _, f := range v.Findings {
				summary = append(summary, summaryItem{Href: "#" + v.ID, Text: v.Label + " : " + f})
			}
		}
		for _, f := range inBody {
			summary = append(summary, summaryItem{Href: "#body", Text: f})
		}
		for _, f := range other {
			summary = append(summary, summaryItem{Text: f})
		}
		if side != nil {
			summary = append(summary, summaryItem{Href: "#" + side.Field, Text: side.Message})
		}
	}
	state := ""
	switch {
	case status >= 400:
		state = e.say("Error")
	case notice != "":
		state = strings.SplitN(notice, ".", 2)[0]
	}
	e.render(w, status, "page.html", map[string]any{
		"State": state, "Summary": summary, "Refused": status >= 400, "Added": added, "HasCover": hasCover(d.defs),
		"Title": title, "File": d.file, "Kind": e.label(d.kind).In(e.c.Lang), "Fields": views, "Body": body,
		"Hash": hash, "Kept": kept, "BodyFindings": inBody, "Other": other, "Errors": errs,
		"Notice": notice, "URL": e.c.Site.PageURL(d.file), "Partners": e.partnersOnly(d.file), "Problem": problem, "Source": string(d.src), "Images": e.images(d.file),
		"Pages": e.links(d.file), "Renamable": d.kind != KindSection && d.vals["slug"] == nil && d.vals["url"] == nil,
		"Name": nameOf(d.file), "IsKit": d.kind == kindKit, "IsSession": d.kind == kindSession,
		"Cancelled": frontmatter.Text(d.vals[e.fieldName(d, "status")]) == "annulée", "Side": side,
		"Original": e.originalOf(d.file),
	})
}

// summaryItem is a problem in the summary at the top of a refused form:
// its words, and the field it leads to ("" for none).
type summaryItem struct{ Href, Text string }

// withBody is d's file with its text replaced by body (as a form sends
// it, with \r\n line ends), in the file's own line ends.
func (e *Editor) withBody(d *doc, body string) ([]byte, error) {
	if d.err != nil {
		return nil, d.err
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if bytes.Contains(d.src, []byte("\r\n")) {
		body = strings.ReplaceAll(body, "\n", "\r\n")
	}
	prefix := d.src[:len(d.src)-len(d.split.Body)]
	return append(slices.Clone(prefix), body...), nil
}

// submitted is the file a form makes of d: its text, and the fields it
// changed (draft: true too when saved as a draft).
func (e *Editor) submitted(d *doc, form url.Values, asDraft bool) ([]byte, error) {
	chs := changes(d.defs, form, d.vals)
	if asDraft {
		chs = slices.DeleteFunc(chs, func(c frontmatter.Change) bool { return c.Key == "draft" })
		chs = append(chs, frontmatter.Change{Key: "draft", Value: true})
	}
	src, err := e.withBody(d, form.Get("body"))
	if err != nil {
		return nil, err
	}
	return frontmatter.Edit(d.file, src, chs)
}

// save writes the form to its file, if it is right or a draft.
func (e *Editor) save(w http.ResponseWriter, r *http.Request) {
	d, ok := e.opened(w, r)
	if !ok {
		return
	}
	file := d.file
	raw := r.PostFormValue("raw") == "1"
	if d.err != nil && !raw && r.PostFormValue("merge") != "1" {
		e.fail(w, http.StatusConflict, e.c.Lang.Err(d.err), Link(file))
		return
	}
	var src []byte
	var err error
	if r.PostFormValue("merge") == "1" {
		// Her choices between the two versions, difference by difference.
		mine := e.lineEnds(d.src, r.PostFormValue("mine"))
		if r.PostFormValue("hash") != sum(d.src) || r.PostFormValue("minehash") != sum(mine) {
			// The disk changed again: her version against the new one.
			e.conflict(w, d, mine, r.PostFormValue("base"))
			return
		}
		m, err := merged(string(d.src), string(mine), r.PostForm)
		if err != nil {
			e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), Link(file))
			return
		}
		src = []byte(m)
	} else if raw {
		// The whole file, as she chose it when it changed on disk (or
		// fixed when its front matter could not be read).
		src = e.lineEnds(d.src, r.PostFormValue("src"))
	} else {
		src, err = e.submitted(d, r.PostForm, r.PostFormValue("action") == "draft")
	}
	if err != nil {
		e.fail(w, http.StatusBadRequest, e.c.Lang.Err(err), Link(file))
		return
	}
	nd := e.parse(file, src)
	if hash := r.PostFormValue("hash"); hash != sum(d.src) {
		// Changed on disk since the form was made: she chooses.
		e.conflict(w, d, src, hash)
		return
	}
	_, findings := e.c.Site.Try(file, src)
	if len(findings.Errors()) > 0 && nd.vals["draft"] != true {
		e.form(w, http.StatusUnprocessableEntity, nd, sum(d.src), string(nd.body()), findings,
			e.say("Not saved: the page has problems, shown beside what they concern. Fix them, or save it as a draft (not published) to finish later."))
		return
	}
	before := time.Now()
	if err := e.write(file, src); err != nil {
		e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), Link(file))
		return
	}
	// What only the whole site shows (this page and another at one
	// address, a partner that a spreadsheet has too): the build after the
	// save says it, and she is told at once, not « Enregistré ».
	if nd.vals["draft"] != true {
		if errs, ok := e.c.Site.Settle(file, before); ok && len(errs) > 0 {
			e.form(w, http.StatusConflict, nd, sum(src), string(nd.body()), errs,
				e.say("Saved, but the site no longer builds because of this page, so nothing is published until it is mended: see below. Fix it, or save it as a draft (not published) to finish later."))
			return
		}
	}
	http.Redirect(w, r, Link(file)+"&ok=saved", http.StatusSeeOther)
}

// conflict shows where her version differs from the one on disk, for her
// to choose.
func (e *Editor) conflict(w http.ResponseWriter, d *doc, mine []byte, base string) {
	ds := proposed(string(d.src), string(mine), e.bases.get(base))
	e.render(w, http.StatusConflict, "conflict.html", map[string]any{
		"Title": e.say("This page changed while you were writing"), "File": d.file,
		"Disk": string(d.src), "Mine": string(mine), "Hash": sum(d.src), "MineHash": sum(mine), "Base": base, "Back": Link(d.file),
		"Differences": ds, "Count": len(ds), "Differing": e.c.Lang.Count(len(ds), "difference", "differences"),
	})
}

// lineEnds is text sent by a form (where lines end in CRLF) with the line
// ends of the file's own.
func (e *Editor) lineEnds(file []byte, text string) []byte {
	src := []byte(strings.ReplaceAll(text, "\r\n", "\n"))
	if bytes.Contains(file, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
	}
	return src
}

// said is a finding as the form shows it: without the place when it is
// in the page she is writing (it is shown beside its field or line), with
// the file and line when it is in another.
func (e *Editor) said(f *diag.Finding, file string) string {
	msg := f.Text().In(e.c.Lang)
	if f.File != file && f.File != "" {
		if f.Line > 0 {
			msg = e.say("in %s, line %d: %s", f.File, f.Line, msg)
		} else {
			msg = e.say("in %s: %s", f.File, msg)
		}
	}
	if f.Hint != "" {
		msg += " — " + f.HintText().In(e.c.Lang)
	}
	return msg
}

// write replaces file with b atomically: a temporary file beside it,
// renamed over it, so that a build or a crash sees the old or the new.
func (e *Editor) write(file string, b []byte) error {
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		return err
	}
	defer root.Close()
	mode := fs.FileMode(0o644)
	if fi, err := root.Lstat(file); err == nil {
		if !fi.Mode().IsRegular() {
			return i18n.Errorf("%s is not a plain file (a link, a folder): the editor leaves it alone", file)
		}
		mode = fi.Mode().Perm()
	}
	if err := root.MkdirAll(path.Dir(file), 0o755); err != nil {
		return err
	}
	// A hidden name, its own: the watcher and the build never read it,
	// and no other write shares it.
	var f *os.File
	var tmp string
	for {
		tmp = path.Join(path.Dir(file), fmt.Sprintf(".%s.relais-tmp-%d", path.Base(file), rand.Uint32()))
		f, err = root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, file)
	}
	if err != nil {
		root.Remove(tmp)
	}
	return err
}

// preview shows the text of a form as the site would: through the site's
// own reading of it (French typography, callouts), with its style sheets.
func (e *Editor) preview(w http.ResponseWriter, r *http.Request) {
	file := r.PostFormValue("f")
	d, err := e.open(file)
	if err != nil {
		http.Error(w, e.c.Lang.Err(err), http.StatusNotFound)
		return
	}
	src, err := e.submitted(d, r.PostForm, false)
	var html []byte
	var findings diag.List
	if err == nil {
		html, findings = e.c.Site.Try(file, src)
	}
	var said []string
	for _, f := range findings {
		said = append(said, f.In(e.c.Lang))
	}
	if err != nil {
		said = append(said, e.c.Lang.Err(err))
	}
	// The preview is shown in the editor's frame: that page may frame it.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'self'; base-uri 'self'; form-action 'none'")
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	base := e.c.Site.PageURL(file)
	var styles []string
	if e.c.Stylesheets != nil {
		styles = e.c.Stylesheets()
	}
	e.render(w, http.StatusOK, "preview.html", map[string]any{"Title": e.say("Preview"), "HTML": htmlOf(html),
		"Findings": said, "Base": base, "Styles": styles})
}

// newForm asks what to make.
func (e *Editor) newForm(w http.ResponseWriter, r *http.Request) {
	e.render(w, http.StatusOK, "new.html", map[string]any{"Title": e.say("New content"), "Kind": r.URL.Query().Get("type")})
}

// create makes new content from the templates relais new uses.
func (e *Editor) create(w http.ResponseWriter, r *http.Request) {
	kind, title := r.PostFormValue("type"), strings.TrimSpace(r.PostFormValue("title"))
	if title == "" {
		e.render(w, http.StatusUnprocessableEntity, "new.html", map[string]any{"Title": e.say("New content"), "Kind": kind,
			"Problem": e.say("Give it a title: it names the page and its address.")})
		return
	}
	switch kind {
	case "article", "kit", "partner", "session":
	case "page":
		title = slug.Make(title)
	default:
		e.fail(w, http.StatusBadRequest, e.say("%q is not a kind of content the editor makes", kind), Prefix+"new")
		return
	}
	var taxes []string
	for t := range e.c.Site.Terms() {
		taxes = append(taxes, t)
	}
	file, err := scaffold.New(e.c.Dir, e.c.Templates, kind, title, e.c.Now(), taxes)
	if err != nil {
		e.render(w, http.StatusConflict, "new.html", map[string]any{"Title": e.say("New content"), "Kind": kind,
			"Problem": e.c.Lang.Err(err), "Value": title})
		return
	}
	http.Redirect(w, r, Link(strings.TrimPrefix(file, "./"))+"&ok=created", http.StatusSeeOther)
}

// writtenAs gives each field of defs the name the file writes it with:
// its key, or the alias the file has instead (« debut » for start), so
// that the form shows its value and a save changes that line.
func writtenAs(defs []fields.Def, vals map[string]any) []fields.Def {
	out := slices.Clone(defs)
	for i, d := range out {
		if _, ok := vals[d.Key]; ok {
			continue
		}
		for _, a := range d.Aliases {
			if _, ok := vals[a]; ok {
				out[i].Key = a
				break
			}
		}
	}
	return out
}

// kindKit is the kits' form (package kit): a kit's page offers to add a
// handout to it.
const kindKit Kind = "kit"

// handout adds a handout to a kit, and opens it.
func (e *Editor) handout(w http.ResponseWriter, r *http.Request) {
	file := r.PostFormValue("f")
	if !editable(file) || e.kindOf(file) != kindKit {
		e.fail(w, http.StatusBadRequest, e.say("%s is not a kit's index.md", file), Prefix)
		return
	}
	title := strings.TrimSpace(r.PostFormValue("title"))
	if title == "" {
		e.fail(w, http.StatusUnprocessableEntity, e.say("Give it a title: it names the page and its address."), Link(file))
		return
	}
	if _, ok := e.opened(w, r); !ok {
		return
	}
	rel, err := scaffold.NewHandout(e.c.Dir, e.c.Templates, file, title)
	if err != nil {
		e.fail(w, http.StatusConflict, e.c.Lang.Err(err), Link(file))
		return
	}
	http.Redirect(w, r, Link(filepath.ToSlash(rel))+"&ok=handout", http.StatusSeeOther)
}

// bundleDir is the folder of a page bundle (a page that is an index.md,
// with its files beside it), or "".
func bundleDir(file string) string {
	if path.Base(file) == "index.md" && path.Dir(file) != ContentDir {
		return path.Dir(file)
	}
	return ""
}

// images are the images beside a page, for its cover and its text.
func (e *Editor) images(file string) []string {
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		return nil
	}
	defer root.Close()
	ents, err := fs.ReadDir(root.FS(), path.Dir(file))
	if err != nil {
		return nil
	}
	var out []string
	for _, en := range ents {
		switch strings.ToLower(path.Ext(en.Name())) {
		case ".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg":
			if en.Type().IsRegular() && !strings.HasPrefix(en.Name(), ".") {
				out = append(out, en.Name())
			}
		}
	}
	return out
}

// link is a page she may link to.
type link struct{ Title, URL string }

// links are the site's pages, to choose a link from.
func (e *Editor) links(self string) []link {
	items, _ := e.items()
	var out []link
	for _, it := range items {
		// A spreadsheet is no page: its partners are, each at its own
		// address, which the last build's list does not give.
		if it.URL != "" && it.File != self && it.Kind != KindSheet {
			out = append(out, link{it.Title, it.URL})
		}
	}
	slices.SortFunc(out, func(a, b link) int { return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)) })
	return out
}

// upload adds an image to a page's bundle, without its metadata, and
// shows the form again with the image's Markdown to paste.
func (e *Editor) upload(w http.ResponseWriter, r *http.Request) {
	d, ok := e.opened(w, r)
	if !ok {
		return
	}
	file := d.file
	back := Link(file)
	alt := strings.TrimSpace(r.PostFormValue("alt"))
	if alt == "" {
		e.refuse(w, http.StatusUnprocessableEntity, d, sideError{Field: "alt", Message: e.say("Describe the image first: what it shows, for people who cannot see it.")})
		return
	}
	fh, hdr, err := r.FormFile("image")
	if err != nil {
		e.refuse(w, http.StatusBadRequest, d, sideError{Field: "image", Alt: alt, Message: e.say("Choose an image file to add.")})
		return
	}
	defer fh.Close()
	if hdr.Size > MaxUpload {
		e.refuse(w, http.StatusRequestEntityTooLarge, d, sideError{Field: "image", Alt: alt, Message: e.say("This file is %d MB, more than the %d MB an image may be: make it smaller first.", hdr.Size>>20, MaxUpload>>20)})
		return
	}
	b, err := io.ReadAll(io.LimitReader(fh, MaxUpload+1))
	if err != nil || len(b) > MaxUpload {
		e.refuse(w, http.StatusRequestEntityTooLarge, d, sideError{Field: "image", Alt: alt, Message: e.say("This file is more than %d MB: make it smaller first.", MaxUpload>>20)})
		return
	}
	format := imagemeta.Format(b)
	exts := map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp", "gif": ".gif"}
	ext, ok := exts[format]
	if !ok {
		e.refuse(w, http.StatusUnsupportedMediaType, d, sideError{Field: "image", Alt: alt, Message: e.say("This file is not a JPEG, PNG, WebP or GIF image.")})
		return
	}
	clean, _, err := imagemeta.Clean(b)
	if tl := (*imagemeta.TooLargeError)(nil); errors.As(err, &tl) {
		e.refuse(w, http.StatusUnprocessableEntity, d, sideError{Field: "image", Alt: alt, Message: e.say("This image is %d×%d pixels, more than the %d relais reads: make it smaller first (2,000 pixels across is enough for a web page).", tl.W, tl.H, imagemeta.MaxSide)})
		return
	}
	if err != nil {
		e.refuse(w, http.StatusUnprocessableEntity, d, sideError{Field: "image", Alt: alt, Message: e.say("This image cannot be read: %s", e.c.Lang.Err(err))})
		return
	}
	// A page that is one file becomes a bundle (x.md → x/index.md, the
	// same address) so that its images are beside it.
	if bundleDir(file) == "" && e.kindOf(file) != KindSection {
		moved := strings.TrimSuffix(file, path.Ext(file)) + "/index.md"
		if err := e.move(file, moved); err != nil {
			e.fail(w, http.StatusConflict, e.c.Lang.Err(err), back)
			return
		}
		file, back = moved, Link(moved)
	}
	name := slug.Make(strings.TrimSuffix(hdr.Filename, path.Ext(hdr.Filename)))
	if name == "" {
		name = "image"
	}
	dir := path.Dir(file)
	target := path.Join(dir, name+ext)
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), back)
		return
	}
	defer root.Close()
	for i := 2; ; i++ {
		if _, err := root.Lstat(target); errors.Is(err, fs.ErrNotExist) {
			break
		}
		target = path.Join(dir, fmt.Sprintf("%s-%d%s", name, i, ext))
	}
	if err := e.write(target, clean); err != nil {
		e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), back)
		return
	}
	md := fmt.Sprintf("![%s](%s)", strings.NewReplacer("[", "(", "]", ")").Replace(alt), path.Base(target))
	http.Redirect(w, r, back+"&ok=image&md="+url.QueryEscape(md)+"&img="+url.QueryEscape(path.Base(target))+"&alt="+url.QueryEscape(alt), http.StatusSeeOther)
}

// move renames a file of the site, never over another.
func (e *Editor) move(from, to string) error {
	root, err := os.OpenRoot(e.c.Dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if _, err := root.Lstat(to); err == nil {
		return i18n.Errorf("%s already exists; relais never replaces a file", to)
	}
	if err := root.MkdirAll(path.Dir(to), 0o755); err != nil {
		return err
	}
	return root.Rename(from, to)
}

// nameOf is the name a file gives its page's address.
func nameOf(file string) string {
	if dir := bundleDir(file); dir != "" {
		return path.Base(dir)
	}
	return strings.TrimSuffix(path.Base(file), path.Ext(file))
}
