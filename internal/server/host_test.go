package server

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"relais/internal/livereload"
	"relais/internal/testsite"
)

// TestHostAndOrigin: the preview answers only requests that name it by
// address or localhost (a page of another site reaching it through DNS
// rebinding gets nothing), its live-reload stream only its own pages, and
// its own endpoints only GET and HEAD.
func TestHostAndOrigin(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	testsite.Write(t, dest, map[string]string{"index.html": "<html><body>brouillon</body></html>"})
	broker := livereload.NewBroker()
	defer broker.Close()
	h, err := NewHandler(dest, "/", broker)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path, host, origin string
		status                           int
	}{
		{"loopback address", "GET", "/", "127.0.0.1:1313", "", 200},
		{"localhost", "GET", "/", "localhost:1313", "", 200},
		{"IPv6 loopback", "GET", "/", "[::1]:1313", "", 200},
		{"a LAN address with --bind", "GET", "/", "192.0.2.10:1313", "", 200},
		{"another name", "GET", "/", "evil.example", "", http.StatusMisdirectedRequest},
		{"another name with the port", "GET", "/", "evil.example:1313", "", http.StatusMisdirectedRequest},
		{"a name ending like localhost", "GET", "/", "localhost.evil.example:1313", "", http.StatusMisdirectedRequest},
		{"the stream from another name", "GET", livereload.EventsPath, "evil.example:1313", "", http.StatusMisdirectedRequest},
		{"the stream from another origin", "GET", livereload.EventsPath, "127.0.0.1:1313", "http://evil.example", http.StatusForbidden},
		{"the stream from another port", "GET", livereload.EventsPath, "127.0.0.1:1313", "http://127.0.0.1:8080", http.StatusForbidden},
		{"POST to the script", "POST", livereload.ScriptPath, "127.0.0.1:1313", "", http.StatusMethodNotAllowed},
		{"PUT to the stream", "PUT", livereload.EventsPath, "127.0.0.1:1313", "", http.StatusMethodNotAllowed},
		{"POST to a page", "POST", "/", "127.0.0.1:1313", "", http.StatusMethodNotAllowed},
		{"the script", "GET", livereload.ScriptPath, "127.0.0.1:1313", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, nil)
			r.Host = tt.host
			if tt.origin != "" {
				r.Header.Set("Origin", tt.origin)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d (%s)", w.Code, tt.status, w.Body)
			}
			if tt.status != 200 && len(w.Body.String()) > 0 && strings.Contains(w.Body.String(), "brouillon") {
				t.Errorf("a refused request got the page")
			}
		})
	}
	// The stream from its own page: allowed, and it starts.
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+livereload.EventsPath, nil)
	req.Header.Set("Origin", srv.URL)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("the stream from its own origin: %d", resp.StatusCode)
	}
}
