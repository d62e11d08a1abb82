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
			"layouts/single.html:1:9: in {{ seq 2000000000 }}: error calling seq: seq 2000000000: a list of more than"},
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
		{"20,000 unclosed links", map[string]string{"content/a.md": page + strings.Repeat("[a](", 20_000) + "\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := boundtest.Alloc(t, hostileAlloc, "the build", func(ctx context.Context) error {
				_, err := New(Options{Source: mapFS(tt.files), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public"), Now: now}).Build(ctx)
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
		res, err = New(Options{Source: os.DirFS(dir), Theme: relais.Theme(), Dest: filepath.Join(dir, "public"), Now: now}).Build(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Warnings.Error(), "content/pipe.md: warning: this is not a file but a named pipe: left out") {
		t.Errorf("warnings: %v", res.Warnings)
	}
}
