// Package server is relais's development server: it serves the output
// folder on loopback, rebuilds when the site changes and tells the open
// browsers (package livereload).
//
// # Serving
//
// Files are read through an os.Root on the output folder, so nothing
// outside it can be served, not even through a symbolic link; paths with a
// dot segment ("..", hidden files) are refused; a folder is served through
// its index.html and never listed; a missing file gets the site's 404 page
// with status 404. HTML pages get the live-reload script tag before
// </body>, and, with the editor on (Config.Edit), a link to the page's
// editor; the files on disk never have them. The editor (package editor)
// is served at /_relais/edit/; the serving loop answers its questions
// about the site between two builds (liveSite).
package server

import (
	"bytes"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"relais/internal/editor"
	"relais/internal/headers"
	"relais/internal/i18n"
	"relais/internal/livereload"
)

// Handler serves an output folder under a base path.
type Handler struct {
	// Lang is the language of the pages it writes itself (an error).
	Lang   i18n.Lang
	dest   string
	base   string // "/" or "/iscg/"
	broker *livereload.Broker
	inject bool
	// Editor serves /_relais/edit/; nil: no editor.
	Editor http.Handler
	// sources map the pages to their files, for their link to the
	// editor.
	sources shared[string]
	// standIns are served for sizes of images not made yet, by output
	// path (site.Site.StandIns).
	standIns shared[func() []byte]
	once     sync.Once
	routes   http.Handler // made at the first request (makeRoutes)
}

// NewHandler serves the folder dest at base. broker may be nil: then no
// live reload. The folder is opened for each request: a build replaces it
// as a whole (package output), and it may not exist yet when the first
// build failed.
func NewHandler(dest, base string, broker *livereload.Broker) (*Handler, error) {
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return &Handler{dest: dest, base: base, broker: broker, inject: broker != nil}, nil
}

// Close releases the handler's resources.
func (h *Handler) Close() error { return nil }

// types are the media types of the site's files the system's table may
// lack, read before it (no init: the process-wide table stays as it is).
var types = map[string]string{".webmanifest": "application/manifest+json", ".vcf": "text/vcard; charset=utf-8",
	".md": "text/markdown; charset=utf-8"}

// contentType is the media type of a file of the site, by its name.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.once.Do(func() { h.routes = h.makeRoutes() })
	h.routes.ServeHTTP(w, r)
}

// makeRoutes routes the preview's requests (net/http.ServeMux patterns)
// behind its middleware: the headers of a production host, loopback
// names only, and no unclean path (never redirected: not found).
func (h *Handler) makeRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(editor.Prefix, func(w http.ResponseWriter, r *http.Request) {
		if h.Editor == nil {
			h.site(w, r)
			return
		}
		h.Editor.ServeHTTP(w, r)
	})
	// A second relais started by a double-click asks whether this one
	// runs, to open a tab on it rather than start another.
	mux.HandleFunc("GET "+AlivePath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, Alive)
	})
	if h.broker != nil {
		for _, prefix := range slices.Compact([]string{"/", h.base}) {
			mux.HandleFunc("GET "+prefix+livereload.EventsPath[1:], h.events)
			mux.HandleFunc("GET "+prefix+livereload.ScriptPath[1:], livereload.ServeScript)
			mux.HandleFunc("GET "+prefix+livereload.StylePath[1:], livereload.ServeStyle)
		}
	}
	mux.HandleFunc("/", h.site)
	return previewHeaders(h.loopbackOnly(h.cleanOnly(mux)))
}

