package testsite

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
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
			needServer(t, "nginx", "RELAIS_REQUIRE_NGINX", "apt-get install nginx-light")
		}
	}
	run, addr := runFolder(t, "relais-nginx-"), freeAddr(t)
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
	waitListening(t, "nginx answering", addr)
	return "http://" + addr
}
