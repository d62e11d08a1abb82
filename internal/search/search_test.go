package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"relais/internal/slug"
)

func TestFoldStem(t *testing.T) {
	for in, want := range map[string]string{"Évaluation": "evaluation", "Œuvre": "oeuvre", "VIOLENCES": "violences",
		"Straße": "strasse", "Øre": "ore", "Łódź": "lodz", "Đorđe": "dorde"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q", in, got)
		}
	}
	same := [][]string{{"violence", "violences"}, {"evaluation", "evaluations"}, {"droit", "droits"}, {"victime", "victimes"}}
	for _, p := range same {
		if Stem(p[0]) != Stem(p[1]) {
			t.Errorf("Stem(%q) = %q, Stem(%q) = %q", p[0], Stem(p[0]), p[1], Stem(p[1]))
		}
	}
}

func TestSearch(t *testing.T) {
	idx := Build([]Doc{
		{Title: "Accès aux droits", URL: "/a/", Text: "Une évaluation de la situation."},
		{Title: "Violences conjugales", URL: "/b/", Headings: []string{"Évaluation du danger"}, Text: "Les violences."},
		{Title: "Le partenariat", URL: "/c/", Text: "Évaluation, évaluation, évaluation des violences et des droits."},
	})
	titles := func(q string) string {
		var out []string
		for _, d := range idx.Search(q) {
			out = append(out, idx.Docs[d].URL)
		}
		return strings.Join(out, " ")
	}
	tests := map[string]string{
		"evaluation":     "/b/ /c/ /a/", // a heading (4) above three mentions (3) above one (1)
		"violence":       "/b/ /c/",     // title first
		"VIOLENCES":      "/b/ /c/",
		"droits":         "/a/ /c/",
		"violen":         "/b/ /c/",     // a prefix, as one types
		"droit violence": "/c/ /b/ /a/", // both words first, then by score
		"zzz":            "",
		"":               "",
	}
	for q, want := range tests {
		if got := titles(q); got != want {
			t.Errorf("Search(%q) = %q, want %q", q, got, want)
		}
	}
}

