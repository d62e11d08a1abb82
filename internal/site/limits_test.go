package site

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/boundtest"
	"relais/internal/builtin"
	"relais/internal/diag"
)

// aliasBomb is 9 levels of 9 aliases: 387 million values once expanded,
// in 400 bytes.
func aliasBomb(indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sa: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n", indent)
	for c := 'b'; c <= 'i'; c++ {
		fmt.Fprintf(&b, "%s%c: &%c [%s]\n", indent, c, c, strings.TrimSuffix(strings.Repeat("*"+string(c-1)+",", 9), ","))
	}
	return b.String()
}

// hostileAlloc bounds what a build of one hostile input may allocate: a
// few times what a small site needs, far below what the bombs took.
const hostileAlloc = 256 << 20

// TestHostileInput: inputs that crashed relais, hung it or took its
// memory end, with a file:line finding, or build, within a bound on the
// memory they allocate.
func TestHostileInput(t *testing.T) {
	page := "---\ntitle: A\n---\nTexte.\n"
	var keys strings.Builder
	keys.WriteString("---\ntitle: A\n")
	for i := range 150_000 {
		fmt.Fprintf(&keys, "k%d: 1\n", i)
	}
	keys.WriteString("---\nx\n")
	manyKeys := keys.String()
	tests := []struct {
		name  string
		files map[string]string
		want  string // in the error; "" means the build passes
	}{
		{"partial includes itself", map[string]string{"content/a.md": page,
			"layouts/partials/r.html": `{{ partial "r.html" . }}`, "layouts/single.html": `{{ partial "r.html" . }}`},
			"layouts/single.html:1:3: in {{ partial \"r.html\" . }}: error calling partial: the partial partials/r.html includes itself without end"},
		{"partials include each other", map[string]string{"content/a.md": page,
			"layouts/partials/a.html": `{{ partial "b.html" . }}`, "layouts/partials/b.html": `{{ partial "a.html" . }}`,
			"layouts/single.html": `{{ partial "a.html" . }}`},
			"partials/a.html → partials/b.html"},
		{"partialCached includes itself", map[string]string{"content/a.md": page,
			"layouts/partials/r.html": `{{ partialCached "r.html" . }}`, "layouts/single.html": `{{ partialCached "r.html" . }}`},
			"includes itself without end"},
		{"a recursive menu is fine", map[string]string{"content/a.md": page,
			"layouts/partials/menu.html": `{{ if gt . 0 }}<ul><li>{{ . }}{{ partial "menu.html" (sub . 1) }}</li></ul>{{ end }}`,
			"layouts/single.html":        `{{ partial "menu.html" 8 }}`}, ""},
		{"seq of two billion", map[string]string{"content/a.md": page, "layouts/single.html": `{{ range seq 2000000000 }}x{{ end }}`},
			"layouts/single.html:1:9: in {{ seq 2000000000 }}: seq 2000000000: a list of more than"},
		{"YAML nested 100,000 levels in front matter", map[string]string{"content/a.md": "---\ntitle: A\nx: " + strings.Repeat("[", 100_000) + "\n---\n"},
			"content/a.md:3: the values here are nested more than 100 levels deep"},
		{"YAML nested in data", map[string]string{"content/a.md": page, "data/d.yaml": "\na: " + strings.Repeat("[", 100_000) + "\n"},
			"data/d.yaml:2: the values here are nested"},
		{"TOML nested in data", map[string]string{"content/a.md": page, "data/d.toml": "a = " + strings.Repeat("[", 100_000) + "\n"},
			"data/d.toml:1: the values here are nested"},
		{"JSON nested in data", map[string]string{"content/a.md": page, "data/d.json": strings.Repeat("[", 100_000)},
			"data/d.json:1: the values here are nested"},
		{"brackets in quotes do not count", map[string]string{"content/a.md": "---\ntitle: \"" + strings.Repeat("[", 500) + "\"\n---\n"}, ""},
		{"alias bomb in data", map[string]string{"content/a.md": page, "data/d.yaml": aliasBomb("")},
			"data/d.yaml:1: the aliases (*name) of this YAML would repeat more than"},
		{"alias bomb in front matter", map[string]string{"content/a.md": "---\ntitle: A\nparams:\n" + aliasBomb("  ") + "---\n"},
			"content/a.md:2: the aliases"},
		{"a few aliases are fine", map[string]string{"content/a.md": page, "data/d.yaml": "a: &a [1, 2]\nb: *a\n"}, ""},
		{"150,000 front matter keys", map[string]string{"content/a.md": manyKeys}, "content/a.md:2: the front matter has more than 1000 fields"},
		{"50,000 identical headings", map[string]string{"content/a.md": page + strings.Repeat("## Titre\n\n", 50_000)}, ""},
		{"quotes nested 50,000 deep", map[string]string{"content/a.md": page + strings.Repeat(">", 50_000) + " x\n"},
			"content/a.md:5: lists or quotes (>) are nested here more than 100 levels deep"},
		{"lists nested 3,000 deep", map[string]string{"content/a.md": page + func() string {
			var b strings.Builder
			for i := range 3000 {
				b.WriteString(strings.Repeat("  ", i) + "- x\n")
			}
			return b.String()
		}()}, "content/a.md:206: lists or quotes"},
		{"50,000 brackets", map[string]string{"content/a.md": page + strings.Repeat("[", 50_000) + "x" + strings.Repeat("]", 50_000) + "\n"}, ""},
		{"20,000 unclosed links", map[string]string{"content/a.md": page + strings.Repeat("[a](", 20_000) + "\n"}, "content/a.md:5: this paragraph opens more than 1000 links"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := boundtest.Alloc(t, hostileAlloc, "the build", func(ctx context.Context) error {
				_, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(tt.files), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now}).Build(ctx)
				return err
			})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("build failed: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("build passed, want %q", tt.want)
			}
			var l diag.List
			if !errors.As(err, &l) {
				t.Errorf("error is %T, not findings: %v", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain %q", err, tt.want)
			}
			if len(err.Error()) > 2000 {
				t.Errorf("the message is %d characters long", len(err.Error()))
			}
		})
	}
}

