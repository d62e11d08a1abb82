// Package kit reads workshop kits (kits pédagogiques): a page bundle in
// content/ateliers/NAME/ whose index.md front matter describes the
// workshop, with its facilitator guide (animateur.md), participant
// handouts (fiches/*.md) and other files beside it.
//
// Decode checks the front matter: required fields, durations ("2 h",
// "1 h 30", "90 min" or ISO 8601 "PT1H30M"), age ranges ("12-17"), and
// that the sequence's steps add up to the total duration (a warning with
// both numbers when they do not). Every finding names file:line.
package kit

import (
	"fmt"
	"path"
	"regexp"
	"relais/internal/duration"
	"strconv"
	"strings"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/page"
	"relais/internal/pdfdoc"
)

// Section is the content folder of the kits.
const Section = "ateliers"

// Fields are the front matter fields of a kit, besides every page's.
var Fields = []fields.Def{
	{Key: "version", Kind: fields.Text, Label: i18n.T("Version"), Required: true, Example: "1.0",
		Help: i18n.T("raise it when the kit changes: the archive's name has it")},
	{Key: "auteurs", Kind: fields.List, Label: i18n.T("Authors"), Required: true},
	{Key: "licence", Kind: fields.Text, Label: i18n.T("Licence"), Required: true, Example: "CC BY-SA 4.0",
		Help: i18n.T("what others may do with the kit")},
	{Key: "public", Kind: fields.Text, Label: i18n.T("Audience"), Required: true,
		Example: "Adolescents accueillis en MECS"},
	{Key: "cadre", Kind: fields.Text, Label: i18n.T("Setting"), Example: "MECS"},
	{Key: "ages", Kind: fields.Text, Label: i18n.T("Ages"), Required: true, Example: "12-17",
		Help: i18n.T("the youngest and the oldest, such as 12-17")},
	{Key: "participants", Kind: fields.Text, Label: i18n.T("Participants"), Required: true, Example: "6 à 10"},
	{Key: "duree", Kind: fields.Text, Label: i18n.T("Duration"), Required: true, Example: "2 h",
		Help: i18n.T("such as 2 h, 1 h 30 or 90 min; the steps of the sequence add up to it")},
	{Key: "objectifs_generaux", Kind: fields.Lines, Label: i18n.T("General objectives"), Required: true,
		Help: i18n.T("one per line")},
	{Key: "objectifs_operationnels", Kind: fields.Lines, Label: i18n.T("Operational objectives"), Help: i18n.T("one per line")},
	{Key: "prerequis", Kind: fields.Lines, Label: i18n.T("Prerequisites"), Help: i18n.T("one per line")},
	{Key: "materiel", Kind: fields.Lines, Label: i18n.T("Materials"), Help: i18n.T("one per line")},
	{Key: "salle", Kind: fields.Text, Label: i18n.T("Room")},
	{Key: "sequence", Kind: fields.Steps, Label: i18n.T("Sequence"), Required: true,
		Help: i18n.T("the steps of the session, in order, each with its duration")},
	{Key: "themes", Kind: fields.List, Label: i18n.T("Themes")},
}

// Keys are the front matter fields of a kit, besides every page's.
var Keys = fields.Keys(Fields)

// required are the fields a kit must have.
var required = fields.Required(Fields)

// Step is one step of a kit's sequence.
type Step struct {
	Title     string
	Minutes   int
	Method    string
	Materials string
}

// Kit is a workshop kit's description.
type Kit struct {
	Version      string
	Authors      []string
	Licence      string
	Audience     string
	Setting      string
	AgeMin       int
	AgeMax       int
	Participants string
	Minutes      int
	General      []string
	Operational  []string
	Prerequisite []string
	Materials    []string
	Room         string
	Sequence     []Step
}

// Ages is the age range as written for people ("12 à 17 ans") and for
// schema.org ("12-17").
func (k *Kit) Ages() string { return fmt.Sprintf("%d-%d", k.AgeMin, k.AgeMax) }

