package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFrench(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bonjour !", "Bonjour\u202f!"},
		{"Bonjour!", "Bonjour\u202f!"},
		{"Quoi ?!", "Quoi\u202f?!"},
		{"Note : ceci", "Note\u00a0: ceci"},
		{"Note: ceci", "Note\u00a0: ceci"},
		{"à 10:30 précises", "à 10:30 précises"},
		{"voir http://example.org/a?b=1;c", "voir http://example.org/a?b=1;c"},
		{"« Bonjour »", "«\u202fBonjour\u202f»"},
		{"«Bonjour»", "«\u202fBonjour\u202f»"},
		{"10 % et 15 € pour 3 km", "10\u00a0% et 15\u00a0€ pour 3\u00a0km"},
		{"2 h de séance", "2\u00a0h de séance"},
		{"10 personnes", "10 personnes"},
		{"Vraiment… ?", "Vraiment…\u202f?"},
		{"ratio 3:1", "ratio 3:1"},
		{"Déjà\u202f! bien\u00a0: oui", "Déjà\u202f! bien\u00a0: oui"},
		{"a &amp; b", "a &amp; b"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := French(tt.in, 0, "")
			if got != tt.want {
				t.Errorf("French(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := French(got, 0, ""); again != got {
				t.Errorf("not idempotent: French(%q) = %q", got, again)
			}
		})
	}
}

func TestConvert(t *testing.T) {
	c := New(Options{French: true, BasePath: "/iscg/", SummaryWords: 5})
	src := "Premier paragraphe avec un [lien](/articles/x/) et du `code ?` ici !\n\n" +
		"## Accès aux droits\n\n## Accès aux droits\n\n```go\nfunc main() {}\n```\n\n" +
		"Heure : 10:30, voir <https://example.org/a?b>, à **3** km.\n"
	res := c.Convert([]byte(src), 4)
	html := string(res.HTML)
	for _, want := range []string{
		`href="/iscg/articles/x/"`,
		`<code>code ?</code>`,
		"ici\u202f!",
		`id="accès-aux-droits"`,
		`id="accès-aux-droits-1"`,
		`<span class="kd">func</span>`,
		"Heure\u00a0: 10:30",
		`href="https://example.org/a?b"`,
		"<strong>3</strong>\u00a0km", // the number is in the text before
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "style=") {
		t.Errorf("HTML has inline styles:\n%s", html)
	}
	if len(res.TOC) != 2 || res.TOC[0].ID != "accès-aux-droits" || res.TOC[0].Text != "Accès aux droits" {
		t.Errorf("TOC = %+v", res.TOC)
	}
	if res.Summary != "Premier paragraphe avec un lien…" {
		t.Errorf("Summary = %q", res.Summary)
	}
	if len(res.Links) != 2 || res.Links[0].Dest != "/articles/x/" || res.Links[0].Line != 4 || res.Links[1].Line != 14 {
		t.Errorf("Links = %+v", res.Links)
	}
}

func TestRawHTML(t *testing.T) {
	src := []byte("<script>alert(1)</script>\n\nTexte <b>gras</b>.\n")
	if html := string(New(Options{}).Convert(src, 1).HTML); strings.Contains(html, "<script>") || strings.Contains(html, "<b>") {
		t.Errorf("raw HTML passed with Unsafe off:\n%s", html)
	}
	if html := string(New(Options{Unsafe: true}).Convert(src, 1).HTML); !strings.Contains(html, "<b>gras</b>") {
		t.Errorf("raw HTML dropped with Unsafe on:\n%s", html)
	}
}

func TestMoreMark(t *testing.T) {
	src := []byte("Un deux trois.\n\nQuatre.\n\n<!--more-->\n\nCinq six.\n")
	res := New(Options{}).Convert(src, 1)
	if !res.MoreMark || res.Summary != "Un deux trois. Quatre." || res.Words != 6 {
		t.Errorf("got more=%v summary=%q words=%d", res.MoreMark, res.Summary, res.Words)
	}
}

