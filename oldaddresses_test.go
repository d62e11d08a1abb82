package relais_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"relais"
	"relais/internal/browsertest"
	"relais/internal/builtin"
	"relais/internal/server"
	"relais/internal/site"
	"relais/internal/testsite"
)

// TestOldQueryAddresses: the short links of a WordPress site moved in
// (/?p=12, /index.php?page_id=3), which no file can answer, lead to their
// pages: in Chromium through the theme's script, from the home page and
// from the 404 page, in place of the address in the history; on nginx
// through the site's nginx.conf, before any page. A partner area's are
// left out of both; an unknown one stays on the page the host shows; a
// query relais cannot keep is an error at its line.
func TestOldQueryAddresses(t *testing.T) {
	t.Parallel()
	src := fstest.MapFS{
		"site.toml":                {Data: []byte("title = \"Site\"\nbaseURL = \"https://exemple.fr/\"\n[partners]\nprotection = \"nginx\"\n")},
		"content/_index.md":        {Data: []byte("---\ntitle: Accueil\n---\nBienvenue.\n")},
		"content/a.md":             {Data: []byte("---\ntitle: Article A\naliases: [\"/?p=12\"]\n---\nTexte A.\n")},
		"content/b/index.md":       {Data: []byte("---\ntitle: Page B\naliases: [\"/index.php?page_id=3\", \"/ancienne-b/\"]\n---\nTexte B.\n")},
		"content/espace/_index.md": {Data: []byte("---\ntitle: Espace réservé\naccess: partners\n---\nRéservé.\n")},
		"content/espace/c.md":      {Data: []byte("---\ntitle: Compte rendu du comité\naliases: [\"/?p=77\"]\n---\nTexte C.\n")},
		"partenaires.htpasswd":     {Data: []byte("# CIDFF, 2026-12-01\ncidff:$2a$10$0123456789012345678901uJXnV0A0j0O4e9rV8m7v5uF8nBq2m6C\n")},
	}
	dir, err := os.MkdirTemp("", "relais-old-") // nginx's workers read it: not t.TempDir's mode
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	dest := filepath.Join(dir, "public")
	if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile(filepath.Join(dest, "old-addresses.json"))
	if err != nil || string(list) != `{"p=12":"/a/","page_id=3":"/b/"}`+"\n" {
		t.Errorf("old-addresses.json: %v %s", err, list)
	}

	// nginx, with the site's nginx.conf.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	base := testsite.Nginx(t, dest, true)
	client := &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range []struct {
		path, to string
		code     int
	}{
		{"/?p=12", "/a/", 301},
		{"/index.php?page_id=3", "/b/", 301},
		{"/autre/?p=12", "/a/", 301},
		{"/?p=77", "", 200}, // the area's: the home page
		{"/?p=999", "", 200},
		{"/a/", "", 200},
	} {
		resp, err := client.Get(base + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.code || !strings.HasSuffix(resp.Header.Get("Location"), tt.to) || tt.to == "" && resp.Header.Get("Location") != "" {
			t.Errorf("nginx %s: %d to %q, want %d to %q", tt.path, resp.StatusCode, resp.Header.Get("Location"), tt.code, tt.to)
		}
	}

	// Any host, through the theme's script.
	h, err := server.NewHandler(dest, "/", nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(func() { hs.Close(); h.Close() })
	srv := hs.URL
	ctx := browsertest.New(t)
	first := browsertest.Tab(t, ctx)
	browsertest.Navigate(t, first, srv+"/a/")
	entries := browsertest.Eval[int](t, first, `history.length`) // a new tab's, and the page
	for _, tt := range []struct{ path, want string }{
		{"/?p=12", "/a/"},
		{"/index.php?page_id=3", "/b/"}, // the 404 page
		{"/?p=77", "/"},
		{"/?p=999", "/"},
	} {
		tab := browsertest.Tab(t, ctx)
		browsertest.Navigate(t, tab, srv+tt.path)
		if tt.want != "/" {
			browsertest.WaitFor(t, tab, `location.pathname === "`+tt.want+`"`, tt.path+" led to "+tt.want)
			if n := browsertest.Eval[int](t, tab, `history.length`); n != entries {
				t.Errorf("%s: %d entries in the history, want the page only", tt.path, n)
			}
			continue
		}
		// The list fetched, then a moment for the script to act on it: a
		// busy machine only makes this check wait longer.
		browsertest.WaitFor(t, tab, `performance.getEntriesByType("resource").some(e => e.name.endsWith("/old-addresses.json") && e.responseEnd > 0)`, tt.path+": the list fetched")
		time.Sleep(300 * time.Millisecond)
		if got := browsertest.Eval[string](t, tab, `location.pathname + location.search`); got != tt.path {
			t.Errorf("%s: went to %s", tt.path, got)
		}
	}

	// A query relais cannot keep.
	src["content/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Article A\naliases: [\"/articles/?p=12&x=1\"]\n---\nTexte A.\n")}
	_, err = site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public")}).Build(context.Background())
	if err == nil || !strings.Contains(err.Error(), "content/a.md:3") || !strings.Contains(err.Error(), "/?p=123") {
		t.Errorf("a query relais cannot keep: %v", err)
	}
}