// TestSpecialFiles: a named pipe in content/ is left out with a warning
// instead of blocking the build.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte("---\ntitle: A\n---\nTexte.\n"), 0o644)
	if err := mkfifo(filepath.Join(dir, "content", "pipe.md")); err != nil {
		t.Skip("no named pipes here:", err)
	}
	var res Result
	err := boundtest.Run(t, "a build with a named pipe in content/", func(ctx context.Context) error {
		var err error
		res, err = New(Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: filepath.Join(dir, "public"), Now: now}).Build(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Warnings.Error(), "content/pipe.md: warning: this is not a file but a named pipe: left out") {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

// TestGrowthLimits: inputs whose cost grew faster than their size (the
// YAML parser with many keys, goldmark with many unclosed links or list
// markers on one line, a very wide table) are refused at a limit, at
// their file and line, with bounded memory; the same kinds of text under
// the limits build, and ordinary text grows linearly.
func TestGrowthLimits(t *testing.T) {
	page := "---\ntitle: A\n---\nTexte.\n"
	keys := func(indent string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%sk%d: 1\n", indent, i)
		}
		return b.String()
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"front matter keys under params", map[string]string{"content/a.md": "---\ntitle: A\nparams:\n" + keys("  ", 150_000) + "---\n"},
			"content/a.md:1002: the front matter has more than 1000 values"},
		{"top-level front matter keys, as the quick reader takes them", map[string]string{"content/a.md": "---\n" + keys("", 150_000) + "---\n"},
			"content/a.md:2: the front matter has more than 1000 fields"},
		{"keys of a data file", map[string]string{"content/a.md": page, "data/d.yaml": keys("", 150_000)},
			"data/d.yaml:10001: this data file has more than 10000 values"},
		{"keys of a data file on one line", map[string]string{"content/a.md": page, "data/d.yaml": "{" + strings.ReplaceAll(keys("", 150_000), "\n", ", ") + "}"},
			"data/d.yaml:1: this data file has more than 10000 values"},
		{"unclosed links", map[string]string{"content/a.md": page + strings.Repeat("[a](", 80_000) + "\n"},
			"content/a.md:5: this paragraph opens more than 1000 links"},
		{"list markers on one line", map[string]string{"content/a.md": page + strings.Repeat("- ", 160_000) + "x\n"},
			"content/a.md:5: lists or quotes (>) are nested here more than 100 levels deep"},
		{"a 5,000-column table", map[string]string{"content/a.md": page + "|" + strings.Repeat(" a |", 5000) + "\n|" + strings.Repeat("---|", 5000) + "\n|" +
			strings.Repeat(" b |", 5000) + "\n"}, "content/a.md:6: this table has more than 100 columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := boundtest.Alloc(t, 64<<20, "the build", func(ctx context.Context) error {
				_, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(tt.files), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now}).Build(ctx)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %.300v, want %q", err, tt.want)
			}
		})
	}
	// At the limits, they build.
	atLimit := map[string]string{
		"content/a.md":  "---\ntitle: A\nparams:\n" + keys("  ", 990) + "---\n" + strings.Repeat("[b](/b/) ", 1000) + "\n\n" + strings.Repeat("- ", 99) + "x\n",
		"content/b.md":  "---\ntitle: B\n---\n|" + strings.Repeat(" a |", 100) + "\n|" + strings.Repeat("---|", 100) + "\n",
		"data/d.yaml":   keys("", 10_000),
		"layouts/x.txt": "",
	}
	if _, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(atLimit), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now}).Build(context.Background()); err != nil {
		t.Errorf("at the limits: %v", err)
	}
	// Ordinary text, of many paragraphs with links, headings and lists,
	// costs as much again for each part added.
	boundtest.Growth(t, "a long page", 200, func(ctx context.Context, n int) error {
		var b strings.Builder
		b.WriteString(page)
		for i := range n {
			fmt.Fprintf(&b, "## Partie %d\n\nUn paragraphe avec [un lien](/a/) et [un autre](https://example.org/%d).\n\n- un\n- deux\n\n", i, i)
		}
		_, err := New(Options{Extensions: builtin.Extensions(), Source: mapFS(map[string]string{"content/a.md": b.String()}), Theme: relais.Theme(),
			Dest: filepath.Join(t.TempDir(), "public"), Now: now}).Build(ctx)
		return err
	})
}
