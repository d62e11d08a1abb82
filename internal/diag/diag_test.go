package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"relais/internal/i18n"
)

// TestFindingIn: a finding names its place as far as it is known, says
// « warning » for a warning, and puts its hint on its own indented line.
func TestFindingIn(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    *Finding
		want string
	}{
		{"file, line and column", &Finding{Severity: Error, File: "content/a.md", Line: 3, Col: 7, Msg: "bad"}, "content/a.md:3:7: bad"},
		{"file and line", Errorf("content/a.md", 3, "date %q is not a date", "demain"), `content/a.md:3: date "demain" is not a date`},
		{"a column without a line is not said", &Finding{Severity: Error, File: "site.toml", Col: 4, Msg: "bad"}, "site.toml: bad"},
		{"no place", &Finding{Severity: Error, Msg: "bad"}, "bad"},
		{"a warning", Warnf("a.md", 1, "odd"), "a.md:1: warning: odd"},
		{"a hint", Errorf("a.md", 2, "bad").WithHint("write %s", "x"), "a.md:2: bad\n\twrite x"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.In(i18n.English); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := tt.f.Error(); got != tt.want {
				t.Errorf("Error() %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAddErr: what an error becomes in a list: findings kept as they
// are, relais's own words kept to be said in French, others as they are.
func TestAddErr(t *testing.T) {
	f := Errorf("a.md", 1, "bad")
	for _, tt := range []struct {
		name string
		err  error
		want string // the list, in French
		n    int
	}{
		{"nil", nil, "", 0},
		{"a finding", f, "a.md:1: bad", 1},
		{"a wrapped finding", fmt.Errorf("reading: %w", f), "a.md:1: bad", 1},
		{"a list", List{f, Warnf("b.md", 2, "odd")}, "a.md:1: bad\nb.md:2: attention : odd", 2},
		{"relais's words", i18n.Errorf("the site folder %s does not exist", "x"), "data/x.toml: le dossier du site x n’existe pas", 1},
		{"another error", errors.New("boom"), "data/x.toml: boom", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			l.AddErr("data/x.toml", tt.err)
			if len(l) != tt.n {
				t.Fatalf("%d findings, want %d", len(l), tt.n)
			}
			if got := l.In(i18n.French); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestListOps: Unique, ForCheck, Errors and Warnings, Sort, Err.
func TestListOps(t *testing.T) {
	a := Errorf("b.md", 2, "two")
	b := Errorf("a.md", 9, "nine")
	w := Warnf("a.md", 1, "one")
	strict := Warnf("c.md", 1, "fails check")
	strict.FailsCheck = true
	l := List{a, b, w, Errorf("b.md", 2, "two"), strict}
	if u := l.Unique(); len(u) != 4 {
		t.Errorf("Unique kept %d, want 4", len(u))
	}
	if got := len(l.Errors()); got != 3 {
		t.Errorf("%d errors, want 3", got)
	}
	if got := len(l.ForCheck().Errors()); got != 4 {
		t.Errorf("ForCheck: %d errors, want 4", got)
	}
	if strict.Severity != Warning {
		t.Error("ForCheck changed the build's finding")
	}
	s := List{a, b, w}
	s.Sort()
	if s[0] != w || s[1] != b || s[2] != a {
		t.Errorf("sorted: %v", s)
	}
	if (List{w}).Err() != nil {
		t.Error("warnings alone are not an error")
	}
	if err := (List{a, w, b}).Err(); err == nil || err.Error() != "a.md:9: nine\nb.md:2: two" {
		t.Errorf("Err: %v", err)
	}
}

// TestNearest: a likely typo finds its setting; a word far from all
// finds none.
func TestNearest(t *testing.T) {
	names := []string{"title", "baseURL", "language", "paginate", "summaryWords"}
	for _, tt := range []struct{ word, want string }{
		{"titel", "title"},
		{"BaseUrl", "baseURL"},
		{"langage", "language"},
		{"sumaryWord", "summaryWords"},
		{"couleur", ""},
		{"", ""},
	} {
		if got := Nearest(tt.word, names); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestGrouped: findings of one group beyond the limit are one, which
// says how many more there are and where three of them are; others stay.
func TestGrouped(t *testing.T) {
	var l List
	for i := 1; i <= 6; i++ {
		f := Warnf(fmt.Sprintf("content/p%d.md", i), 2, "unknown field %q", "tilte")
		f.Group = "unknown field tilte"
		l.Add(f)
	}
	l.Add(Warnf("content/a.md", 1, "something else"))
	two := Warnf("content/q.md", 3, "unknown field %q", "auteur")
	two.Group = "unknown field auteur"
	l.Add(two)
	got := l.Grouped(3)
	if len(got) != 3 {
		t.Fatalf("%d findings:\n%s", len(got), got.Error())
	}
	want := `content/p1.md:2: warning: unknown field "tilte" (and 5 more times: content/p2.md:2, content/p3.md:2, content/p4.md:2…)`
	if s := got[0].Error(); !strings.HasPrefix(s, want) {
		t.Errorf("got %q, want %q", s, want)
	}
	if got[2].Error() != two.Error() {
		t.Errorf("a group within the limit changed: %q", got[2].Error())
	}
}
