package relais_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"relais"
	"relais/internal/area"
	"relais/internal/browsertest"
	"relais/internal/builtin"
	"relais/internal/server"
	"relais/internal/site"
	"relais/internal/testsite"
)

// TestEncryptedArea: with protection = "encrypted", for a host that
// cannot ask for a password, the area's pages hold their content
// encrypted (no word of it in any output); in Chromium, a wrong password
// opens nothing, a partner's opens the page and then the next one, and
// « Fermer » closes the area; the ciphertext follows the content, and a
// partner removed and the site rebuilt can no longer open it. The locked
// page is axe-clean.
func TestEncryptedArea(t *testing.T) {
	t.Parallel()
	ls, ks := &area.Logins{}, &area.Keys{}
	pw := map[string]string{"cidff-du-rhone": "mot-de-passe-du-cidff", "maison-des-femmes": "mot-de-passe-maison"}
	for name, login := range map[string]string{"CIDFF du Rhône": "cidff-du-rhone", "Maison des femmes": "maison-des-femmes"} {
		lg, err := ls.Add(name, pw[login], time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := ks.Add(lg.Login, pw[lg.Login]); err != nil {
			t.Fatal(err)
		}
	}
	secret := "La ligne directe de la brigade répond aux partenaires du réseau seulement"
	fsys := fstest.MapFS{
		"site.toml":                   {Data: []byte("title = \"ISCG\"\nlanguage = \"fr\"\n[partners]\nprotection = \"encrypted\"\ncontact = \"iscg@example.org\"\n")},
		area.File:                     {Data: ls.Bytes()},
		area.KeysFile:                 {Data: ks.Bytes()},
		"content/_index.md":           {Data: []byte("---\ntitle: Accueil\n---\nBienvenue.\n")},
		"content/reseau/_index.md":    {Data: []byte("---\ntitle: Réseau\naccès: partenaires\n---\nLes documents confidentiels du réseau des partenaires locaux.\n")},
		"content/reseau/procedure.md": {Data: []byte("---\ntitle: Procédure\ndate: 2026-01-05\n---\n" + secret + ".\n\n## Étapes\n\nAppeler, puis écrire.\n")},
	}
	dir, err := os.MkdirTemp("", "relais-encrypted-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	dest := filepath.Join(dir, "public")
	build := func() map[string]string {
		t.Helper()
		if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		return testsite.Tree(t, dest)
	}
	out := build()
	for name, body := range out {
		for _, s := range []string{"ligne directe de la brigade", "Appeler, puis écrire", "documents confidentiels"} {
			if strings.Contains(body, s) {
				t.Errorf("%s holds %q in clear", name, s)
			}
		}
		if strings.HasPrefix(filepath.Base(name), ".ht") || strings.Contains(body, "$2a$") || strings.Contains(body, "cidff-du-rhone") {
			t.Errorf("%s: the encrypted area publishes a login or its hash", name)
		}
	}
	sealed := regexp.MustCompile(`data-sealed="([^"]+)"`)
	first := sealed.FindStringSubmatch(out["reseau/procedure/index.html"])
	if first == nil {
		t.Fatalf("the page is not sealed:\n%s", out["reseau/procedure/index.html"])
	}
	if again := sealed.FindStringSubmatch(build()["reseau/procedure/index.html"]); again[1] != first[1] {
		t.Error("the same content encrypted twice differs: every build would send the whole area again")
	}

	h, err := server.NewHandler(dest, "/", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); h.Close() })
	ctx := browsertest.New(t)
	page := srv.URL + "/reseau/procedure/"
	browsertest.Navigate(t, ctx, page)
	browsertest.WaitFor(t, ctx, `!document.getElementById("area-unlock").hidden`, "the unlock form")
	axe := axeSource(t)
	browsertest.Eval[bool](t, ctx, axe+";true")
	reportAxe(t, ctx, "the locked page", "light")
	typeIn := func(password string) {
		browsertest.Eval[bool](t, ctx, `document.getElementById("area-wrong").hidden = true; document.getElementById("area-password").value = `+
			strconv.Quote(password)+`; document.querySelector("#area-unlock button[type=submit]").click(), true`)
	}
	typeIn("mauvais-mot-de-passe")
	browsertest.WaitFor(t, ctx, `!document.getElementById("area-wrong").hidden`, "the wrong password's message")
	if browsertest.Eval[bool](t, ctx, `document.body.innerText.includes("ligne directe")`) {
		t.Fatal("a wrong password opened the page")
	}
	typeIn(pw["maison-des-femmes"])
	browsertest.WaitFor(t, ctx, `document.getElementById("area-content").innerText.includes("ligne directe de la brigade")`, "the page opened")
	if !browsertest.Eval[bool](t, ctx, `!!document.querySelector("#area-content h2") && !document.querySelector("#area-title:not([hidden])")`) {
		t.Error("the opened page lost its structure")
	}
	// The next page opens at once: the area's key is kept for the tab.
	browsertest.Navigate(t, ctx, srv.URL+"/reseau/")
	browsertest.WaitFor(t, ctx, `document.getElementById("area-content").innerText.includes("documents confidentiels")`, "the section opened at once")
	browsertest.Eval[bool](t, ctx, `document.getElementById("area-close").click(), true`)
	browsertest.WaitFor(t, ctx, `document.readyState === "complete" && !document.getElementById("area-unlock").hidden && !document.body.innerText.includes("documents confidentiels")`, "the area closed")

	// The content changes: so does its ciphertext. The Maison des femmes
	// leaves the network: the site built again, her password opens
	// nothing, the CIDFF's still does.
	fsys["content/reseau/procedure.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["content/reseau/procedure.md"].Data), "écrire", "écrire un courriel", 1))}
	ls.Remove("maison-des-femmes")
	ks.Remove("maison-des-femmes")
	fsys[area.File] = &fstest.MapFile{Data: ls.Bytes()}
	fsys[area.KeysFile] = &fstest.MapFile{Data: ks.Bytes()}
	if now := sealed.FindStringSubmatch(build()["reseau/procedure/index.html"]); now[1] == first[1] {
		t.Error("the ciphertext did not change with the content")
	}
	browsertest.Navigate(t, ctx, page)
	browsertest.WaitFor(t, ctx, `!document.getElementById("area-unlock").hidden`, "the unlock form again")
	typeIn(pw["maison-des-femmes"])
	browsertest.WaitFor(t, ctx, `!document.getElementById("area-wrong").hidden`, "the removed partner refused")
	typeIn(pw["cidff-du-rhone"])
	browsertest.WaitFor(t, ctx, `document.getElementById("area-content").innerText.includes("écrire un courriel")`, "the page opened by a partner still in")
}

// TestAreaSearch: the partner area's search page finds the area's pages,
// and the site's search does not.
func TestAreaSearch(t *testing.T) {
	t.Parallel()
	ls := &area.Logins{}
	if _, err := ls.Add("CIDFF du Rhône", "mot-de-passe-du-cidff", time.Now()); err != nil {
		t.Fatal(err)
	}
	srv := serveSite(t, fstest.MapFS{
		"site.toml":                   {Data: []byte("title = \"ISCG\"\nlanguage = \"fr\"\n[partners]\nprotection = \"nginx\"\n")},
		area.File:                     {Data: ls.Bytes()},
		"content/_index.md":           {Data: []byte("---\ntitle: Accueil\n---\nBienvenue.\n")},
		"content/recherche.md":        {Data: []byte("---\ntitle: Rechercher\nlayout: recherche\n---\n")},
		"content/articles/public.md":  {Data: []byte("---\ntitle: Le signalement expliqué\ndate: 2026-01-01\n---\nComment se passe un signalement.\n")},
		"content/reseau/_index.md":    {Data: []byte("---\ntitle: Réseau\naccès: partenaires\n---\nLes documents du réseau.\n")},
		"content/reseau/procedure.md": {Data: []byte("---\ntitle: Procédure de signalement interne\ndate: 2026-01-05\n---\nLe signalement passe par la ligne directe.\n")},
	})
	ctx := browsertest.New(t)
	results := func(page string) string {
		browsertest.Navigate(t, ctx, srv.URL+page+"?q=signalement")
		browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results on "+page)
		return browsertest.Eval[string](t, ctx, `[...document.querySelectorAll("#search-results li h2 a")].map(a => a.textContent).join("|")`)
	}
	if got := results("/reseau/recherche/"); !strings.Contains(got, "Procédure de signalement interne") || strings.Contains(got, "expliqué") {
		t.Errorf("the area's search finds %q", got)
	}
	if got := results("/recherche/"); strings.Contains(got, "interne") || !strings.Contains(got, "expliqué") {
		t.Errorf("the site's search finds %q", got)
	}
}