// ISODuration is the total duration in ISO 8601, as schema.org wants it.
func (k *Kit) ISODuration() string { return duration.ISO(k.Minutes) }

var ageRe = regexp.MustCompile(`^(\d+)\s*(?:-|–|à)\s*(\d+)(?:\s*ans)?$`)

// ParseAges reads an age range: "12-17", "12 à 17 ans".
func ParseAges(s string) (int, int, error) {
	m := ageRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0, i18n.Errorf("%q is not an age range: write it as 12-17", s)
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	if a > b || b > 120 {
		return 0, 0, i18n.Errorf("%q is not an age range: the first age must not be above the second", s)
	}
	return a, b, nil
}

// Decode reads a kit from its index.md front matter fields.
func Decode(file string, fields []frontmatter.Field) (*Kit, diag.List) {
	var l diag.List
	k := &Kit{}
	have := map[string]int{}
	for _, f := range fields {
		have[f.Key] = f.Line
		bad := func(format string, args ...any) *diag.Finding {
			fd := diag.Errorf(file, f.Line, "%s: %s", f.Key, fmt.Sprintf(format, args...))
			l.Add(fd)
			return fd
		}
		switch f.Key {
		case "version":
			k.Version = frontmatter.Text(f.Value)
		case "auteurs":
			k.Authors = frontmatter.List(f.Value)
		case "licence":
			k.Licence = frontmatter.Text(f.Value)
		case "public":
			k.Audience = frontmatter.Text(f.Value)
		case "cadre":
			k.Setting = frontmatter.Text(f.Value)
		case "ages":
			a, b, err := ParseAges(frontmatter.Text(f.Value))
			if err != nil {
				bad("%v", err)
			}
			k.AgeMin, k.AgeMax = a, b
		case "participants":
			k.Participants = frontmatter.Text(f.Value)
		case "duree":
			m, err := duration.Parse(frontmatter.Text(f.Value))
			if err != nil {
				bad("%v", err)
			}
			k.Minutes = m
		case "objectifs_generaux":
			k.General = frontmatter.List(f.Value)
		case "objectifs_operationnels":
			k.Operational = frontmatter.List(f.Value)
		case "prerequis":
			k.Prerequisite = frontmatter.List(f.Value)
		case "materiel":
			k.Materials = frontmatter.List(f.Value)
		case "salle":
			k.Room = frontmatter.Text(f.Value)
		case "sequence":
			steps, ok := f.Value.([]any)
			if !ok {
				bad("the sequence is a list of steps").WithHint("write each step as - {titre: Accueil, duree: 10 min, methode: tour de table}")
				continue
			}
			for i, st := range steps {
				m, ok := st.(map[string]any)
				if !ok {
					bad("step %d is not a step with titre and duree", i+1)
					continue
				}
				step := Step{Title: frontmatter.Text(m["titre"]), Method: frontmatter.Text(m["methode"]), Materials: frontmatter.Text(m["materiel"])}
				if step.Title == "" {
					bad("step %d has no titre", i+1)
				}
				d, err := duration.Parse(frontmatter.Text(m["duree"]))
				if err != nil {
					bad("step %d: %v", i+1, err)
				}
				step.Minutes = d
				k.Sequence = append(k.Sequence, step)
			}
		}
	}
	for _, r := range required {
		if _, ok := have[r]; !ok {
			l.Add(diag.Errorf(file, 1, "the kit has no %s", r).WithHint("add %s: to the front matter of the kit's index.md", r))
		}
	}
	if len(l.Errors()) == 0 && len(k.Sequence) > 0 {
		sum := 0
		for _, s := range k.Sequence {
			sum += s.Minutes
		}
		if sum != k.Minutes {
			l.Add(diag.Warnf(file, have["sequence"], "the steps of the sequence last %s in all, but the kit says %s", duration.French(sum), duration.French(k.Minutes)).
				WithHint("correct a step's duree, or the kit's duree"))
		}
	}
	return k, l
}

