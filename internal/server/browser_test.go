package server

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"

	"relais"
	"relais/internal/browsertest"
	"relais/internal/builtin"
	"relais/internal/site"
	"relais/internal/testsite"
)

// TestLiveReloadInBrowser edits a running site and watches Chromium follow:
// new text without a manual reload, new CSS without losing page state, the
// error overlay on a broken page and its removal once fixed.
func TestLiveReloadInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	dir := t.TempDir()
	page := func(text string) string { return "---\ntitle: Essai\n---\n" + text + "\n" }
	testsite.Write(t, dir, map[string]string{
		"content/a.md":              page("Version un"),
		"content/b.md":              page("Autre page"),
		"layouts/assets/relais.css": "body { background: rgb(1, 2, 3); }\n",
	})
	ln, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	base := "http://" + addr
	// serve runs relais serve on ln until the returned function is called.
	serve := func(ln net.Listener) (stop func()) {
		runCtx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- Run(runCtx, Config{
				SiteDir: dir, Listener: ln, BasePath: "/", Navigate: true, Out: io.Discard, Err: io.Discard,
				Site: site.Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "out"), BaseURL: base + "/"},
			})
		}()
		return func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		}
	}
	stop := serve(ln)
	defer func() { stop() }()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wait := func(expr, what string) { t.Helper(); browsertest.WaitFor(t, ctx, expr, what) }

	browsertest.Navigate(t, ctx, base+"/a/")
	wait(`document.body.innerText.includes("Version un")`, "first text")
	connected := func() {
		t.Helper()
		wait(`document.documentElement.dataset.relais === "connected"`, "page connected to the server")
	}
	connected()

	write("content/a.md", page("Version deux"))
	wait(`document.body.innerText.includes("Version deux")`, "edited text")
	connected() // the reloaded page

	browsertest.Eval[int](t, ctx, `window.relaisMarker = 42`)
	write("layouts/assets/relais.css", "body { background: rgb(4, 5, 6); }\n")
	wait(`getComputedStyle(document.body).backgroundColor === "rgb(4, 5, 6)"`, "new stylesheet")
	if marker := browsertest.Eval[int](t, ctx, `window.relaisMarker || 0`); marker != 42 {
		t.Errorf("page state lost on a CSS change (marker = %d): the page was reloaded", marker)
	}

	write("content/a.md", "---\ntitle: [cassé\n---\nVersion trois\n")
	wait(`!!document.getElementById("relais-error") && document.getElementById("relais-error").innerText.includes("content/a.md")`, "error overlay naming the file")

	write("content/a.md", page("Version trois"))
	wait(`!document.getElementById("relais-error") && document.body.innerText.includes("Version trois")`, "overlay gone and fixed text")

	// Editing another page sends the browser to it.
	write("content/b.md", page("Autre page modifiée"))
	wait(`location.pathname === "/b/" && document.body.innerText.includes("Autre page modifiée")`, "navigation to the edited page")

	// The server stops and starts again: the page reconnects, and follows
	// the edits made meanwhile. (A page whose script was still loading when
	// the server stopped cannot follow; wait until it is connected.)
	connected()
	stop()
	write("content/b.md", page("Après redémarrage"))
	ln2, err := Listen("127.0.0.1", ln.Addr().(*net.TCPAddr).Port)
	if err != nil {
		t.Fatal(err)
	}
	stop = serve(ln2)
	wait(`document.body.innerText.includes("Après redémarrage")`, "page after the server restarted")
	connected()
	write("content/b.md", page("Encore une modification"))
	wait(`document.body.innerText.includes("Encore une modification")`, "live reload after the restart")
}
