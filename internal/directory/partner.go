package directory

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/page"
	"relais/internal/phone"
	"relais/internal/slug"
)

// Section is the content folder of the directory: one Markdown file per
// partner in content/partenaires/.
const Section = "partenaires"

// Types are the kinds of partner, after data·inclusion's typology and the
// field's words.
var Types = []string{"CIDFF", "CCAS", "CHRS", "ASE", "PJJ", "SPIP", "ASSO", "avocat", "juriste",
	"hébergement", "MECS", "police", "gendarmerie", "santé", "service social", "ligne d'écoute", "mairie", "école", "autre"}

// Shelters are the types whose location and contacts other than phone are
// never published: people fleeing violence are sheltered there. A site
// can add types (Options.Confidential).
var Shelters = []string{"CHRS", "hébergement"}

// Options say how to decode partners.
type Options struct {
	// MaxAge is how old a verification may be before a warning; 0: never.
	MaxAge time.Duration
	// Now is today.
	Now time.Time
	// Confidential are types published as shelters are, besides Shelters.
	Confidential []string
	// Column, for a row of a spreadsheet, is the title of the column of a
	// field as the sheet writes it ("Vérifié le" for verifie), so that a
	// hint speaks of her columns and cells; nil for a page's front matter.
	Column func(key string) string
}

// hint is the advice for field key: how to mend it in a page's front
// matter (md), or in the spreadsheet's cell (cell, with the column's
// title).
func (o Options) hint(key string, md, cell i18n.Text) i18n.Text {
	if o.Column == nil {
		return md
	}
	col := o.Column(key)
	if col == "" {
		col = key
	}
	return i18n.T("%s (column « %s »)", cell, col)
}

// confidential reports whether a type is published by phone only.
func (o Options) confidential(t string) bool {
	for _, c := range append(Shelters, o.Confidential...) {
		if strings.EqualFold(c, t) {
			return true
		}
	}
	return false
}

// ConfidentialKeys are what a shelter may not publish: every way to find it
// but its phone.
var ConfidentialKeys = confidentialKeys(Fields)

func confidentialKeys(defs []fields.Def) []string {
	var out []string
	for _, d := range defs {
		if d.Confidential {
			out = append(out, d.Key)
		}
	}
	return out
}

// Modes are the ways a partner receives people (modes_accueil).
var Modes = []string{"en-presentiel", "a-distance"}

// Fields are the front matter fields of a partner, in data·inclusion's
// French vocabulary, besides the fields every page has.
var Fields = []fields.Def{
	{Key: "type", Kind: fields.Choice, Label: i18n.T("Type"), Choices: Types, Required: true, ConfidentialChoices: Shelters,
		Help: i18n.T("a shelter (CHRS, hébergement) is published by phone only: never its address")},
	{Key: "services", Kind: fields.List, Label: i18n.T("Services")},
	{Key: "publics", Kind: fields.List, Label: i18n.T("Publics"), Example: "femmes, enfants"},
	{Key: "territoire", Kind: fields.Text, Label: i18n.T("Area served")},
	{Key: "adresse", Kind: fields.Text, Label: i18n.T("Address"), Confidential: true},
	{Key: "code_postal", Kind: fields.Text, Label: i18n.T("Postcode"), Example: "69003", Confidential: true},
	{Key: "commune", Kind: fields.Text, Label: i18n.T("Town"), Confidential: true},
	{Key: "telephone", Kind: fields.Phone, Label: i18n.T("Phone"), Example: "04 78 00 00 00"},
	{Key: "telephones", Kind: fields.List, Label: i18n.T("Other phones")},
	{Key: "courriel", Kind: fields.Email, Label: i18n.T("Email"), Confidential: true},
	{Key: "site_web", Kind: fields.URL, Label: i18n.T("Website"), Example: "https://", Confidential: true},
	{Key: "horaires_accueil", Kind: fields.Text, Label: i18n.T("Opening hours"), Example: "Lu-Ve 9h-12h30, 13h30-17h"},
	{Key: "modes_accueil", Kind: fields.Choices, Label: i18n.T("Ways of receiving people"), Choices: Modes,
		ChoiceLabels: map[string]i18n.Text{"en-presentiel": i18n.T("on site"), "a-distance": i18n.T("remotely (phone, video)")}},
	{Key: "frais", Kind: fields.Choice, Label: i18n.T("Cost"), Choices: []string{"gratuit", "payant"},
		ChoiceLabels: map[string]i18n.Text{"gratuit": i18n.T("free"), "payant": i18n.T("paid")}},
	{Key: "langues", Kind: fields.List, Label: i18n.T("Languages"), Example: "français, arabe"},
	{Key: "accessibilite", Kind: fields.Text, Label: i18n.T("Accessibility")},
	{Key: "verifie", Kind: fields.Date, Label: i18n.T("Last checked"),
		Help: i18n.T("the day the entry was last checked with the partner")},
	{Key: "exemple", Kind: fields.Bool, Label: i18n.T("Example entry")},
}

