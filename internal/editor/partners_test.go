package editor

import (
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"relais/internal/area"
)

// TestPartnersInEditor: the pages of the partner area say « Partenaires
// seulement » in the list and in their form; she adds a partner's login
// (a password made and shown once, never written), and removes one after
// saying yes; the site then has the logins the file says.
func TestPartnersInEditor(t *testing.T) {
	fs := maps.Clone(files)
	fs["content/reseau/_index.md"] = "---\ntitle: Réseau\naccès: partenaires\n---\nLes documents du réseau.\n"
	fs["content/reseau/procedure.md"] = "---\ntitle: Procédure\n---\nLa ligne directe.\n"
	fs["site.toml"] += "\n[partners]\nprotection = \"nginx\"\n"
	first := &area.Logins{}
	if _, err := first.Add("Ancien partenaire", "un-mot-de-passe-ancien", time.Now()); err != nil {
		t.Fatal(err)
	}
	fs[area.File] = string(first.Bytes())
	dir, srv, ed, d := setup(t, fs)
	c := newClient(t, srv, ed)
	_, list := c.get("")
	if i := strings.Index(list, "content/reseau/procedure.md"); i < 0 || !strings.Contains(list[i:min(len(list), i+1500)], "Partners only") {
		t.Errorf("the list does not mark the area's page:\n%s", list)
	}
	if i := strings.Index(list, "content/articles/premier.md"); i < 0 || strings.Contains(list[i:min(len(list), i+600)], "Partners only") {
		t.Error("the list marks a public page")
	}
	if _, page := c.get("page?f=" + url.QueryEscape("content/reseau/procedure.md")); !strings.Contains(page, `<span class="tag partners">Partners only</span>`) {
		t.Errorf("the form does not say it:\n%s", page)
	}
	res, page := c.post("partner-add", url.Values{"name": {"CIDFF du Rhône"}})
	m := regexp.MustCompile(`<strong class="password">([a-z0-9-]{19})</strong>`).FindStringSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil || !strings.Contains(page, "cidff-du-rhone") {
		t.Fatalf("add: %d\n%s", res.StatusCode, page)
	}
	if res, page := c.post("partner-add", url.Values{"name": {"Maison des femmes"}, "password": {"court"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "it needs at least 10") {
		t.Errorf("a short password: %d\n%s", res.StatusCode, page)
	}
	if res, _ := c.post("partner-add", url.Values{"name": {"Maison des femmes"}, "password": {"un-long-mot-de-passe"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("add with a password: %d", res.StatusCode)
	}
	b, _ := os.ReadFile(filepath.Join(dir, area.File))
	ls, _ := area.Parse(b)
	if strings.Contains(string(b), m[1]) || strings.Contains(string(b), "un-long-mot-de-passe") || !ls.Check("cidff-du-rhone", m[1]) || !ls.Check("maison-des-femmes", "un-long-mot-de-passe") {
		t.Fatalf("the logins' file:\n%s", b)
	}
	if _, page := c.get("partners"); strings.Contains(page, m[1]) || !strings.Contains(page, "CIDFF du Rhône") || !strings.Contains(page, "Maison des femmes") {
		t.Errorf("the list of partners shows a password, or misses one:\n%s", page)
	}
	// Removing asks first.
	if res, page := c.post("partner-remove", url.Values{"login": {"maison-des-femmes"}}); res.StatusCode != http.StatusOK || !strings.Contains(page, `name="confirm" value="1"`) {
		t.Fatalf("remove without asking: %d", res.StatusCode)
	}
	if ls, _ := area.Read(os.DirFS(dir)); len(ls.List) != 3 {
		t.Fatal("removed before she said yes")
	}
	if res, _ := c.post("partner-remove", url.Values{"login": {"maison-des-femmes"}, "confirm": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	d.rebuild(t, dir)
	if d.err != nil {
		t.Fatal(d.err)
	}
	if pw, _ := os.ReadFile(filepath.Join(d.dest, "reseau", area.PasswordName)); !strings.Contains(string(pw), "cidff-du-rhone:") || strings.Contains(string(pw), "maison") || strings.Count(string(pw), "\n") != 2 {
		t.Errorf("the area's password file after the removal:\n%s", pw)
	}
	// Without the editor's token: refused.
	forger := *c
	forger.token = "0000"
	if res, _ := forger.post("partner-add", url.Values{"name": {"Intrus"}, "password": {"un-long-mot-de-passe"}}); res.StatusCode < 400 {
		t.Errorf("a forged add: %d", res.StatusCode)
	}
}