// Fold's table gives what the full decomposition gives.
func TestFoldTable(t *testing.T) {
	for r := rune(0); r < 0x400; r++ {
		s := "Aé" + string(r) + "Œ"
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"e\u0301te\u0301", "ÉTÉ", "Ærø", "ǅemal", "İstanbul", "straße", "Ǆ", "note ↩︎ fin", "a\u0301\u0327b", ""} {
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Évaluation", "e\u0301", "Œuvre", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}

// An index built from pages' encoded terms is the index built at once.
func TestBuilder(t *testing.T) {
	docs := []Doc{
		{Title: "Accès aux droits", URL: "/a/", Text: "Une évaluation de la situation."},
		{Title: "Violences", URL: "/b/", Headings: []string{"Évaluation du danger"}, Text: "Les violences, 2006."},
	}
	var b Builder
	for _, d := range docs {
		enc := AppendTerms(nil, Terms(d))
		b.Add(IndexDoc{Title: d.Title, URL: d.URL}, enc)
	}
	got, want := b.Index(), Build(docs)
	if strings.Join(got.Terms, " ") != strings.Join(want.Terms, " ") || len(got.Posts) != len(want.Posts) {
		t.Fatalf("terms %v, want %v", got.Terms, want.Terms)
	}
	for i := range got.Posts {
		if fmt.Sprint(got.Posts[i]) != fmt.Sprint(want.Posts[i]) {
			t.Errorf("posts of %s: %v, want %v", got.Terms[i], got.Posts[i], want.Posts[i])
		}
	}
	if fmt.Sprint(want.Posts[indexOf(want.Terms, Stem("evaluation"))]) != "[0 1 1 4]" {
		t.Errorf("evaluation: %v, want a text mention in /a/ and a heading in /b/", want.Posts[indexOf(want.Terms, Stem("evaluation"))])
	}
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

// A small index is one file; a large one a manifest and shards that hold,
// put together, the same terms, posts and docs.
func TestFiles(t *testing.T) {
	var docs []Doc
	for i := range 300 {
		docs = append(docs, Doc{Title: fmt.Sprintf("Page %d", i), URL: fmt.Sprintf("/p%d/", i),
			Text: fmt.Sprintf("mot%d commun violence%d évaluation", i, i%7), Summary: "Résumé."})
	}
	idx := Build(docs)
	files, err := idx.Files(1 << 20)
	if err != nil || len(files) != 1 || files[0].Name != IndexFile {
		t.Fatalf("a small index: %d files, %v", len(files), err)
	}
	whole, err := Read(func(string) ([]byte, error) { return files[0].Data, nil })
	if err != nil || fmt.Sprint(whole.Terms, whole.Posts, whole.Docs) != fmt.Sprint(idx.Terms, idx.Posts, idx.Docs) {
		t.Fatalf("a small index read back differs (%v)", err)
	}
	files, err = idx.Files(2 << 10)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.Name] = f.Data
	}
	var m Manifest
	if err := json.Unmarshal(byName[IndexFile], &m); err != nil || len(m.Terms) < 2 || len(m.Docs) < 2 {
		t.Fatalf("manifest: %+v, %v", m, err)
	}
	for i, ts := range m.Terms {
		var sh Index
		if err := json.Unmarshal(byName[ts[1]], &sh); err != nil {
			t.Fatal(err)
		}
		if sh.Terms[0] != ts[0] {
			t.Errorf("shard %d starts with %q, the manifest says %q", i, sh.Terms[0], ts[0])
		}
		if len(byName[ts[1]]) > 4<<10 {
			t.Errorf("shard %s is %d bytes, for 2 KB shards", ts[1], len(byName[ts[1]]))
		}
	}
	for i, name := range m.Docs {
		var sh Index
		if err := json.Unmarshal(byName[name], &sh); err != nil {
			t.Fatal(err)
		}
		if len(sh.Docs) > m.PerDoc || i < len(m.Docs)-1 && len(sh.Docs) != m.PerDoc {
			t.Errorf("doc shard %d has %d docs, %d each", i, len(sh.Docs), m.PerDoc)
		}
	}
	got, err := Read(func(name string) ([]byte, error) {
		if b, ok := byName[name]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("no file %s", name)
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Terms) != fmt.Sprint(idx.Terms) || fmt.Sprint(got.Posts) != fmt.Sprint(idx.Posts) || fmt.Sprint(got.Docs) != fmt.Sprint(idx.Docs) {
		t.Error("the shards put together are not the index")
	}
	if len(files) != 1+len(m.Terms)+len(m.Docs) {
		t.Errorf("%d files, want the manifest and %d shards", len(files), len(m.Terms)+len(m.Docs))
	}
}

// wordsSimple is Words written plainly, to check it against.
func wordsSimple(text string) []string {
	f := strings.FieldsFunc(Fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := f[:0]
	for _, w := range f {
		if len([]rune(w)) >= 2 {
			out = append(out, w)
		}
	}
	return out
}

func FuzzWords(f *testing.F) {
	f.Add("L’intervenante sociale, 24 h/24 : « violences » ; Œuvre x y2 3")
	f.Add("a\xffbc d\u00a0ef 東京 ½")
	f.Fuzz(func(t *testing.T, s string) {
		got, want := Words(s), wordsSimple(s)
		if len(got) != len(want) {
			t.Fatalf("Words(%q) = %q, want %q", s, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("Words(%q) = %q, want %q", s, got, want)
			}
		}
	})
}

// TestFoldAsSlug: search folds every Latin letter as slugs do, so that
// the two accent-folding tables cannot disagree again.
func TestFoldAsSlug(t *testing.T) {
	for r := rune(0x41); r < 0x250; r++ {
		if sl := slug.Make(string(r)); sl != "" && sl != Fold(string(r)) {
			t.Errorf("%q: slug %q, search %q", r, sl, Fold(string(r)))
		}
	}
}

// TestFind: what people type finds what pages say. Stop words are left
// out; a word found nowhere is dropped and said, and pages with more of
// the other words come first; synonyms the site gives find each other,
// below the word itself; every word of four letters or more is a prefix;
// a compound is found by its second word, below the word itself.
func TestFind(t *testing.T) {
	stop := StopWords("fr")
	var b Builder
	b.Stop = stop
	b.Syn = Synonyms([][]string{{"conjoint", "couple", "compagnon"}, {"confidentiel", "secret professionnel", "anonyme"}, {"partir", "mise à l’abri"}}, stop)
	for _, d := range []Doc{
		{Title: "Violences intrafamiliales", URL: "/vif/", Text: "Les violences au sein du couple."},
		{Title: "Le secret professionnel", URL: "/secret/", Text: "Ce que vous dites reste entre nous."},
		{Title: "Se mettre à l’abri", URL: "/abri/", Text: "Une mise à l’abri en urgence, avec vos enfants."},
		{Title: "Cyberharcèlement", URL: "/cyber/", Text: "Sur les réseaux."},
		{Title: "Le harcèlement", URL: "/harcelement/", Text: "Au travail."},
		{Title: "Nos horaires", URL: "/horaires/", Text: "Permanence le mardi."},
	} {
		b.Add(IndexDoc{Title: d.Title, URL: d.URL}, AppendTerms(nil, TermsWith(d, stopSet(stop))))
	}
	idx := b.Index()
	for _, tc := range []struct {
		q, want, dropped string
	}{
		{"violences conjugales", "/vif/", "conjugales"},
		{"mon conjoint me frappe", "/vif/", "frappe"},
		{"est-ce que c'est confidentiel", "/secret/", ""},
		{"je veux partir de chez moi", "/abri/", "veux"},
		{"harcèlement", "/harcelement/ /cyber/", ""},
		{"horai", "/horaires/", ""},
		{"permanence horaires", "/horaires/", ""},
		{"mes enfants sont en danger", "/abri/", "danger"},
		{"de la", "", ""},
		{"zzz", "", "zzz"},
	} {
		r := idx.Find(tc.q)
		var urls []string
		for _, d := range r.Docs {
			urls = append(urls, idx.Docs[d].URL)
		}
		if got := strings.Join(urls, " "); got != tc.want {
			t.Errorf("Find(%q) = %q, want %q", tc.q, got, tc.want)
		}
		if got := strings.Join(r.Dropped, " "); got != tc.dropped {
			t.Errorf("Find(%q) dropped %q, want %q", tc.q, got, tc.dropped)
		}
	}
}

func stopSet(ws []string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// TestListsBelowTheirPages: a list page (a tag's page) holds the words of
// the pages it lists, but never comes before them (for a word in their
// text only, it is not found at all); a word only the list has finds it.
func TestListsBelowTheirPages(t *testing.T) {
	var b Builder
	add := func(d Doc) { b.Add(IndexDoc{Title: d.Title, URL: d.URL}, AppendTerms(nil, Terms(d))) }
	add(Doc{Title: "Le cadre", URL: "/a/", Text: "Les circulaires de 2006."})
	add(Doc{Title: "Accueil", URL: "/b/", Text: "Une permanence."})
	b.AddList(IndexDoc{Title: "Droits", URL: "/tags/droits/"},
		AppendTerms(nil, Terms(Doc{Title: "Droits", Headings: []string{"Le cadre", "Accueil"}, Text: "Le cadre les circulaires de 2006 accueil une permanence annuaire"})),
		[]string{"/a/", "/b/#x", "/ailleurs/"})
	idx := b.Index()
	for q, want := range map[string]string{
		"circulaires": "/a/", // a word of their text only: the list is not worth showing
		"cadre":       "/a/ /tags/droits/",
		"permanence":  "/b/",
		"annuaire":    "/tags/droits/",
		"droits":      "/tags/droits/",
	} {
		var urls []string
		for _, d := range idx.Search(q) {
			urls = append(urls, idx.Docs[d].URL)
		}
		if got := strings.Join(urls, " "); got != want {
			t.Errorf("Search(%q) = %q, want %q", q, got, want)
		}
	}
}

// TestMainText: what a reader sees of a page, not the menus, forms,
// scripts or what the theme marks data-nosearch.
func TestMainText(t *testing.T) {
	page := `<!doctype html><html><body><div class="quick-exit">Quitter le site</div><nav>Menu Accueil</nav>
<main id="contenu" tabindex="-1"><h1>Titre</h1><nav class="toc"><a href="/x/#a">Sommaire</a></nav>
<p>Le texte &amp; l&rsquo;accueil <a href="/articles/b/">voir B</a>.</p><h2 id="s">Une <em>section</em></h2>
<form><select><option>ASSO</option></select><button>Filtrer</button></form><p data-nosearch class="print-hint">Imprimer</p>
<div><div data-nosearch>caché <div>encore caché</div></div> visible</div><script src="/a.js"></script><!-- <p>commentaire</p> -->
<svg><text>dessin</text></svg><img src="x.png" alt="photo"><p>3 &lt; 4 et 5 > 2</p><h3>Fin</h3>
</main><footer>Pied</footer></body></html>`
	got := MainText([]byte(page))
	text := strings.Join(strings.Fields(got.Text), " ")
	for _, w := range []string{"Titre", "Le texte & l’accueil", "voir B", "Une section", "visible", "3 < 4 et 5 > 2", "Fin"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q: %q", w, text)
		}
	}
	for _, w := range []string{"Quitter", "Menu", "Sommaire", "ASSO", "Filtrer", "Imprimer", "caché", "commentaire", "dessin", "Pied"} {
		if strings.Contains(text, w) {
			t.Errorf("text has %q: %q", w, text)
		}
	}
	if strings.Join(got.Headings, "|") != "Une section|Fin" {
		t.Errorf("headings %q", got.Headings)
	}
	if strings.Join(got.Links, " ") != "/articles/b/" {
		t.Errorf("links %q", got.Links)
	}
}

// TestArabic: Arabic words meet whatever their prefixes (and, the
// article, with, to, like, then), their vowel signs, a stretched letter,
// the hamza on alef and the way ta marbuta and alef maqsura are typed;
// short words are left whole.
func TestArabic(t *testing.T) {
	stem := func(w string) string { return Stem(Words(w)[0]) }
	for _, tt := range []struct{ a, b string }{
		{"بالدمج", "دمج"},
		{"الدمج", "دمج"},
		{"والدمج", "دمج"},
		{"الدَّمْج", "دمج"},
		{"الدمـــج", "دمج"},
		{"أسرة", "اسره"},
		{"إسعاف", "اسعاف"},
		{"مدرسة", "مدرسه"},
		{"مستشفى", "مستشفي"},
		{"للأطفال", "اطفال"},
		{"المعلمات", "معلم"},
	} {
		if a, b := stem(tt.a), stem(tt.b); a != b {
			t.Errorf("%s gives %q, %s gives %q", tt.a, a, tt.b, b)
		}
	}
	for _, w := range []string{"وقت", "بيت", "ولد"} { // a first letter of their own
		if got := stem(w); got != w {
			t.Errorf("%s cut to %s", w, got)
		}
	}
	idx := Build([]Doc{{Title: "الإدماج", URL: "/a/", Text: "نتحدث هنا عن بالدمج في المجتمع."}, {Title: "أخرى", URL: "/b/", Text: "نص آخر."}})
	if got := idx.Search("دمج"); len(got) != 1 || idx.Docs[got[0]].URL != "/a/" {
		t.Errorf("دمج finds %v", got)
	}
}

// TestEnglishStem: English plurals meet their singular (Harman's
// S-stemmer) in an English index; French words keep French rules; an
// Arabic word Arabic ones whatever the language.
func TestEnglishStem(t *testing.T) {
	for _, c := range []struct{ lang, a, b string }{
		{"en", "policies", "policy"},
		{"en", "services", "service"},
		{"en", "rights", "right"},
		{"en", "shelters", "shelter"},
		{"en", "bus", "bus"},
		{"en", "address", "address"},
		{"fr", "violences", "violence"},
		{"en", "بالدمج", "دمج"},
	} {
		if x, y := StemIn(c.lang, c.a), StemIn(c.lang, c.b); x != y {
			t.Errorf("%s: %q is %q, %q is %q", c.lang, c.a, x, c.b, y)
		}
	}
	for _, c := range []struct{ lang, w, want string }{
		{"en", "guess", "guess"}, {"en", "status", "status"}, {"en", "its", "its"},
		{"en", "babies", "baby"}, {"en", "boxes", "boxe"},
	} {
		if got := StemIn(c.lang, c.w); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.w, got, c.want)
		}
	}
	// The language an index is of goes with it, one file or shards.
	b := Builder{Lang: "en"}
	b.Add(IndexDoc{Title: "Policies", URL: "/en/p/"}, AppendTerms(nil, TermsWith(Doc{Title: "Housing policies", Lang: "en"}, nil)))
	idx := b.Index()
	for _, shard := range []int{1 << 20, 8} {
		files, err := idx.Files(shard)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Read(func(name string) ([]byte, error) {
			for _, f := range files {
				if f.Name == name {
					return f.Data, nil
				}
			}
			return nil, os.ErrNotExist
		})
		if err != nil {
			t.Fatal(err)
		}
		if got.Lang != "en" || len(got.Search("policy")) != 1 {
			t.Errorf("shards of %d bytes: lang %q, %v", shard, got.Lang, got.Search("policy"))
		}
	}
}

// TestPageTerms: what an index keeps of a page: its terms, and for a
// page that lists others the addresses it links to, which SplitTerms
// gives back as they were; a page that lists nothing keeps no address.
func TestPageTerms(t *testing.T) {
	html := []byte(`<html><body><nav><a href="/menu/">Menu</a></nav><main><h1>Accueil</h1><p>Le <a href="/articles/aide/">dispositif</a> d’aide et <a href="/contact/">contact</a>.</p></main></body></html>`)
	d := Doc{Title: "Accueil", Lang: "fr"}
	for _, tc := range []struct {
		list  bool
		links []string
	}{{true, []string{"/articles/aide/", "/contact/"}}, {false, nil}} {
		stop := map[string]bool{}
		for _, w := range StopWords("fr") {
			stop[w] = true
		}
		enc := PageTerms(html, d, stop, tc.list)
		terms, links := SplitTerms(enc)
		if !slices.Equal(links, tc.links) {
			t.Errorf("list %v: links %q, want %q", tc.list, links, tc.links)
		}
		if !bytes.Contains(terms, []byte("dispositif")) || bytes.Contains(terms, []byte("menu")) || bytes.Contains(terms, []byte(">")) {
			t.Errorf("list %v: terms %q: want the words of <main> only", tc.list, terms)
		}
	}
	if terms, links := SplitTerms([]byte(">/a/\n")); len(terms) != 0 || !slices.Equal(links, []string{"/a/"}) {
		t.Errorf("links only: %q %q", terms, links)
	}
}
