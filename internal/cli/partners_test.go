package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"relais/internal/area"
	"relais/internal/testsite"
)

// TestPartnersCommand: relais partners adds a login with the password a
// script gives on standard input, or one it makes and shows once; lists
// names and days; removes by name; never writes a password; and tells a
// malformed file at its line.
func TestPartnersCommand(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"S\"\nlanguage = \"en\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(stdin string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(stdin), Getenv: func(string) string { return "" },
			Now: func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) }}
		rc := env.Run(context.Background(), append([]string{"partners"}, append(args, "-s", dir)...), &out, &errb)
		return rc, out.String(), errb.String()
	}
	if rc, out, _ := run("", "list"); rc != 0 || !strings.Contains(out, "No partner has a login yet") {
		t.Errorf("list of none: %d %q", rc, out)
	}
	rc, out, errs := run("un-long-mot-de-passe\n", "add", "CIDFF du Rhône")
	if rc != 0 || !strings.Contains(out, "login cidff-du-rhone") || strings.Contains(out, "password") {
		t.Fatalf("add: %d %q %q", rc, out, errs)
	}
	rc, out, _ = run("\n", "add", "Maison des femmes")
	m := regexp.MustCompile(`the password ([a-z0-9-]{19}) \(shown only now`).FindStringSubmatch(out)
	if rc != 0 || m == nil {
		t.Fatalf("add with a made password: %d %q", rc, out)
	}
	if rc, _, errs := run("court\n", "add", "Court"); rc != 1 || !strings.Contains(errs, "it needs at least 10") {
		t.Errorf("a short password: %d %q", rc, errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, area.File))
	if bytes.Contains(b, []byte("un-long-mot-de-passe")) || bytes.Contains(b, []byte(m[1])) {
		t.Fatalf("%s holds a password:\n%s", area.File, b)
	}
	ls, _ := area.Parse(b)
	if !ls.Check("cidff-du-rhone", "un-long-mot-de-passe") || !ls.Check("maison-des-femmes", m[1]) {
		t.Error("the passwords given do not open the logins")
	}
	if rc, out, _ := run("", "list"); rc != 0 || !strings.Contains(out, "CIDFF du Rhône\tlogin: cidff-du-rhone\tadded: 2026-12-07") {
		t.Errorf("list: %d %q", rc, out)
	}
	if rc, out, _ := run("", "remove", "Maison des femmes"); rc != 0 || !strings.Contains(out, "can no longer log in") {
		t.Errorf("remove: %d %q", rc, out)
	}
	if rc, _, errs := run("", "remove", "Personne"); rc != 1 || !strings.Contains(errs, `no partner "Personne"`) {
		t.Errorf("remove of nobody: %d %q", rc, errs)
	}
	if err := os.WriteFile(filepath.Join(dir, area.File), append(b, "mauvaise ligne\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if rc, _, errs := run("", "list"); rc != 1 || !strings.Contains(errs, "partenaires.htpasswd:12: this line is not a login") {
		t.Errorf("a malformed file: %d %q", rc, errs)
	}
}

// TestDeployPartnerArea: relais deploy sends the area with what protects
// it (its .htaccess and password copy), never the logins' file of the
// site folder; a site whose area the host could not protect is refused
// before anything is sent.
func TestDeployPartnerArea(t *testing.T) {
	online := t.TempDir()
	ls := &area.Logins{}
	if _, err := ls.Add("CIDFF du Rhône", "un-long-mot-de-passe", time.Now()); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"site.toml": "title = \"ISCG\"\nbaseURL = \"https://iscg-exemple.fr/\"\n[deploy]\ntarget = \"file://" + filepath.ToSlash(online) + "\"\n" +
			"[partners]\nhostRoot = \"/home/iscg/www\"\n",
		area.File:                     string(ls.Bytes()),
		"content/_index.md":           "---\ntitle: Accueil\n---\nBienvenue.\n",
		"content/reseau/_index.md":    "---\ntitle: Réseau\naccès: partenaires\n---\nLes documents du réseau.\n",
		"content/reseau/procedure.md": "---\ntitle: Procédure\n---\nLa ligne directe.\n",
	}
	src := testsite.New(t, files)
	if code, out, errs := runFr(t, "", "deploy", "-s", src); code != 0 {
		t.Fatalf("deploy: %d\n%s\n%s", code, out, errs)
	}
	got := tree(t, online)
	if !strings.Contains(got["reseau/.htaccess"], `AuthUserFile "/home/iscg/www/reseau/.htpasswd"`) ||
		!strings.HasPrefix(got["reseau/.htpasswd"], "cidff-du-rhone:$2a$") || got["reseau/procedure/index.html"] == "" {
		t.Fatalf("online: %v", keys(got))
	}
	for name := range got {
		if strings.Contains(name, area.File) {
			t.Errorf("the logins' file went online as %s", name)
		}
	}
	// Without the host's path, Apache cannot protect the area: refused.
	online2 := t.TempDir()
	files["site.toml"] = "title = \"ISCG\"\nbaseURL = \"https://iscg-exemple.fr/\"\n[deploy]\ntarget = \"file://" + filepath.ToSlash(online2) + "\"\n"
	code, _, errs := runFr(t, "", "deploy", "-s", testsite.New(t, files))
	if code != 1 || !strings.Contains(errs, "l’espace partenaires a besoin du chemin du dossier du site chez votre hébergeur") || len(tree(t, online2)) != 0 {
		t.Errorf("an area the host cannot protect: %d %s", code, errs)
	}
}
