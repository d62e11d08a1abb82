package launcher

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"relais/internal/editor"
	"relais/internal/headers"
	"relais/internal/server"
)

//go:embed ui
var ui embed.FS

// start is the start page: « Créer mon site », « Ouvrir un site
// existant », and a folder chooser, before a site is open.
type start struct {
	c        Config
	settings *Settings
	token    string
	tpl      *template.Template
	chosen   chan string
	// gone says that the last site is no longer where it was.
	gone string
}

// Prefix is where the start page's actions are.
const Prefix = "/_relais/start/"

func newStart(c Config, s *Settings) *start {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	st := &start{c: c, settings: s, token: hex.EncodeToString(b), chosen: make(chan string, 1)}
	st.tpl = template.Must(template.New("").Funcs(template.FuncMap{
		"say":    func(format string, args ...any) string { return c.Lang.Say(format, args...) },
		"prefix": func() string { return Prefix },
	}).ParseFS(ui, "ui/*.html"))
	return st
}

// defaultParent is where a new site goes: Documents, if she has one.
func (st *start) defaultParent() string {
	for _, d := range []string{"Documents", "Mes documents"} {
		p := filepath.Join(st.c.Home, d)
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
	}
	return st.c.Home
}

func (st *start) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for k, v := range headers.HTTP(false) {
		w.Header().Set(k, v)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "same-origin")
	if !server.LocalHost(r.Host) {
		http.Error(w, st.c.Lang.Say("this preview answers only to its own address, such as http://127.0.0.1:1313/"), http.StatusMisdirectedRequest)
		return
	}
	p := r.URL.Path
	switch {
	case p == server.AlivePath:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(server.Alive))
		return
	case strings.HasPrefix(p, editor.Prefix+"ui/"):
		editor.ServeAsset(w, r, strings.TrimPrefix(p, editor.Prefix))
		return
	case r.Method == http.MethodPost:
		if !st.allowed(r) {
			http.Error(w, st.c.Lang.Say("this change does not come from the editor's own page: reload the editor and try again"), http.StatusForbidden)
			return
		}
		switch p {
		case Prefix + "create":
			st.create(w, r)
		case Prefix + "open":
			st.open(w, r)
		default:
			http.NotFound(w, r)
		}
		return
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	case p == "/":
		st.home(w, r, "", "")
	case p == Prefix+"choose":
		st.choose(w, r)
	default:
		// The editor's address, from a second start: not yet.
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}
}

// allowed: a change comes from the start page itself (its token, its
// origin), as the editor's.
func (st *start) allowed(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		if r.Header.Get("Sec-Fetch-Site") != "same-origin" {
			return false
		}
	} else if u, err := url.Parse(o); err != nil || !strings.EqualFold(u.Host, r.Host) {
		return false
	}
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<20)
	return subtle.ConstantTimeCompare([]byte(r.PostFormValue("token")), []byte(st.token)) == 1
}

func (st *start) render(w http.ResponseWriter, status int, name string, data map[string]any) {
	data["Token"] = st.token
	data["Lang"] = string(st.c.Lang)
	var b strings.Builder
	if err := st.tpl.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}

// recent are the recent sites still there.
func (st *start) recent() []string {
	st.settings.mu.Lock()
	defer st.settings.mu.Unlock()
	var out []string
	for _, s := range st.settings.Recent {
		if isSite(s) {
			out = append(out, s)
		}
	}
	return out
}

// home is the start page; problem says what was refused, in the form
// named by where ("create" or "open").
func (st *start) home(w http.ResponseWriter, r *http.Request, where, problem string) {
	parent := r.FormValue("parent")
	if parent == "" {
		parent = st.defaultParent()
	}
	name := r.FormValue("name")
	if name == "" {
		name = st.c.Lang.Say("My relais site")
	}
	status := http.StatusOK
	if problem != "" {
		status = http.StatusBadRequest
	}
	st.render(w, status, "start.html", map[string]any{"Title": st.c.Lang.Say("Welcome to relais"), "Parent": parent, "Name": name,
		"Recent": st.recent(), "Problem": problem, "Where": where, "Gone": st.gone})
}

// folder is a folder the chooser lists.
type folder struct {
	Name, Path string
	Site       bool
}

// choose lists the folders of a folder: to open a site, or to put a new
// one in.
func (st *start) choose(w http.ResponseWriter, r *http.Request) {
	dir := r.FormValue("dir")
	if dir == "" {
		dir = st.c.Home
	}
	dir = filepath.Clean(dir)
	purpose := r.FormValue("for")
	if purpose != "create" {
		purpose = "open"
	}
	ents, err := os.ReadDir(dir)
	problem := ""
	if err != nil {
		problem = st.c.Lang.Say("this folder cannot be read: %s", dir)
	}
	var folders []folder
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			continue
		}
		folders = append(folders, folder{Name: e.Name(), Path: p, Site: isSite(p)})
	}
	sort.Slice(folders, func(i, j int) bool { return strings.ToLower(folders[i].Name) < strings.ToLower(folders[j].Name) })
	parent := filepath.Dir(dir)
	if parent == dir {
		parent = ""
	}
	st.render(w, http.StatusOK, "choose.html", map[string]any{"Title": st.c.Lang.Say("Choose a folder"), "Dir": dir, "Up": parent,
		"Folders": folders, "For": purpose, "Here": isSite(dir), "Problem": problem, "Name": r.FormValue("name")})
}

// create makes a new site, as relais init does, in a new folder.
func (st *start) create(w http.ResponseWriter, r *http.Request) {
	l := st.c.Lang
	name := strings.TrimSpace(r.PostFormValue("name"))
	parent := r.PostFormValue("parent")
	switch {
	case name == "":
		st.home(w, r, "create", l.Say("give your site a name"))
		return
	case strings.ContainsAny(name, `/\:*?"<>|`) || name == "." || name == ".." || strings.HasPrefix(name, "."):
		st.home(w, r, "create", l.Say("the name « %s » cannot be a folder's name: leave out / \\ : * ? \" < > | and a starting dot", name))
		return
	case parent == "" || !filepath.IsAbs(parent):
		st.home(w, r, "create", l.Say("choose where to keep the site"))
		return
	}
	dir := filepath.Join(parent, name)
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		st.home(w, r, "create", l.Say("%s already exists and holds files: relais never writes over them. Choose another name, or open it if it is your site", dir))
		return
	}
	if err := st.c.Init(dir, name); err != nil {
		st.home(w, r, "create", l.Say("the site could not be made in %s: %s. Choose another place (your Documents folder, for instance)", dir, l.Err(err)))
		return
	}
	st.done(w, r, dir)
}

// open opens a site she chose.
func (st *start) open(w http.ResponseWriter, r *http.Request) {
	dir := filepath.Clean(r.PostFormValue("dir"))
	if !filepath.IsAbs(dir) || !isSite(dir) {
		st.home(w, r, "open", st.c.Lang.Say("%s is not a relais site (it has no site.toml and no content folder); choose the folder of your site, or make a new one", dir))
		return
	}
	st.done(w, r, dir)
}

// done sends the browser to the editor and the launcher to the site.
func (st *start) done(w http.ResponseWriter, r *http.Request, dir string) {
	w.Header().Set("Connection", "close")
	http.Redirect(w, r, editor.Prefix, http.StatusSeeOther)
	select {
	case st.chosen <- dir:
	default:
	}
}
