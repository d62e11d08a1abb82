// Package linkcheck checks links to other sites, for relais check
// --external.
//
// Each address is asked with HEAD, then with GET when the server refuses
// HEAD; a few at a time, each with a time limit. Redirects are followed
// (at most 5) and reported, since a moved page should be linked where it
// now is. Results are kept in a cache file for a day, so that checking a
// site again does not knock on every partner's door.
package linkcheck

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"relais/internal/i18n"
)

// Result is what was found at an address.
type Result struct {
	Status  int       `json:"status,omitempty"` // the final status, 0 on a network error
	Final   string    `json:"final,omitempty"`  // where redirects led, if anywhere else
	Err     string    `json:"error,omitempty"`
	Checked time.Time `json:"checked"`
}

// Broken reports a page that is gone for good (404, 410).
func (r Result) Broken() bool { return r.Status == http.StatusNotFound || r.Status == http.StatusGone }

// Problem describes anything else worth a warning, or "".
//
// A network error is put in plain words: what the system says ("dial
// tcp: lookup … no such host") means nothing to most people.
func (r Result) Problem() i18n.Text {
	switch {
	case r.Err != "":
		for _, k := range netKinds {
			if strings.Contains(strings.ToLower(r.Err), k.says) {
				return k.msg
			}
		}
		return i18n.T("could not be reached (check the connection; the site may be down for a while)")
	case r.Status >= 400:
		return i18n.T("answers %d %s", r.Status, http.StatusText(r.Status))
	case r.Final != "":
		return i18n.T("has moved to %s", r.Final)
	}
	return i18n.Text{}
}

// netKinds are the network errors relais knows, by what the system says.
var netKinds = []struct {
	says string
	msg  i18n.Text
}{
	{"too many redirects", i18n.T("sends to another address again and again (too many redirects)")},
	{"no answer in time", i18n.T("did not answer in time (check the connection; the site may be slow or down for a while)")},
	{"no such host", i18n.T("could not be reached: its site's name is not found (check the connection, then the address)")},
	{"timeout", i18n.T("did not answer in time (check the connection; the site may be slow or down for a while)")},
	{"deadline exceeded", i18n.T("did not answer in time (check the connection; the site may be slow or down for a while)")},
	{"connection refused", i18n.T("refused the connection (the site may be down for a while)")},
	{"certificate", i18n.T("has a security certificate that is not valid: browsers warn before showing it")},
	{"network is unreachable", i18n.T("could not be reached: this computer is not connected")},
	{"connection reset", i18n.T("cut the connection (the site may be down for a while)")},
	{"eof", i18n.T("cut the connection (the site may be down for a while)")},
}

// Checker checks addresses. The zero value is not usable: use New.
type Checker struct {
	Client      *http.Client
	Concurrency int
	MaxAge      time.Duration // how long a cached result is trusted
	CacheFile   string        // "" for no cache
	Now         func() time.Time
}

// New returns a Checker with a 10-second limit per request, 4 requests at
// a time, and a cache file in the user's cache folder.
func New() *Checker {
	c := &Checker{Concurrency: 4, MaxAge: 24 * time.Hour, Now: time.Now}
	c.Client = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	if dir, err := os.UserCacheDir(); err == nil {
		c.CacheFile = filepath.Join(dir, "relais", "external-links.json")
	}
	return c
}

// Check checks every address, from the cache when it is fresh.
func (c *Checker) Check(ctx context.Context, urls []string) map[string]Result {
	cache := c.load()
	out := make(map[string]Result, len(urls))
	var todo []string
	for _, u := range urls {
		if r, ok := cache[u]; ok && c.Now().Sub(r.Checked) < c.MaxAge {
			out[u] = r
		} else if _, dup := out[u]; !dup {
			out[u] = Result{}
			todo = append(todo, u)
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(c.Concurrency, 1))
	for _, u := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r := c.one(ctx, u)
			mu.Lock()
			out[u] = r
			cache[u] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	c.save(cache)
	return out
}

// one checks an address, following redirects.
func (c *Checker) one(ctx context.Context, u string) Result {
	r := Result{Checked: c.Now()}
	cur := u
	for hops := 0; hops <= 5; hops++ {
		resp, err := c.request(ctx, http.MethodHead, cur)
		if err == nil && (resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusNotImplemented ||
			resp.StatusCode == http.StatusForbidden) {
			resp.Body.Close()
			resp, err = c.request(ctx, http.MethodGet, cur)
		}
		if err != nil {
			r.Err = err.Error()
			return r
		}
		resp.Body.Close()
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			loc, err := resp.Location()
			if err != nil {
				r.Status = resp.StatusCode
				return r
			}
			cur = loc.String()
			r.Final = cur
			continue
		}
		r.Status = resp.StatusCode
		return r
	}
	r.Err = "too many redirects"
	return r
}

func (c *Checker) request(ctx context.Context, method, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "relais-linkcheck (a static-site generator checking its links)")
	resp, err := c.Client.Do(req)
	var ue interface{ Timeout() bool }
	if err != nil && errors.As(err, &ue) && ue.Timeout() {
		return nil, errors.New("no answer in time")
	}
	return resp, err
}

func (c *Checker) load() map[string]Result {
	m := map[string]Result{}
	if c.CacheFile == "" {
		return m
	}
	if b, err := os.ReadFile(c.CacheFile); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

func (c *Checker) save(m map[string]Result) {
	if c.CacheFile == "" {
		return
	}
	for u, r := range m { // drop stale entries
		if c.Now().Sub(r.Checked) >= c.MaxAge {
			delete(m, u)
		}
	}
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(c.CacheFile), 0o755); err == nil {
		_ = os.WriteFile(c.CacheFile, b, 0o644)
	}
}
