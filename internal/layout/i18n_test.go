package layout

import (
	"slices"
	"testing"
	"testing/fstest"

	"relais"
	"relais/internal/config"
)

// TestPlural: a string given by plural form takes the form CLDR gives
// the number in the templates' language (x/text/feature/plural): French
// puts 0 and 1 in « one », English only 1, Arabic has six forms; a form
// without the number is the text itself.
func TestPlural(t *testing.T) {
	src, err := ReadSources(nil, relais.Theme())
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"fr", 0, "0 page"}, {"fr", 1, "1 page"}, {"fr", 2, "2 pages"},
		{"en", 0, "0 pages"}, {"en", 1, "1 page"}, {"en", 2, "2 pages"},
		{"ar", 0, "لا صفحات"}, {"ar", 1, "صفحة واحدة"}, {"ar", 2, "صفحتان"},
		{"ar", 3, "3 صفحات"}, {"ar", 10, "10 صفحات"}, {"ar", 11, "11 صفحة"}, {"ar", 100, "100 صفحة"}, {"ar", 103, "103 صفحات"},
	} {
		set, err := LoadIn(src, cfg, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := set.T("pageCount", c.n); got != c.want {
			t.Errorf("%s, %d: got %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

// TestMissingStrings: what a language's catalogue lacks is shown in the
// site's own language (not in English) and said by Missing; a language
// without a catalogue lacks every string.
func TestMissingStrings(t *testing.T) {
	theme := fstest.MapFS{
		"i18n/en.toml": {Data: []byte("a = \"A\"\nb = \"B\"\nc = \"C\"\n")},
		"i18n/fr.toml": {Data: []byte("a = \"A fr\"\nb = \"B fr\"\nc = \"C fr\"\n")},
		"i18n/es.toml": {Data: []byte("a = \"A es\"\n[c]\none = \"una\"\nother = \"%d\"\n")},
		"baseof.html":  {Data: []byte(`x`)},
	}
	src, err := ReadSources(nil, theme)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	for _, c := range []struct {
		lang    string
		b       string
		missing []string
	}{
		{"es", "B fr", []string{"b"}},
		{"de", "B fr", []string{"a", "b", "c"}},
		{"fr", "B fr", nil},
	} {
		set, err := LoadIn(src, cfg, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := set.T("b"); got != c.b {
			t.Errorf("%s: b is %q, want %q", c.lang, got, c.b)
		}
		if file, got := set.Missing(); !slices.Equal(got, c.missing) || file != "i18n/"+c.lang+".toml" {
			t.Errorf("%s: missing %v in %s, want %v", c.lang, got, file, c.missing)
		}
	}
}
