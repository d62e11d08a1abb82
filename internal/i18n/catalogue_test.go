package i18n

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// said are the calls whose argument at the index is an English format to
// say (or a word, for Count), by the name of the function or method.
var said = map[string][]int{
	"Errorf": {2}, "Warnf": {2}, // diag's
	"WithHint": {0}, "Say": {0}, "T": {0}, "Print": {1}, "Count": {1, 2},
	"say":  {0}, // the editor's
	"fail": {0}, // directory.ParseHours's
	"bad":  {0}, // the decoders' of kits and partners
}

// formats reads the Go code of relais (not its tests) and returns every
// English format it says, with where.
func formats(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string]string{}
	root := filepath.Join("..", "..")
	consts := map[string]map[string]string{} // package folder → const name → value
	var files []*ast.File
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && p != root) {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, ".html") && filepath.Base(filepath.Dir(p)) == "ui" {
			// The editor's pages: {{say "format" …}}.
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range sayTag.FindAllSubmatch(b, -1) {
				if s, err := strconv.Unquote(string(m[1])); err == nil {
					out[s] = p
				}
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, f)
		dirs = append(dirs, filepath.Dir(p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Constant strings, to read formats given by name.
	for i, f := range files {
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for j, n := range vs.Names {
					if j < len(vs.Values) {
						if s, ok := literal(vs.Values[j], nil); ok {
							if consts[dirs[i]] == nil {
								consts[dirs[i]] = map[string]string{}
							}
							consts[dirs[i]][n.Name] = s
						}
					}
				}
			}
		}
	}
	for i, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := c.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
				if (name == "Errorf" || name == "Warnf") && !isIdent(fn.X, "diag") {
					if isIdent(fn.X, "i18n") && name == "Errorf" {
						name = "T" // i18n.Errorf(format, …)
					} else {
						return true
					}
				}
				if name == "T" && !isIdent(fn.X, "i18n") || name == "Print" && isIdent(fn.X, "fmt") {
					return true
				}
			case *ast.Ident:
				name = fn.Name
				if name == "T" && filepath.Base(dirs[i]) != "i18n" {
					return true // a template's T
				}
			}
			for _, idx := range said[name] {
				if idx >= len(c.Args) {
					continue
				}
				if s, ok := literal(c.Args[idx], consts[dirs[i]]); ok {
					out[s] = fset.Position(c.Pos()).String()
				}
			}
			return true
		})
	}
	return out
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// literal is the value of a constant string expression: a literal, a sum
// of them, or a constant of the package.
func literal(e ast.Expr, consts map[string]string) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(x.X, consts)
		b, ok2 := literal(x.Y, consts)
		return a + b, ok1 && ok2
	case *ast.Ident:
		s, ok := consts[x.Name]
		return s, ok
	case *ast.ParenExpr:
		return literal(x.X, consts)
	}
	return "", false
}

// sayTag is a format said in a page of the editor.
var sayTag = regexp.MustCompile(`\{\{\s*say\s+("(?:[^"\\]|\\.)*")`)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// verbs are the verbs of a format, in order, %q read as %s (French writes
// « %s » where English writes %q).
func verbs(f string) []string {
	var out []string
	for _, v := range verb.FindAllString(f, -1) {
		v = strings.TrimLeft(v[1:], "-+# 0123456789.")
		if v == "q" {
			v = "s"
		}
		out = append(out, v)
	}
	return out
}

