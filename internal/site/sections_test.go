package site

import (
	"strings"
	"testing"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
)

// calendar is a third kind of section, as a site would add one: workshop
// dates in content/calendrier/, each with its place, strictly checked.
type calendar struct{}

type session struct{ Place string }

func (calendar) Owns(rel string) bool { return strings.HasPrefix(rel, "calendrier/") }
func (calendar) Fields() []fields.Def {
	return []fields.Def{{Key: "lieu", Kind: fields.Text, Label: i18n.T("Place"), Required: true}}
}
func (calendar) Strict() bool { return true }
func (calendar) Decode(file string, fs []frontmatter.Field, _ *config.Config, _ time.Time) (any, diag.List) {
	var l diag.List
	s := &session{}
	for _, f := range fs {
		if f.Key == "lieu" {
			s.Place = frontmatter.Text(f.Value)
		}
	}
	if s.Place == "" {
		l.Add(diag.Errorf(file, 1, "the kit has no %s", "lieu"))
	}
	return s, l
}

// TestThirdSection: a kind of section is one value and one registration:
// its fields are known, its unknown ones are errors, its Decode runs on
// its pages only, and the kits and the directory keep theirs.
func TestThirdSection(t *testing.T) {
	files := map[string]string{
		"site.toml":                  "title = \"Essai\"\nbaseURL = \"https://example.org/\"\n",
		"content/_index.md":          "---\ntitle: Accueil\n---\n",
		"content/calendrier/mars.md": "---\ntitle: Mars\nlieu: MECS du Parc\n---\nSéance.\n",
		"content/articles/a.md":      "---\ntitle: A\nlieu: ignoré\n---\nTexte.\n",
	}
	sections := append(append([]Section{}, DefaultSections...), calendar{})
	_, res, err := build(t, files, func(o *Options) { o.Sections = sections })
	if err != nil {
		t.Fatal(err)
	}
	var said []string
	for _, w := range res.Warnings {
		said = append(said, w.Error())
	}
	all := strings.Join(said, "\n")
	if strings.Contains(all, "calendrier/mars.md") {
		t.Errorf("the section's own field is unknown:\n%s", all)
	}
	if !strings.Contains(all, `content/articles/a.md:3: warning: unknown field "lieu"`) {
		t.Errorf("an article takes the section's field:\n%s", all)
	}
	files["content/calendrier/avril.md"] = "---\ntitle: Avril\nsalle: 3\n---\n"
	_, _, err = build(t, files, func(o *Options) { o.Sections = sections })
	if err == nil || !strings.Contains(err.Error(), `content/calendrier/avril.md:3: unknown field "salle"`) ||
		!strings.Contains(err.Error(), "content/calendrier/avril.md:1: the kit has no lieu") {
		t.Errorf("the section's rules do not hold: %v", err)
	}
}
