// Package editor is the editor of relais serve: web pages, served at
// /_relais/edit/ on the preview server only, where the site's author
// writes pages, partners and kits in forms, without a text editor, a
// terminal or Git.
//
// # What it writes
//
// The forms are made from the field declarations of the decoders
// (page.Fields, kit.Fields, directory.Fields: package fields), and a save
// changes only the fields that changed (frontmatter.Edit): comments, other
// fields and the text stay as she wrote them. A save is checked first the
// way the build reads the file (Site.Try): a page with an error is not
// saved, unless as a draft, whose errors do not stop the build. A save is
// atomic (a temporary file renamed over the old one), and refused, with
// both versions shown, when the file changed on disk since it was opened.
// A page deleted goes to the site's trash folder (corbeille/), which
// nothing publishes, and comes back from it.
//
// # Safety
//
// Every request that changes something carries the session's token and an
// Origin naming the preview itself (no other site can make the browser
// post to it); with a password set (a preview shared with --bind), every
// request needs it. Paths are confined to the site through an os.Root:
// no "..", no symbolic link out. Uploads are images only, read by their
// content, at most 20 MB, and their metadata (where a photo was taken) is
// removed before they are written. The pages load no script or style but
// the editor's own files, under the site's Content-Security-Policy.
package editor

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"relais/internal/diag"
	"relais/internal/extension"
	"relais/internal/golive"
	"relais/internal/i18n"
	"relais/internal/scaffold"
)

// Prefix is where the editor is served.
const Prefix = "/_relais/edit/"

// Site is what the editor asks of the site being previewed.
type Site interface {
	// Try reads src as the new content of file, as a build would: its
	// findings and its text as HTML.
	Try(file string, src []byte) (html []byte, findings diag.List)
	// Findings are what the last build found in file.
	Findings(file string) diag.List
	// Entries are the site's page files and spreadsheets as the last
	// build read them; false when the site is too busy to say.
	Entries() ([]Entry, bool)
	// PageURL is the address of the page made from file, or "".
	PageURL(file string) string
	// PagePath is that address in the site, as Markdown links write it
	// (without the base path).
	PagePath(file string) string
	// Rows are the partners of a spreadsheet of the directory, by name.
	Rows(file string) []string
	// Terms are the site's taxonomies (plurals), each with the terms its
	// pages use.
	Terms() map[string][]string
	// TaxonomyTitles are the names the theme gives the taxonomies (by
	// plural: « Thématiques »), where it gives one.
	TaxonomyTitles() map[string]string
	// Confidential are the partner types published by phone only, besides
	// those a field declares (fields.Def.ConfidentialChoices).
	Confidential() []string
	// Registry holds the site's kinds of content: their forms, and the
	// files they read as entries.
	Registry() *extension.Registry
	// Languages are the site's languages, its own first: the editor
	// offers to translate a page into the others.
	Languages() []Language
	// Settle waits for the build that reads file after since (a save)
	// and gives its errors about file; false if none came in time.
	Settle(file string, since time.Time) (diag.List, bool)
}

// Entry is a page file of the site (or a spreadsheet of partners) as the
// last build read it, with the number of its problems.
type Entry struct {
	File, Title      string // Title is "" when its fields could not be read
	Date             time.Time
	Draft, Private   bool
	Partners         bool // in the partner area: behind the partners' logins
	Sheet            bool
	URL              string
	Errors, Warnings int
	// Lang is the page's language when it is not the site's own ("en");
	// its translations share TransKey.
	Lang, TransKey string
}

// Language is one of the site's languages.
type Language struct {
	Code, Name string
	Own        bool // the site's own language: its pages are the originals
}

// Config configures an Editor.
type Config struct {
	Dir       string // the site folder
	Site      Site
	Lang      i18n.Lang
	Templates scaffold.Templates // for new content
	// Password, when set, is asked of every request (HTTP basic
	// authentication): the preview is shared on a network.
	Password string
	// Stylesheets are the site's style sheets, for the preview of a text.
	Stylesheets func() []string
	Now         func() time.Time
	// Deploy puts the site online (« Mettre en ligne »); nil: the page
	// says the preview cannot.
	Deploy *golive.Session
	// Stop, if set, stops relais (« Arrêter relais »).
	Stop func()
}

