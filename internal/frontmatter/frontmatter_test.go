package frontmatter

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSplitAndParse(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		bodyStart int
		fields    map[string]any
		lines     map[string]int
		err       string
	}{
		{name: "yaml", src: "---\ntitle: Bonjour\ndraft: true\nweight: 3\n---\nCorps\n", bodyStart: 6,
			fields: map[string]any{"title": "Bonjour", "draft": true, "weight": int64(3)},
			lines:  map[string]int{"title": 2, "draft": 3, "weight": 4}},
		{name: "toml", src: "+++\ntitle = \"Bonjour\"\n\ntags = [\"a\"]\n+++\nCorps\n", bodyStart: 6,
			fields: map[string]any{"title": "Bonjour"}, lines: map[string]int{"title": 2, "tags": 4}},
		{name: "none", src: "Juste du texte\n", bodyStart: 1, fields: map[string]any{}},
		{name: "bom and CRLF", src: "\ufeff---\r\ntitle: X\r\n---\r\nCorps", bodyStart: 4, fields: map[string]any{"title": "X"}},
		{name: "unclosed", src: "---\ntitle: X\n", err: "x.md:1: the front matter opened"},
		{name: "duplicate", src: "---\ntitle: A\ntitle: B\n---\n", err: "x.md:3"},
		{name: "not a map", src: "---\n- a\n- b\n---\n", err: "x.md:2: the front matter is not a list"},
		{name: "bad toml", src: "+++\ntitle = \n+++\n", err: "x.md:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Split("x.md", []byte(tt.src))
			var fields []Field
			if err == nil {
				fields, err = Parse("x.md", d)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.BodyStart != tt.bodyStart {
				t.Errorf("BodyStart = %d, want %d", d.BodyStart, tt.bodyStart)
			}
			got := map[string]Field{}
			for _, f := range fields {
				got[f.Key] = f
			}
			for k, v := range tt.fields {
				if got[k].Value != v {
					t.Errorf("%s = %#v, want %#v", k, got[k].Value, v)
				}
			}
			for k, line := range tt.lines {
				if got[k].Line != line {
					t.Errorf("line of %s = %d, want %d", k, got[k].Line, line)
				}
			}
		})
	}
}

func TestDates(t *testing.T) {
	d, _ := Split("x.md", []byte("+++\ndate = 2026-11-26\n+++\n"))
	fields, err := Parse("x.md", d)
	if err != nil {
		t.Fatal(err)
	}
	if tm, ok := fields[0].Value.(time.Time); !ok || tm.Day() != 26 {
		t.Errorf("TOML local date = %#v", fields[0].Value)
	}
}

// FuzzParse checks that no input makes the front matter reader panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"---\ntitle: x\n---\n", "+++\ntitle = 'x'\n+++\n", "---\n[\n---\n", "---\na: &a [*a]\n---\n", "---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Split("f.md", src)
		if err != nil {
			return
		}
		_, _ = Parse("f.md", d)
	})
}

// simpleYAML, the quick reader of common front matter, gives the YAML
// parser's fields whenever it reads a front matter at all.
func FuzzSimpleYAML(f *testing.F) {
	for _, s := range []string{
		"title: \"Article 1 : accueil\"\ndate: 2024-03-05T10:00:00+01:00\ntags: [\"a\", \"b\"]\nsummary: \"Une phrase.\"\n",
		"title: \"x\"\ndraft: true\nweight: -3\n\nlastmod: 2024-01-02\n",
		"a: 0\nb: -0\nc: 007\nd: 123456789012345678\ne: \"\"\nf: [\"\"]\ng: false\n",
		"title: \"é « x » ?\"\nt2: 2024-03-05T10:00:00Z\n",
		"title: x\n", "a: \"b\"\na: \"c\"\n", "a: [\"x\",\"y\"]\n", "k: \"a\\\"b\"\n", "k_1: 1\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, ok := simpleYAML([]byte(src), 2)
		if !ok {
			return
		}
		want, err := fullYAML("x.md", []byte(src), 2)
		if err != nil {
			t.Fatalf("simpleYAML read %q, the YAML parser refuses it: %v", src, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\nsimple %#v\nparser %#v", src, got, want)
		}
	})
}

// The common front matter takes the quick path.
func TestSimpleYAMLUsed(t *testing.T) {
	for _, src := range []string{
		"title: \"Article 1 : accueil\"\ndate: 2024-03-05T10:00:00+01:00\ntags: [\"violences-conjugales\", \"partenariat\"]\nsummary: \"Une phrase.\"\n",
		"title: \"Un kit\"\nweight: 2\ndraft: false\n",
	} {
		if _, ok := simpleYAML([]byte(src), 2); !ok {
			t.Errorf("not read quickly:\n%s", src)
		}
	}
}

// TestJSONFrontMatter: a file that opens with a JSON object, as Hugo
// reads it, has its fields at their lines and its body after.
func TestJSONFrontMatter(t *testing.T) {
	src := "{\n  \"title\": \"Mon titre\",\n  \"date\": \"2024-01-15\",\n  \"tags\": [\"a\", \"b\"]\n}\n\nLe texte.\n"
	d, err := Split("x.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != JSON || string(d.Body) != "\nLe texte.\n" || d.BodyStart != 6 {
		t.Fatalf("format %v, body %q at line %d", d.Format, d.Body, d.BodyStart)
	}
	fields, err := Parse("x.md", d)
	if err != nil {
		t.Fatal(err)
	}
	if len(fields) != 3 || fields[0].Key != "title" || fields[0].Value != "Mon titre" || fields[0].Line != 2 || fields[2].Line != 4 {
		t.Errorf("fields %+v", fields)
	}
	if _, err := Split("x.md", []byte("{\n  \"title\": \"Mon titre\",\n  oups\n}\n")); err == nil || !strings.Contains(err.Error(), "x.md:3: the front matter that opens with { cannot be read as JSON from this line") {
		t.Errorf("error %v", err)
	}
	if d, _ := Split("x.md", []byte("{ \"title\": \"Court\" }\nTexte.\n")); d.Format != JSON || string(d.Body) != "Texte.\n" {
		t.Errorf("one-line JSON: %+v", d)
	}
}

func TestNotJSONFrontMatter(t *testing.T) {
	for _, src := range []string{"{{< ref \"a.md\" >}}\nTexte.\n", "{% include x.html %}\n", "{#id} texte\n"} {
		d, err := Split("x.md", []byte(src))
		if err != nil || d.Format != None || string(d.Body) != src {
			t.Errorf("%q: %+v, %v", src, d, err)
		}
	}
}
