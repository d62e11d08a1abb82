package linkcheck

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"relais/internal/i18n"
)

func TestCheck(t *testing.T) {
	var hits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/nohead", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { time.Sleep(500 * time.Millisecond) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		mux.ServeHTTP(w, r)
	}))
	defer srv.Close()

	c := New()
	c.Client.Timeout = 200 * time.Millisecond
	c.CacheFile = filepath.Join(t.TempDir(), "cache.json")
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	c.Now = func() time.Time { return now }
	u := func(p string) string { return srv.URL + p }
	urls := []string{u("/ok"), u("/gone"), u("/moved"), u("/loop"), u("/nohead"), u("/broken"), u("/slow"), "http://127.0.0.1:1/nothing-listens"}
	res := c.Check(context.Background(), urls)
	tests := []struct {
		url     string
		broken  bool
		problem string
	}{
		{u("/ok"), false, ""},
		{u("/gone"), true, "answers 404 Not Found"},
		{u("/moved"), false, "has moved to " + u("/ok")},
		{u("/loop"), false, "too many redirects"},
		{u("/nohead"), false, ""},
		{u("/broken"), false, "answers 500"},
		{u("/slow"), false, "did not answer in time"},
		{"http://127.0.0.1:1/nothing-listens", false, "refused the connection"},
	}
	for _, tt := range tests {
		r := res[tt.url]
		for _, j := range []string{"dial tcp", "lookup", "Head \"", "context deadline"} {
			if strings.Contains(r.Problem().String(), j) || strings.Contains(r.Problem().In(i18n.French), j) {
				t.Errorf("%s: jargon %q in %q", tt.url, j, r.Problem())
			}
		}
		if r.Broken() != tt.broken || !strings.Contains(r.Problem().String(), tt.problem) || (tt.problem == "" && r.Problem().Format != "") {
			t.Errorf("%s: broken %v, problem %q; want %v, %q", tt.url, r.Broken(), r.Problem().String(), tt.broken, tt.problem)
		}
	}
	// A second check within the day asks nothing.
	before := hits.Load()
	again := c.Check(context.Background(), urls[:3])
	if hits.Load() != before || again[u("/gone")].Status != 404 {
		t.Errorf("cached results were asked again (%d requests)", hits.Load()-before)
	}
	// A day later, it asks again.
	now = now.Add(25 * time.Hour)
	c.Check(context.Background(), urls[:1])
	if hits.Load() == before {
		t.Errorf("a day-old result was not checked again")
	}
}