// Editor serves the editor's pages.
type Editor struct {
	c     Config
	token string
	tpl   *template.Template
	// changing is held by each change, from reading the files it checks
	// to writing them: of two saves made from the same version of a page,
	// the second finds the first's and is told of the conflict.
	changing sync.Mutex
	// moved are the files renamed in this session, with the address each
	// rename gave them: a second rename before a build has seen the first
	// still knows the page's address (guarded by changing).
	moved map[string]string
	guard *guard // against guessing the password
	// bases are the versions of the files that forms were made from, by
	// their sum: when the file changes on disk, what each side changed
	// since is known, and the conflict screen proposes to keep both.
	bases versions
}

//go:embed ui
var ui embed.FS

// MaxUpload is the largest file the editor takes.
const MaxUpload = 20 << 20

// New makes an editor with a new session token.
func New(c Config) (*Editor, error) {
	if c.Now == nil {
		c.Now = time.Now
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	e := &Editor{c: c, token: hex.EncodeToString(b), moved: map[string]string{}, guard: newGuard(c.Now)}
	tpl, err := template.New("").Funcs(template.FuncMap{
		"say":    func(format string, args ...any) string { return c.Lang.Say(format, args...) },
		"edit":   Link,
		"prefix": func() string { return Prefix },
		"inc":    func(i int) int { return i + 1 },
	}).ParseFS(ui, "ui/*.html")
	if err != nil {
		return nil, err
	}
	e.tpl = tpl
	return e, nil
}

// Token is the session's token, which every change carries.
func (e *Editor) Token() string { return e.token }

// Link is the editor's page for a file of the site, for the preview's
// « Modifier cette page » link.
func Link(file string) string { return Prefix + "page?f=" + url.QueryEscape(file) }

func (e *Editor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	// The editor's own forms say their origin (see allowed).
	h.Set("Referrer-Policy", "same-origin")
	if e.c.Password != "" {
		if wait := e.guard.locked(r); wait > 0 {
			h.Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
			http.Error(w, e.say("too many wrong passwords: try again in %d minutes", int(wait.Minutes())+1), http.StatusTooManyRequests)
			return
		}
		_, pw, ok := r.BasicAuth()
		if !ok || subtle.ConstantTimeCompare([]byte(pw), []byte(e.c.Password)) != 1 {
			if ok {
				e.guard.failed(r)
			}
			h.Set("WWW-Authenticate", `Basic realm="relais", charset="UTF-8"`)
			http.Error(w, e.say("the editor needs its password"), http.StatusUnauthorized)
			return
		}
		e.guard.passed(r)
	}
	name := strings.TrimPrefix(r.URL.Path, Prefix)
	if strings.HasPrefix(name, "ui/") {
		e.asset(w, r, name)
		return
	}
	if r.Method == http.MethodPost {
		// A body larger than any change may be is said so, before its
		// token is looked for: its form cannot be read whole.
		const maxPost = MaxUpload + 1<<20
		if r.ContentLength > maxPost {
			e.fail(w, http.StatusRequestEntityTooLarge, e.say("This file is more than %d MB: make it smaller first.", MaxUpload>>20), Prefix)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxPost)
		if ok, err := e.allowed(r); !ok {
			if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
				e.fail(w, http.StatusRequestEntityTooLarge, e.say("This file is more than %d MB: make it smaller first.", MaxUpload>>20), Prefix)
				return
			}
			http.Error(w, e.say("this change does not come from the editor's own page: reload the editor and try again"), http.StatusForbidden)
			return
		}
		if f := posts[name]; f != nil {
			if name != "preview" { // the preview writes nothing
				e.changing.Lock()
				defer e.changing.Unlock()
			}
			f(e, w, r)
		} else {
			http.NotFound(w, r)
		}
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if f := gets[name]; f != nil {
		f(e, w, r)
	} else {
		http.NotFound(w, r)
	}
}

// handler is one page or action of the editor.
type handler = func(*Editor, http.ResponseWriter, *http.Request)

// gets are the editor's pages, by their path under Prefix.
var gets = map[string]handler{"": (*Editor).list, "page": (*Editor).page, "new": (*Editor).newForm, "trash": (*Editor).trash,
	"deploy": (*Editor).deployPage, "partners": (*Editor).partnersPage}

// posts are the changes it makes, each checked by allowed first.
var posts = map[string]handler{"save": (*Editor).save, "preview": (*Editor).preview, "new": (*Editor).create,
	"delete": (*Editor).remove, "restore": (*Editor).restore, "empty": (*Editor).emptyTrash, "upload": (*Editor).upload,
	"rename": (*Editor).rename, "handout": (*Editor).handout, "session-copy": (*Editor).sessionCopy, "session-cancel": (*Editor).sessionCancel, "deploy-prepare": (*Editor).deployPrepare, "deploy-run": (*Editor).deployRun,
	"translate":   (*Editor).translate,
	"partner-add": (*Editor).partnerAdd, "partner-remove": (*Editor).partnerRemove, "stop": (*Editor).stop}

// allowed reports whether a request that changes something comes from
// the editor's own pages: it carries the session's token, and its Origin
// is the preview's (a browser sends it with a POST, or "null" with
// Sec-Fetch-Site: same-origin when the page's referrer policy hides it).
// It gives the error of reading the form, when that is why it refuses.
func (e *Editor) allowed(r *http.Request) (bool, error) {
	switch o := r.Header.Get("Origin"); o {
	case "", "null":
		// A browser that hides the origin (a page's referrer policy)
		// still says where the request comes from.
		if r.Header.Get("Sec-Fetch-Site") != "same-origin" {
			return false, nil
		}
	default:
		if u, err := url.Parse(o); err != nil || !strings.EqualFold(u.Host, r.Host) {
			return false, nil
		}
	}
	// The form's field; reading it reads a multipart body too (within
	// MaxBytesReader's bound, and only from the preview's own pages).
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		err = r.ParseMultipartForm(8 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return false, err
	}
	tok := r.PostFormValue("token")
	return subtle.ConstantTimeCompare([]byte(tok), []byte(e.token)) == 1, nil
}

// asset serves the editor's own style sheet, script and icons.
func (e *Editor) asset(w http.ResponseWriter, r *http.Request, name string) { ServeAsset(w, r, name) }

// ServeAsset serves a file of the editor's look ("ui/editor.css"), for
// the pages of relais that come before the editor (the start page).
func ServeAsset(w http.ResponseWriter, r *http.Request, name string) {
	b, err := fs.ReadFile(ui, path.Clean(name))
	if err != nil || strings.HasSuffix(name, ".html") {
		http.NotFound(w, r)
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	w.Write(b)
}

func (e *Editor) say(format string, args ...any) string { return e.c.Lang.Say(format, args...) }

// render writes the page tpl with data.
func (e *Editor) render(w http.ResponseWriter, status int, tpl string, data map[string]any) {
	data["Token"] = e.token
	data["Lang"] = string(e.c.Lang)
	data["CanStop"] = e.c.Stop != nil
	var b strings.Builder
	if err := e.tpl.ExecuteTemplate(&b, tpl, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}

// stop stops relais, after saying so: every save is whole (each is
// written and renamed while the editor holds its lock, which this waits
// for).
func (e *Editor) stop(w http.ResponseWriter, r *http.Request) {
	if e.c.Stop == nil {
		http.NotFound(w, r)
		return
	}
	e.render(w, http.StatusOK, "stopped.html", map[string]any{"Title": e.say("relais is stopped")})
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	go func() {
		time.Sleep(200 * time.Millisecond) // the page reaches the browser first
		e.c.Stop()
	}()
}

// fail shows a problem on a page of its own, with the way back.
func (e *Editor) fail(w http.ResponseWriter, status int, msg string, back string) {
	e.render(w, status, "problem.html", map[string]any{"Title": e.say("The editor could not do this"), "Message": msg, "Back": back})
}

// sum is the hash a form keeps of the file it was made from.
func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
