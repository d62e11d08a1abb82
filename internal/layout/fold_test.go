package layout

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"relais/internal/config"
)

// {{ T "key" }} becomes the translation, escaped as the call's result was,
// wherever it stands; calls with arguments or computed keys stay calls.
func TestFoldT(t *testing.T) {
	theme := fstest.MapFS{
		"i18n/fr.toml": {Data: []byte("quote = \"« <dit> »\"\nn = \"%d pages\"\nkey = \"k\"\n")},
		"baseof.html": {Data: []byte(`<p title="{{ T "quote" }}">{{ T "quote" }}</p>` +
			`{{ with T "quote" }}<i>{{ . }}</i>{{ end }}{{ T "n" 3 }} {{ T (printf "%s" "key") }} {{ T "missing" }}` +
			`{{ template "partials/p.html" }}`)},
		"partials/p.html": {Data: []byte(`<b>{{ if true }}{{ T "quote" }}{{ end }}</b>`)},
		"single.html":     {Data: []byte(`{{ define "main" }}{{ end }}`)},
	}
	src, err := ReadSources(nil, theme)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Language = "fr"
	set, err := Load(src, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := set.Execute(&b, "single.html", nil); err != nil {
		t.Fatal(err)
	}
	want := `<p title="« &lt;dit&gt; »">« &lt;dit&gt; »</p><i>« &lt;dit&gt; »</i>3 pages k missing<b>« &lt;dit&gt; »</b>`
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
	// The literal calls are gone from the trees; the others remain.
	calls := 0
	for _, x := range set.exec["single.html"].Templates() {
		if x.Tree != nil {
			calls += len(tCall.FindAllString(x.Tree.Root.String(), -1))
		}
	}
	if calls != 2 { // T "n" 3 and T (printf …)
		t.Errorf("%d calls to T left, want 2", calls)
	}
}

var tCall = regexp.MustCompile(`\bT [("]`)
