package site

import (
	"context"
	"path/filepath"
	"testing"

	"relais"
	"relais/internal/boundtest"
	"relais/internal/builtin"
)

// FuzzPage builds a one-page site from any bytes: the build may fail with
// findings, but must never panic.
func FuzzPage(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\ndate: 2026-01-01\ntags: [a, b]\n---\n# T\n\nText [l](/x/).\n",
		"+++\ntitle = 1\n+++\n```go\nx\n```\n",
		"---\ndate: [1]\naliases: {a: 1}\nweight: 1.5\n---\n",
		"---\nurl: ../../etc\nslug: '***'\n---\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := mapFS(map[string]string{"content/p.md": string(src)})
		_, _ = New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(dir, "out"), Now: now}).Build(context.Background())
	})
}

// FuzzData builds a site whose data/ holds any bytes, as YAML, TOML and
// JSON: the build may fail with findings, but must never panic, and ends
// whatever the input (deep nesting, alias bombs).
func FuzzData(f *testing.F) {
	for _, s := range []string{
		"a: 1\nb: [x, y]\nc: {d: e}\n",
		"a = 1\n[b]\nc = \"d\"\n",
		`{"a": [1, 2, {"b": null}]}`,
		"a: &x [1, 2]\nb: *x\n",
		"[[[[[[[[",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, ext := range []string{"yaml", "toml", "json"} {
			fsys := mapFS(map[string]string{"content/p.md": "---\ntitle: P\n---\nx\n", "data/d." + ext: string(src)})
			_ = boundtest.Run(t, "a build of data/d."+ext, func(ctx context.Context) error {
				_, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(dir, "out"), Now: now}).Build(ctx)
				return err
			})
		}
	})
}