// Keys are the front matter fields of a partner, besides every page's.
var Keys = fields.Keys(Fields)

// Partner is a partner of the directory.
type Partner struct {
	Type      string
	Services  []string
	Publics   []string
	Territory string
	Address   string
	PostCode  string
	Town      string
	Phones    []phone.Phone
	Email     string
	Website   string
	Hours     *Hours
	HoursText string // as written, for exports
	Modes     []string
	Cost      string
	Languages []string
	Access    string
	Verified  time.Time
	Example   bool
}

// osmLike matches hours written in OpenStreetMap's form, with its day
// codes or times.
var osmLike = regexp.MustCompile(`\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)\b|\d\d:\d\d`)

// Decode reads a partner from a page's front matter fields, reporting each
// problem at its line in file.
func Decode(file string, fields []frontmatter.Field, o Options) (*Partner, diag.List) {
	var l diag.List
	p := &Partner{}
	given := map[string]int{} // confidential fields given, with their line
	for _, f := range fields {
		bad := func(format string, args ...any) *diag.Finding {
			fd := diag.Errorf(file, f.Line, "%s: %s", f.Key, i18n.T(format, args...))
			fd.Col = f.Col
			l.Add(fd)
			return fd
		}
		if slices.Contains(ConfidentialKeys, f.Key) && frontmatter.Text(f.Value) != "" {
			given[f.Key] = f.Line
		}
		p.decodeField(f, o, bad)
	}
	l.Add(p.checkWhole(file, o, given, len(l) == 0)...)
	return p, l
}

// decodeField reads one field into p; bad says what is wrong with it.
func (p *Partner) decodeField(f frontmatter.Field, o Options, bad func(format string, args ...any) *diag.Finding) {
	switch f.Key {
	case "type":
		p.decodeType(f, o, bad)
	case "services":
		p.Services = frontmatter.List(f.Value)
	case "publics":
		p.Publics = frontmatter.List(f.Value)
	case "territoire":
		p.Territory = frontmatter.Text(f.Value)
	case "adresse":
		p.Address = frontmatter.Text(f.Value)
	case "code_postal":
		p.PostCode = frontmatter.Text(f.Value)
		if len(p.PostCode) != 5 || strings.Trim(p.PostCode, "0123456789") != "" {
			bad("%q is not a postcode", p.PostCode).WithHint("%s", o.hint(f.Key, i18n.T("write the five digits, such as 69003, in quotes"),
				i18n.T("type the five digits, such as 69003, with the column formatted as Text so that a 0 at the start stays")))
		}
	case "commune":
		p.Town = frontmatter.Text(f.Value)
	case "telephone", "telephones":
		p.decodePhones(f, o, bad)
	case "courriel":
		p.Email = frontmatter.Text(f.Value)
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email || !strings.Contains(p.Email, ".") {
			bad("%q is not an e-mail address", p.Email).WithHint("write it as nom@exemple.fr")
		}
	case "site_web":
		p.Website = frontmatter.Text(f.Value)
		if u, err := url.Parse(p.Website); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("%q is not a web address", p.Website).WithHint("write it in full, such as https://www.exemple.fr/")
		}
	case "horaires_accueil":
		p.decodeHours(f, o, bad)
	case "modes_accueil":
		p.Modes = frontmatter.List(f.Value)
		for _, m := range p.Modes {
			if !slices.Contains(Modes, m) {
				bad("%q is not a way of receiving people", m).WithHint("write en-presentiel or a-distance")
			}
		}
	case "frais":
		p.Cost = frontmatter.Text(f.Value)
		if p.Cost != "gratuit" && p.Cost != "payant" {
			bad("%q is neither gratuit nor payant", p.Cost)
		}
	case "langues":
		p.Languages = frontmatter.List(f.Value)
	case "accessibilite":
		p.Access = frontmatter.Text(f.Value)
	case "verifie":
		p.decodeVerified(f, o, bad)
	case "exemple":
		p.Example, _ = f.Value.(bool)
	}
}

