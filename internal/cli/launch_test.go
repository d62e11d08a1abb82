package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"relais/internal/boundtest"
)

// TestLaunchHelper is relais started with no command, as a double-click
// does: it runs only in the child process of TestLaunch.
func TestLaunchHelper(t *testing.T) {
	if os.Getenv("RELAIS_LAUNCH_TEST") == "" {
		t.Skip("run by TestLaunch")
	}
	if code := Run(context.Background(), nil, os.Stdout, os.Stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

// TestLaunch starts relais with no command in an empty home, with a
// browser that notes the addresses it is asked to open: the start page
// answers; « Créer mon site » by HTTP, with the token and the origin,
// makes a site that builds; a second start while the first runs opens a
// tab on it and ends; « Arrêter relais » stops it; the next start opens
// the editor of that site directly.
func TestLaunch(t *testing.T) {
	if testing.Short() {
		t.Skip("starts relais three times")
	}
	home := t.TempDir()
	if err := os.Mkdir(filepath.Join(home, "Documents"), 0o755); err != nil {
		t.Fatal(err)
	}
	opened := filepath.Join(home, "opened.txt")
	stub := filepath.Join(home, "browser.sh")
	if err := os.WriteFile(stub, []byte("#!/bin/sh\necho \"$1\" >> "+opened+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	start := func() (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLaunchHelper$", "-test.count=1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		cmd.Env = []string{"RELAIS_LAUNCH_TEST=1", "HOME=" + home, "BROWSER=" + stub, "LANG=fr_FR.UTF-8",
			"PATH=" + os.Getenv("PATH"), "TMPDIR=" + os.TempDir(), "GOCACHE=" + os.Getenv("GOCACHE")}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &out
	}
	lines := func() []string {
		b, _ := os.ReadFile(opened)
		return strings.Fields(string(b))
	}
	wait := func(n int) string {
		t.Helper()
		boundtest.Eventually(t, "the browser asked to open an address", func() bool { return len(lines()) >= n })
		return lines()[n-1]
	}
	get := func(u string) (int, string) {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			return 0, err.Error() // between the start page and the site's server
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(u, origin string, form url.Values) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location"), string(b)
	}
	token := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)

	a, outA := start()
	defer a.Process.Kill()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the first relais said:\n%s", outA)
		}
	})
	addr := wait(1)
	base := strings.TrimSuffix(addr, "/")
	origin := base
	code, page := get(addr)
	if code != 200 || !strings.Contains(page, "Créer mon site") || !strings.Contains(page, filepath.Join(home, "Documents")) {
		t.Fatalf("the start page: %d\n%s\n%s", code, page, outA)
	}
	tok := token.FindStringSubmatch(page)[1]
	create := base + "/_relais/start/create"
	good := url.Values{"token": {tok}, "name": {"Mon site"}, "parent": {filepath.Join(home, "Documents")}}
	if code, _, _ := post(create, origin, url.Values{"name": {"Mon site"}, "parent": {home}}); code != 403 {
		t.Errorf("without the token: %d", code)
	}
	if code, _, _ := post(create, "http://evil.example", good); code != 403 {
		t.Errorf("from another site: %d", code)
	}
	for _, name := range []string{"a/b", "..", ""} {
		bad := url.Values{"token": {tok}, "name": {name}, "parent": {home}}
		if code, _, body := post(create, origin, bad); code != 400 || !strings.Contains(body, "error-summary") {
			t.Errorf("the name %q: %d", name, code)
		}
	}
	// A folder that holds files is never written over.
	os.MkdirAll(filepath.Join(home, "Documents", "Plein"), 0o755)
	os.WriteFile(filepath.Join(home, "Documents", "Plein", "lettre.odt"), []byte("x"), 0o644)
	full := url.Values{"token": {tok}, "name": {"Plein"}, "parent": {filepath.Join(home, "Documents")}}
	if code, _, body := post(create, origin, full); code != 400 || !strings.Contains(body, "existe déjà") {
		t.Errorf("a folder with files: %d", code)
	}
	// A place where nothing can be written (even by root).
	ro := url.Values{"token": {tok}, "name": {"Mon site"}, "parent": {"/proc"}}
	if code, _, body := post(create, origin, ro); code != 400 || !strings.Contains(body, "n’a pas pu être créé dans /proc/Mon site") {
		t.Errorf("a place that cannot be written: %d\n%s", code, body)
	}
	code, loc, body := post(create, origin, good)
	if code != 303 || loc != "/_relais/edit/" {
		t.Fatalf("« Créer mon site »: %d %q\n%s\n%s", code, loc, body, outA)
	}
	site := filepath.Join(home, "Documents", "Mon site")
	boundtest.Eventually(t, "the editor of the new site", func() bool {
		if a.ProcessState != nil {
			t.Fatalf("relais ended:\n%s", outA)
		}
		code, page := get(base + "/_relais/edit/")
		return code == 200 && strings.Contains(page, "Modifier le site")
	})
	// A second start: a tab on the first, and it ends.
	b, outB := start()
	done := make(chan error, 1)
	go func() { done <- b.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the second start: %v\n%s", err, outB)
		}
	case <-time.After(2 * time.Minute):
		b.Process.Kill()
		t.Fatalf("the second start did not end:\n%s", outB)
	}
	if got := wait(2); got != addr {
		t.Errorf("the second start opened %q, want %q", got, addr)
	}
	// « Arrêter relais ».
	_, edit := get(base + "/_relais/edit/")
	if !strings.Contains(edit, "Arrêter relais") {
		t.Error("the editor has no « Arrêter relais »")
	}
	etok := token.FindStringSubmatch(edit)[1]
	if code, _, body := post(base+"/_relais/edit/stop", origin, url.Values{"token": {etok}}); code != 200 || !strings.Contains(body, "relais est arrêté") {
		t.Errorf("stop: %d %s", code, body)
	}
	if err := a.Wait(); err != nil {
		t.Fatalf("after « Arrêter relais »: %v\n%s", err, outA)
	}
	// The next start opens that site's editor.
	c, outC := start()
	defer c.Process.Kill()
	next := wait(3)
	if !strings.HasSuffix(next, "/_relais/edit/") {
		t.Errorf("the next start opened %q", next)
	}
	boundtest.Eventually(t, "the editor, directly", func() bool {
		code, page := get(next)
		return code == 200 && strings.Contains(page, "Modifier le site")
	})
	// Stopped; the site moved: the next start says so on the start page.
	_, edit = get(next)
	if code, _, _ := post(strings.TrimSuffix(next, "/_relais/edit/")+"/_relais/edit/stop", strings.TrimSuffix(next, "/_relais/edit/"),
		url.Values{"token": {token.FindStringSubmatch(edit)[1]}}); code != 200 {
		t.Errorf("stop: %d", code)
	}
	if err := c.Wait(); err != nil {
		t.Fatalf("after « Arrêter relais »: %v\n%s", err, outC)
	}
	moved := filepath.Join(home, "Documents", "Mon site déplacé")
	if err := os.Rename(site, moved); err != nil {
		t.Fatal(err)
	}
	d, outD := start()
	defer d.Process.Kill()
	if got := wait(4); strings.HasSuffix(got, "/_relais/edit/") {
		t.Errorf("a site moved away: the start opened %q", got)
	}
	if _, page := get(lines()[3]); !strings.Contains(page, "n’est plus là") {
		t.Errorf("the start page does not say the site moved:\n%s\n%s", page, outD)
	}
	site = moved
	// The site made builds.
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"build", "-s", site, "--lang", "fr"}, &out, &errb); code != 0 {
		t.Errorf("the site made does not build: %s", &errb)
	}
	for _, line := range strings.Split(errb.String(), "\n") {
		if strings.Contains(line, "attention") && !strings.Contains(line, "baseURL") {
			t.Errorf("the site made builds with a warning: %s", line)
		}
	}
}
