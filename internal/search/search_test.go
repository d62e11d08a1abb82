package search

import (
	"strings"
	"testing"
)

func TestFoldStem(t *testing.T) {
	for in, want := range map[string]string{"Évaluation": "evaluation", "Œuvre": "oeuvre", "VIOLENCES": "violences"} {
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
		"violen":         "/b/ /c/", // a prefix, as one types
		"droit violence": "/c/",     // every word must match
		"zzz":            "",
		"":               "",
	}
	for q, want := range tests {
		if got := titles(q); got != want {
			t.Errorf("Search(%q) = %q, want %q", q, got, want)
		}
	}
}