// decodeType reads the type, one of Types, or says the nearest.
func (p *Partner) decodeType(f frontmatter.Field, o Options, bad func(format string, args ...any) *diag.Finding) {
	t, _ := f.Value.(string)
	if canon := canonicalType(t); canon != "" {
		p.Type = canon
	} else if near := typeWords[strings.ToLower(strings.TrimSpace(t))]; near != "" {
		bad("%q is not a known type", t).WithHint("did you mean %s? The types are: %s", near, strings.Join(Types, ", "))
	} else if near := diag.Nearest(t, Types); near != "" {
		bad("%q is not a known type", t).WithHint("did you mean %s? The types are: %s", near, strings.Join(Types, ", "))
	} else {
		bad("%q is not a known type", t).WithHint("the types are: %s", strings.Join(Types, ", "))
	}
}

// decodePhones reads the phone numbers.
func (p *Partner) decodePhones(f frontmatter.Field, o Options, bad func(format string, args ...any) *diag.Finding) {
	for _, raw := range frontmatter.List(f.Value) {
		ph, err := phone.Parse(raw)
		if err != nil {
			fd := bad("%v", err)
			if d := digitsOf(raw); len(d) == 9 && d[0] != '0' {
				fd.WithHint("Excel may have removed the leading 0 (0%s): format the column as Text, then type the number again", d)
			}
			continue
		}
		p.Phones = append(p.Phones, ph)
	}
}

// decodeHours reads the opening hours, in French or OpenStreetMap's form.
func (p *Partner) decodeHours(f frontmatter.Field, o Options, bad func(format string, args ...any) *diag.Finding) {
	p.HoursText = frontmatter.Text(f.Value)
	h, err := ParseHours(p.HoursText)
	if err != nil {
		osm, ok := FrenchHours(p.HoursText)
		if !ok {
			// Shown as written, without the table of days. Hours
			// in OpenStreetMap's form get what is wrong in them.
			why := i18n.T("relais cannot read the days and hours in it")
			var said *i18n.Error
			if osmLike.MatchString(p.HoursText) && errors.As(err, &said) {
				why = said.Text
			}
			bad("%q is shown as written: %s", p.HoursText, why).
				WithHint("write them as « Lu-Ve 9h-12h30, 13h30-17h ; Sa 9h-12h » (or in OpenStreetMap's form, Mo-Fr 09:00-12:30,13:30-17:00) to have a table of the days").Severity = diag.Warning
			return
		}
		h, _ = ParseHours(osm)
		p.HoursText = osm
	}
	p.Hours = &h
}

// decodeVerified reads the day the entry was last checked.
func (p *Partner) decodeVerified(f frontmatter.Field, o Options, bad func(format string, args ...any) *diag.Finding) {
	switch v := f.Value.(type) {
	case time.Time:
		p.Verified = v
	case string:
		if t, err := time.Parse("2006-01-02", strings.TrimSpace(v)); err == nil {
			p.Verified = t
		} else {
			bad("%q is not a date", v).WithHint("%s", o.hint(f.Key, i18n.T("write the day the entry was last checked, such as 2026-11-26"),
				i18n.T("write in the cell the day you last checked the partner, such as 26/11/2026")))
		}
	default:
		bad("%v is not a date", v)
	}
}

// checkWhole checks the partner once every field is read (clean: none
// had a problem): its type, what a shelter must not publish (emptied),
// its verification date.
func (p *Partner) checkWhole(file string, o Options, given map[string]int, clean bool) diag.List {
	var l diag.List
	maxAge, now := o.MaxAge, o.Now
	if p.Type == "" && clean {
		l.Add(diag.Errorf(file, 1, "the partner has no type").WithHint("%s", o.hint("type", i18n.T("add type: with one of %s", strings.Join(Types, ", ")),
			i18n.T("write one of %s", strings.Join(Types, ", ")))))
	}
	if o.confidential(p.Type) {
		for _, k := range ConfidentialKeys {
			if ln, ok := given[k]; ok {
				l.Add(diag.Errorf(file, ln, "%s: a shelter (%s) is published by phone only: %s must never be", k, p.Type, confidentialWhat[k]).
					WithHint("%s", o.hint(k, i18n.T("remove this line: people fleeing violence are sheltered there, and any of these would help find it; give a phone number only"),
						i18n.T("empty this cell: people fleeing violence are sheltered there, and any of these would help find it; give a phone number only"))))
			}
		}
		// Nothing of it reaches an output, even if a finding were ignored.
		p.Address, p.PostCode, p.Town, p.Email, p.Website = "", "", "", "", ""
	}
	if p.Verified.IsZero() {
		l.Add(diag.Warnf(file, 1, "the entry has no verification date").
			WithHint("%s", o.hint("verifie", i18n.T("add verifie: with the day you last checked it (phone, hours), such as %s", now.Format("2006-01-02")),
				i18n.T("write the day you last checked it (phone, hours), such as %s", now.Format("02/01/2006")))))
	} else if maxAge > 0 && now.Sub(p.Verified) > maxAge {
		l.Add(diag.Warnf(file, 1, "the entry was last checked on %s, more than %d months ago", p.Verified.Format("2006-01-02"), int(maxAge.Hours()/24/30)).
			WithHint("%s", o.hint("verifie", i18n.T("check the phone numbers and hours, then update verifie:"),
				i18n.T("check the phone numbers and hours, then write today's date"))))
	}
	return l
}

