package sitecheck

import (
	"bytes"
	"slices"
	"testing"
)

// attrValuesSimple is AttrValues written plainly, to check it against.
func attrValuesSimple(b []byte, attr string) []string {
	var out []string
	key := []byte(" " + attr + `="`)
	for i := 0; ; {
		j := bytes.Index(b[i:], key)
		if j < 0 {
			return out
		}
		start := i + j + len(key)
		end := bytes.IndexByte(b[start:], '"')
		if end < 0 {
			return out
		}
		out = append(out, string(b[start:start+end]))
		i = start + end
	}
}

func TestAttrValues(t *testing.T) {
	tests := []struct {
		html string
		want []string
	}{
		{`<h2 id="a">x</h2><p id="b" class="c">`, []string{"a", "b"}},
		{`<a href="/x?a=b" id="c">`, []string{"c"}},
		{`<p data-id="no">id="no" <span id="">`, []string{""}},
		{`<p id="unclosed`, nil},
		{`id="start"`, nil},
		{`<p  id="two" id=x id="three">`, []string{"two", "three"}},
	}
	for _, tc := range tests {
		if got := AttrValues([]byte(tc.html), "id"); !slices.Equal(got, tc.want) {
			t.Errorf("AttrValues(%q) = %q, want %q", tc.html, got, tc.want)
		}
	}
}

func FuzzAttrValues(f *testing.F) {
	f.Add(`<h2 id="a">x</h2><p id="b" class="c">`, "id")
	f.Add(`<a href="/x?a=b" id="c">`, "href")
	f.Fuzz(func(t *testing.T, s, attr string) {
		if got, want := AttrValues([]byte(s), attr), attrValuesSimple([]byte(s), attr); !slices.Equal(got, want) {
			t.Errorf("AttrValues(%q, %q) = %q, want %q", s, attr, got, want)
		}
	})
}
