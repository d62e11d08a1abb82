package site

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden compares the default theme's key pages, built from the
// fixture site, with the files in testdata/golden. After an intended
// change to the theme: go test ./internal/site -run Golden -update, then
// read the diff.
func TestGolden(t *testing.T) {
	dest, _, err := build(t, fixture, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{
		"index.html", "articles/index.html", "articles/page/2/index.html", "articles/un/index.html",
		"tags/index.html", "themes/acces-aux-droits/index.html", "guides/kit/index.html",
		"404.html", "ancien-un/index.html", "sitemap.xml", "robots.txt",
	} {
		t.Run(page, func(t *testing.T) { checkGolden(t, strings.ReplaceAll(page, "/", "_"), read(t, dest, page)) })
	}
}

// checkGolden compares got with testdata/golden/NAME.golden, or writes it
// there with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", "golden", name+".golden")
	if want := goldenFile(t, golden, []byte(got)); got != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, golden, lineDiff(string(want), got))
	}
}

// goldenFile returns what the golden file at path holds; with -update
// (or RELAIS_UPDATE=1) it first writes got there, so that it holds got.
func goldenFile(t *testing.T, path string, got []byte) []byte {
	t.Helper()
	if *update || os.Getenv("RELAIS_UPDATE") == "1" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return got
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	return want
}

// mainOf is the <main> of an HTML page, or the whole of another output.
func mainOf(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		return s[i:strings.Index(s, "</main>")]
	}
	return s
}

// lineDiff shows where want and got start to differ, with a few lines of
// each from there.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	window := func(l []string) string { return strings.Join(l[min(i, len(l)):min(i+4, len(l))], "\n") }
	return fmt.Sprintf("from line %d (%d lines wanted, %d got)\n--- want\n%s\n--- got\n%s", i+1, len(w), len(g), window(w), window(g))
}