func TestStrictCSP(t *testing.T) {
	src := "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n- [x] fait\n- [ ] à faire\n"
	html := string(New(Options{}).Convert([]byte(src), 1).HTML)
	for _, want := range []string{`<th class="align-left">`, `<td class="align-center">2</td>`, `<td class="align-right">3</td>`,
		`<span class="task task-done">☑</span> fait`, `<span class="task">☐</span> à faire`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s:\n%s", want, html)
		}
	}
	for _, bad := range []string{"style=", "<input", " align="} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML has %s:\n%s", bad, html)
		}
	}
}

// FuzzFrench checks that French typography is idempotent and that the
// fast path skips only text the full rules would leave alone.
func FuzzFrench(f *testing.F) {
	for _, s := range []string{"Bonjour !", "« x »", "10 % et 3 km", "a: b", "http://x?y", "Quoi ?!", "10:30", "plain text"} {
		f.Add(s, "!")
	}
	f.Fuzz(func(t *testing.T, s, next string) {
		if !utf8.ValidString(s) || !utf8.ValidString(next) {
			return // pages are refused before this when not UTF-8
		}
		out := French(s, 0, next)
		if again := French(out, 0, next); again != out {
			t.Errorf("not idempotent: %q → %q → %q", s, out, again)
		}
		if !mayChange(s, 0, next) && french(s, 0, next) != s {
			t.Errorf("fast path skipped a change: %q → %q", s, french(s, 0, next))
		}
	})
}

// The cache of highlighted blocks gives the same HTML as highlighting
// afresh, for a block seen again in the same page or in another.
func TestHighlightCache(t *testing.T) {
	block := "```go\nfunc main() { println(\"é\") }\n```\n"
	other := "```go\nfunc autre() {}\n```\n"
	fresh := func(src string) string { return string(New(Options{}).Convert([]byte(src), 1).HTML) }
	c := New(Options{})
	for i, src := range []string{block, block + "\n" + block, other, block, other + "\n" + block} {
		got := string(c.Convert([]byte(src), 1).HTML)
		if want := fresh(src); got != want {
			t.Errorf("conversion %d: cached HTML differs:\n%s\nwant:\n%s", i, got, want)
		}
		if !strings.Contains(got, `<span class="kd">func</span>`) {
			t.Errorf("conversion %d: not highlighted:\n%s", i, got)
		}
	}
	// A block larger than the cache's share is highlighted and not kept,
	// and a full cache starts again.
	const small = 4000
	c = New(Options{HighlightCacheBytes: small})
	for i := range 20 {
		src := fmt.Sprintf("```go\nvar x%d = %d\n```\n", i, i)
		if got, want := string(c.Convert([]byte(src), 1).HTML), fresh(src); got != want {
			t.Errorf("block %d after the cache filled differs", i)
		}
	}
	big := "```go\n" + strings.Repeat("x := 1\n", small/8/7+1) + "```\n"
	if got, want := string(c.Convert([]byte(big), 1).HTML), fresh(big); got != want {
		t.Error("a large block differs from a fresh highlight")
	}
}

func TestWordBullets(t *testing.T) {
	tests := []struct {
		in, want string
		line     int
	}{
		{"Texte :\n•\tun\n•\tdeux\nfin\n", "Texte :\n- un\n- deux\nfin\n", 2},
		{"  ◦ sous-point\n▪  carré", "  - sous-point\n- carré", 1},
		{"•sans espace\n- déjà\n", "•sans espace\n- déjà\n", 0},
		{"rien\n", "rien\n", 0},
	}
	for _, tt := range tests {
		got, line := WordBullets([]byte(tt.in), 1)
		if string(got) != tt.want || line != tt.line {
			t.Errorf("WordBullets(%q) = %q, %d; want %q, %d", tt.in, got, line, tt.want, tt.line)
		}
		if strings.Count(string(got), "\n") != strings.Count(tt.in, "\n") {
			t.Errorf("WordBullets(%q) moved the lines", tt.in)
		}
	}
	// Converted, they make a list.
	c := New(Options{})
	if res := c.Convert([]byte("Texte :\n- un\n- deux\n"), 1); !strings.Contains(string(res.HTML), "<li>un</li>") {
		t.Errorf("not a list: %s", res.HTML)
	}
}

