package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais/internal/deploy"
	"relais/internal/testsite"
)

// deploySite is a small site whose [deploy] target is the folder online.
func deploySite(t *testing.T, online, baseURL string) string {
	return testsite.New(t, map[string]string{
		"site.toml":                  "title = \"ISCG\"\nbaseURL = \"" + baseURL + "\"\n[deploy]\ntarget = \"file://" + filepath.ToSlash(online) + "\"\n",
		"content/_index.md":          "---\ntitle: Accueil\n---\nBienvenue.\n",
		"content/articles/a.md":      "---\ntitle: Me joindre\n---\nAu commissariat.\n",
		"content/articles/b.md":      "---\ntitle: Mes missions\n---\nÉcouter.\n",
		"content/articles/brouil.md": "---\ntitle: Brouillon\ndraft: true\n---\nPas encore.\n",
	})
}

// runFr runs relais in French, with a cache and a config folder of the
// test's, and answers (a line each) on its input.
func runFr(t *testing.T, answers string, args ...string) (int, string, string) {
	t.Helper()
	vars := map[string]string{"LANG": "fr_FR.UTF-8", "RELAIS_CACHE_DIR": filepath.Join(t.TempDir(), "cache"), "RELAIS_CONFIG_DIR": t.TempDir()}
	env := Env{Getenv: func(k string) string { return vars[k] }}
	if answers != "" {
		env.Stdin = strings.NewReader(answers)
	}
	var out, errb bytes.Buffer
	code := env.Run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// tree reads a folder's files.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return m
}

// TestDeployCommand puts a site online in a folder, as she would: a dry
// run changes nothing and says what it would do; the deploy sends the
// build, never a draft nor the output folder's marker, and keeps the
// host's file; a second deploy sends nothing; deleting most of the site
// stops and asks, --yes goes on; an example address and a site with
// errors are refused before anything is sent.
func TestDeployCommand(t *testing.T) {
	online := t.TempDir()
	os.WriteFile(filepath.Join(online, ".htaccess"), []byte("Options -Indexes"), 0o644)
	src := deploySite(t, online, "https://iscg-exemple.fr/")

	code, out, errs := runFr(t, "", "deploy", "-s", src, "--dry-run")
	if code != 0 || !strings.Contains(out, "à ajouter") || !strings.Contains(out, "articles/a/index.html") ||
		!strings.Contains(out, "essai à blanc : rien n’a été changé") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errs)
	}
	if got := tree(t, online); len(got) != 1 {
		t.Fatalf("the dry run wrote %v", got)
	}
	code, out, errs = runFr(t, "", "deploy", "-s", src)
	if code != 0 || !strings.Contains(out, "en ligne à https://iscg-exemple.fr/") {
		t.Fatalf("deploy: %d\n%s\n%s", code, out, errs)
	}
	got := tree(t, online)
	if got[".htaccess"] != "Options -Indexes" || got["articles/a/index.html"] == "" || got[deploy.ManifestName] == "" {
		t.Fatalf("online: %v", keys(got))
	}
	for name, body := range got {
		if strings.Contains(name, "brouil") || strings.Contains(body, "Pas encore") || strings.Contains(name, ".relais-output") || strings.Contains(name, "relais-tmp") {
			t.Errorf("published %s", name)
		}
	}
	code, out, _ = runFr(t, "", "deploy", "-s", src)
	if code != 0 || !strings.Contains(out, "rien à envoyer") {
		t.Errorf("a second deploy: %d %s", code, out)
	}
	if !maps.Equal(got, tree(t, online)) {
		t.Error("a deploy with nothing to send changed the folder")
	}

	// Most of the site deleted: stopped, then confirmed.
	os.Remove(filepath.Join(src, "content/articles/a.md"))
	os.Remove(filepath.Join(src, "content/articles/b.md"))
	before := tree(t, online)
	code, _, errs = runFr(t, "", "deploy", "-s", src, "--lang", "fr")
	if !strings.Contains(errs, "supprimerait") || !maps.Equal(before, tree(t, online)) {
		t.Fatalf("the deletion limit: %d %s", code, errs)
	}
	code, _, errs = runFr(t, "non\n", "deploy", "-s", src)
	if code != 1 || !strings.Contains(errs, "rien n’a été envoyé") || !maps.Equal(before, tree(t, online)) {
		t.Fatalf("answered no: %d %s", code, errs)
	}
	code, _, errs = runFr(t, "", "deploy", "-s", src, "--yes")
	if code != 0 {
		t.Fatalf("--yes: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(online, "articles/a/index.html")); err == nil {
		t.Error("the deleted page is still online")
	}

	// An example address: refused, nothing sent.
	online2 := t.TempDir()
	code, _, errs = runFr(t, "", "deploy", "-s", deploySite(t, online2, "https://example.org/"))
	if code != 1 || !strings.Contains(errs, "site.toml:2: baseURL est encore l’adresse d’exemple") || len(tree(t, online2)) != 0 {
		t.Errorf("an example address: %d %s", code, errs)
	}
	// A site with an error: refused.
	bad := deploySite(t, online2, "https://iscg-exemple.fr/")
	os.WriteFile(filepath.Join(bad, "content/articles/c.md"), []byte("---\ntitle: C\n---\n[lien](/nulle-part/)\n"), 0o644)
	code, _, errs = runFr(t, "", "deploy", "-s", bad)
	if code != 1 || !strings.Contains(errs, "content/articles/c.md:4") || !strings.Contains(errs, "rien n’a été envoyé") || len(tree(t, online2)) != 0 {
		t.Errorf("a site with an error: %d %s", code, errs)
	}
	// No target.
	code, _, errs = runFr(t, "", "deploy", "-s", testsite.New(t, map[string]string{"content/_index.md": "---\ntitle: A\n---\n"}))
	if code != 1 || !strings.Contains(errs, "ajoutez une table [deploy]") {
		t.Errorf("no target: %d %s", code, errs)
	}
}

// TestDeployZip: --zip writes the site, its SHA256SUMS (each right) and
// a LISEZMOI, and nothing else: no draft, no marker.
func TestDeployZip(t *testing.T) {
	src := deploySite(t, t.TempDir(), "https://iscg-exemple.fr/")
	file := filepath.Join(t.TempDir(), "site.zip")
	code, out, errs := runFr(t, "", "deploy", "-s", src, "--zip", file)
	if code != 0 || !strings.Contains(out, "LISEZMOI.txt") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = string(b)
	}
	sums := files["SHA256SUMS"]
	lines := strings.Split(strings.TrimSpace(sums), "\n")
	for _, line := range lines {
		sum, name, _ := strings.Cut(line, "  ")
		h := sha256.Sum256([]byte(files[name]))
		if _, ok := files[name]; !ok || hex.EncodeToString(h[:]) != sum {
			t.Errorf("SHA256SUMS: %s does not match", name)
		}
	}
	if len(lines) != len(files)-2 || !strings.Contains(files["LISEZMOI.txt"], "sha256sum -c SHA256SUMS") {
		t.Errorf("the zip holds %v", keys(files))
	}
	for name, body := range files {
		if !strings.HasPrefix(name, "site/") && name != "SHA256SUMS" && name != "LISEZMOI.txt" || strings.Contains(body, "Pas encore") || strings.Contains(name, ".relais-output") {
			t.Errorf("in the zip: %s", name)
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
