package site

import (
	"context"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"relais"
	"relais/internal/area"
	"relais/internal/builtin"
	"relais/internal/slug"
	"relais/internal/testsite"
)

// areaLogins is a password file with the logins of two partners, made
// once (bcrypt is slow on purpose).
var areaLogins, areaPasswords = func() (string, map[string]string) {
	ls := &area.Logins{}
	pw := map[string]string{"CIDFF du Rhône": "mot-de-passe-cidff", "Maison des femmes": "mot-de-passe-maison"}
	for _, name := range []string{"CIDFF du Rhône", "Maison des femmes"} {
		if _, err := ls.Add(name, pw[name], now); err != nil {
			panic(err)
		}
	}
	return string(ls.Bytes()), pw
}()

// areaSite is a site with a partner area: a section, a page in a public
// section, a whole kit, a partner of the directory and a session, each
// with AREA-SECRET words in its title, fields, text and file names, and
// a public page that links into the area on purpose.
var areaSite = map[string]string{
	"site.toml":                  "title = \"Espace\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n[partners]\nhostRoot = \"/home/iscg/www\"\ncontact = \"iscg@example.org\"\n",
	area.File:                    areaLogins,
	"content/_index.md":          "---\ntitle: Accueil\n---\nBienvenue. [Le kit](/ateliers/kit/), [recherche](/recherche/), [plan](/plan-du-site/).\n",
	"content/recherche.md":       "---\ntitle: Recherche\nlayout: recherche\n---\n",
	"content/articles/_index.md": "---\ntitle: Articles\n---\n",
	"content/articles/public.md": "---\ntitle: Public\ndate: 2026-01-01\ntags: [réseau]\n---\nTexte public. Les partenaires trouvent [la procédure](/reseau/procedure/) dans leur espace.\n",
	// The area: a section and what it holds.
	"content/reseau/_index.md": "---\ntitle: AREA-SECRET-section-title\naccès: partenaires\ndescription: AREA-SECRET-section-description\n---\nAREA-SECRET-section les documents du réseau local réservés aux professionnels.\n",
	"content/reseau/procedure.md": "---\ntitle: AREA-SECRET-procedure-title\ndate: 2026-02-01\ntags: [réseau, AREA-SECRET-tag]\nmenu: main\naliases: [/ancienne-procedure/]\nsummary: AREA-SECRET-summary\n---\n" +
		"Le numéro direct de la brigade est le 04 00 00 AREA-SECRET-phone, réservé aux partenaires du réseau.\n\n" +
		"La ligne directe du commissariat répond pendant les heures de bureau seulement, sauf les jours fériés.\n",
	"content/reseau/compte-rendu/index.md":                "---\ntitle: AREA-SECRET-bundle-title\ndate: 2026-03-01\n---\nAREA-SECRET-bundle [le procès-verbal](AREA-SECRET-pv.txt)\n",
	"content/reseau/compte-rendu/AREA-SECRET-pv.txt":      "AREA-SECRET-file",
	"content/reseau/sous-dossier/reunion.md":              "---\ntitle: AREA-SECRET-sub-title\ndate: 2026-03-02\n---\nAREA-SECRET-sub\n",
	"content/articles/interne.md":                         "---\ntitle: AREA-SECRET-single-title\naccess: partners\ndate: 2026-01-02\ntags: [réseau]\n---\nAREA-SECRET-single page in a public section.\n",
	"content/ateliers/_index.md":                          "---\ntitle: Ateliers\n---\n",
	"content/ateliers/kit/index.md":                       strings.Replace(kitIndex, "title: Réseaux sociaux", "title: Le kit", 1),
	"content/ateliers/kit/animateur.md":                   "---\ntitle: Guide\n---\nLe guide public.\n",
	"content/ateliers/kit/fiches/1-public.md":             "---\ntitle: Fiche publique\n---\nPublique.\n",
	"content/ateliers/kit-reseau/index.md":                strings.Replace(strings.Replace(kitIndex, "title: Réseaux sociaux", "title: AREA-SECRET-kit-title\naccess: partners", 1), "Présentation.", "AREA-SECRET-kit", 1),
	"content/ateliers/kit-reseau/animateur.md":            "---\ntitle: AREA-SECRET-guide-title\n---\nAREA-SECRET-guide\n",
	"content/ateliers/kit-reseau/fiches/1-fiche.md":       "---\ntitle: AREA-SECRET-handout-title\n---\nAREA-SECRET-handout\n",
	"content/ateliers/kit-reseau/AREA-SECRET-deroule.txt": "AREA-SECRET-kit-file",
	"content/partenaires/_index.md":                       "---\ntitle: Partenaires\n---\n",
	"content/partenaires/cidff.md":                        "---\ntitle: CIDFF\ntype: CIDFF\ntelephone: \"04 00 00 00 01\"\nterritoire: Rhône\nverifie: 2026-11-01\n---\n",
	"content/partenaires/perso.md":                        "---\ntitle: AREA-SECRET-partner-title\naccess: partners\ntype: avocat\ntelephone: \"06 00 00 00 09\"\nterritoire: AREA-SECRET-territory\nverifie: 2026-11-01\n---\nAREA-SECRET-partner\n",
	"content/agenda/_index.md":                            "---\ntitle: Agenda\n---\n",
	"content/agenda/2026-12-10-kit.md":                    "---\ntitle: Séance publique\nkit: ateliers/kit\nstart: 2026-12-10T14:00\nend: 2026-12-10T16:00\naddress: Salle des fêtes, Lyon\nuid: public@example.org\n---\n",
	"content/agenda/2026-12-11-reseau.md":                 "---\ntitle: AREA-SECRET-session-title\naccess: partners\nkit: ateliers/kit\nstart: 2026-12-11T14:00\nend: 2026-12-11T16:00\naddress: 1 rue AREA-SECRET-place, Lyon\nuid: reseau@example.org\n---\n",
}

