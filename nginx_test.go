package relais_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/boundtest"
	"relais/internal/headers"
	"relais/internal/site"
)

// TestNginx serves the shipped site with Debian's nginx and the snippet the
// build writes: clean URLs resolve, the 404 page comes with status 404, the
// security headers are sent, the snippet itself is not served.
func TestNginx(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx"
		if _, err := os.Stat(bin); err != nil {
			if os.Getenv("RELAIS_REQUIRE_NGINX") == "1" {
				t.Fatal("nginx not found and RELAIS_REQUIRE_NGINX=1: apt-get install nginx-light")
			}
			t.Skip("nginx not found (apt-get install nginx-light); set RELAIS_REQUIRE_NGINX=1 to fail instead")
		}
	}
	dir, err := os.MkdirTemp("", "relais-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// nginx's workers must read the files: a world-readable folder.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(dir, "public")
	if _, err := site.New(site.Options{Source: os.DirFS("."), Theme: relais.Theme(), Dest: public}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	conf := filepath.Join(dir, "nginx.conf")
	mime := "/etc/nginx/mime.types"
	err = os.WriteFile(conf, []byte(fmt.Sprintf(`daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events {}
http {
    include %[4]s;
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    server {
        listen %[2]s;
        root %[3]s;
        include %[3]s/nginx.conf;
    }
}
`, dir, addr, public, mime)), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", conf)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	base := "http://" + addr
	boundtest.Eventually(t, "nginx answering", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
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
