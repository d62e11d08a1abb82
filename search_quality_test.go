package relais_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
	"relais/internal/search"
	"relais/internal/site"
)

// querySets are the sets of queries with the page each should find, and
// how many of their expected pages must come first and in the first
// three (what was measured when the search last changed: it must not get
// worse).
var querySets = []struct {
	file          string
	first, inTop3 int
}{
	// Written while building the search.
	{"search-queries.tsv", 20, 20},
	// Written from three kinds of readers without looking at the index
	// (the file says how).
	{"search-queries-readers.tsv", 16, 22},
}

// TestSearchQuality runs the query sets on the shipped site's index and
// reports how often the expected page comes first and in the first three,
// and how many queries find nothing; it fails if that gets worse.
func TestSearchQuality(t *testing.T) {
	t.Parallel()
	idx := shippedIndex(t, filepath.Join(t.TempDir(), "public"), 0, "")
	for _, set := range querySets {
		n, first, inTop3, none := 0, 0, 0, 0
		for _, qw := range readQueries(t, set.file) {
			q, want := qw[0], qw[1]
			n++
			res := idx.Search(q)
			if len(res) == 0 {
				none++
			}
			for i, d := range res {
				if i >= 3 {
					break
				}
				if idx.Docs[d].URL == want {
					inTop3++
					if i == 0 {
						first++
					}
					break
				}
			}
			if !contains3(idx, res, want) {
				t.Logf("%s: miss: %q: %s not in the first three %v", set.file, q, want, top3(idx, res))
			}
		}
		t.Logf("%s: %d queries: expected page first for %d, in the first three for %d; no result for %d", set.file, n, first, inTop3, none)
		if first < set.first || inTop3 < set.inTop3 {
			t.Errorf("%s: expected page first for %d and in the first three for %d, down from %d and %d", set.file, first, inTop3, set.first, set.inTop3)
		}
	}
}

// readQueries reads a file of testdata/: query and expected page.
func readQueries(t *testing.T, file string) [][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		q, want, _ := strings.Cut(line, "\t")
		out = append(out, [2]string{q, want})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// allQueries are the queries of every set.
func allQueries(t *testing.T) [][2]string {
	var out [][2]string
	for _, set := range querySets {
		out = append(out, readQueries(t, set.file)...)
	}
	return out
}

// shippedIndex builds the shipped site into dest and reads its index back
// (it may be sharded: shardBytes sets the size of the shards, 0 the
// default). baseURL, when set, overrides the site's.
func shippedIndex(t *testing.T, dest string, shardBytes int, baseURL string) search.Index {
	t.Helper()
	opts := site.Options{Extensions: builtin.Extensions(), Source: os.DirFS("."), Theme: relais.Theme(), Dest: dest, SearchShardBytes: shardBytes, BaseURL: baseURL}
	if _, err := site.New(opts).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	idx, err := search.Read(func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dest, name)) })
	if err != nil {
		t.Fatal(err)
	}
	return *idx
}

// top3 is the URLs of the first three results.
func top3(idx search.Index, res []int) []string {
	var out []string
	for i, d := range res {
		if i < 3 {
			out = append(out, idx.Docs[d].URL)
		}
	}
	return out
}

func contains3(idx search.Index, res []int, want string) bool {
	for i, d := range res {
		if i < 3 && idx.Docs[d].URL == want {
			return true
		}
	}
	return false
}

// TestSearchSeesWhatReadersSee: the index holds what readers see on the
// pages, the template's part included (the numbers of data/numeros.toml,
// a kit's sequence, a partner's opening hours, the directory's page), and
// nothing of what every page repeats around it (the quick-exit bar, the
// menu, the footer).
func TestSearchSeesWhatReadersSee(t *testing.T) {
	t.Parallel()
	idx := shippedIndex(t, filepath.Join(t.TempDir(), "public"), 0, "")
	for _, tc := range []struct{ q, want string }{
		{"police secours", "/numeros-utiles/"},                  // data/numeros.toml, through the template
		{"tour de prenoms", "/ateliers/reseaux-sociaux/"},       // the kit's sequence
		{"paperboard", "/ateliers/reseaux-sociaux/"},            // its materials
		{"annuaire", "/partenaires/"},                           // a section's page
		{"lundi vendredi", "/partenaires/association-exemple/"}, // a partner's hours
	} {
		if res := idx.Search(tc.q); !contains3(idx, res, tc.want) {
			t.Errorf("%q: %s not in the first three %v", tc.q, tc.want, top3(idx, res))
		}
	}
	// The quick-exit bar's words, the menu's and the footer's: on every
	// page, in none of the index's.
	for _, q := range []string{"quitter le site", "plan du site", "partir vite"} {
		if r := idx.Find(q); len(r.Docs) > len(idx.Docs)/2 {
			t.Errorf("%q finds %d of %d pages: the text around the pages is indexed", q, len(r.Docs), len(idx.Docs))
		}
	}
}