// encryptedSettings encrypt the area.
const encryptedSettings = "title = \"Espace\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n[partners]\nprotection = \"encrypted\"\n"

// areaKeys are the keys of areaLogins' partners, made once (PBKDF2 is
// slow on purpose).
var areaKeys = sync.OnceValue(func() string {
	ks := &area.Keys{}
	for name, pw := range areaPasswords {
		if err := ks.Add(slug.Make(name), pw); err != nil {
			panic(err)
		}
	}
	return string(ks.Bytes())
})

// areaDirs are the folders of the output the area's pages are in.
var areaDirs = []string{"reseau/", "articles/interne/", "ateliers/kit-reseau/", "partenaires/perso/", "agenda/2026-12-11-reseau/"}

func inAreaDir(name string) bool {
	for _, d := range areaDirs {
		if strings.HasPrefix(filepath.ToSlash(name), d) {
			return true
		}
	}
	return false
}

// TestPartnerAreaNothingLeaked builds the site with and without drafts and
// searches every public output (pages, feeds, sitemap, search index,
// calendars, exports, the entries of the kits' archives, the text of the
// kits' PDFs) and every public output's path for the area's secrets; the
// area's own pages are there, with what protects them.
func TestPartnerAreaNothingLeaked(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		res, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(areaSite), Theme: relais.Theme(), Dest: dest, Now: now, Drafts: drafts}).Build(context.Background())
		if err != nil {
			t.Fatalf("drafts %v: %v", drafts, err)
		}
		out := outputs(t, dest)
		for name, text := range out {
			if inAreaDir(name) {
				continue
			}
			if strings.HasSuffix(name, ".pdf") {
				text = testsite.PDFText([]byte(text))
			}
			for _, s := range []string{name, text} {
				if i := strings.Index(s, "AREA-SECRET"); i >= 0 {
					t.Errorf("drafts %v: the public %s holds %q", drafts, name, s[i:min(len(s), i+40)])
				}
			}
			for _, u := range []string{"/reseau/compte-rendu/", "/articles/interne/", "/ateliers/kit-reseau/", "/partenaires/perso/", "/agenda/2026-12-11-reseau/", "ancienne-procedure"} {
				if strings.Contains(text, u) && name != "nginx.conf" {
					t.Errorf("drafts %v: the public %s holds the area's address %s", drafts, name, u)
				}
			}
		}
		for _, want := range []string{"reseau/index.html", "reseau/procedure/index.html", "reseau/compte-rendu/AREA-SECRET-pv.txt",
			"reseau/sous-dossier/reunion/index.html", "articles/interne/index.html", "ateliers/kit-reseau/index.html",
			"partenaires/perso/index.html", "agenda/2026-12-11-reseau/index.html", "articles/public/index.html", "ateliers/kit/index.html",
			"reseau/.htaccess", "reseau/.htpasswd", "articles/interne/.htaccess", "ateliers/kit-reseau/.htpasswd", "partenaires/perso/.htaccess"} {
			if _, ok := out[want]; !ok {
				t.Errorf("drafts %v: %s missing", drafts, want)
			}
		}
		if page := out["reseau/procedure/index.html"]; !strings.Contains(page, `<meta name="robots" content="noindex, nofollow">`) ||
			!strings.Contains(page, "Espace partenaires") || !strings.Contains(page, "iscg@example.org") {
			t.Errorf("drafts %v: an area page lacks its notice or noindex", drafts)
		}
		// The area keeps its own lists.
		if !strings.Contains(out["reseau/index.html"], "AREA-SECRET-procedure-title") {
			t.Errorf("drafts %v: the area's section does not list its pages", drafts)
		}
		if pw := out["reseau/.htpasswd"]; strings.Count(pw, "\n") != 2 || !strings.HasPrefix(pw, "cidff-du-rhone:$2a$") {
			t.Errorf("drafts %v: the area's password file is\n%s", drafts, pw)
		}
		if !strings.Contains(out["reseau/.htaccess"], `AuthUserFile "/home/iscg/www/reseau/.htpasswd"`) {
			t.Errorf("drafts %v: .htaccess is\n%s", drafts, out["reseau/.htaccess"])
		}
		// The area's own search: its index, its page, its pages' header.
		if idx := out["reseau/search-index.json"]; !strings.Contains(idx, "AREA-SECRET-procedure-title") || strings.Contains(idx, "Public") {
			t.Errorf("drafts %v: the area's search index:\n%.300s", drafts, idx)
		}
		if !strings.Contains(out["reseau/recherche/index.html"], `data-index="/reseau/search-index.json"`) ||
			!strings.Contains(out["reseau/procedure/index.html"], `action="/reseau/recherche/"`) ||
			!strings.Contains(out["articles/public/index.html"], `action="/recherche/"`) {
			t.Errorf("drafts %v: the area's search page or form is missing", drafts)
		}
		if !strings.Contains(out["nginx.conf"], "location ^~ /reseau/ {") {
			t.Errorf("drafts %v: nginx.conf does not protect the area:\n%s", drafts, out["nginx.conf"])
		}
		w := res.Warnings.Error()
		for _, want := range []string{"content/articles/public.md:6: warning: this public page links to content/reseau/procedure.md, which is for partners",
			"content/reseau/procedure.md:6: warning: the alias /ancienne-procedure/ is left out"} {
			if !strings.Contains(w, want) {
				t.Errorf("drafts %v: warnings lack %q:\n%s", drafts, want, w)
			}
		}
	}
}

