package site

import (
	"context"
	"path/filepath"
	"testing"

	"relais"
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
		_, _ = New(Options{Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(dir, "out"), Now: now}).Build(context.Background())
	})
}
