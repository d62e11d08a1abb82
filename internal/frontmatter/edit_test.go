package frontmatter

import (
	"strings"
	"testing"
)

func TestEdit(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		changes []Change
		want    string
	}{
		{"a changed field keeps its place and the comments",
			"---\n# Le titre de la page\ntitle: \"Ancien\" \n# la date\ndate: 2026-01-02\n---\nTexte *tel quel*.\n",
			[]Change{{"title", "Nouveau « titre »"}},
			"---\n# Le titre de la page\ntitle: \"Nouveau « titre »\"\n# la date\ndate: 2026-01-02\n---\nTexte *tel quel*.\n"},
		{"a new field goes at the end, in the order given",
			"---\ntitle: \"T\"\n---\n\nCorps\n",
			[]Change{{"date", Day("2026-12-02")}, {"tags", Flow{"famille", "droits"}}, {"draft", true}},
			"---\ntitle: \"T\"\ndate: 2026-12-02\ntags: [\"famille\", \"droits\"]\ndraft: true\n---\n\nCorps\n"},
		{"a removed field goes with its block lines, not the comment after",
			"---\ntitle: \"T\"\nobjectifs_generaux:\n  - \"un\"\n  - \"deux\"\n# fin\ndraft: true\n---\n",
			[]Change{{"objectifs_generaux", nil}, {"draft", nil}},
			"---\ntitle: \"T\"\n# fin\n---\n"},
		{"a block list at column 0 is the field's",
			"---\nmateriel:\n- a\n- b\ntitle: x\n---\n",
			[]Change{{"materiel", Block{"Paperboard", "Feutres"}}},
			"---\nmateriel:\n  - \"Paperboard\"\n  - \"Feutres\"\ntitle: x\n---\n"},
		{"steps, in flow maps with their keys in order",
			"---\ntitle: x\n---\n",
			[]Change{{"sequence", Maps{{{"titre", "Accueil"}, {"duree", "10 min"}}, {{"titre", "Pause"}, {"duree", "5 min"}}}}},
			"---\ntitle: x\nsequence:\n  - {titre: \"Accueil\", duree: \"10 min\"}\n  - {titre: \"Pause\", duree: \"5 min\"}\n---\n"},
		{"quotes, backslashes and new lines are escaped",
			"---\ntitle: x\n---\n",
			[]Change{{"summary", "Elle dit \"non\" \\ puis\nreprend"}},
			"---\ntitle: x\nsummary: \"Elle dit \\\"non\\\" \\\\ puis\\nreprend\"\n---\n"},
		{"a file without front matter gets one, its text untouched",
			"Juste du texte.\r\n",
			[]Change{{"title", "T"}},
			"---\r\ntitle: \"T\"\r\n---\r\n\r\nJuste du texte.\r\n"},
		{"Windows line ends stay Windows line ends",
			"---\r\ntitle: \"a\"\r\ndraft: true\r\n---\r\nTexte\r\n",
			[]Change{{"title", "b"}},
			"---\r\ntitle: \"b\"\r\ndraft: true\r\n---\r\nTexte\r\n"},
		{"the byte order mark stays",
			"\ufeff---\ntitle: a\n---\n",
			[]Change{{"cover", Map{{"image", "photo.jpg"}, {"alt", "Un bureau"}}}},
			"\ufeff---\ntitle: a\ncover: {image: \"photo.jpg\", alt: \"Un bureau\"}\n---\n"},
		{"an empty front matter",
			"---\n---\nTexte\n",
			[]Change{{"title", "T"}},
			"---\ntitle: \"T\"\n---\nTexte\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Edit("x.md", []byte(tt.src), tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestEditRefuses(t *testing.T) {
	tests := []struct {
		name, src string
		changes   []Change
		want      string
	}{
		{"TOML", "+++\ntitle = \"a\"\n+++\n", []Change{{"title", "b"}}, "TOML"},
		{"a bad date", "---\ntitle: a\n---\n", []Change{{"date", Day("2 décembre")}}, "not a date"},
		{"a broken front matter", "---\ntitle: [a\n---\n", []Change{{"title", "b"}}, ""},
		{"a value it cannot write", "---\ntitle: a\n---\n", []Change{{"title", 1.5}}, "cannot write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Edit("x.md", []byte(tt.src), tt.changes)
			if err == nil {
				t.Fatalf("no error; wrote %q", out)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

// FuzzEdit: whatever the file, an edit that succeeds reads back with the
// value set and the body byte for byte.
func FuzzEdit(f *testing.F) {
	f.Add("---\ntitle: a\n# c\ntags: [x]\n---\nbody\n", "un titre")
	f.Add("texte", "x\"y\\z")
	f.Add("---\nsequence:\n- {a: 1}\n---\n", "")
	f.Fuzz(func(t *testing.T, src, title string) {
		out, err := Edit("x.md", []byte(src), []Change{{"title", title}})
		if err != nil {
			return
		}
		doc, err := Split("x.md", out)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := Split("x.md", []byte(src))
		body := string(doc.Body)
		if before.Format == None && body != string(before.Body) {
			body = strings.TrimPrefix(strings.TrimPrefix(body, "\r\n"), "\n")
		}
		if body != string(before.Body) {
			t.Fatalf("body changed: %q → %q", before.Body, doc.Body)
		}
	})
}