// TestLeakCheck: a public output that shows what is for partners, whoever
// wrote it, fails the build, which names the file and what it shows, and
// leaves the output folder as it was; relais check's build, which writes
// nothing, finds it too.
func TestLeakCheck(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"a sentence copied into a static page", map[string]string{"static/notes.html": "<p>La ligne directe du commissariat répond pendant les heures de <em>bureau</em> seulement, sauf les jours fériés.</p>"},
			"static/notes.html: this public file shows a sentence of content/reseau/procedure.md"},
		{"the title in a template's list", map[string]string{"layouts/home.html": `{{ define "main" }}{{ with .Site.GetPage "reseau/procedure.md" }}{{ .Title }}{{ end }}{{ end }}`},
			"index.html: this public file shows the title of content/reseau/procedure.md"},
		{"an address in a data file", map[string]string{"static/liens.json": `{"lien": "/reseau/compte-rendu/"}`},
			"liens.json: this public file shows the address of content/reseau/compte-rendu/index.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(areaSite)
			maps.Copy(files, tt.files)
			// A build, and relais check's, which writes nothing and reads
			// the outputs back from memory.
			for _, noWrite := range []bool{false, true} {
				dest, _, err := build(t, files, func(o *Options) { o.NoWrite = noWrite })
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("no write %v: error %v, want %q", noWrite, err, tt.want)
				}
				if _, err := os.Stat(dest); err == nil {
					t.Errorf("the failed build wrote %s", dest)
				}
			}
		})
	}
}

