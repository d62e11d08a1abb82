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
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"relais/internal/slug"
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
	// Description is what the page says it is about (its front matter's
	// description): scored as a heading.
	Description string
	Text        string
	Summary     string // shown under the result
}

// Fold lower-cases s and removes its accents and ligatures.
func Fold(s string) string {
	foldOnce.Do(initFold)
	// Each character folds on its own, from a table for Latin letters and
	// a cache for the others (’, the narrow no-break space…), unless s
	// has a combining mark that the decomposition would reorder: then
	// the whole of s is decomposed.
	n := 0
	for _, r := range s {
		if r < rune(len(foldTable)) {
			n += len(foldTable[r])
			continue
		}
		f := foldOther(r)
		if f.reorders {
			return foldSlow(s)
		}
		n += len(f.s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, r := range s {
		if r < rune(len(foldTable)) {
			b.WriteString(foldTable[r])
			continue
		}
		b.WriteString(foldOther(r).s)
	}
	return b.String()
}

// folded is how a character outside the table folds.
type folded struct {
	s        string
	reorders bool // a combining mark, or a character that is not valid
}

func foldOther(r rune) *folded {
	if f, ok := foldCache.Load(r); ok {
		return f.(*folded)
	}
	f := &folded{s: foldSlow(string(r)),
		reorders: r == utf8.RuneError || norm.NFD.PropertiesString(string(r)).CCC() != 0}
	v, _ := foldCache.LoadOrStore(r, f)
	return v.(*folded)
}

var (
	foldOnce  sync.Once
	foldTable [0x250]string // Basic Latin to Latin Extended-B
	foldCache sync.Map      // rune → *folded, for the others
)

func initFold() {
	for r := range foldTable {
		foldTable[r] = foldSlow(string(rune(r)))
	}
}

// foldSlow is Fold by the book: decomposed, marks dropped, lower-cased.
func foldSlow(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case slug.Spelled(r) != "":
			b.WriteString(slug.Spelled(r)) // as slugs have it: œ, æ, ß, ø, đ, ł
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
	f := Fold(text)
	var out []string
	start, runes := -1, 0 // the word being read, and its length in characters
	for i := 0; i < len(f); {
		c, size := f[i], 1
		var inWord bool
		if c < utf8.RuneSelf {
			inWord = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(f[i:])
			inWord = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case inWord && start < 0:
			start, runes = i, 1
		case inWord:
			runes++
		case start >= 0:
			if runes >= 2 {
				out = append(out, f[start:i])
			}
			start = -1
		}
		i += size
	}
	if start >= 0 && runes >= 2 {
		out = append(out, f[start:])
	}
	return out
}

// Index is the search index as written.
type Index struct {
	Docs  []IndexDoc `json:"docs"`
	Terms []string   `json:"terms"` // sorted stems
	Posts Postings   `json:"posts"` // for each term: doc, score, doc, score…
}

// Postings are the posting lists of terms. They encode to JSON by hand:
// the lists are most of a large index, and reflection made encoding them
// the slowest part of a rebuild.
type Postings [][]int

// MarshalJSON implements json.Marshaler.
func (ps Postings) MarshalJSON() ([]byte, error) {
	n := 2
	for _, p := range ps {
		n += 3 + 6*len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, v := range p {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(v), 10)
		}
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

// IndexDoc is a result as shown.
type IndexDoc struct {
	Title   string `json:"t"`
	URL     string `json:"u"`
	Summary string `json:"s"`
}

// Scored is a term of a page with its score there.
type Scored struct {
	Term  string
	Score int
}

// Terms lists the stems of d with their scores (a word of the title counts
// TitleWeight, of a heading or the description HeadingWeight, of the text
// TextWeight), sorted
// by stem. Pages are scored one by one, and the results merged by Builder.
func Terms(d Doc) []Scored {
	// Each distinct word is stemmed once: a page repeats its words.
	words := map[string]int{}
	add := func(text string, weight int) {
		for _, w := range Words(text) {
			words[w] += weight
		}
	}
	add(d.Title, TitleWeight)
	for _, h := range d.Headings {
		add(h, HeadingWeight)
	}
	add(d.Description, HeadingWeight)
	add(d.Text, TextWeight)
	scores := make(map[string]int, len(words))
	for w, sc := range words {
		scores[Stem(w)] += sc
	}
	out := make([]Scored, 0, len(scores))
	for t, sc := range scores {
		out = append(out, Scored{t, sc})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Term < out[j].Term })
	return out
}

// AppendTerms encodes terms compactly, for a page's terms kept between
// builds: "stem score\n" lines.
func AppendTerms(dst []byte, terms []Scored) []byte {
	for _, t := range terms {
		dst = append(dst, t.Term...)
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(t.Score), 10)
		dst = append(dst, '\n')
	}
	return dst
}

// Builder makes an index from pages added in order.
type Builder struct {
	docs  []IndexDoc
	ids   map[string]int // term → its place in posts
	terms []string
	posts [][]int
}

// Add adds a page with its terms, as AppendTerms encoded them.
func (b *Builder) Add(d IndexDoc, encoded []byte) {
	if b.ids == nil {
		b.ids = map[string]int{}
	}
	doc := len(b.docs)
	b.docs = append(b.docs, d)
	for len(encoded) > 0 {
		line, rest, _ := bytes.Cut(encoded, []byte{'\n'})
		encoded = rest
		term, score, ok := bytes.Cut(line, []byte{' '})
		n, valid := 0, ok && len(score) > 0
		for _, c := range score {
			if c < '0' || c > '9' {
				valid = false
				break
			}
			n = n*10 + int(c-'0')
		}
		if !valid {
			continue
		}
		i, seen := b.ids[string(term)]
		if !seen {
			i = len(b.terms)
			b.ids[string(term)] = i
			b.terms = append(b.terms, string(term))
			b.posts = append(b.posts, nil)
		}
		b.posts[i] = append(b.posts[i], doc, n)
	}
}

// Index returns the index of the pages added.
func (b *Builder) Index() *Index {
	order := make([]int, len(b.terms))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(x, y int) bool { return b.terms[order[x]] < b.terms[order[y]] })
	idx := &Index{Docs: b.docs, Terms: make([]string, len(order)), Posts: make([][]int, len(order))}
	for k, i := range order {
		idx.Terms[k], idx.Posts[k] = b.terms[i], b.posts[i]
	}
	return idx
}

