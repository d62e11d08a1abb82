package relais_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"relais"
	"relais/internal/browsertest"
	"relais/internal/builtin"
	"relais/internal/search"
	"relais/internal/site"
)

// resultsJS reads the links of the search page's results, in order.
const resultsJS = `Array.from(document.querySelectorAll("#search-results li a")).slice(0, 3).map(a => a.getAttribute("href"))`

// TestSearchScriptAgrees runs the 20 queries through the search page's
// script in Chromium: its first three results must be those of the Go
// ranking that TestSearchQuality measures, so that what is measured is
// what readers get. It does so with the index in one file, and cut in
// small shards as a large site's is, where the script fetches only the
// shards a query needs.
func TestSearchScriptAgrees(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	for _, tc := range []struct {
		name       string
		shardBytes int
		base       string // the path the site is served under
	}{{"one file", 0, "/"}, {"shards", 1 << 10, "/"}, {"shards under a sub-path", 1 << 10, "/iscg/"}} {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			idx := shippedIndex(t, dest, tc.shardBytes, "https://example.org"+tc.base)
			shards, _ := filepath.Glob(filepath.Join(dest, "search", "*.json"))
			if (len(shards) > 0) != (tc.shardBytes > 0) {
				t.Fatalf("%d shards written", len(shards))
			}
			var mu sync.Mutex
			fetched := map[string]bool{}
			files := http.StripPrefix(strings.TrimSuffix(tc.base, "/"), http.FileServer(http.Dir(dest)))
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				fetched[r.URL.Path] = true
				mu.Unlock()
				files.ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			for _, qw := range allQueries(t) {
				q := qw[0]
				browsertest.Navigate(t, ctx, srv.URL+tc.base+"recherche/?q="+url.QueryEscape(q))
				browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results for "+q)
				got := browsertest.Eval[[]string](t, ctx, resultsJS)
				if want := top3(idx, idx.Search(q)); !slices.Equal(got, want) {
					t.Errorf("%q: the script gives %v, the index %v", q, got, want)
				}
			}
			if tc.shardBytes > 0 {
				n := 0
				for p := range fetched {
					if strings.HasPrefix(p, tc.base+"search/") {
						n++
					}
				}
				if n == 0 || n >= len(shards) {
					t.Errorf("the script fetched %d of %d shards for 20 queries, want some but not all", n, len(shards))
				}
			}
		})
	}
}

// TestPagefindComparison measures Pagefind on the same 20 queries, for
// benchmarks.md: index size, time to index, and where the expected page
// comes. It runs only when RELAIS_PAGEFIND names Pagefind's command:
//
//	npm install --prefix /tmp/pf pagefind@1.6.0
//	RELAIS_PAGEFIND=/tmp/pf/node_modules/.bin/pagefind go test -run PagefindComparison -v .
func TestPagefindComparison(t *testing.T) {
	t.Parallel()
	pf := os.Getenv("RELAIS_PAGEFIND")
	if pf == "" {
		t.Skip("set RELAIS_PAGEFIND to Pagefind's command to compare with it")
	}
	ctx := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	idx := shippedIndex(t, dest, 0, "")
	start := time.Now()
	if out, err := exec.Command(pf, "--site", dest).CombinedOutput(); err != nil {
		t.Fatalf("pagefind: %v\n%s", err, out)
	}
	t.Logf("Pagefind indexed the shipped site in %s; its files: %s", time.Since(start).Round(10*time.Millisecond), sizes(t, filepath.Join(dest, "pagefind")))
	if fi, err := os.Stat(filepath.Join(dest, "search-index.json")); err == nil {
		t.Logf("relais's index: %d bytes", fi.Size())
	}

	// Pagefind needs WebAssembly, which the site's policy does not allow:
	// it is run from a blank page of the same origin.
	mux := http.NewServeMux()
	mux.HandleFunc("/__blank.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!doctype html><title>blank</title>")
	})
	mux.Handle("/", http.FileServer(http.Dir(dest)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	browsertest.Navigate(t, ctx, srv.URL+"/__blank.html")

	rank := func(urls []string, want string) string {
		for i, u := range urls {
			if strings.TrimSuffix(u, "index.html") == want {
				return fmt.Sprint(i + 1)
			}
		}
		return "–"
	}
	pAny := 0
	for _, set := range querySets {
		var rows []string
		var rFirst, rTop3, rNone, pFirst, pTop3, pNone int
		for _, qw := range readQueries(t, set.file) {
			q, want := qw[0], qw[1]
			all := idx.Search(q)
			var rURLs []string
			for _, d := range all {
				rURLs = append(rURLs, idx.Docs[d].URL)
			}
			pURLs := browsertest.Run(t, ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`(async () => {
			const pf = await import("/pagefind/pagefind.js");
			const r = await pf.search(%q);
			const d = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
			return d.map(x => x.url);
		})()`, q), chromedp.EvalAwaitPromise))
			if len(pURLs) > 0 {
				pAny++
			} else {
				pNone++
			}
			if len(rURLs) == 0 {
				rNone++
			}
			r, p := rank(rURLs, want), rank(pURLs, want)
			for _, c := range []struct {
				rank        string
				first, top3 *int
			}{{r, &rFirst, &rTop3}, {p, &pFirst, &pTop3}} {
				switch c.rank {
				case "1":
					*c.first++
					*c.top3++
				case "2", "3":
					*c.top3++
				}
			}
			rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s |", q, want, r, p))
		}
		t.Logf("%s:\n| query | expected page | relais rank | Pagefind rank |\n|---|---|---|---|\n%s\n"+
			"relais: no result %d, first %d, first three %d; Pagefind: no result %d, first %d, first three %d (of %d)",
			set.file, strings.Join(rows, "\n"), rNone, rFirst, rTop3, pNone, pFirst, pTop3, len(rows))
	}
	if pAny == 0 {
		t.Error("Pagefind found nothing for any query: the comparison did not run")
	}
}

