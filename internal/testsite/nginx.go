package testsite

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"relais/internal/boundtest"
)

// Nginx serves root with Debian's nginx on the loopback for the length
// of the test, and returns its address ("http://127.0.0.1:port"). With
// siteConf, root's nginx.conf (the snippet a build writes) is included,
// as the README tells a host to. It skips the test without nginx, unless
// RELAIS_REQUIRE_NGINX=1 (as CI sets). nginx's workers run as another
// user: root and the folders above it must be readable by all.
func Nginx(t testing.TB, root string, siteConf bool) string {
	t.Helper()
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
	run, err := os.MkdirTemp("", "relais-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	include := ""
	if siteConf {
		include = "include " + filepath.Join(root, "nginx.conf") + ";"
	}
	conf := filepath.Join(run, "nginx.conf")
	err = os.WriteFile(conf, []byte(fmt.Sprintf(`daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    server {
        listen %[2]s;
        root %[3]s;
        %[4]s
    }
}
`, run, addr, root, include)), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", run, "-c", conf)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	boundtest.Eventually(t, "nginx answering", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return "http://" + addr
}
