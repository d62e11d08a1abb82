package server

import (
	"context"
	"errors"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"relais/internal/diag"
	"relais/internal/editor"
	"relais/internal/livereload"
	"relais/internal/site"
)

// liveSite is the site being previewed, as the editor sees it: each
// question is answered by the serving loop between two builds, so that
// the editor never reads the site while a build changes it.
type liveSite struct {
	ctx   context.Context
	calls chan func()
	s     *site.Site
	// last are the findings of the last build, by file (only read and
	// written on the loop).
	last map[string]diag.List
	// wait is how long a question waits for the loop to take it (a
	// build, or the sizes of many new photos, can take minutes): the
	// editor then says the site is busy rather than hang. 0: 15 s.
	wait time.Duration
}

// do runs f on the loop and waits for it; false if the loop is busy for
// longer than wait, or the preview stops. Once the loop has taken f, it
// waits for f to end (f is quick, and writes what its caller reads).
func (l *liveSite) do(f func()) bool {
	wait := l.wait
	if wait == 0 {
		wait = 15 * time.Second
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	done := make(chan struct{})
	select {
	case l.calls <- func() { f(); close(done) }:
	case <-timer.C:
		return false
	case <-l.ctx.Done():
		return false
	}
	select {
	case <-done:
		return true
	case <-l.ctx.Done():
		return false
	}
}

// record keeps the findings of a build (on the loop).
func (l *liveSite) record(res site.Result, err error) {
	l.last = map[string]diag.List{}
	for _, f := range res.Warnings {
		l.last[f.File] = append(l.last[f.File], f)
	}
	var dl diag.List
	if errors.As(err, &dl) {
		for _, f := range dl {
			l.last[f.File] = append(l.last[f.File], f)
		}
	}
}

func (l *liveSite) Try(file string, src []byte) (html []byte, findings diag.List) {
	if !l.do(func() { html, findings = l.s.Try(file, src) }) {
		// Unchecked, a page is not saved.
		return nil, diag.List{diag.Errorf(file, 0, "relais is still making the site (a build, or the sizes of new photos): try again in a moment")}
	}
	return html, findings
}

func (l *liveSite) Findings(file string) (out diag.List) {
	l.do(func() { out = l.last[file] })
	return out
}

func (l *liveSite) PageURL(file string) (out string) {
	l.do(func() { out = l.s.PageURL(file) })
	return out
}

func (l *liveSite) PagePath(file string) (out string) {
	l.do(func() { out = l.s.PagePath(file) })
	return out
}

func (l *liveSite) Rows(file string) (out []string) {
	l.do(func() { out = l.s.Rows(file) })
	return out
}

func (l *liveSite) Terms() (out map[string][]string) {
	l.do(func() { out = l.s.Terms() })
	return out
}

func (l *liveSite) Confidential() (out []string) {
	l.do(func() { out = l.s.Confidential() })
	return out
}

// sources maps the preview's pages to their files, for the link to the
// editor on each (read by the handler, written by the loop).
type sources struct {
	mu sync.RWMutex
	m  map[string]string
}

func (s *sources) set(m map[string]string) {
	s.mu.Lock()
	s.m = m
	s.mu.Unlock()
}

func (s *sources) get(url string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[url]
}

var stylesheet = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)

// stylesheets are the style sheets of the site's home page, for the
// editor's preview of a text.
func stylesheets(dest string) []string {
	b, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range stylesheet.FindAllSubmatch(b, 8) {
		if href := string(m[1]); strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//") {
			out = append(out, href)
		}
	}
	return out
}

// editLink is the link to the editor a previewed page gets.
func editLink(base, file, label string) string {
	return `<aside class="relais-edit" aria-label="relais"><link rel="stylesheet" href="` + base + livereload.StylePath[1:] +
		`"><a href="` + html.EscapeString(editor.Link(file)) + `">` + html.EscapeString(label) + `</a></aside>`
}