// TestAreaMistakes: what keeps an area from being protected is told at
// its file and line, every problem in one run; a preview tells it as
// warnings, since it shows the area to her alone.
func TestAreaMistakes(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"a handout of a public kit", map[string]string{"content/ateliers/kit/fiches/2-reseau.md": "---\ntitle: Fiche\naccess: partners\n---\n"},
			[]string{"content/ateliers/kit/fiches/2-reseau.md:3: this page is part of a bundle (ateliers/kit), which is published whole"}},
		{"an unknown access", map[string]string{"content/articles/x.md": "---\ntitle: X\naccès: partenair\n---\n"},
			[]string{`content/articles/x.md:3: accès: "partenair" is not an access`}},
		{"a malformed password file", map[string]string{area.File: areaLogins + "\nmauvaise ligne\nmoi:motdepasse\n"},
			[]string{"partenaires.htpasswd:13: this line is not a login", `partenaires.htpasswd:14: the login "moi" has a password that is not a bcrypt hash`}},
		{"no login", map[string]string{area.File: ""},
			[]string{"content/agenda/2026-12-11-reseau.md:3: this page is for partners, but no partner has a login yet"}},
		{"no host path", map[string]string{"site.toml": "title = \"Espace\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n"},
			[]string{"site.toml: the partner area needs the path of the site's folder on your host"}},
		{"a file outside the area", map[string]string{"content/articles/interne.md": "---\ntitle: I\naccess: partners\n---\n[Le tableau](/documents/tableau.txt)\n",
			"content/documents/tableau.txt": "x"},
			[]string{"content/documents/tableau.txt: only pages for partners link to this file, but it is not in their area's folder"}},
		{"the home page", map[string]string{"content/_index.md": "---\ntitle: Accueil\naccess: partners\n---\n"},
			[]string{"content/_index.md:3: the home page cannot be for partners"}},
		{"encrypted without keys", map[string]string{"site.toml": encryptedSettings},
			[]string{"partenaires.cles: the encrypted partner area has no key yet"}},
		{"encrypted, files in the area", map[string]string{"site.toml": encryptedSettings, area.KeysFile: areaKeys()},
			[]string{"content/reseau/compte-rendu/AREA-SECRET-pv.txt: the encrypted partner area protects its pages only",
				"ateliers/kit-reseau/kit-reseau-v1.0.pdf: the encrypted partner area protects its pages only"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(areaSite)
			maps.Copy(files, tt.files)
			_, _, err := build(t, files, nil)
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v, want %q", err, w)
				}
			}
			if strings.Contains(tt.name, "unknown") {
				return // an unknown word is an error in a preview too: it keeps the page for partners
			}
			_, res, err := build(t, files, func(o *Options) { o.Preview = true })
			if err != nil {
				t.Fatalf("preview: %v", err)
			}
			for _, w := range tt.want {
				w = strings.Replace(w, ": ", ": warning: ", 1)
				if !strings.Contains(res.Warnings.Error(), w) {
					t.Errorf("preview: warnings lack %q:\n%s", w, res.Warnings.Error())
				}
			}
		})
	}
}

