package testsite

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"syscall"
	"testing"
)

// Apache serves root with Debian's apache2 on the loopback for the length
// of the test, as a shared host does: .htaccess files are read
// (AllowOverride All) and .ht* files refused, as in Debian's default
// configuration. It returns its address ("http://127.0.0.1:port"). It
// skips the test without apache2, unless RELAIS_REQUIRE_APACHE=1 (as CI
// sets). Run as root, its workers are www-data: root and the folders
// above it must be readable by all.
func Apache(t testing.TB, root string) string {
	t.Helper()
	bin := "/usr/sbin/apache2"
	mods := "/usr/lib/apache2/modules"
	if _, err := os.Stat(bin); err != nil {
		needServer(t, "apache2", "RELAIS_REQUIRE_APACHE", "apt-get install apache2")
	}
	run, addr := runFolder(t, "relais-apache-"), freeAddr(t)
	who := ""
	if os.Geteuid() == 0 {
		u := "www-data"
		if _, err := user.Lookup(u); err != nil {
			u = "nobody"
		}
		who = "User " + u + "\nGroup #65534"
		if g, err := user.LookupGroup(u); err == nil {
			who = "User " + u + "\nGroup " + g.Name
		}
		if err := os.Chmod(run, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var load string
	for _, m := range []string{"mpm_event", "authz_core", "authz_host", "authz_user", "authn_core", "authn_file", "auth_basic",
		"dir", "mime", "headers"} {
		load += fmt.Sprintf("LoadModule %s_module %s/mod_%s.so\n", m, mods, m)
	}
	conf := filepath.Join(run, "apache2.conf")
	err := os.WriteFile(conf, fmt.Appendf(nil, `ServerRoot %[1]s
ServerName 127.0.0.1
Listen %[2]s
PidFile %[1]s/apache2.pid
ErrorLog %[1]s/error.log
LogLevel warn
Mutex file:%[1]s default
%[4]s
%[5]s
TypesConfig /etc/mime.types
DocumentRoot %[3]s
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory %[3]s>
    AllowOverride All
    Require all granted
</Directory>
<FilesMatch "^\.ht">
    Require all denied
</FilesMatch>
`, run, addr, root, load, who), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-d", run, "-f", conf, "-DFOREGROUND")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// SIGTERM: apache2 stops its workers too.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		if t.Failed() {
			if b, err := os.ReadFile(filepath.Join(run, "error.log")); err == nil {
				t.Logf("apache2's error log:\n%s", b)
			}
		}
	})
	waitListening(t, "apache2 answering", addr)
	return "http://" + addr
}
