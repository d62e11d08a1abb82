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
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
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
func (r Result) Problem() string {
	switch {
	case r.Err != "":
		return "could not be reached: " + r.Err
	case r.Status >= 400:
		return fmt.Sprintf("answers %d %s", r.Status, http.StatusText(r.Status))
	case r.Final != "":
		return "has moved to " + r.Final
	}
	return ""
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
