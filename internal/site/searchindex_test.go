package site

import (
	"encoding/json"
	"strings"
	"testing"

	"relais/internal/search"
)

// TestSearchIndex wants only published pages in the index: no draft, no
// private or future page, and no index without a search page.
func TestSearchIndex(t *testing.T) {
	files := map[string]string{
		"content/recherche.md": "---\ntitle: Rechercher\nlayout: recherche\n---\n",
		"content/public.md":    "---\ntitle: Publique\n---\nLe mot clef visible.\n",
		"content/draft.md":     "---\ntitle: Brouillon\ndraft: true\n---\nLe mot clef brouillon.\n",
		"content/private.md":   "---\ntitle: Privée\nvisibility: private\n---\nLe mot clef privé.\n",
		"content/future.md":    "---\ntitle: Future\ndate: 2030-01-01\n---\nLe mot clef futur.\n",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	var idx search.Index
	if err := json.Unmarshal([]byte(read(t, dest, "search-index.json")), &idx); err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, d := range idx.Search("clef") {
		urls = append(urls, idx.Docs[d].URL)
	}
	if strings.Join(urls, " ") != "/public/" {
		t.Errorf("pages found: %v, want only /public/", urls)
	}
	delete(files, "content/recherche.md")
	dest, _, err = build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if exists(dest, "search-index.json") {
		t.Errorf("an index was written without a search page")
	}
}