// sizes sums the files under dir.
func sizes(t *testing.T, dir string) string {
	t.Helper()
	var n, total int64
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			n++
			total += fi.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d files, %d bytes", n, total)
}

// TestArabicSearchAgrees: on a site in Arabic, queries with and without
// prefixes, vowel signs and the hamza find the pages that have the word
// otherwise written, and the search page's script gives the first three
// results the Go ranking gives.
func TestArabicSearchAgrees(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	src := arabicSite().(fstest.MapFS)
	for name, body := range map[string]string{
		"content/recherche.md":        "---\ntitle: بحث\nlayout: recherche\n---\n",
		"content/articles/dmj.md":     "---\ntitle: العمل الاجتماعي\ndate: 2026-03-01\n---\nنتحدث عن بالدمج في المجتمع وعن الأسرة.\n",
		"content/articles/madrasa.md": "---\ntitle: المدرسة والأطفال\ndate: 2026-04-01\n---\nللأطفال في المدرسة مكان آمن، والمعلمات يستمعن.\n",
	} {
		src[name] = &fstest.MapFile{Data: []byte(body)}
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	idx, err := search.Read(func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dest, name)) })
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	t.Cleanup(srv.Close)
	queriesAgree(t, ctx, *idx, srv.URL+"/recherche/", []queryWant{
		{"دمج", "/articles/dmj/"},
		{"الدَّمج", "/articles/dmj/"},
		{"اسرة", "/articles/dmj/"},
		{"مدرسه", "/articles/madrasa/"},
		{"الاطفال", "/articles/madrasa/"},
		{"معلمة", "/articles/madrasa/"},
	})
}

// queryWant is a query and the page that must come first.
type queryWant struct{ q, want string }

// queriesAgree runs each query through the Go index and the search page
// at page: want first in the index, the script's first three results
// the index's.
func queriesAgree(t *testing.T, ctx context.Context, idx search.Index, page string, qs []queryWant) {
	t.Helper()
	for _, tt := range qs {
		want := top3(idx, idx.Search(tt.q))
		if len(want) == 0 || want[0] != tt.want {
			t.Errorf("%q: the index gives %v, want %s first", tt.q, want, tt.want)
		}
		browsertest.Navigate(t, ctx, page+"?q="+url.QueryEscape(tt.q))
		browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results for "+tt.q)
		if got := browsertest.Eval[[]string](t, ctx, resultsJS); !slices.Equal(got, want) {
			t.Errorf("%q: the script gives %v, the index %v", tt.q, got, want)
		}
	}
}

// TestEnglishSearchAgrees: the English pages of a site in several
// languages have an index of their own, whose words are stemmed as
// English (policies finds policy), in the script as in Go.
func TestEnglishSearchAgrees(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	src := multilingualSiteWith(map[string][]byte{
		"content/en/articles/policies.md": []byte("---\ntitle: Housing\ndate: 2026-03-01\n---\nThe town's housing policies, and who decides.\n"),
		"content/en/articles/shelters.md": []byte("---\ntitle: Emergency\ndate: 2026-04-01\n---\nShelters open to women and their children, day and night.\n"),
		"content/en/articles/baby.md":     []byte("---\ntitle: At night\ndate: 2026-05-01\n---\nWho looks after a baby while you are out.\n"),
	})
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	idx, err := search.Read(func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dest, "en", name)) })
	if err != nil {
		t.Fatal(err)
	}
	if idx.Lang != "en" {
		t.Fatalf("the English index says its language is %q", idx.Lang)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	t.Cleanup(srv.Close)
	queriesAgree(t, ctx, *idx, srv.URL+"/en/recherche/", []queryWant{
		{"policy", "/en/articles/policies/"},
		{"shelter", "/en/articles/shelters/"},
		{"decide", "/en/articles/policies/"},
		{"babies", "/en/articles/baby/"}, // French rules would look for « babi »
	})
}
