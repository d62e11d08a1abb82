package cli

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"relais/internal/boundtest"
	"relais/internal/testsite"
)

// startServe runs relais serve on site and returns its URL, what it wrote
// on stdout, and a stop function that stops it as Ctrl-C does and returns
// its exit status.
func startServe(t *testing.T, site string, args ...string) (string, *testsite.SyncBuffer, func() int) {
	t.Helper()
	var out, errb testsite.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- Run(ctx, append([]string{"serve", "--lang", "en", "-s", site, "--port", "0"}, args...), &out, &errb)
	}()
	re := regexp.MustCompile(`serving on (http://127\.0\.0\.1:\d+/)`)
	var url string
	boundtest.Eventually(t, "the address printed", func() bool {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
		return url != ""
	})
	return url, &errb, func() int {
		cancel()
		return boundtest.Wait(t, done, "serve stopping after Ctrl-C")
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeRecovers: started on a site with an error, the preview serves
// the site once the error is fixed, and the page it shows meanwhile
// reloads by itself.
func TestServeRecovers(t *testing.T) {
	site := testsite.New(t, map[string]string{"content/a.md": "---\ntitle: A\ndate: demain\n---\nBonjour.\n"})
	url, _, stop := startServe(t, site)
	defer func() { stop() }()
	code, body := get(t, url+"a/")
	if code != 404 || !strings.Contains(body, "/_relais/livereload.js") {
		t.Errorf("before the fix: %d, and the page would not reload: %s", code, body)
	}
	testsite.Write(t, site, map[string]string{"content/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\nBonjour.\n"})
	boundtest.Eventually(t, "the page served after the fix", func() bool {
		code, body = get(t, url+"a/")
		return code == 200
	})
	if code != 200 || !strings.Contains(body, "Bonjour.") {
		t.Fatalf("after the fix: %d %s", code, body)
	}
	// Another edit is served too.
	testsite.Write(t, site, map[string]string{"content/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\nBonsoir.\n"})
	boundtest.Eventually(t, "a later edit served", func() bool {
		_, body = get(t, url+"a/")
		return strings.Contains(body, "Bonsoir.")
	})
	if !strings.Contains(body, "Bonsoir.") {
		t.Errorf("a later edit is not served")
	}
}

// TestPreviewFolder: the preview builds drafts into a folder only its user
// can read, and a later preview removes the folder of one that was killed.
func TestPreviewFolder(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	// A killed preview's folder: its process is gone.
	stale := filepath.Join(tmp, "relais-serve-123")
	testsite.Write(t, stale, map[string]string{"pid": "999999999", "site/brouillon/index.html": "secret"})
	site := testsite.New(t, map[string]string{"content/a.md": "---\ntitle: A\ndraft: true\n---\nBrouillon.\n"})
	url, _, stop := startServe(t, site, "-D")
	defer func() { stop() }()
	if code, _ := get(t, url+"a/"); code != 200 {
		t.Fatalf("draft not previewed: %d", code)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("the killed preview's folder was kept")
	}
	ents, _ := os.ReadDir(tmp)
	n := 0
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), "relais-serve-") {
			continue
		}
		n++
		fi, _ := os.Stat(filepath.Join(tmp, e.Name()))
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("the preview folder is %v, readable by others", fi.Mode().Perm())
		}
		sub, _ := os.ReadDir(filepath.Join(tmp, e.Name()))
		for _, s := range sub {
			if s.Name() != "pid" && s.Name() != "site" && !strings.HasPrefix(s.Name(), ".site.relais-") {
				t.Errorf("unexpected %s in the preview folder", s.Name())
			}
		}
	}
	if n != 1 {
		t.Errorf("%d preview folders, want 1", n)
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), "relais-serve-") && !strings.HasPrefix(e.Name(), ".relais-blobs") {
			t.Errorf("the preview left %s in the temporary folder", e.Name())
		}
	}
}

// TestServeEditor: the editor is offered on loopback and printed; shared
// on a network (--bind), it is off unless given a password, which it then
// asks for; a short password is refused.
func TestServeEditor(t *testing.T) {
	site := testsite.New(t, map[string]string{"content/a.md": "---\ntitle: A\n---\nTexte.\n"})
	url, _, stop := startServe(t, site)
	if code, page := get(t, url+"_relais/edit/"); code != 200 || !strings.Contains(page, "content/a.md") {
		t.Errorf("the editor on loopback: %d", code)
	}
	stop()

	shared := func(args ...string) (string, *testsite.SyncBuffer, func() int) {
		t.Helper()
		var out, errb testsite.SyncBuffer
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() {
			done <- Run(ctx, append([]string{"serve", "--lang", "en", "-s", site, "--port", "0", "--bind", "0.0.0.0"}, args...), &out, &errb)
		}()
		re := regexp.MustCompile(`serving on http://\S*:(\d+)/`)
		var url string
		exited, code := false, 0
		boundtest.Eventually(t, "the address printed, or serve ending", func() bool {
			if m := re.FindStringSubmatch(out.String()); m != nil {
				url = "http://127.0.0.1:" + m[1] + "/"
				return true
			}
			select {
			case code = <-done:
				exited = true
			default:
			}
			return exited
		})
		if exited {
			cancel()
			return "", &errb, func() int { return code }
		}
		return url, &errb, func() int { cancel(); return <-done }
	}
	url, errb, stop := shared()
	if !strings.Contains(errb.String(), "the editor is off") {
		t.Errorf("the warning does not say the editor is off: %s", errb)
	}
	if code, _ := get(t, url+"_relais/edit/"); code == 200 {
		t.Error("the shared preview offers the editor without a password")
	}
	stop()

	pw := filepath.Join(t.TempDir(), "mot-de-passe")
	if err := os.WriteFile(pw, []byte("une longue phrase de passe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url, _, stop = shared("--edit-password-file", pw)
	if code, _ := get(t, url+"_relais/edit/"); code != http.StatusUnauthorized {
		t.Errorf("without the password: %d", code)
	}
	req, _ := http.NewRequest("GET", url+"_relais/edit/", nil)
	req.SetBasicAuth("", "une longue phrase de passe")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("with the password: %d", res.StatusCode)
	}
	stop()

	if err := os.WriteFile(pw, []byte("court"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, eb strings.Builder
	if code := Run(context.Background(), []string{"serve", "--lang", "en", "-s", site, "--port", "0", "--bind", "0.0.0.0", "--edit-password-file", pw}, &out, &eb); code != 2 || !strings.Contains(eb.String(), "at least 12 characters") {
		t.Errorf("a short password: %d %s", code, eb.String())
	}
}