// Build indexes docs.
func Build(docs []Doc) *Index {
	var b Builder
	for _, d := range docs {
		b.Add(IndexDoc{Title: d.Title, URL: d.URL, Summary: d.Summary}, AppendTerms(nil, Terms(d)))
	}
	return b.Index()
}

// File is one file of the index as published, named relative to the
// site's top.
type File struct {
	Name string
	Data []byte
}

// IndexFile is the index, or for a large index the manifest of its
// shards, that the search page fetches first.
const IndexFile = "search-index.json"

// Manifest is what IndexFile holds for a sharded index: the first term of
// each term shard (terms are sorted, so a word's matches are in the
// shards whose ranges meet it), and the doc shards, PerDoc docs each.
type Manifest struct {
	Terms  [][2]string `json:"terms"` // first term, file
	Docs   []string    `json:"docs"`
	PerDoc int         `json:"perDoc"`
}

// Files encodes the index for the search page: one file when it takes
// at most 2×shardBytes, else a Manifest and shards of about shardBytes,
// so that a search fetches only the parts it needs.
func (idx *Index) Files(shardBytes int) ([]File, error) {
	if idx.size() <= 2*shardBytes {
		whole, err := json.Marshal(idx)
		return []File{{IndexFile, append(whole, '\n')}}, err
	}
	var m Manifest
	var files []File
	add := func(name string, v any) error {
		b, err := json.Marshal(v)
		files = append(files, File{name, append(b, '\n')})
		return err
	}
	type termShard struct {
		Terms []string `json:"terms"`
		Posts Postings `json:"posts"`
	}
	var cur termShard
	size := 0
	flush := func() error {
		if len(cur.Terms) == 0 {
			return nil
		}
		name := fmt.Sprintf("search/t%d.json", len(m.Terms))
		m.Terms = append(m.Terms, [2]string{cur.Terms[0], name})
		err := add(name, cur)
		cur, size = termShard{}, 0
		return err
	}
	for i, t := range idx.Terms {
		cur.Terms = append(cur.Terms, t)
		cur.Posts = append(cur.Posts, idx.Posts[i])
		size += termSize(t, idx.Posts[i])
		if size >= shardBytes {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	docBytes := 0
	for _, d := range idx.Docs {
		docBytes += docSize(d)
	}
	m.PerDoc = max(1, shardBytes*len(idx.Docs)/max(docBytes, 1))
	for i := 0; i < len(idx.Docs); i += m.PerDoc {
		name := fmt.Sprintf("search/d%d.json", len(m.Docs))
		m.Docs = append(m.Docs, name)
		if err := add(name, map[string][]IndexDoc{"docs": idx.Docs[i:min(i+m.PerDoc, len(idx.Docs))]}); err != nil {
			return nil, err
		}
	}
	if err := add(IndexFile, m); err != nil {
		return nil, err
	}
	return files, nil
}

// size estimates the bytes of the index as JSON.
func (idx *Index) size() int {
	n := 0
	for i, t := range idx.Terms {
		n += termSize(t, idx.Posts[i])
	}
	for _, d := range idx.Docs {
		n += docSize(d)
	}
	return n
}

func termSize(t string, posts []int) int { return len(t) + 6 + 4*len(posts) }

func docSize(d IndexDoc) int { return len(d.Title) + len(d.URL) + len(d.Summary) + 20 }

// Read reads an index as Files wrote it, whole or in shards, with read
// giving a file's bytes by name.
func Read(read func(name string) ([]byte, error)) (*Index, error) {
	b, err := read(IndexFile)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, err
	}
	idx := &Index{}
	if _, whole := top["posts"]; whole {
		return idx, json.Unmarshal(b, idx)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	var names []string
	for _, t := range m.Terms {
		names = append(names, t[1])
	}
	for _, name := range append(names, m.Docs...) {
		b, err := read(name)
		if err != nil {
			return nil, err
		}
		var sh Index
		if err := json.Unmarshal(b, &sh); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		idx.Terms = append(idx.Terms, sh.Terms...)
		idx.Posts = append(idx.Posts, sh.Posts...)
		idx.Docs = append(idx.Docs, sh.Docs...)
	}
	return idx, nil
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
