package server

import (
	"context"
	"errors"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"relais/internal/extension"
	"strings"
	"sync"
	"sync/atomic"
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
	// dest is the output folder; styles its home page's style sheets,
	// read once per build for the editor's previews.
	dest   string
	styles atomic.Pointer[[]string]
	// wait is how long a question waits for the loop to take it (a
	// build, or the sizes of many new photos, can take minutes): the
	// editor then says the site is busy rather than hang. 0: 15 s.
	wait time.Duration
	// rebuilt is when the latest build that read each changed file
	// started, by file (on the loop): a save asks for the build after it.
	rebuilt map[string]time.Time
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

// record keeps the findings of a build, and the site's style sheets (on
// the loop).
func (l *liveSite) record(res site.Result, err error) {
	css := stylesheets(l.dest)
	l.styles.Store(&css)
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

// built notes that a build started at start read the files changed (on
// the loop).
func (l *liveSite) built(changed []string, start time.Time) {
	if l.rebuilt == nil {
		l.rebuilt = map[string]time.Time{}
	}
	for _, c := range changed {
		l.rebuilt[c] = start
	}
}

// settle is how long Settle waits for the build after a save.
const settle = 10 * time.Second

// Settle waits for the first build that read file after since (a save)
// and gives its errors about file: its own, and those that name it (a
// partner that clashes with a spreadsheet's row). ok is false when no
// such build ended within a few seconds.
func (l *liveSite) Settle(file string, since time.Time) (errs diag.List, ok bool) {
	deadline := time.Now().Add(settle)
	for time.Now().Before(deadline) {
		done := false
		if !l.do(func() {
			if t, seen := l.rebuilt[file]; seen && !t.Before(since) {
				done, errs = true, l.errorsAbout(file)
			}
		}) {
			return nil, false
		}
		if done {
			return errs, true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, false
}

// errorsAbout are the last build's errors in file, or naming it (on the
// loop).
func (l *liveSite) errorsAbout(file string) diag.List {
	var out diag.List
	for f, fs := range l.last {
		for _, x := range fs.Errors() {
			if f == file || strings.Contains(x.Msg, file) {
				out = append(out, x)
			}
		}
	}
	out.Sort()
	return out
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

func (l *liveSite) Entries() (out []editor.Entry, ok bool) {
	ok = l.do(func() { out = entries(l.s.Contents(), l.last) })
	return out, ok
}

// entries are the site's contents for the editor's list, with the number
// of problems the last build found in each (last, by file).
func entries(cs []site.Content, last map[string]diag.List) []editor.Entry {
	out := make([]editor.Entry, len(cs))
	for i, c := range cs {
		en := editor.Entry{File: c.File, Title: c.Title, Date: c.Date, Draft: c.Draft, Private: c.Private, Partners: c.Partners, Sheet: c.Sheet, URL: c.URL,
			Lang: c.Lang, TransKey: c.TransKey}
		for _, f := range last[c.File] {
			if f.Severity == diag.Error {
				en.Errors++
			} else {
				en.Warnings++
			}
		}
		out[i] = en
	}
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

func (l *liveSite) TaxonomyTitles() (out map[string]string) {
	l.do(func() { out = l.s.TaxonomyTitles() })
	return out
}

// Registry is the same for the site's life: it is read without waiting.
func (l *liveSite) Registry() *extension.Registry { return l.s.Registry() }

func (l *liveSite) Languages() (out []editor.Language) {
	l.do(func() {
		for _, lg := range l.s.Languages() {
			out = append(out, editor.Language{Code: lg.Code, Name: lg.Name, Own: lg.Own})
		}
	})
	return out
}

func (l *liveSite) Confidential() (out []string) {
	l.do(func() { out = l.s.Confidential() })
	return out
}

// shared is a map the loop writes as a whole after each build and the
// handler reads: the pages' files, for the link to the editor on each
// (sources), and the stand-ins for sizes of images not made yet.
type shared[V any] struct {
	mu sync.RWMutex
	m  map[string]V
}

func (s *shared[V]) set(m map[string]V) {
	s.mu.Lock()
	s.m = m
	s.mu.Unlock()
}

func (s *shared[V]) get(key string) V {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[key]
}

var stylesheet = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)

// Stylesheets are the style sheets of the site's home page, as the last
// build wrote it, for the editor's preview of a text.
func (l *liveSite) Stylesheets() []string {
	if p := l.styles.Load(); p != nil {
		return *p
	}
	return nil
}

// stylesheets reads the style sheets of the site's home page in dest.
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
