package relais_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"relais"
	"relais/internal/browsertest"
	"relais/internal/builtin"
	"relais/internal/deploy"
	"relais/internal/editor"
	"relais/internal/golive"
	"relais/internal/i18n"
	"relais/internal/scaffold"
	"relais/internal/server"
	"relais/internal/site"
)

// TestDeployInBrowser follows « Mettre en ligne » in Chromium, as she
// would: the first screen, the list of what would change, the deploy
// and its end, each without an axe violation at a phone's width and a
// desktop's, light and dark; the folder online is then the site built;
// and an example address is refused with the line to mend.
func TestDeployInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	axe := axeSource(t)
	recordCSP(t, ctx)
	dir := copyOwnSite(t)
	online := t.TempDir()
	toml, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	withTarget := strings.Replace(string(toml), `baseURL = "https://example.org/"`, `baseURL = "https://iscg-exemple.fr/"`, 1) +
		"\n[deploy]\ntarget = \"file://" + filepath.ToSlash(online) + "\"\n"
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(withTarget), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := server.Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	opts := site.Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme()}
	do := opts
	do.Dest = golive.Dir(t.TempDir(), dir)
	os.MkdirAll(filepath.Dir(do.Dest), 0o700)
	// A pause after each file, to see the progress (its screen is checked
	// too).
	sess := &golive.Session{Env: golive.Env{ConfigDir: t.TempDir()}, Site: do, SiteDir: dir, Lang: i18n.French, Pause: 150 * time.Millisecond}
	opts.Dest, opts.BaseURL = filepath.Join(t.TempDir(), "out"), base+"/"
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- server.Run(runCtx, server.Config{SiteDir: dir, Listener: ln, BasePath: "/", Out: io.Discard, Err: io.Discard,
			Edit: true, Lang: i18n.French, Templates: scaffold.Templates{Theme: relais.Theme()}, Site: opts, Deploy: sess})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	check := func(name string, width int) {
		t.Helper()
		checkScreen(t, ctx, axe, name, width)
	}
	page := base + editor.Prefix + "deploy"
	phase := func() string {
		return browsertest.Eval[string](t, ctx, `(document.getElementById("deploy-state")||{}).getAttribute ? document.getElementById("deploy-state").getAttribute("data-phase") : ""`)
	}
	for i, vp := range [][2]int64{{375, 740}, {1280, 900}} {
		browsertest.Do(t, ctx, chromedp.EmulateViewport(vp[0], vp[1]))
		width := int(vp[0])
		browsertest.Navigate(t, ctx, page)
		browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "« Mettre en ligne »")
		if got := browsertest.Eval[string](t, ctx, `document.querySelector("h1").textContent`); got != "Mettre en ligne" {
			t.Errorf("the screen's title: %q", got)
		}
		check("the first screen", width)
		browsertest.Eval[bool](t, ctx, `window.__before = true, document.querySelector("form[action$='deploy-prepare'] button").click(), true`)
		browsertest.WaitFor(t, ctx, `!window.__before && document.getElementById("deploy-state") && document.readyState === "complete"`, "the plan")
		if got := phase(); got != "1" {
			t.Fatalf("after « Voir ce qui changerait », phase %s: %s", got, browsertest.Eval[string](t, ctx, `document.querySelector("main").innerText`))
		}
		summary := browsertest.Eval[string](t, ctx, `document.getElementById("notice").innerText`)
		if i == 0 && (!strings.Contains(summary, "à ajouter") || !regexp.MustCompile(`\d[\d,]*\x{a0}(Ko|Mo) à envoyer`).MatchString(summary)) {
			t.Errorf("the plan says %q", summary)
		}
		if i == 1 && !strings.Contains(summary, "rien à envoyer") {
			t.Errorf("the second time, the plan says %q", summary)
		}
		if got := len(browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("ul.files li")).map(e => e.textContent)`)); i == 0 && got < 50 {
			t.Errorf("the plan lists %d files", got)
		}
		check("the plan", width)
		if len(entries(t, online)) > 0 && i == 0 {
			t.Fatal("the plan sent something")
		}
		if i == 1 {
			continue // nothing to send: no button
		}
		browsertest.Eval[bool](t, ctx, `window.__before = true, document.querySelector("form[action$='deploy-run'] button").click(), true`)
		// The progress, updated in place by the script.
		browsertest.WaitFor(t, ctx, `!window.__before && document.readyState === "complete" && !!document.getElementById("deploy-progress")`, "the progress")
		first := browsertest.Eval[int](t, ctx, `document.getElementById("deploy-progress").value`)
		browsertest.Eval[int](t, ctx, `(window.__page = 1, 1)`)
		browsertest.WaitFor(t, ctx, `(p => p && p.value > `+fmt.Sprint(first)+`)(document.getElementById("deploy-progress"))`, "the progress moving")
		check("the progress", width)
		if browsertest.Eval[int](t, ctx, `window.__page || 0`) != 1 {
			t.Error("the page was reloaded to show the progress: the script should update it in place")
		}
		browsertest.WaitFor(t, ctx, `document.getElementById("deploy-state") && document.getElementById("deploy-state").getAttribute("data-phase") === "3"`, "the site online")
		if got := browsertest.Eval[string](t, ctx, `document.title + "|" + document.activeElement.id + "|" + document.getElementById("notice").innerText`); !strings.HasPrefix(got, "En ligne") ||
			!strings.Contains(got, "|notice|") || !strings.Contains(got, "https://iscg-exemple.fr/") {
			t.Errorf("the end: %q", got)
		}
		check("the site online", width)
	}
	// The folder online is the build.
	files, err := deploy.Local(do.Dest)
	if err != nil {
		t.Fatal(err)
	}
	got := entries(t, online)
	for _, f := range files {
		if f.Path != ".relais-output" && !got[f.Path] {
			t.Errorf("%s is not online", f.Path)
		}
	}
	if !got[deploy.ManifestName] || len(got) != len(files) {
		t.Errorf("online: %d files, the build %d (with its marker, without the manifest)", len(got), len(files))
	}

	// An example address: refused, with the line to mend.
	os.WriteFile(filepath.Join(dir, "site.toml"), toml, 0o644)
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(strings.Replace(withTarget, "https://iscg-exemple.fr/", "https://example.org/", 1)), 0o644)
	browsertest.Navigate(t, ctx, page)
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "« Mettre en ligne »")
	browsertest.Eval[bool](t, ctx, `window.__before = true, document.querySelector("form[action$='deploy-prepare'] button").click(), true`)
	browsertest.WaitFor(t, ctx, `!window.__before && document.getElementById("deploy-state") && document.getElementById("deploy-state").getAttribute("data-phase") === "4"`, "the refusal")
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("error-summary").innerText`); !strings.Contains(got, "site.toml:3") || !strings.Contains(got, "adresse d’exemple") {
		t.Errorf("the refusal says %q", got)
	}
	check("a deploy refused", 1280)
}

// entries are the files under dir.
func entries(t *testing.T, dir string) map[string]bool {
	t.Helper()
	m := map[string]bool{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			m[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	return m
}