// TestCatalogue: every English format relais says has a French form in
// the catalogue, with the same verbs in the same order, and the
// catalogue holds nothing that is no longer said. With
// RELAIS_CATALOGUE=1 it prints the missing ones as Go, to fill in.
func TestCatalogue(t *testing.T) {
	used := formats(t)
	if len(used) < 100 {
		t.Fatalf("found only %d formats: the scan is broken", len(used))
	}
	var missing []string
	for f := range used {
		if _, ok := catalogue[f]; !ok {
			missing = append(missing, f)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		if os.Getenv("RELAIS_CATALOGUE") == "1" {
			for _, m := range missing {
				fmt.Printf("\t%s: %s, // %s\n", strconv.Quote(m), strconv.Quote(""), used[m])
			}
		}
		for _, m := range missing[:min(len(missing), 20)] {
			t.Errorf("%s: no French for %q", used[m], m)
		}
		if len(missing) > 20 {
			t.Errorf("and %d more (RELAIS_CATALOGUE=1 prints them)", len(missing)-20)
		}
	}
	for en, fr := range catalogue {
		if fr == "" {
			t.Errorf("%q: the French is empty", en)
			continue
		}
		if a, b := verbs(en), verbs(fr); !slices.Equal(a, b) {
			t.Errorf("%q has verbs %v, its French %q has %v", en, a, fr, b)
		}
		if _, ok := used[en]; !ok && !extra[en] {
			t.Errorf("%q is in the catalogue but relais no longer says it", en)
		}
	}
}

// extra are entries said through variables the scan does not follow:
// the words Result.Summary counts.
var extra = map[string]bool{"draft": true, "drafts": true, "future": true, "expired": true, "private": true,
	"warning: ": true, "%s": true}

// TestCodes: codes are the same in every language, and two formats of
// findings rarely share one.
func TestCodes(t *testing.T) {
	for _, tc := range []struct{ format, code string }{
		{"unknown field %q", "unknown-field"},
		{"this link leads to %s, which is not a page or file of the site", "link-leads-which-not-page-file"},
		{"%s", "message"},
	} {
		if got := Code(tc.format); got != tc.code {
			t.Errorf("Code(%q) = %q, want %q", tc.format, got, tc.code)
		}
	}
}

// TestFrom: the language is the flag's, else the site's, else the
// environment's, French when none says anything.
func TestFrom(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		forced, site string
		env          map[string]string
		want         Lang
	}{
		{"", "", nil, French},
		{"", "", map[string]string{"LANG": "C.UTF-8"}, English},
		{"", "", map[string]string{"LANG": "fr_FR.UTF-8"}, French},
		{"", "", map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, English},
		{"", "", map[string]string{"LC_MESSAGES": "fr_CA.UTF-8"}, French},
		{"", "fr", map[string]string{"LANG": "en_GB.UTF-8"}, French},
		{"en", "fr", nil, English},
		{"fr", "en", nil, French},
		{"", "de", map[string]string{"LANG": "fr_FR.UTF-8"}, English},
	} {
		if got := From(tc.forced, tc.site, env(tc.env)); got != tc.want {
			t.Errorf("From(%q, %q, %v) = %s, want %s", tc.forced, tc.site, tc.env, got, tc.want)
		}
	}
}

// TestSay: French takes the catalogue's form, arguments that are
// messages are said in the same language, and French counts 0 as one.
func TestSay(t *testing.T) {
	if got := French.Say("warning: "); got != "attention : " {
		t.Errorf("French warning: %q", got)
	}
	if got := French.Count(0, "warning", "warnings"); got != "0 avertissement" {
		t.Errorf("French count: %q", got)
	}
	if got := English.Count(0, "warning", "warnings"); got != "0 warnings" {
		t.Errorf("English count: %q", got)
	}
	if got := French.Say("%s", T("warning: ")); got != "attention : " {
		t.Errorf("a message as argument: %q", got)
	}
}

// TestArabic: every format relais says (its messages, the editor's
// pages and forms) has its Arabic, with the same verbs in the same order,
// and the Arabic holds nothing relais no longer says; a format it lacks
// is said in English.
func TestArabic(t *testing.T) {
	used := formats(t)
	n := 0
	for f, where := range used {
		if strings.Contains(filepath.ToSlash(where), "internal/editor/") {
			n++
		}
		if _, ok := arabic[f]; !ok {
			t.Errorf("%s: no Arabic for %q", where, f)
		}
	}
	if n < 200 {
		t.Fatalf("found only %d formats of the editor: the scan is broken", n)
	}
	for en, ar := range arabic {
		if a, b := verbs(en), verbs(ar); !slices.Equal(a, b) {
			t.Errorf("%q has verbs %v, its Arabic %q has %v", en, a, ar, b)
		}
		if _, ok := used[en]; !ok && !extra[en] {
			t.Errorf("%q is in the Arabic but relais no longer says it", en)
		}
	}
	if got := Arabic.Say("Step %d: title", 2); got != "المرحلة 2: العنوان" {
		t.Errorf("Arabic: %q", got)
	}
	if got := Arabic.Say("a format relais does not have %d", 3); got != "a format relais does not have 3" {
		t.Errorf("Arabic falls back to English: %q", got)
	}
	if From("", "", func(k string) string { return map[string]string{"LANG": "ar_MA.UTF-8"}[k] }) != Arabic {
		t.Errorf("LANG=ar_MA.UTF-8 is not Arabic")
	}
}