func TestRawHTMLReported(t *testing.T) {
	c := New(Options{})
	for _, tt := range []struct {
		src  string
		line int
	}{
		{"Texte.\n\n<h2 id=\"criteres\">Critères</h2>\n", 12},
		{"Un <span class=\"x\">mot</span>.\n", 10},
		{"<!-- un commentaire -->\n\nTexte.\n", 0},
		{"Texte.\n\n<!--more-->\n\nSuite <https://exemple.org/>.\n", 0},
		{"Pas de HTML.\n", 0},
	} {
		if got := c.Convert([]byte(tt.src), 10).RawHTML; got != tt.line {
			t.Errorf("%q: raw HTML at line %d, want %d", tt.src, got, tt.line)
		}
	}
	if got := New(Options{Unsafe: true}).Convert([]byte("<b>x</b>\n"), 1).RawHTML; got != 0 {
		t.Errorf("with unsafe on, raw HTML is published: reported at %d", got)
	}
}

func TestSpacedLinks(t *testing.T) {
	src := "Voir :\n\n![Le bureau](/images/Photo du bureau.png) et [le guide](Guide animateur.pdf).\n\n" +
		"```\n![code](/a b.png)\n```\n\n[un lien](/a/) et ![bon](</images/Photo du bureau.png>)\n"
	res := New(Options{}).Convert([]byte(src), 10)
	if len(res.Spaced) != 2 {
		t.Fatalf("found %+v", res.Spaced)
	}
	if l := res.Spaced[0]; !l.Image || l.Dest != "/images/Photo du bureau.png" || l.Alt != "Le bureau" || l.Line != 12 {
		t.Errorf("first: %+v", l)
	}
	if l := res.Spaced[1]; l.Image || l.Dest != "Guide animateur.pdf" {
		t.Errorf("second: %+v", l)
	}
	// The address between < > is an image.
	if !strings.Contains(string(res.HTML), `src="/images/Photo%20du%20bureau.png"`) {
		t.Errorf("the <address> form is not an image: %s", res.HTML)
	}
}

// TestWordBulletsByte: WordBullets looks only at lines whose first byte is
// 0xE2: every bullet must start with it.
func TestWordBulletsByte(t *testing.T) {
	for _, b := range wordBullets {
		if b[0] != 0xE2 {
			t.Errorf("%q does not start with 0xE2", b)
		}
	}
}

// TestHeadingID: ids are GitHub's and Hugo's, so that anchor links
// written for them work; explicit ids stay; github-ascii removes accents.
func TestHeadingID(t *testing.T) {
	for _, tc := range []struct{ text, github, ascii string }{
		{"Smileys & Emotion", "smileys--emotion", "smileys--emotion"},
		{"lang.FormatAccounting", "langformataccounting", "langformataccounting"},
		{"The embedded rss.xml", "the-embedded-rssxml", "the-embedded-rssxml"},
		{"Go's layout string", "gos-layout-string", "gos-layout-string"},
		{"Accès aux droits", "accès-aux-droits", "acces-aux-droits"},
		{"Est-ce utile ?", "est-ce-utile-", "est-ce-utile-"},
		{"snake_case et  deux espaces", "snake_case-et--deux-espaces", "snake_case-et--deux-espaces"},
		{"Étape 2 : « ça marche »", "étape-2---ça-marche-", "etape-2---ca-marche-"},
		{"日本語", "日本語", ""},
	} {
		if got := HeadingID(tc.text, false); got != tc.github {
			t.Errorf("HeadingID(%q) = %q, want %q", tc.text, got, tc.github)
		}
		if got := HeadingID(tc.text, true); got != tc.ascii {
			t.Errorf("HeadingID(%q, ascii) = %q, want %q", tc.text, got, tc.ascii)
		}
	}
	c := New(Options{})
	res := c.Convert([]byte("## Smileys & Emotion\n\n## Smileys & Emotion\n\n## Titre {#mon-id}\n\n## \n"), 1)
	var ids []string
	for _, h := range res.TOC {
		ids = append(ids, h.ID)
	}
	if got := strings.Join(ids, " "); got != "smileys--emotion smileys--emotion-1 mon-id section" {
		t.Errorf("ids %q", got)
	}
}

