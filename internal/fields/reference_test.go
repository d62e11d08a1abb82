package fields_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relais/internal/agenda"
	"relais/internal/directory"
	"relais/internal/fields"
	"relais/internal/i18n"
	"relais/internal/kit"
	"relais/internal/page"
)

var kindNames = map[fields.Kind]string{fields.Text: "text", fields.LongText: "paragraph", fields.Date: "date (2026-12-02)",
	fields.Bool: "true or false", fields.List: "list", fields.Lines: "list, one per line", fields.Choice: "one of",
	fields.Choices: "some of", fields.Phone: "phone number", fields.Email: "email address", fields.URL: "web address",
	fields.Image: "{image, alt}", fields.Steps: "steps {titre, duree, methode, materiel}", fields.Number: "whole number"}

// reference is docs/fields.md: the fields of each kind of page, as their
// decoders declare them, in English and French.
func reference() []byte {
	var b bytes.Buffer
	b.WriteString("# Front matter fields\n\n")
	b.WriteString("Generated from the declarations the decoders and the editor of `relais serve` use (package `fields`) by `TestFieldReference`: `RELAIS_UPDATE=1 go test ./internal/fields` writes it again. Every page also takes the site's taxonomies (`tags`, and those of `[taxonomies]` in site.toml) and the other fields of the README's table.\n")
	for _, sec := range []struct {
		title string
		defs  []fields.Def
	}{
		{"Every page", page.Fields},
		{"A workshop kit (content/ateliers/NAME/index.md)", kit.Fields},
		{"A partner (content/partenaires/NAME.md, or a spreadsheet's column)", directory.Fields},
		{"A workshop session (content/agenda/NAME.md)", agenda.Fields},
	} {
		fmt.Fprintf(&b, "\n## %s\n\n| field | holds | required | English | français | what to write |\n|---|---|---|---|---|---|\n", sec.title)
		for _, d := range sec.defs {
			holds := kindNames[d.Kind]
			if len(d.Choices) > 0 {
				holds += ": " + strings.Join(d.Choices, ", ")
			}
			req := ""
			if d.Required {
				req = "yes"
			}
			help := ""
			if d.Help.Format != "" {
				help = d.Help.In(i18n.English)
			}
			if d.Example != "" {
				help = strings.TrimSpace(help + " (`" + d.Key + ": " + d.Example + "`)")
			}
			key := "`" + d.Key + "`"
			for _, a := range d.Aliases {
				key += " (`" + a + "`)"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", key, holds, req, d.Label.In(i18n.English), d.Label.In(i18n.French),
				strings.ReplaceAll(help, "|", "\\|"))
		}
	}
	return b.Bytes()
}

// TestFieldReference: docs/fields.md is what the decoders declare.
func TestFieldReference(t *testing.T) {
	got := reference()
	p := filepath.Join("..", "..", "docs", "fields.md")
	if os.Getenv("RELAIS_UPDATE") == "1" {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("docs/fields.md is not what the decoders declare: RELAIS_UPDATE=1 go test ./internal/fields writes it again")
	}
}

// TestDeclared: every declared field is one its decoder knows (a page
// with it has no "unknown field" warning), and each key is declared once.
func TestDeclared(t *testing.T) {
	for name, defs := range map[string][]fields.Def{"page": page.Fields, "kit": kit.Fields, "partner": directory.Fields} {
		seen := map[string]bool{}
		for _, d := range defs {
			if seen[d.Key] {
				t.Errorf("%s: %s declared twice", name, d.Key)
			}
			seen[d.Key] = true
			if d.Label.Format == "" {
				t.Errorf("%s: %s has no label", name, d.Key)
			}
			if (d.Kind == fields.Choice) != (len(d.Choices) > 0) && d.Kind != fields.Choices {
				t.Errorf("%s: %s: a choice needs its choices", name, d.Key)
			}
		}
	}
	for _, k := range fields.Keys(page.Fields) {
		found := false
		for _, b := range page.BaseKeys {
			found = found || b == k
		}
		if !found {
			t.Errorf("%s is a page field the decoder does not know", k)
		}
	}
	if got := fields.Keys(kit.Fields); strings.Join(got, ",") != strings.Join(kit.Keys, ",") {
		t.Errorf("kit.Keys %v are not its declared fields %v", kit.Keys, got)
	}
	if got := fields.Keys(directory.Fields); strings.Join(got, ",") != strings.Join(directory.Keys, ",") {
		t.Errorf("directory.Keys %v are not its declared fields %v", directory.Keys, got)
	}
}
