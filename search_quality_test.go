package relais_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/search"
	"relais/internal/site"
)

// TestSearchQuality runs the queries of testdata/search-queries.tsv on the
// shipped site's index and reports how often the expected page comes first
// and in the first three; it fails if that gets worse.
func TestSearchQuality(t *testing.T) {
	t.Parallel()
	idx := shippedIndex(t, filepath.Join(t.TempDir(), "public"), 0, "")
	n, first, inTop3 := 0, 0, 0
	for _, qw := range readQueries(t) {
		q, want := qw[0], qw[1]
		n++
		res := idx.Search(q)
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
			t.Logf("miss: %q: %s not in the first three %v", q, want, top3(idx, res))
		}
	}
	if n != 20 {
		t.Errorf("%d queries, want 20", n)
	}
	t.Logf("%d queries: expected page first for %d, in the first three for %d", n, first, inTop3)
	// The quality measured when the queries were written: 19 of 20 in the
	// first three (« harcelement » does not find « cyberharcèlement »: the
	// index does not match inside words). It must not get worse.
	if inTop3 < 19 {
		t.Errorf("only %d of %d expected pages in the first three, down from 19", inTop3, n)
	}
}

// readQueries reads testdata/search-queries.tsv: query and expected page.
func readQueries(t *testing.T) [][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "search-queries.tsv"))
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

// shippedIndex builds the shipped site into dest and reads its index back
// (it may be sharded: shardBytes sets the size of the shards, 0 the
// default). baseURL, when set, overrides the site's.
func shippedIndex(t *testing.T, dest string, shardBytes int, baseURL string) search.Index {
	t.Helper()
	opts := site.Options{Source: os.DirFS("."), Theme: relais.Theme(), Dest: dest, SearchShardBytes: shardBytes, BaseURL: baseURL}
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