func canonicalType(t string) string {
	for _, c := range Types {
		if strings.EqualFold(strings.TrimSpace(t), c) {
			return c
		}
	}
	return ""
}

// typeWords are what people write for a type, by the type: a misspelt
// type suggests it.
var typeWords = map[string]string{"association": "ASSO", "asso.": "ASSO", "avocate": "avocat", "avocats": "avocat",
	"foyer": "hébergement", "hebergement": "hébergement", "hôpital": "santé", "hopital": "santé", "médecin": "santé",
	"commissariat": "police", "brigade": "gendarmerie", "collège": "école", "lycée": "école", "ecole": "école",
	"aide sociale à l'enfance": "ASE", "aide sociale a l'enfance": "ASE", "sante": "santé",
	"mda": "autre", "maison des adolescents": "autre", "maison des ados": "autre", "other": "autre"}

var confidentialWhat = map[string]i18n.Text{"adresse": i18n.T("its address"), "code_postal": i18n.T("its postcode"), "commune": i18n.T("its town"),
	"courriel": i18n.T("its e-mail address"), "site_web": i18n.T("its website")}

// digitsOf keeps the digits of s.
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// OtherSites is the partner's website, by its field, for relais check
// --external (sitecheck.OtherSites).
func (p *Partner) OtherSites() map[string]string {
	if p.Website == "" {
		return nil
	}
	return map[string]string{"site_web": p.Website}
}

// Extension is the directory's section for the orchestrator
// (site.Section): every page of content/partenaires/ but its sections is
// a partner.
type Extension struct{}

// Owns reports a page under content/partenaires/.
func (Extension) Owns(rel string) bool {
	return strings.HasPrefix(rel, Section+"/")
}

// Fields are a partner's fields besides every page's.
func (Extension) Fields() []fields.Def { return Fields }

// Strict: a field a partner does not know is a warning.
func (Extension) Strict() bool { return false }

// Decode reads a partner's fields, with the site's [directory] settings.
func (Extension) Decode(file string, fs []frontmatter.Field, cfg *config.Config, now time.Time) (any, diag.List) {
	maxAge := time.Duration(cfg.Directory.VerifiedMonths) * 30 * 24 * time.Hour
	return Decode(file, fs, Options{MaxAge: maxAge, Now: now, Confidential: cfg.Directory.Confidential})
}

// Folder is the directory's folder of content/.
func (Extension) Folder() string { return Section }

// Facets filter the partners by type, public and area.
func (Extension) Facets() []page.Facet {
	return []page.Facet{
		{Key: "type", Label: "partnerType", Names: "partnerType.", Values: partnerValues(func(p *Partner) []string { return []string{p.Type} })},
		{Key: "public", Label: "partnerPublics", Values: partnerValues(func(p *Partner) []string { return p.Publics })},
		{Key: "territoire", Label: "partnerTerritory", Values: partnerValues(func(p *Partner) []string { return []string{p.Territory} })},
		{Key: "langue", Label: "partnerLanguages", Values: partnerValues(func(p *Partner) []string { return p.Languages })},
	}
}

func partnerValues(f func(*Partner) []string) func(*page.Page) []string {
	return func(p *page.Page) []string {
		if x, ok := p.Extra.(*Partner); ok && p.InBundle == "" && p.Dir == Section {
			return f(x)
		}
		return nil
	}
}

// Check reports partners given twice (the same name, in one file or two,
// Markdown or spreadsheet); pages are in ID order. A partner's page in
// another language (cidff.en.md) is its translation, not a second entry.
func (Extension) Check(pages []*page.Page) diag.List {
	var l diag.List
	seen := map[string]*page.Page{}
	for _, p := range pages {
		if _, ok := p.Extra.(*Partner); !ok || p.Lang != "" {
			continue
		}
		key := slug.Make(p.Title)
		if first, ok := seen[key]; ok {
			line := p.FieldLine("title", p.URLLine) // or a spreadsheet's row
			where := first.File
			if first.URLLine > 0 && strings.HasSuffix(first.File, ".csv") {
				where = fmt.Sprintf("%s:%d", first.File, first.URLLine)
			}
			l.Add(diag.Errorf(p.File, line, "the partner %q is already in the directory, in %s", p.Title, where).
				WithHint("keep one entry for each partner"))
			continue
		}
		seen[key] = p
	}
	return l
}