// codeLanguages are 30 languages a code-heavy site uses, and two names
// chroma does not know.
var codeLanguages = []string{"go", "python", "javascript", "typescript", "bash", "sh", "json", "yaml", "toml", "html",
	"css", "scss", "sql", "java", "kotlin", "c", "cpp", "csharp", "rust", "ruby", "php", "perl", "lua", "r", "swift",
	"dockerfile", "makefile", "ini", "xml", "diff", "pseudo-code", "sortie"}

// BenchmarkCodeBlocks converts a page with a short code block in each of
// codeLanguages, each block different (so no highlighted block is reused
// from the cache): what a code-heavy site costs.
func BenchmarkCodeBlocks(b *testing.B) {
	var src strings.Builder
	for i, l := range codeLanguages {
		fmt.Fprintf(&src, "Texte %d.\n\n```%s\nx = %d\ny = x + 1\n```\n\n", i, l, i)
	}
	c := New(Options{French: true})
	n := 0
	for b.Loop() {
		n++
		page := strings.ReplaceAll(src.String(), "x = ", fmt.Sprintf("x%d = ", n))
		c.Convert([]byte(page), 1)
	}
}

// TestTemplateTagsInCode: a tag shown in code (the documentation of
// another tool) is code, not a tag to warn about; elsewhere it is kept
// whole, counted, and its quotes are not made French.
func TestTemplateTagsInCode(t *testing.T) {
	c := New(Options{French: true})
	res := c.Convert([]byte("```\n{{< ref \"a.md\" >}}\n```\n\nEt `{% include x %}` en ligne.\n"), 1)
	if res.TemplateTag.Count != 0 {
		t.Errorf("tags in code counted: %+v", res.TemplateTag)
	}
	res = c.Convert([]byte("Titre\n\nVoir {{< ref \"a.md\" >}} et {{ page.title }}.\n"), 10)
	if res.TemplateTag.Count != 2 || res.TemplateTag.Line != 12 || res.TemplateTag.Text != `{{< ref "a.md" >}}` {
		t.Errorf("tags: %+v", res.TemplateTag)
	}
	if h := string(res.HTML); !strings.Contains(h, "{{&lt; ref &quot;a.md&quot; &gt;}}") || strings.Contains(h, "«") {
		t.Errorf("HTML %s", h)
	}
}

