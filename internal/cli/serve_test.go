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
	"time"

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
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("no URL printed; stdout %q stderr %q", out.String(), errb.String())
	}
	return url, &errb, func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(5 * time.Second):
			t.Fatal("serve did not stop after Ctrl-C")
		}
		return -1
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
	deadline := time.Now().Add(10 * time.Second)
	for code != 200 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		code, body = get(t, url+"a/")
	}
	if code != 200 || !strings.Contains(body, "Bonjour.") {
		t.Fatalf("after the fix: %d %s", code, body)
	}
	// Another edit is served too.
	testsite.Write(t, site, map[string]string{"content/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\nBonsoir.\n"})
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(body, "Bonsoir.") && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		_, body = get(t, url+"a/")
	}
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
