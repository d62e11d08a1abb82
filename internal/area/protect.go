package area

import (
	"fmt"
	"path"
	"strings"
)

// Protection files of an area's folder in the output.
const (
	HtaccessName = ".htaccess"
	PasswordName = ".htpasswd"
)

// Ways the host protects the area (site.toml's [partners] protection).
const (
	Apache    = "apache"    // .htaccess and its password file; nginx's block too
	Nginx     = "nginx"     // the block of nginx.conf only
	Encrypted = "encrypted" // each page encrypted, opened in the browser
)

// Realm is the name the browser's login box shows.
const Realm = "Espace partenaires"

// Htaccess is Apache's file for the area published in the output folder
// at dir ("partenaires/", relative to the output folder), whose password
// file is on the host at hostRoot/dir/.htpasswd (AuthUserFile wants an
// absolute path, which only her host's panel knows). The host asks for a
// partner's login for every file of the folder, never serves the
// password file, lists no folder, and tells search engines and caches to
// keep nothing.
func Htaccess(hostRoot, dir string) []byte {
	file := path.Join(strings.TrimSuffix(hostRoot, "/"), dir, PasswordName)
	return fmt.Appendf(nil, `# Partner area, written by relais: the host asks for a partner's login.
# The logins are in %[3]s beside site.toml; relais partners adds and removes them.
AuthType Basic
AuthName %[1]q
AuthUserFile %[2]q
Require valid-user
Options -Indexes
<Files ".ht*">
    Require all denied
</Files>
<IfModule mod_headers.c>
    Header always set X-Robots-Tag "noindex, nofollow"
    Header always set Cache-Control "private"
</IfModule>
`, Realm, file, File)
}

// NginxBlock is the location block of nginx.conf for the area published
// at the site path url ("/iscg/partenaires/", the base path included):
// nginx asks for a login with the area's copy of the password file,
// found from the server's root, so that no path of the host is needed.
// A location of its own replaces the server's headers: they are given
// again (headers).
func NginxBlock(url string, headers [][2]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "location ^~ %s {\n", url)
	fmt.Fprintf(&b, "    auth_basic %q;\n", Realm)
	fmt.Fprintf(&b, "    auth_basic_user_file $document_root%s%s;\n", url, PasswordName)
	for _, kv := range headers {
		fmt.Fprintf(&b, "    add_header %s %q always;\n", kv[0], kv[1])
	}
	b.WriteString("    add_header X-Robots-Tag \"noindex, nofollow\" always;\n")
	b.WriteString("    add_header Cache-Control \"private\" always;\n")
	b.WriteString("    try_files $uri $uri/ =404;\n")
	b.WriteString("    location ~ /\\. {\n        return 404;\n    }\n")
	b.WriteString("}\n")
	return b.String()
}