// Extension is the kits' section for the orchestrator (site.Section):
// a kit is a bundle directly in content/ateliers/, whose unknown fields
// are errors (a misspelt field hides part of the workshop).
type Extension struct{}

// Owns reports a kit's index: "ateliers/NAME/index.md" (or
// index.markdown, index.fr.md).
func (Extension) Owns(rel string) bool {
	parts := strings.Split(rel, "/")
	return len(parts) == 3 && parts[0] == Section && strings.HasPrefix(parts[2], "index.")
}

// Fields are a kit's fields besides every page's.
func (Extension) Fields() []fields.Def { return Fields }

// Strict: a field a kit does not know is an error.
func (Extension) Strict() bool { return true }

// Decode reads a kit's fields.
func (Extension) Decode(file string, fs []frontmatter.Field, _ *config.Config, _ time.Time) (any, diag.List) {
	return Decode(file, fs)
}

// Folder is the kits' folder of content/.
func (Extension) Folder() string { return Section }

// Facets filter the kits by audience, duration and theme.
func (Extension) Facets() []page.Facet {
	return []page.Facet{
		{Key: "public", Label: "kitAudience", Values: kitValues(func(k *Kit) []string { return []string{k.Audience} })},
		{Key: "duree", Label: "kitDuration", Values: kitValues(func(k *Kit) []string { return []string{duration.French(k.Minutes)} })},
		// The kits' own themes: the site-wide theme pages list articles too.
		{Key: "theme", Label: "taxonomyTitle.themes", Values: func(p *page.Page) []string {
			if _, ok := p.Extra.(*Kit); ok {
				return p.Terms["themes"]
			}
			return nil
		}},
	}
}

func kitValues(f func(*Kit) []string) func(*page.Page) []string {
	return func(p *page.Page) []string {
		if x, ok := p.Extra.(*Kit); ok {
			return f(x)
		}
		return nil
	}
}

// OffersFiles: a kit's files are for facilitators to download, linked
// from its page or not.
func (Extension) OffersFiles() bool { return true }

// CheckText warns of a character of a kit page's title or text (body,
// whose first line is the file's line first) that the kits' PDFs cannot
// print: their fonts have the Latin scripts only.
func (Extension) CheckText(p *page.Page, body []byte, first int) diag.List {
	var l diag.List
	if r, line := unprintable(p.Title, body, first); r != 0 {
		if line == 0 {
			line = p.FieldLine("title", 1)
		}
		l.Add(diag.Warnf(p.File, line, "« %c » (%U) cannot be printed in the kit's PDF: it shows there as an empty box", r, r).
			WithHint("write it in words, or leave it out (the PDFs print the Latin alphabets, their accents and punctuation, and Arabic)"))
	}
	return l
}

// unprintable returns the first character of a kit page's title or text
// that its PDF cannot print, and its line in the text (0 in the title);
// 0 and 0 if none.
func unprintable(title string, body []byte, first int) (rune, int) {
	for _, r := range title {
		if !pdfdoc.CanPrint(r) {
			return r, 0
		}
	}
	line := first
	for _, r := range string(body) {
		if r == '\n' {
			line++
		} else if !pdfdoc.CanPrint(r) && r != '\r' && r != '\ufeff' {
			return r, line
		}
	}
	return 0, 0
}

// IsGuide reports a kit's facilitator guide by its file name
// (animateur.md, or guide.md as other kits name it).
func IsGuide(name string) bool { return name == "animateur.md" || name == "guide.md" }

// GuideFirst orders a kit's facilitator guide before its handouts, and
// keeps the order of the others (for slices.SortStableFunc).
func GuideFirst(a, b *page.Page) int {
	isGuide := func(p *page.Page) bool { return IsGuide(path.Base(p.File)) }
	switch ga, gb := isGuide(a), isGuide(b); {
	case ga && !gb:
		return -1
	case gb && !ga:
		return 1
	}
	return 0
}
