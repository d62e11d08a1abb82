// Package launcher is relais started by a double-click, with no command:
// it opens her site in the browser she uses. The first time, a start
// page on the loopback offers to make a new site or open one; after
// that, the last site opens in the editor directly. A second start while
// relais runs opens a tab on the running one. Her settings (recent
// sites) are kept in the system's config folder; nothing is sent
// anywhere.
package launcher

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"relais/internal/atomicfile"
	"relais/internal/i18n"
	"relais/internal/server"
)

// Config is what the launcher takes from the world.
type Config struct {
	// ConfigDir keeps her settings (settings.json) and the running
	// instance's address (running.json).
	ConfigDir string
	// Home is her home folder: where the folder chooser starts, and
	// where new sites go (Documents, if there is one).
	Home string
	Lang i18n.Lang
	Out  io.Writer
	// Browser opens an address in her browser.
	Browser func(url string) error
	// Serve serves a site on ln until ctx ends, with the editor; stop is
	// the editor's « Arrêter relais ».
	Serve func(ctx context.Context, site string, ln net.Listener, stop func()) error
	// Init makes a new site in dir.
	Init func(dir, title string) error
	// Port is the port tried first (1313); another is taken if it is
	// used.
	Port int
	Now  func() time.Time
}

// Run runs the launcher until ctx ends or she stops relais.
func Run(ctx context.Context, c Config) error {
	l := c.Lang
	if c.Now == nil {
		c.Now = time.Now
	}
	if addr, ok := running(c.ConfigDir); ok {
		l.Print(c.Out, "relais is already running: a new tab opens on it (%s)\n", addr)
		return c.Browser(addr)
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", c.Port))
	if err != nil && errors.Is(err, syscall.EADDRINUSE) {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return err
	}
	defer ln.Close()
	base := "http://" + ln.Addr().String()
	if err := writeRunning(c.ConfigDir, base); err != nil {
		return err
	}
	defer os.Remove(filepath.Join(c.ConfigDir, runningFile))
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	l.Print(c.Out, "relais is running: your site is at %s\nKeep this window open while you work; closing it stops relais (or choose « Arrêter relais » in the editor).\n", base+"/")
	settings := LoadSettings(c.ConfigDir)
	site, gone := "", ""
	for _, s := range settings.Recent {
		if isSite(s) {
			site = s
			break
		}
		if gone == "" {
			gone = s
		}
	}
	if site == "" {
		// The start page, until she makes or opens a site.
		st := newStart(c, settings)
		if gone != "" {
			st.gone = l.Say("the site you opened last, %s, is no longer there (moved, renamed or deleted): open it where it is now, or make a new one", gone)
		}
		srv := &http.Server{Handler: st, ReadHeaderTimeout: 10 * time.Second}
		done := make(chan error, 1)
		kept := keepOpen{ln}
		go func() { done <- srv.Serve(kept) }()
		if err := c.Browser(base + "/"); err != nil {
			l.Print(c.Out, "relais: open %s in your browser\n", base+"/")
		}
		select {
		case site = <-st.chosen:
		case <-ctx.Done():
			_ = srv.Close()
			return nil
		case err := <-done:
			return err
		}
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = srv.Shutdown(shut)
		cancel()
		<-done
		kept.reopen()
	} else if err := c.Browser(base + "/_relais/edit/"); err != nil {
		l.Print(c.Out, "relais: open %s in your browser\n", base+"/_relais/edit/")
	}
	settings.Opened(site)
	if err := settings.Save(c.ConfigDir); err != nil {
		l.Print(c.Out, "relais: %s\n", l.Err(err))
	}
	return c.Serve(ctx, site, ln, stop)
}

// keepOpen is a listener that the start page's server does not close
// when it stops: the site's server takes it over, on the same address.
// Its Close only ends the Accept under way (a deadline), or the start
// page's server would go on taking connections meant for the site's.
type keepOpen struct{ net.Listener }

func (k keepOpen) Close() error {
	if d, ok := k.Listener.(interface{ SetDeadline(time.Time) error }); ok {
		return d.SetDeadline(time.Now())
	}
	return nil
}

// reopen undoes Close, for the next server.
func (k keepOpen) reopen() {
	if d, ok := k.Listener.(interface{ SetDeadline(time.Time) error }); ok {
		_ = d.SetDeadline(time.Time{})
	}
}

// isSite reports whether dir holds a relais site.
func isSite(dir string) bool {
	for _, n := range []string{"site.toml", "content"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return true
		}
	}
	return false
}

const (
	settingsFile = "settings.json"
	runningFile  = "running.json"
)

// Settings are hers: the sites she opened, the last first.
type Settings struct {
	Recent []string `json:"recent"`
	mu     sync.Mutex
}

// LoadSettings reads her settings; none is no site yet.
func LoadSettings(dir string) *Settings {
	s := &Settings{}
	if b, err := os.ReadFile(filepath.Join(dir, settingsFile)); err == nil {
		_ = json.Unmarshal(b, s)
	}
	return s
}

// Opened puts a site first of the recent ones.
func (s *Settings) Opened(site string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []string{site}
	for _, r := range s.Recent {
		if r != site && len(out) < 10 {
			out = append(out, r)
		}
	}
	s.Recent = out
}

// Save writes the settings, whole or not at all.
func (s *Settings) Save(dir string) error {
	s.mu.Lock()
	b, err := json.MarshalIndent(s, "", "  ")
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return writeFile(dir, settingsFile, b)
}

func writeFile(dir, name string, b []byte) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, name), b)
}

func writeRunning(dir, base string) error {
	b, _ := json.Marshal(map[string]any{"url": base + "/", "pid": os.Getpid()})
	return writeFile(dir, runningFile, b)
}

// running is the address of a relais that runs, if one answers there.
func running(dir string) (string, bool) {
	b, err := os.ReadFile(filepath.Join(dir, runningFile))
	if err != nil {
		return "", false
	}
	var r struct {
		URL string `json:"url"`
	}
	if json.Unmarshal(b, &r) != nil || !strings.HasPrefix(r.URL, "http://127.0.0.1:") {
		return "", false
	}
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(strings.TrimSuffix(r.URL, "/") + server.AlivePath)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 100))
	if resp.StatusCode != 200 || string(body) != server.Alive {
		return "", false
	}
	return r.URL, true
}