// TestCallout: a quote that opens with [!NOTE] or [!ATTENTION] is a
// callout with its title; other quotes stay quotes.
func TestCallout(t *testing.T) {
	for _, tc := range []struct {
		src, want, not string
		opts           Options
	}{
		{"> [!NOTE]\n> Le 119 répond jour et nuit.\n", `<aside role="note" class="callout callout-note">` + "\n" + `<p class="callout-title">À retenir</p>` + "\n<p>Le 119 répond jour et nuit.</p>", "[!NOTE]", Options{}},
		{"> [!ATTENTION]\n> Ne promettez pas le secret.\n", `<aside role="note" class="callout callout-warning">` + "\n" + `<p class="callout-title">Attention</p>`, "[!ATTENTION]", Options{}},
		{"> [!À retenir]\n>\n> Texte.\n", `<p class="callout-title">À retenir</p>` + "\n<p>Texte.</p>", "[!", Options{}},
		{"> Une citation [!NOTE] au milieu.\n", "<blockquote>\n<p>Une citation", "callout", Options{}},
		{"> [!RECETTE]\n> Pas un genre connu.\n", "<blockquote>", "callout", Options{}},
		// The title is in the site's language, whatever the typography.
		{"> [!NOTE]\n> Texte.\n", `<p class="callout-title">À retenir</p>`, "Note", Options{Language: "fr"}},
		{"> [!NOTE]\n> Text.\n", `<p class="callout-title">Note</p>`, "retenir", Options{Language: "en", French: true}},
		{"> [!WARNING]\n> Text.\n", `<p class="callout-title">Warning</p>`, "Attention", Options{Language: "en-GB"}},
		// VuePress's and Docusaurus's containers, MkDocs's admonitions.
		{"::: tip Bon à savoir\nLe 119 répond **jour et nuit**.\n\n- une liste\n:::\n\nAprès.\n",
			`<aside role="note" class="callout callout-note">` + "\n" + `<p class="callout-title">Bon à savoir</p>` + "\n<p>Le 119 répond <strong>jour et nuit</strong>.</p>\n<ul>\n<li>une liste</li>\n</ul>\n</aside>\n<p>Après.</p>", ":::", Options{}},
		{"::: warning\nNe promettez pas le secret.\n:::\n", `<p class="callout-title">Attention</p>` + "\n<p>Ne promettez pas le secret.</p>\n</aside>", ":::", Options{}},
		{"Texte.\n::: danger\nPrudence.\n:::\n", "<p>Texte.</p>\n<aside role=\"note\" class=\"callout callout-warning\">", ":::", Options{}},
		{"!!! note \"À savoir\"\n    Le texte de la note.\n\n    Un second paragraphe.\n\nHors de la note.\n",
			`<p class="callout-title">À savoir</p>` + "\n<p>Le texte de la note.</p>\n<p>Un second paragraphe.</p>\n</aside>\n<p>Hors de la note.</p>", "!!!", Options{}},
		{"::: recette\nPas un genre connu.\n:::\n", "<p>::: recette", "callout", Options{}},
	} {
		if tc.opts == (Options{}) {
			tc.opts = Options{French: true}
		}
		h := string(New(tc.opts).Convert([]byte(tc.src), 1).HTML)
		if !strings.Contains(h, tc.want) || strings.Contains(h, tc.not) {
			t.Errorf("%q:\n%s\nwant %s, not %s", tc.src, h, tc.want, tc.not)
		}
	}
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		limit     Limit
	}{
		{"plain", "Un paragraphe.\n\n- une liste\n  - imbriquée\n\n| a | b |\n|---|:--:|\n| 1 | 2 |\n", 0, NoLimit},
		{"a rule and dashes", "Texte - avec un tiret.\n\n- - -\n\n---\n", 0, NoLimit},
		{"quotes", "Texte.\n" + strings.Repeat(">", 101) + " x\n", 2, Nesting},
		{"indentation", "\n" + strings.Repeat(" ", 405) + "- x\n", 2, Nesting},
		{"list markers on one line", "Texte.\n\n" + strings.Repeat("- ", 101) + "x\n", 3, Nesting},
		{"numbered markers", strings.Repeat("1. ", 101) + "x\n", 1, Nesting},
		{"100 markers", strings.Repeat("- ", 100) + "x\n", 0, NoLimit},
		{"unclosed links", "Texte.\n\n" + strings.Repeat("[a](", 1001) + "\n", 3, Links},
		{"links over a paragraph", strings.Repeat(strings.Repeat("[a](x) ", 100)+"\n", 11), 11, Links},
		{"links over paragraphs", strings.Repeat(strings.Repeat("[a](x) ", 100)+"\n\n", 20), 0, NoLimit},
		{"wide table", "| a |\n|" + strings.Repeat(" --- |", 101) + "\n", 2, Columns},
		{"100 columns", "| a |\n|" + strings.Repeat(" --- |", 100) + "\n", 0, NoLimit},
	}
	for _, tt := range tests {
		line, limit := Limits([]byte(tt.src), 1)
		if line != tt.line || limit != tt.limit {
			t.Errorf("%s: line %d, limit %d; want %d, %d", tt.name, line, limit, tt.line, tt.limit)
		}
	}
}

