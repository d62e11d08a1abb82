// Package livereload tells open browsers that the site changed, over
// Server-Sent Events, and serves the small script that listens.
//
// The script is a file served by the dev server at ScriptPath and added to
// HTML pages only by relais serve, never written by relais build. On a
// message it reloads the page, swaps only the stylesheets when only CSS
// changed (scroll position and page state are kept), goes to the page that
// was edited when another is shown, shows the build error over the last
// good page and removes it once fixed, and reconnects when the server
// restarts.
//
// # Versions
//
// A page carries, in the script's URL, the version of the site it was
// served at: the server's run and the number of its builds. On connecting,
// the script is told the current version and reloads if it differs. So a
// page never stays stale, even when a change, or a restart of the server,
// happens between serving the page and its script connecting.
package livereload

import (
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Paths served by the dev server.
const (
	Prefix     = "/_relais/"
	EventsPath = Prefix + "events"
	ScriptPath = Prefix + "livereload.js"
	StylePath  = Prefix + "livereload.css"
)

//go:embed livereload.js
var script []byte

//go:embed livereload.css
var style []byte

// Message is one notice to the browsers.
type Message struct {
	// Type is "reload", "css", "error", "ok", or "hello" (sent on connect).
	Type string `json:"type"`
	// Navigate is the path of the page that was edited, for "reload", and
	// of the page edited last, for "hello".
	Navigate string `json:"navigate,omitempty"`
	// CSS lists the stylesheet paths that changed, for "css".
	CSS []string `json:"css,omitempty"`
	// Error is the build error, for "error", and Title what the browser
	// shows above it, in the language relais speaks.
	Error string `json:"error,omitempty"`
	Title string `json:"title,omitempty"`
	// Version is the site's current version, for "hello".
	Version string `json:"version,omitempty"`
}

// Broker fans messages out to connected browsers. Close ends every
// connection.
type Broker struct {
	mu     sync.Mutex
	run    string // this server run, random
	builds int    // changes published so far
	goTo   string // the page edited last, for pages that connect late
	subs   map[chan Message]struct{}
	last   *Message // the current error, sent to browsers that connect
	closed chan struct{}
	once   sync.Once
}

// NewBroker returns a Broker.
func NewBroker() *Broker {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return &Broker{run: hex.EncodeToString(b[:]), subs: map[chan Message]struct{}{}, closed: make(chan struct{})}
}

// Version is the current version of the site, to put in served pages.
func (b *Broker) Version() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.version()
}

func (b *Broker) version() string { return fmt.Sprintf("%s-%d", b.run, b.builds) }

// Publish sends m to every browser.
func (b *Broker) Publish(m Message) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch m.Type {
	case "error":
		mm := m
		b.last = &mm
	case "reload", "css":
		b.builds++
		b.last = nil
		if m.Navigate != "" {
			b.goTo = m.Navigate
		}
	default:
		b.last = nil
	}
	for c := range b.subs {
		select {
		case c <- m:
		default: // a slow browser misses a message rather than block builds
		}
	}
}

// Clients is the number of connected browsers.
func (b *Broker) Clients() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Close disconnects every browser.
func (b *Broker) Close() { b.once.Do(func() { close(b.closed) }) }

// ServeHTTP streams messages as Server-Sent Events.
func (b *Broker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	c := make(chan Message, 8)
	b.mu.Lock()
	b.subs[c] = struct{}{}
	last := b.last
	hello := Message{Type: "hello", Version: b.version(), Navigate: b.goTo}
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.subs, c)
		b.mu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\n\n")
	writeEvent(w, hello)
	if last != nil {
		writeEvent(w, *last)
	}
	fl.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case m := <-c:
			writeEvent(w, m)
			fl.Flush()
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		case <-r.Context().Done():
			return
		case <-b.closed:
			return
		}
	}
}

func writeEvent(w http.ResponseWriter, m Message) {
	data, _ := json.Marshal(m)
	fmt.Fprintf(w, "data: %s\n\n", data)
}

// ServeScript serves the browser side.
func ServeScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(script)
}

// ServeStyle serves the error overlay's stylesheet.
func ServeStyle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(style)
}

// Tag is the HTML that loads the script, added before </body>, for a page
// served at version.
func Tag(prefix, version string) string {
	return `<script src="` + prefix + ScriptPath[1:] + `?v=` + version + `" defer></script>`
}
