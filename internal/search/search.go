// Package search builds the index of the site's built-in search: a JSON
// file the search page's script fetches, so that search works offline,
// with no service and no third party.
//
// Words are folded (case, accents: "evaluation" finds « évaluation ») and
// cut by a light French stemmer ("violences" finds "violence"), the same
// rules as the script's (layouts/assets/recherche.js), so that a query
// and the index always agree. Each term lists the pages it is in with a
// score: a word of the title counts more than a heading's, which counts
// more than the text's. Prefix matching as one types is the script's: it
// looks terms up in the sorted list.
package search

import (
	"encoding/json"
	"io"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Weights of where a word is found.
const (
	TitleWeight   = 10
	HeadingWeight = 4
	TextWeight    = 1
)

// Doc is a page to index.
type Doc struct {
	Title    string
	URL      string
	Headings []string
	Text     string
	Summary  string // shown under the result
}

// Fold lower-cases s and removes its accents and ligatures.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Stem cuts a folded French word to its stem, lightly: plurals and the most
// common endings, so that violence, violences and violents meet. The
// script applies the same rules.
func Stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	for _, suf := range []string{"issements", "issement", "ations", "ation", "ements", "ement", "euses", "euse", "ites", "ite", "ives", "ive", "eux", "aux", "es", "s", "x", "e"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// Words splits text into folded words of two letters or more.
func Words(text string) []string {
	f := strings.FieldsFunc(Fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := f[:0]
	for _, w := range f {
		if len([]rune(w)) >= 2 {
			out = append(out, w)
		}
	}
	return out
}

// Index is the search index as written.
type Index struct {
	Docs  []IndexDoc `json:"docs"`
	Terms []string   `json:"terms"` // sorted stems
	Posts [][]int    `json:"posts"` // for each term: doc, score, doc, score…
}

// IndexDoc is a result as shown.
type IndexDoc struct {
	Title   string `json:"t"`
	URL     string `json:"u"`
	Summary string `json:"s"`
}

// Build indexes docs.
func Build(docs []Doc) *Index {
	scores := map[string]map[int]int{}
	add := func(text string, doc, weight int) {
		for _, w := range Words(text) {
			st := Stem(w)
			m := scores[st]
			if m == nil {
				m = map[int]int{}
				scores[st] = m
			}
			m[doc] += weight
		}
	}
	idx := &Index{}
	for i, d := range docs {
		idx.Docs = append(idx.Docs, IndexDoc{Title: d.Title, URL: d.URL, Summary: d.Summary})
		add(d.Title, i, TitleWeight)
		for _, h := range d.Headings {
			add(h, i, HeadingWeight)
		}
		add(d.Text, i, TextWeight)
	}
	for t := range scores {
		idx.Terms = append(idx.Terms, t)
	}
	sort.Strings(idx.Terms)
	for _, t := range idx.Terms {
		var docsOf []int
		for d := range scores[t] {
			docsOf = append(docsOf, d)
		}
		sort.Ints(docsOf)
		post := make([]int, 0, 2*len(docsOf))
		for _, d := range docsOf {
			post = append(post, d, scores[t][d])
		}
		idx.Posts = append(idx.Posts, post)
	}
	return idx
}

// Write writes the index as JSON.
func (idx *Index) Write(w io.Writer) error { return json.NewEncoder(w).Encode(idx) }

// Search ranks the docs for a query as the script does: every word of the
// query must match a term (exactly or, for the last word, as a prefix);
// scores add up. It is here so that ranking is tested in Go.
func (idx *Index) Search(q string) []int {
	words := Words(q)
	if len(words) == 0 {
		return nil
	}
	total := map[int]int{}
	for i, w := range words {
		st := Stem(w)
		found := map[int]int{}
		j := sort.SearchStrings(idx.Terms, st)
		for ; j < len(idx.Terms); j++ {
			t := idx.Terms[j]
			if t != st && !(i == len(words)-1 && strings.HasPrefix(t, w)) {
				if !strings.HasPrefix(t, st) {
					break
				}
				if i != len(words)-1 {
					continue
				}
			}
			p := idx.Posts[j]
			for k := 0; k < len(p); k += 2 {
				found[p[k]] += p[k+1]
			}
		}
		if i == 0 {
			total = found
			continue
		}
		for d := range total {
			if s, ok := found[d]; ok {
				total[d] += s
			} else {
				delete(total, d)
			}
		}
	}
	var out []int
	for d := range total {
		out = append(out, d)
	}
	sort.Slice(out, func(a, b int) bool {
		if total[out[a]] != total[out[b]] {
			return total[out[a]] > total[out[b]]
		}
		return out[a] < out[b]
	})
	return out
}