// TestAnswerSpaces: the dots a handout leaves for an answer are a line to
// write on, and lines of their own at the end of a question; three dots
// stay an ellipsis.
func TestAnswerSpaces(t *testing.T) {
	c := New(Options{French: true})
	const inline = `<span class="answer"><span class="visually-hidden">`
	const lines = `<span class="answer answer-lines"><span class="visually-hidden">`
	for _, tc := range []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"ellipses ending an item", "1. Ce que j’ai préféré : ……\n", []string{lines + "……</span></span>"}, nil},
		{"dots ending a paragraph", "Nom : ........\n", []string{lines + "........</span></span>"}, nil},
		{"a full stop after it", "Lequel ? …… .\n", []string{lines}, nil},
		{"within the text", "Né le …… à Lyon\n", []string{inline + "……</span></span> à Lyon"}, []string{"answer-lines"}},
		{"three dots are an ellipsis", "Et puis...\n", []string{"puis…"}, []string{"answer"}},
		{"one ellipsis", "Et puis…\n", []string{"puis…"}, []string{"answer"}},
		{"an ellipsis and a dot", "etc….\n", []string{"etc…."}, []string{"answer"}},
		{"in code", "`……`\n", []string{"<code>……</code>"}, []string{"answer"}},
		{"in a table cell", "| Q | R |\n|---|---|\n| Âge | …… |\n", []string{lines}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			html := string(c.Convert([]byte(tc.src), 1).HTML)
			for _, w := range tc.want {
				if !strings.Contains(html, w) {
					t.Errorf("%q: HTML lacks %q:\n%s", tc.src, w, html)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(html, w) {
					t.Errorf("%q: HTML has %q:\n%s", tc.src, w, html)
				}
			}
		})
	}
}

// FuzzSpacedLink: the look at a line's bytes never lets a line with a
// spaced link go.
func FuzzSpacedLink(f *testing.F) {
	for _, s := range []string{"[a](b c.pdf)", "![x](mon image.png) et [y](z.md)", "[a](b)(c d.pdf)", "](x y.pdf)", "[a](\tb.pdf)", "texte [l](a b.txt"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if spacedLink.Match(line) && !maybeSpacedLink(line) {
			t.Fatalf("%q holds a spaced link, but the look at its bytes let it go", line)
		}
	})
}

// FuzzContainers: no text makes the containers' parser fail, and what
// it makes renders.
func FuzzContainers(f *testing.F) {
	for _, s := range []string{"::: tip T\nx\n:::\n", "!!! note\n    a\n\n  b\n", ":::\n:::\n", "::: warning\n", "- ::: tip\n  x\n  :::\n", "> !!! note\n>     x\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = New(Options{French: true, Marks: true}).Convert([]byte(s), 1)
	})
}