// TestAreaOnRealServers serves the built site with Apache (its .htaccess,
// as a shared host reads it) and with nginx (the nginx.conf the build
// writes): every page and file of the area asks for a login (401), opens
// to a partner's (200), never serves the password file; public pages
// open to all; a partner removed and the site rebuilt is refused.
func TestAreaOnRealServers(t *testing.T) {
	// The servers' workers are another user: the folders must be
	// readable by all (t.TempDir's are not).
	dir, err := os.MkdirTemp("", "relais-area-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "public")
	files := maps.Clone(areaSite)
	files["site.toml"] = strings.Replace(files["site.toml"], "/home/iscg/www", dest, 1)
	s := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	var areaFiles, public []string
	for name := range tree(t, dest) {
		name = filepath.ToSlash(name)
		switch {
		case strings.HasSuffix(name, area.PasswordName) || strings.HasSuffix(name, area.HtaccessName):
		case inAreaDir(name):
			areaFiles = append(areaFiles, "/"+strings.TrimSuffix(name, "index.html"))
		case strings.HasSuffix(name, ".html"):
			public = append(public, "/"+strings.TrimSuffix(name, "index.html"))
		}
	}
	if len(areaFiles) < 10 || len(public) < 5 {
		t.Fatalf("area %v, public %v", areaFiles, public)
	}
	servers := map[string]string{"apache": testsite.Apache(t, dest), "nginx": testsite.Nginx(t, dest, true)}
	client := &http.Client{Timeout: time.Minute}
	get := func(base, p, user, pw string) int {
		req, _ := http.NewRequest("GET", base+p, nil)
		if user != "" {
			req.SetBasicAuth(user, pw)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	cidff, maison := areaPasswords["CIDFF du Rhône"], areaPasswords["Maison des femmes"]
	for name, base := range servers {
		for _, p := range areaFiles {
			if c := get(base, p, "", ""); c != 401 {
				t.Errorf("%s: %s without a login: %d, want 401", name, p, c)
			}
			if c := get(base, p, "cidff-du-rhone", cidff); c != 200 {
				t.Errorf("%s: %s with a partner's login: %d, want 200", name, p, c)
			}
			if c := get(base, p, "cidff-du-rhone", maison); c != 401 {
				t.Errorf("%s: %s with another's password: %d, want 401", name, p, c)
			}
		}
		for _, p := range public {
			if c := get(base, p, "", ""); c != 200 {
				t.Errorf("%s: the public %s: %d, want 200", name, p, c)
			}
		}
		for _, p := range []string{"/reseau/.htpasswd", "/reseau/.htaccess", "/articles/interne/.htpasswd"} {
			for _, user := range []string{"", "cidff-du-rhone"} {
				if c := get(base, p, user, cidff); c != 401 && c != 403 && c != 404 {
					t.Errorf("%s: %s (login %q): %d, want 401, 403 or 404", name, p, user, c)
				}
			}
		}
	}
	// The Maison des femmes leaves the network: her login is removed, the
	// site built again.
	ls, _ := area.Parse([]byte(files[area.File]))
	ls.Remove("Maison des femmes")
	files[area.File] = string(ls.Bytes())
	s2 := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now})
	if _, err := s2.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for name, base := range servers {
		for _, p := range areaFiles[:3] {
			if c := get(base, p, "maison-des-femmes", maison); c != 401 {
				t.Errorf("%s: %s with a removed partner's login: %d, want 401", name, p, c)
			}
			if c := get(base, p, "cidff-du-rhone", cidff); c != 200 {
				t.Errorf("%s: %s after the removal, with a partner's login: %d, want 200", name, p, c)
			}
		}
	}
}

// TestEncryptedRebuild: a partner removed while relais runs (the logins
// and keys change) encrypts the area's pages again at the next rebuild.
func TestEncryptedRebuild(t *testing.T) {
	ls, ks := &area.Logins{}, &area.Keys{}
	for _, name := range []string{"A", "B"} {
		lg, err := ls.Add(name, "mot-de-passe-"+name, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := ks.Add(lg.Login, "mot-de-passe-"+name); err != nil {
			t.Fatal(err)
		}
	}
	fsys := mapFS(map[string]string{
		"site.toml":                encryptedSettings,
		area.File:                  string(ls.Bytes()),
		area.KeysFile:              string(ks.Bytes()),
		"content/_index.md":        "---\ntitle: Accueil\n---\nBienvenue.\n",
		"content/reseau/_index.md": "---\ntitle: Réseau\naccess: partners\n---\nLes documents du réseau local.\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dest)["reseau/index.html"]
	ls.Remove("b")
	ks.Remove("b")
	fsys[area.File] = file(string(ls.Bytes()))
	fsys[area.KeysFile] = file(string(ks.Bytes()))
	if _, err := s.Rebuild(context.Background(), []string{area.File, area.KeysFile}); err != nil {
		t.Fatal(err)
	}
	after := tree(t, dest)["reseau/index.html"]
	if before == after || !strings.Contains(after, "data-sealed") {
		t.Error("the area's page was not encrypted again with the new keys")
	}
}
