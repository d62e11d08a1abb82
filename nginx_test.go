package relais_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
	"relais/internal/headers"
	"relais/internal/site"
	"relais/internal/testsite"
)

// TestNginx serves the shipped site with Debian's nginx and the snippet the
// build writes: clean URLs resolve, the 404 page comes with status 404, the
// security headers are sent, the snippet itself is not served.
func TestNginx(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("", "relais-nginx-site-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// nginx's workers must read the files: a world-readable folder.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(dir, "public")
	if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: os.DirFS("."), Theme: relais.Theme(), Dest: public}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	base := testsite.Nginx(t, public, true)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "Intervenante sociale"},
		{"/articles/le-cadre/", 200, "circulaires"},
		{"/articles/le-cadre", 301, ""},
		{"/assets/relais.css", 200, "system-ui"},
		{"/nexiste-pas/", 404, "Page introuvable"},
		{"/nginx.conf", 404, "Page introuvable"},
		{"/_headers", 404, "Page introuvable"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := client.Get(base + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if !strings.Contains(string(b), tt.body) {
				t.Errorf("body lacks %q", tt.body)
			}
			for k, v := range headers.HTTP(true) { // site.toml: baseURL = "https://…"
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}
}