// TestFoldedAnchors: a heading whose id has accents also answers to it
// folded, as Eleventy and VuePress write anchors, once per page and never
// taking another heading's id; ascii ids and plain headings are as before.
func TestFoldedAnchors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
		ascii           bool
	}{
		{"accents", "## Contenus concernés\n", `<h2 id="contenus-concernés"><span id="contenus-concernes"></span>Contenus concernés</h2>`, false},
		{"ligature", "## Œuvres\n", `<h2 id="œuvres"><span id="oeuvres"></span>Œuvres</h2>`, false},
		{"plain", "## Contexte\n", `<h2 id="contexte">Contexte</h2>`, false},
		{"taken by a later heading", "## Résumé\n\n## Resume\n", `<h2 id="résumé">Résumé</h2>` + "\n" + `<h2 id="resume">Resume</h2>`, false},
		{"twice the same", "## Été\n\n## Ete\n\n## Été\n", `<h2 id="été">Été</h2>` + "\n" + `<h2 id="ete">Ete</h2>` + "\n" + `<h2 id="été-1"><span id="ete-1"></span>Été</h2>`, false},
		{"in a quote", "> ## Accès\n", `<h2 id="accès"><span id="acces"></span>Accès</h2>`, false},
		{"explicit id", "## Titre {#lieu-été}\n", `<h2 id="lieu-été"><span id="lieu-ete"></span>Titre</h2>`, false},
		{"ascii ids", "## Contenus concernés\n", `<h2 id="contenus-concernes">Contenus concernés</h2>`, true},
		{"not Latin", "## 日本語\n", `<h2 id="日本語">日本語</h2>`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Options{ASCIIHeadingIDs: tc.ascii})
			got := strings.TrimSpace(string(c.Convert([]byte(tc.src), 1).HTML))
			got = strings.TrimSuffix(strings.TrimPrefix(got, "<blockquote>\n"), "\n</blockquote>")
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestDirection: a block written in a script of the other direction than
// the page's is marked with its direction (and, right to left, its
// language, for screen readers); the others are as they were.
func TestDirection(t *testing.T) {
	for _, tt := range []struct {
		name, src, want string
		rtl             bool
	}{
		{"Arabic in French", "Bonjour.\n\nمرحبا بكم.\n", "<p>Bonjour.</p>\n<p dir=\"rtl\" lang=\"ar\">مرحبا بكم.</p>", false},
		{"a number first", "15 شارع الحرية\n", "<p dir=\"rtl\" lang=\"ar\">15 شارع الحرية</p>", false},
		{"a heading", "## الأرقام المفيدة\n", "<h2 id=\"الأرقام-المفيدة\" dir=\"rtl\" lang=\"ar\"><span id=\"الارقام-المفيدة\"></span>الأرقام المفيدة</h2>", false},
		{"list items", "- un\n- واحد\n", "<ul>\n<li>un</li>\n<li dir=\"rtl\" lang=\"ar\">واحد</li>\n</ul>", false},
		{"Hebrew", "שלום\n", "<p dir=\"rtl\" lang=\"he\">שלום</p>", false},
		{"French in Arabic", "مرحبا.\n\nBonjour.\n", "<p>مرحبا.</p>\n<p dir=\"ltr\">Bonjour.</p>", true},
		{"no letter", "12 34\n", "<p>12 34</p>", false},
		{"Latin only", "Un texte, une [page](/a/).\n", "<p>Un texte, une <a href=\"/a/\">page</a>.</p>", false},
		// Phone numbers in text laid out from the right keep the order of
		// their groups; nothing changes in text laid out from the left.
		{"a phone in Arabic", "اتصلوا بالرقم 01 23 45 67 89 أو 3919.\n", "<p dir=\"rtl\" lang=\"ar\">اتصلوا بالرقم <span dir=\"ltr\">01 23 45 67 89</span> أو 3919.</p>", false},
		{"two phones in an Arabic page", "الرقم +33 1 23 45 67 89 و 04.78.00.00.00\n", "<p>الرقم <span dir=\"ltr\">+33 1 23 45 67 89</span> و <span dir=\"ltr\">04.78.00.00.00</span></p>", true},
		{"a phone in French", "Appelez le 01 23 45 67 89.\n", "<p>Appelez le 01 23 45 67 89.</p>", false},
		{"a phone in French in an Arabic page", "Appelez le 01 23 45 67 89.\n", "<p dir=\"ltr\">Appelez le 01 23 45 67 89.</p>", true},
		{"a date is not a phone", "في 12 03\n", "<p>في 12 03</p>", true},
		{"a linked phone", "اتصلوا [01 23 45 67 89](tel:+33123456789)\n", "<p>اتصلوا <a href=\"tel:+33123456789\">01 23 45 67 89</a></p>", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSpace(string(New(Options{RightToLeft: tt.rtl}).Convert([]byte(tt.src), 1).HTML))
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// FuzzRightToLeft: putting numbers in runs laid out from the left, which
// splits and joins the text nodes of blocks laid out from the right,
// neither loses nor repeats text: a page's words and summary are those it
// has without the runs, and every run it opens it closes.
func FuzzRightToLeft(f *testing.F) {
	for _, s := range []string{"اتصلوا بالرقم 01 23 45 67 89 أو 3919.\n", "الرقم +33 1 23 45 67 89 و 04.78.00.00.00\n",
		"- واحد 12 34 56\n- 1.2.3.4.5.6\n", "> مرحبا \"01 23\" 45 67\n", "| 01 23 45 | ب |\n|---|---|\n| 99 88 77 | ج |\n",
		"مرحبا *01 23* 45 67 [x](tel:0) 12 34 56\n"} {
		f.Add(s)
	}
	rtl, ltr := New(Options{RightToLeft: true}), New(Options{RightToLeft: true, noRuns: true})
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || len(s) > 4096 {
			return
		}
		a, b := rtl.Convert([]byte(s), 1), ltr.Convert([]byte(s), 1)
		if a.Words != b.Words || a.Summary != b.Summary {
			t.Errorf("with runs: %d words, %q; without: %d words, %q", a.Words, a.Summary, b.Words, b.Summary)
		}
		if open, closed := bytes.Count(a.HTML, []byte(`<span dir="ltr">`)), bytes.Count(a.HTML, []byte("</span>")); closed < open {
			t.Errorf("%d runs opened, %d spans closed:\n%s", open, closed, a.HTML)
		}
	})
}
