package server

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"relais"
	"relais/internal/boundtest"
	"relais/internal/builtin"
	"relais/internal/editor"
	"relais/internal/scaffold"
	"relais/internal/site"
	"relais/internal/testsite"
)

// serveSite runs relais serve on dir until the test ends, and returns its
// address.
func serveSite(t *testing.T, dir string, edit bool) (base, dest string) {
	t.Helper()
	ln, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	base = "http://" + ln.Addr().String()
	dest = filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Config{SiteDir: dir, Listener: ln, BasePath: "/", Out: io.Discard, Err: io.Discard, Edit: edit,
			Templates: scaffold.Templates{Theme: relais.Theme()},
			Site:      site.Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: dest, BaseURL: base + "/"}})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	// Wait for the first build.
	boundtest.Eventually(t, "the first build served", func() bool {
		res, err := http.Get(base + "/")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200
	})
	return base, dest
}

func fetch(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	return fetch(t, req)
}

var hidden = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// TestEditorInPreview: the preview's pages link to their editor, the
// built files never do; a page saved in the editor is rebuilt and shown
// in the preview; the editor answers only to the preview's own address.
func TestEditorInPreview(t *testing.T) {
	dir := t.TempDir()
	testsite.Write(t, dir, map[string]string{
		"site.toml":    "title = \"Essai\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n",
		"content/a.md": "---\ntitle: Première version\n---\nTexte.\n",
	})
	base, dest := serveSite(t, dir, true)
	_, page := get(t, base+"/a/")
	link := `href="` + strings.ReplaceAll(editor.Link("content/a.md"), "&", "&amp;") + `"`
	if !strings.Contains(page, `class="relais-edit"`) || !strings.Contains(page, link) {
		t.Fatalf("the preview's page has no link to its editor:\n%s", page)
	}
	_ = filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "relais-edit") || strings.Contains(string(b), editor.Prefix) {
				t.Errorf("%s, a built file, links to the editor", p)
			}
		}
		return nil
	})

	code, form := get(t, base+editor.Link("content/a.md"))
	if code != 200 {
		t.Fatalf("editor: %d\n%s", code, form)
	}
	v := url.Values{}
	for _, m := range hidden.FindAllStringSubmatch(form, -1) {
		if !strings.HasPrefix(m[1], "has:") {
			v.Set(m[1], m[2])
		}
	}
	v.Set("has:title", "1")
	v.Set("f:title", "Deuxième version")
	v.Set("body", "Texte revu.\r\n")
	v.Set("action", "save")
	req, _ := http.NewRequest("POST", base+editor.Prefix+"save", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	start := time.Now()
	if code, body := fetch(t, req); code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", code, body)
	}
	boundtest.Eventually(t, "the saved page in the preview", func() bool {
		_, page := get(t, base+"/a/")
		return strings.Contains(page, "Deuxième version") && strings.Contains(page, "Texte revu.")
	})
	t.Logf("the preview shows the saved page %s after the save", time.Since(start).Round(time.Millisecond))

	// A page of another site, through a name its DNS points here.
	req, _ = http.NewRequest("GET", base+editor.Prefix, nil)
	req.Host = "evil.example"
	if code, _ := fetch(t, req); code != http.StatusMisdirectedRequest {
		t.Errorf("the editor answers to another host: %d", code)
	}
}

// TestEditorOff: without the editor, its address is nothing, and pages
// do not link to it.
func TestEditorOff(t *testing.T) {
	dir := t.TempDir()
	testsite.Write(t, dir, map[string]string{"content/a.md": "---\ntitle: A\n---\nTexte.\n"})
	base, _ := serveSite(t, dir, false)
	if code, _ := get(t, base+editor.Prefix); code == 200 {
		t.Errorf("the editor is served: %d", code)
	}
	if _, page := get(t, base+"/a/"); strings.Contains(page, "relais-edit") {
		t.Error("a page links to the editor that is off")
	}
}

// TestEditorWhileBusy: while the loop is busy (a long build, the sizes
// of many photos), the editor's questions do not hang: a page is checked
// as not checkable, so it is not saved, and the rest says nothing.
func TestEditorWhileBusy(t *testing.T) {
	l := &liveSite{ctx: context.Background(), calls: make(chan func()), wait: 50 * time.Millisecond} // nobody answers
	start := time.Now()
	_, findings := l.Try("content/a.md", []byte("---\ntitle: A\n---\n"))
	if len(findings.Errors()) != 1 || !strings.Contains(findings[0].Error(), "still making the site") {
		t.Errorf("a busy site's check: %v", findings)
	}
	if l.Findings("content/a.md") != nil || l.PageURL("content/a.md") != "" || l.Terms() != nil {
		t.Error("a busy site answers")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the questions took %s", d)
	}
}
