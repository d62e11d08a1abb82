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
	"slices"
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
	// Lang is the page's language ("en"): its words are stemmed by that
	// language's rules (StemIn).
	Lang string
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

// foldSlow is Fold by the book: decomposed, marks dropped (accents;
// Arabic's vowel signs and the hamza and madda over or under alef, so
// that أ إ آ are ا), lower-cased; in Arabic, the tatweel (a letter
// stretched) dropped, ta marbuta written ha and alef maqsura ya, as
// people type them either way.
func foldSlow(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == '\u0640': // tatweel
		case r == '\u0629': // ta marbuta
			b.WriteRune('\u0647')
		case r == '\u0649': // alef maqsura
			b.WriteRune('\u064a')
		case unicode.Is(unicode.Mn, r):
		case slug.Spelled(r) != "":
			b.WriteString(slug.Spelled(r)) // as slugs have it: œ, æ, ß, ø, đ, ł
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// StemIn is Stem for the words of a language: English plurals by
// Harman's S-stemmer (englishStem), so that policies meets policy; an
// Arabic word as Stem has it, whatever the language; other words as
// Stem. The script applies the same rules, with the index's language.
func StemIn(lang string, w string) string {
	if strings.HasPrefix(lang, "en") {
		if r, _ := utf8.DecodeRuneInString(w); r < 0x0600 || r > 0x06ff {
			return englishStem(w)
		}
	}
	return Stem(w)
}

// englishStem is Harman's S-stemmer: « ies » is « y » (but not after e
// or a), « es » loses its s (but not after a, e or o), « s » is dropped
// (but not after u or s). Words of three letters or fewer stay.
func englishStem(w string) string {
	if utf8.RuneCountInString(w) <= 3 { // as the script counts: letters, not bytes
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "aes") && !strings.HasSuffix(w, "ees") && !strings.HasSuffix(w, "oes"):
		return w[:len(w)-1]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// Stem cuts a folded French word to its stem, lightly: plurals and the most
// common endings, so that violence, violences and violents meet; an
// Arabic word, lightly too (arabicStem). The script applies the same
// rules.
func Stem(w string) string {
	if r, _ := utf8.DecodeRuneInString(w); r >= 0x0600 && r <= 0x06ff {
		return arabicStem(w)
	}
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

// arabicStem removes an Arabic word's common prefixes and one suffix, as
// Larkey's light stemmer (light10) does: wa (and) before a word of four
// letters or more, then the article and what it comes with (وال بال كال
// فال لل ال), then one ending (ها ان ات ون ين يه يه ه ي, ta marbuta
// being folded to ha), each only if two letters are left: بالدمج and
// الدمج meet دمج. The word comes folded.
func arabicStem(w string) string {
	r := []rune(w)
	if len(r) > 3 && r[0] == 'و' {
		r = r[1:]
	}
	for _, pre := range arabicPrefixes {
		if p := []rune(pre); len(r)-len(p) >= 2 && string(r[:len(p)]) == pre {
			r = r[len(p):]
			break
		}
	}
	for _, suf := range arabicSuffixes {
		if s := []rune(suf); len(r)-len(s) >= 2 && string(r[len(r)-len(s):]) == suf {
			r = r[:len(r)-len(s)]
			break
		}
	}
	return string(r)
}

var (
	arabicPrefixes = []string{"وال", "بال", "كال", "فال", "لل", "ال"}
	arabicSuffixes = []string{"ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"}
)

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
	// Stop are the words a query leaves out (StopWords), Syn the site's
	// synonyms (Synonyms).
	Stop []string   `json:"stop,omitempty"`
	Syn  [][]string `json:"syn,omitempty"`
	// Lang is the language of its pages when it is not the site's own
	// ("en"): a query's words are stemmed by its rules (StemIn).
	Lang string `json:"lang,omitempty"`
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
// TextWeight), sorted by stem. Pages are scored one by one, and the
// results merged by Builder.
func Terms(d Doc) []Scored { return TermsWith(d, nil) }

// TermsWith is Terms without the words of stop (folded). A word made of
// a prefix such as « cyber » or « intra » and a word is found by that
// word too, at half its score: « harcèlement » finds « cyberharcèlement ».
func TermsWith(d Doc, stop map[string]bool) []Scored {
	// Each distinct word is stemmed once: a page repeats its words.
	words := map[string]int{}
	add := func(text string, weight int) {
		for _, w := range Words(text) {
			if !stop[w] {
				words[w] += weight
			}
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
		scores[StemIn(d.Lang, w)] += sc
	}
	for w, sc := range words {
		if rest := compoundRest(w); rest != "" {
			st := StemIn(d.Lang, rest)
			scores[st] = max(scores[st], (sc+1)/2)
		}
	}
	out := make([]Scored, 0, len(scores))
	for t, sc := range scores {
		out = append(out, Scored{t, sc})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Term < out[j].Term })
	return out
}

// compoundPrefixes start words made of two: « cyberharcèlement »,
// « intrafamiliales », « téléconsultation ». Prefixes that often start
// plain words (« pro », « sur », « non ») are not among them.
var compoundPrefixes = []string{"cyber", "intra", "inter", "extra", "contre", "anti", "auto", "multi", "hyper", "super",
	"ultra", "micro", "mini", "tele", "video", "photo"}

// compoundRest is the word after a compound prefix of w, if it is a word
// of five letters or more, else "".
func compoundRest(w string) string {
	if len(w) < 9 {
		return ""
	}
	for _, p := range compoundPrefixes {
		if strings.HasPrefix(w, p) && len(w)-len(p) >= 5 {
			return w[len(p):]
		}
	}
	return ""
}

// StopWords are the words of a language that say nothing of what a page
// is about (folded): left out of the index and of queries. French and
// English have some; other languages none.
func StopWords(lang string) []string {
	switch strings.ToLower(strings.SplitN(strings.SplitN(lang, "-", 2)[0], "_", 2)[0]) {
	case "fr", "":
		return frenchStop
	case "en":
		return englishStop
	}
	return nil
}

var frenchStop = strings.Fields(`ai as au aux avec avez avons ca ce ces cet cette chez comment dans de des du elle elles en es est et etaient
	etais etait ete etre eu il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ont ou par pas pour qu
	quand que quel quelle quelles quels quelqu quelque qui quoi sa sans se ses si son sont sous suis ta te tes toi ton tu un une vers vos
	votre vous`)

var englishStop = strings.Fields(`an and are as at be by can do does for from how if in into is it its me my of on or our so than that the
	their them then there these they this to was we were what when where which who why will with you your`)

// Synonyms are groups of words and phrases a site says mean the same for
// its readers (site.toml's [search] synonyms), as the index keeps them:
// each phrase folded and stemmed, without its stop words. A query's word
// that is one of a group finds the others too.
func Synonyms(groups [][]string, stop []string) [][]string {
	st := map[string]bool{}
	for _, w := range stop {
		st[w] = true
	}
	var out [][]string
	for _, g := range groups {
		var members []string
		seen := map[string]bool{}
		for _, phrase := range g {
			var stems []string
			for _, w := range Words(phrase) {
				if !st[w] {
					stems = append(stems, Stem(w))
				}
			}
			m := strings.Join(stems, " ")
			if m != "" && !seen[m] {
				seen[m] = true
				members = append(members, m)
			}
		}
		if len(members) >= 2 {
			out = append(out, members)
		}
	}
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
	lists map[int][]string // a list page's doc → the addresses it links to
	// Stop, Syn and Lang are written in the index (Index.Stop,
	// Index.Syn, Index.Lang).
	Stop []string
	Syn  [][]string
	Lang string
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

// AddList adds a list page (the home page, a section, a tag's page): it
// never comes before the pages it lists, those it links to. For a word
// one of them has, its score stays below theirs and is written negative
// (Find counts the word as found in the list, but not as one of the
// query's words it has); a word only the list has finds it as any page.
func (b *Builder) AddList(d IndexDoc, encoded []byte, links []string) {
	if b.lists == nil {
		b.lists = map[int][]string{}
	}
	b.lists[len(b.docs)] = links
	b.Add(d, encoded)
}

// Index returns the index of the pages added.
func (b *Builder) Index() *Index {
	b.capLists()
	order := make([]int, len(b.terms))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(x, y int) bool { return b.terms[order[x]] < b.terms[order[y]] })
	idx := &Index{Docs: b.docs, Terms: make([]string, 0, len(order)), Posts: make([][]int, 0, len(order)), Stop: b.Stop, Syn: b.Syn, Lang: b.Lang}
	for _, i := range order {
		if len(b.posts[i]) > 0 {
			idx.Terms, idx.Posts = append(idx.Terms, b.terms[i]), append(idx.Posts, b.posts[i])
		}
	}
	return idx
}

// capLists lowers the scores of list pages below those of the pages they
// list (AddList).
func (b *Builder) capLists() {
	if len(b.lists) == 0 {
		return
	}
	byURL := make(map[string]int, len(b.docs))
	for i, d := range b.docs {
		byURL[d.URL] = i
	}
	members := make(map[int][]int, len(b.lists))
	for l, links := range b.lists {
		seen := map[int]bool{}
		for _, u := range links {
			u, _, _ = strings.Cut(u, "#")
			u, _, _ = strings.Cut(u, "?")
			if d, ok := byURL[u]; ok && d != l && !seen[d] {
				seen[d] = true
				members[l] = append(members[l], d)
			}
		}
	}
	isList := make([]bool, len(b.docs))
	score := make([]int, len(b.docs)) // the scores of the term at hand, by doc
	for l := range b.lists {
		isList[l] = true
	}
	for t, p := range b.posts {
		// p is doc, score, … in the order docs were added.
		has := false
		for k := 0; k < len(p); k += 2 {
			if isList[p[k]] {
				has = true
				break
			}
		}
		if !has {
			continue
		}
		for k := 0; k < len(p); k += 2 {
			score[p[k]] = p[k+1]
		}
		// The list pages' new scores, then the scores cleared for the
		// next term, then the list written again in place.
		type change struct{ at, score int }
		var changes []change
		for k := 0; k < len(p); k += 2 {
			if doc := p[k]; isList[doc] {
				best := 0
				for _, m := range members[doc] {
					best = max(best, score[m])
				}
				if best > 0 {
					// A word of the pages it lists: below them, and
					// negative, so that a query does not count it as one
					// of its words the list has (Find).
					changes = append(changes, change{k, -min(p[k+1], best-1)})
				}
			}
		}
		for k := 0; k < len(p); k += 2 {
			score[p[k]] = 0
		}
		if len(changes) == 0 {
			continue
		}
		for _, c := range changes {
			p[c.at+1] = c.score
		}
		kept := p[:0] // in place: never ahead of what is read
		for k := 0; k < len(p); k += 2 {
			if p[k+1] != 0 {
				kept = append(kept, p[k], p[k+1])
			}
		}
		b.posts[t] = kept
	}
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
	Stop   []string    `json:"stop,omitempty"`
	Syn    [][]string  `json:"syn,omitempty"`
	Lang   string      `json:"lang,omitempty"`
}

// Files encodes the index for the search page: one file when it takes
// at most 2×shardBytes, else a Manifest and shards of about shardBytes,
// so that a search fetches only the parts it needs.
func (idx *Index) Files(shardBytes int) ([]File, error) {
	if idx.size() <= 2*shardBytes {
		whole, err := json.Marshal(idx)
		return []File{{IndexFile, append(whole, '\n')}}, err
	}
	m := Manifest{Stop: idx.Stop, Syn: idx.Syn, Lang: idx.Lang}
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
	idx.Stop, idx.Syn, idx.Lang = m.Stop, m.Syn, m.Lang
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

// Match qualities: a score counts four times for the word itself, three
// for a longer word it starts (as one types), twice for a synonym.
const (
	exactQuality   = 4
	prefixQuality  = 3
	synonymQuality = 2
)

// Result is the answer to a query: the docs, ranked, and the words of the
// query that matched nothing (left out: the others answer).
type Result struct {
	Docs    []int
	Dropped []string
}

// Search ranks the docs for a query (Find).
func (idx *Index) Search(q string) []int { return idx.Find(q).Docs }

// Find ranks the docs for a query as the script does: the query's words
// but its stop words, each found as itself, as the start of a longer
// word (a word of four letters or more, or the last, as one types) or as
// one of its synonyms. A word found nowhere is dropped and said; pages
// with more of the other words come first (a list page counts only the
// words it has of its own), then by score. It is here so
// that ranking is tested in Go.
func (idx *Index) Find(q string) Result {
	stop := map[string]bool{}
	for _, w := range idx.Stop {
		stop[w] = true
	}
	var words []string
	seen := map[string]bool{}
	for _, w := range Words(q) {
		if !stop[w] && !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	var res Result
	total, count := map[int]int{}, map[int]int{}
	for i, w := range words {
		found, own := idx.find(w, i == len(words)-1)
		if len(found) == 0 {
			res.Dropped = append(res.Dropped, w)
			continue
		}
		for d, sc := range found {
			total[d] += sc
			if own[d] {
				count[d]++
			}
		}
	}
	for d := range total {
		res.Docs = append(res.Docs, d)
	}
	sort.Slice(res.Docs, func(a, b int) bool {
		x, y := res.Docs[a], res.Docs[b]
		if count[x] != count[y] {
			return count[x] > count[y]
		}
		if total[x] != total[y] {
			return total[x] > total[y]
		}
		return x < y
	})
	return res
}

// find scores the docs a query's word is in, and says which have it as
// their own (not only as a list of pages that have it: Builder.AddList).
func (idx *Index) find(w string, last bool) (found map[int]int, own map[int]bool) {
	st := StemIn(idx.Lang, w)
	found, own = map[int]int{}, map[int]bool{}
	add := func(j, quality int) {
		p := idx.Posts[j]
		for k := 0; k < len(p); k += 2 {
			sc := p[k+1]
			if sc > 0 {
				own[p[k]] = true
			} else {
				sc = -sc
			}
			found[p[k]] += sc * quality
		}
	}
	j := sort.SearchStrings(idx.Terms, st)
	prefix := last || len(w) >= 4
	for ; j < len(idx.Terms) && strings.HasPrefix(idx.Terms[j], st); j++ {
		switch {
		case idx.Terms[j] == st:
			add(j, exactQuality)
		case prefix:
			add(j, prefixQuality)
		}
	}
	for _, g := range idx.Syn {
		if !slices.Contains(g, st) {
			continue
		}
		for _, m := range g {
			if m == st {
				continue
			}
			for _, s := range strings.Fields(m) {
				if k := sort.SearchStrings(idx.Terms, s); k < len(idx.Terms) && idx.Terms[k] == s {
					add(k, synonymQuality)
				}
			}
		}
	}
	return found, own
}
