// Package headers is the one place where relais's security policy is
// written down: the Content-Security-Policy of every page, and the HTTP
// headers a host should send with the site. The default theme puts the
// policy in a <meta> of each page (which works on any host); the build
// writes _headers (read by hosts such as Netlify or Cloudflare Pages) and
// nginx.conf, a snippet for an nginx server block; the dev server sends the
// same headers.
package headers

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Policy is the Content-Security-Policy of every page: nothing from another
// origin, no inline script or style, no plugins, no <base> or form target
// elsewhere.
const Policy = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"

// HTTP are the headers a host should send with every response, for a site
// served over HTTPS or not. The policy adds frame-ancestors, which a
// <meta> cannot carry: no site may show these pages in a frame. The
// opener and resource policies keep other sites' windows from reaching
// the page and its files from being embedded elsewhere; an HTTPS site
// also tells browsers to come back over HTTPS only (HSTS, a year), so that
// a network cannot see which page a reader asked for. The Permissions
// Policy turns off what the site never uses (FLoC's interest-cohort token
// is gone: no browser reads it).
func HTTP(https bool) map[string]string {
	h := map[string]string{
		"Content-Security-Policy":      Policy + "; frame-ancestors 'none'",
		"X-Content-Type-Options":       "nosniff",
		"Referrer-Policy":              "no-referrer",
		"X-Frame-Options":              "DENY",
		"Cross-Origin-Opener-Policy":   "same-origin",
		"Cross-Origin-Resource-Policy": "same-origin",
		"Permissions-Policy":           "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
	}
	if https {
		h["Strict-Transport-Security"] = "max-age=31536000"
	}
	return h
}

// Sorted are the headers of HTTP, by name.
func Sorted(https bool) [][2]string { return sorted(https) }

func sorted(https bool) [][2]string {
	h := HTTP(https)
	var out [][2]string
	for k, v := range h {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// WriteHeadersFile writes the _headers file.
func WriteHeadersFile(w io.Writer, https bool) error {
	var b strings.Builder
	b.WriteString("# Security headers of the site, written by relais.\n/*\n")
	for _, kv := range sorted(https) {
		fmt.Fprintf(&b, "  %s: %s\n", kv[0], kv[1])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// NginxRedirects is the block of nginx.conf that sends each old address
// made of a query (to, by query: "p=123" → "/articles/x/", WordPress's
// /?p=123), on any path, to its page, with a permanent redirect. Queries
// are checked before (letters, digits, =, - and _); in links, what nginx
// would read as a variable or the string's end is written %-encoded.
func NginxRedirects(to [][2]string) string {
	if len(to) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("# Old addresses of the site made of a query (/?p=123), to their pages.\n")
	for _, r := range to {
		fmt.Fprintf(&b, "if ($args = \"%s\") {\n    return 301 \"%s\";\n}\n", r[0], nginxSafe.Replace(r[1]))
	}
	return b.String()
}

var nginxSafe = strings.NewReplacer("$", "%24", `"`, "%22", `\`, "%5C", " ", "%20", "\n", "%0A", ";", "%3B", "{", "%7B", "}", "%7D")

// WriteNginx writes the nginx snippet for a server block whose root is the
// output folder, with base the site's base path ("/" or "/iscg/"), and
// blocks, such as the partner area's, that go after its own.
func WriteNginx(w io.Writer, base string, https bool, blocks ...string) error {
	var b strings.Builder
	b.WriteString(`# nginx configuration for this site, written by relais.
# In a server block whose root is this folder:
#     root /srv/site/public;
#     include /srv/site/public/nginx.conf;
# It sends the security headers, serves clean URLs, the 404 page with
# status 404, and never this file, _headers or hidden files.
`)
	if base != "/" {
		fmt.Fprintf(&b, "# The site lives under %[1]s: root must be the folder that holds it as %[1]s\n"+
			"# (for example, this folder copied to /srv/www%[1]s and root /srv/www).\n", base)
	}
	for _, kv := range sorted(https) {
		fmt.Fprintf(&b, "add_header %s %q always;\n", kv[0], kv[1])
	}
	fmt.Fprintf(&b, `index index.html;
error_page 404 %[1]s404.html;
location %[1]s {
    try_files $uri $uri/ =404;
}
location ~ /\. {
    return 404;
}
location = %[1]snginx.conf {
    return 404;
}
location = %[1]s_headers {
    return 404;
}
`, base)
	for _, bl := range blocks {
		b.WriteString(bl)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