// previewHeaders sends the headers a production host sends (see package
// headers), so that the preview breaks where the published site would,
// and keeps browsers from caching a preview that changes at every save.
func previewHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers.HTTP(false) { // the preview is plain HTTP on loopback
			w.Header().Set(k, v)
		}
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// loopbackOnly answers only requests that name the preview by a loopback
// address or localhost: a page of another site, reached through a name
// that the attacker's DNS points at this computer (DNS rebinding), would
// read the preview, drafts included.
func (h *Handler) loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !LocalHost(r.Host) {
			http.Error(w, h.Lang.Say("this preview answers only to its own address, such as http://127.0.0.1:1313/"), http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// cleanOnly says « not found » for a path with dot segments, repeated
// slashes or an encoded slash, where ServeMux would redirect to a
// cleaned one: such a path is a probe, not a link of the site.
func (h *Handler) cleanOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		clean := path.Clean(p)
		if strings.HasSuffix(p, "/") && clean != "/" {
			clean += "/"
		}
		if p != clean || strings.Contains(strings.ToLower(r.URL.RawPath), "%2f") {
			h.notFound(w, r, nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// events is the live-reload stream, for the preview's own pages only.
func (h *Handler) events(w http.ResponseWriter, r *http.Request) {
	if o := r.Header.Get("Origin"); o != "" && !sameHost(o, r.Host) {
		http.Error(w, "the live-reload stream is for the preview's own pages", http.StatusForbidden)
		return
	}
	h.broker.ServeHTTP(w, r)
}

// site serves the files of the output folder, under the base path.
func (h *Handler) site(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if h.base != "/" && (p == "/" || p+"/" == h.base) {
		http.Redirect(w, r, h.base, http.StatusFound)
		return
	}
	rel, ok := strings.CutPrefix(p, h.base)
	if !ok || !safe(rel) {
		h.notFound(w, r, nil)
		return
	}
	name := strings.TrimSuffix(rel, "/")
	if name == "" {
		name = "."
	}
	// A build swaps the output folder for the new one in one step; a
	// request whose root was opened just before reads the old tree, from
	// which the build then removes what it no longer publishes. What it
	// cannot find there, it looks for once more in the folder now in place.
	for try := 0; ; try++ {
		root, err := os.OpenRoot(h.dest)
		if err != nil {
			h.notFound(w, r, nil)
			return
		}
		served := h.serveFrom(w, r, root, p, name)
		if served || try == 1 {
			if !served && !h.serveStandIn(w, r, name) {
				h.notFound(w, r, root)
			}
			root.Close()
			return
		}
		root.Close()
	}
}

// serveFrom answers the request for name (p as asked) from root, unless
// nothing is there; it reports whether it answered.
func (h *Handler) serveFrom(w http.ResponseWriter, r *http.Request, root *os.Root, p, name string) bool {
	fi, err := root.Stat(name)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		if !strings.HasSuffix(p, "/") {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return true
		}
		name = path.Join(name, "index.html")
	} else if strings.HasSuffix(p, "/") {
		return false
	}
	return h.serveFile(w, r, root, name, http.StatusOK)
}

// serveStandIn answers a request for a size of an image the build left
// for later with the image itself as published (metadata removed), which
// the browser scales: a new photo shows at once, and its sizes take its
// place when the page reloads. It reports whether it answered.
func (h *Handler) serveStandIn(w http.ResponseWriter, r *http.Request, name string) bool {
	f := h.standIns.get(name)
	if f == nil {
		return false
	}
	b := f()
	if b == nil {
		return false
	}
	w.Header().Set("Content-Type", http.DetectContentType(b))
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	if r.Method != http.MethodHead {
		w.Write(b)
	}
	return true
}

// safe refuses dot segments: "..", and hidden files such as .git.
func safe(rel string) bool {
	if strings.Contains(rel, "\\") || strings.Contains(rel, "\x00") {
		return false
	}
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return false
		}
	}
	return true
}

// notFound serves the site's 404 page, or, when there is none (the first
// build failed), a bare one that still reloads when the site is fixed.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, root *os.Root) {
	if root == nil {
		if rt, err := os.OpenRoot(h.dest); err == nil {
			defer rt.Close()
			root = rt
		}
	}
	if root != nil && h.serveFile(w, r, root, "404.html", http.StatusNotFound) {
		return
	}
	b := []byte("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>404</title></head>" +
		"<body><p>404 page not found</p></body></html>\n")
	if h.inject {
		b = Inject(b, livereload.Tag(h.base, h.broker.Version()))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// serveFile serves name with status; it reports false when the file
// cannot be opened.
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, root *os.Root, name string, status int) bool {
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	ctype := contentType(name)
	w.Header().Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		b, err := io.ReadAll(f)
		if err != nil {
			return false
		}
		if h.inject {
			tag := livereload.Tag(h.base, h.broker.Version())
			if h.Editor != nil && status == http.StatusOK {
				if file := h.sources.get(r.URL.Path); file != "" {
					tag = editLink(h.base, file, h.Lang.Say("Edit this page")) + tag
				}
			}
			b = Inject(b, tag)
		}
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(b)
		}
		return true
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = io.Copy(w, f)
		}
		return true
	}
	http.ServeContent(w, r, name, fi.ModTime(), f)
	return true
}

// Inject puts tag before the last </body>, or at the end.
func Inject(page []byte, tag string) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// AlivePath answers Alive while relais serves: a second relais started
// by a double-click opens a tab on this one rather than start another.
const (
	AlivePath = "/_relais/alive"
	Alive     = "relais is running\n"
)

// LocalHost reports whether a request's Host names this computer without
// a DNS name an attacker could control: an IP address, or localhost.
func LocalHost(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	return h != "" && net.ParseIP(h) != nil
}

// sameHost reports whether origin (scheme://host[:port]) names host.
func sameHost(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, host)
}
