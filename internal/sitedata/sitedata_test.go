package sitedata

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	ignored := func(name string) bool { return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") }
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // a value as %v of Values["numeros"], or a finding
		warn  string
	}{
		{"toml", map[string]string{"data/numeros.toml": "a = 1\n"}, "map[a:1]", ""},
		{"yaml", map[string]string{"data/numeros.yaml": "a: 1\n"}, "map[a:1]", ""},
		{"json", map[string]string{"data/numeros.json": `{"a": 1}`}, "map[a:1]", ""},
		{"no data folder", map[string]string{"content/a.md": "x"}, "<nil>", ""},
		{"a hidden file is not read", map[string]string{"data/.numeros.toml": "a = [", "data/numeros.toml": "a = 1\n"}, "map[a:1]", ""},
		{"json cut short", map[string]string{"data/numeros.json": "{\"a\": [1,\n2"}, "data/numeros.json:2: this JSON ends before its last value is closed", ""},
		{"json with a comma too many", map[string]string{"data/numeros.json": "{\"a\": 1,\n}"}, "data/numeros.json:2: this JSON cannot be read from this line", ""},
		{"two files, one name", map[string]string{"data/numeros.toml": "a = 1\n", "data/numeros.yaml": "a: 2\n"}, "gives .Site.Data.numeros too", ""},
		{"a file and a folder of one name", map[string]string{"data/numeros.toml": "a = 1\n", "data/numeros/b.toml": "c = 2\n"}, "map[a:1 b:map[c:2]]", "the folder data/numeros/ beside this file gives .Site.Data.numeros too"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, body := range tc.files {
				fsys[p] = &fstest.MapFile{Data: []byte(body)}
			}
			d, err := Load(fsys, nil, ignored)
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = strings.ReplaceAll(strings.ReplaceAll(fmtValue(d.Values["numeros"]), "\n", " "), "  ", " ")
				if d.Hash == 0 {
					t.Errorf("hash 0")
				}
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if tc.warn != "" && !strings.Contains(d.Warnings.Error(), tc.warn) {
				t.Errorf("warnings %v, want %s", d.Warnings, tc.warn)
			}
		})
	}
}

func fmtValue(v any) string { return fmt.Sprint(v) }
