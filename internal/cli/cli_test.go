package cli

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais/internal/testsite"
)

func TestRun(t *testing.T) {
	good := map[string]string{
		"content/a.md":     "---\ntitle: A\n---\nTexte.\n",
		"content/draft.md": "---\ntitle: D\ndraft: true\n---\nBrouillon.\n",
		"content/typo.md":  "---\ntitle: T\ntilte: x\n---\n",
	}
	bad := map[string]string{"content/a.md": "---\ntitle: A\ndate: demain\n---\n"}
	tests := []struct {
		name    string
		files   map[string]string
		args    []string // {{site}} is replaced by the site folder
		code    int
		stdout  string
		stderr  string
		exists  []string // under the site folder
		missing []string
	}{
		{name: "build", files: good, args: []string{"build", "--lang", "en", "-s", "{{site}}"}, code: 0,
			stdout: "relais: built", stderr: `content/typo.md:3: warning: unknown field "tilte"`,
			exists: []string{"public/a/index.html"}, missing: []string{"public/draft/index.html"}},
		{name: "drafts and destination", files: good, args: []string{"build", "--lang", "en", "--source", "{{site}}", "-D", "-d", "out"}, code: 0,
			exists: []string{"out/a/index.html", "out/draft/index.html"}, missing: []string{"public"}},
		{name: "quiet", files: good, args: []string{"build", "--lang", "en", "-s", "{{site}}", "--quiet"}, code: 0},
		{name: "site error", files: bad, args: []string{"build", "--lang", "en", "-s", "{{site}}"}, code: 1,
			stderr: "content/a.md:3: date: \"demain\" is not a date\n\twrite it as 2026-11-26", missing: []string{"public/a"}},
		{name: "output folder holds the site", files: good, args: []string{"build", "--lang", "en", "-s", "{{site}}", "-d", ".."}, code: 1,
			stderr: "the output folder is a folder that holds the site"},
		{name: "no such site", args: []string{"build", "--lang", "en", "-s", "/nonexistent/site"}, code: 1, stderr: "does not exist"},
		{name: "bad flag", args: []string{"build", "--lang", "en", "--nope"}, code: 2, stderr: "flag provided but not defined"},
		{name: "extra argument", args: []string{"build", "--lang", "en", "x"}, code: 2, stderr: `unexpected argument "x"`},
		{name: "unknown command", args: []string{"bulid"}, code: 2, stderr: `unknown command "bulid"`},
		{name: "help", args: []string{"help"}, code: 0, stdout: "relais serve"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "relais " + Version},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := testsite.New(t, tt.files)
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "{{site}}", site)
			}
			var out, errb bytes.Buffer
			// An English system, whatever the machine running the test.
			english := Env{Getenv: func(k string) string { return map[string]string{"LANG": "en_US.UTF-8"}[k] }}
			code := english.Run(context.Background(), args, &out, &errb)
			if code != tt.code {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, &out, &errb)
			}
			if !strings.Contains(out.String(), tt.stdout) {
				t.Errorf("stdout %q lacks %q", &out, tt.stdout)
			}
			if !strings.Contains(errb.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q", &errb, tt.stderr)
			}
			if tt.name == "quiet" && out.Len()+errb.Len() > 0 {
				t.Errorf("--quiet printed: %q %q", &out, &errb)
			}
			for _, f := range tt.exists {
				if _, err := os.Stat(filepath.Join(site, f)); err != nil {
					t.Errorf("%s not written", f)
				}
			}
			for _, f := range tt.missing {
				if _, err := os.Stat(filepath.Join(site, f)); err == nil {
					t.Errorf("%s written", f)
				}
			}
		})
	}
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	site := testsite.New(t, map[string]string{"content/a.md": "---\ntitle: A\n---\n"})
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--lang", "en", "-s", site, "--port", port}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "port "+port+" on 127.0.0.1 is already in use") ||
		!strings.Contains(errb.String(), "--port 0") {
		t.Errorf("status %d, stderr %q", code, &errb)
	}
}

// TestServe starts relais serve on a free port, fetches a page, then
// stops it as Ctrl-C does: exit status 0.
func TestServe(t *testing.T) {
	site := testsite.New(t, map[string]string{"content/a.md": "---\ntitle: A\n---\nBonjour.\n"})
	url, errb, stop := startServe(t, site)
	code, body := get(t, url+"a/")
	if code != 200 || !strings.Contains(body, "Bonjour.") || !strings.Contains(body, "/_relais/livereload.js") {
		t.Errorf("GET a/: %d %s", code, body)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Errorf("serve wrote into the site's public/")
	}
	if code := stop(); code != 0 {
		t.Errorf("exit status %d after Ctrl-C; stderr %q", code, errb.String())
	}
}

// TestFlagErrors: a mistake in the flags is said in the language, with
// what to do, then how to use the command (the flag package's own
// messages are English).
func TestFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "--lang", "fr", "--nope"}, "option inconnue : -nope (relais build -h liste les options)\nUtilisation : relais build [options]"},
		{[]string{"serve", "--lang", "fr", "--port"}, "l’option -port demande une valeur après elle"},
		{[]string{"serve", "--lang", "fr", "--port", "x"}, "« x » n’est pas une valeur que prend l’option -port"},
		{[]string{"build", "--lang", "en", "--nope"}, "flag provided but not defined: -nope (relais build -h lists the flags)\nUsage: relais build [flags]"},
	} {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), tc.args, &out, &errb); code != 2 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant %q", tc.args, code, &errb, tc.want)
		}
	}
}
