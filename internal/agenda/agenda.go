// Package agenda is the workshop sessions: a session is a page of
// content/agenda/ that says which kit runs, when, where, for whom, how
// many places are left and whom to ask. It publishes the agenda (what is
// coming, then what is past by year, filtered by kit and audience
// without JavaScript), each session's page, the next sessions on each
// kit's page, and calendars partners subscribe to: /agenda.ics and one
// per kit (RFC 5545).
//
// Safety first: a session at a place the directory keeps confidential
// (a shelter) never publishes where it is, anywhere: only « lieu
// communiqué à l'inscription »; a past session at a children's home
// (MECS) is never listed with its place. A session the public must not
// learn of (a closed group at a children's home) is private
// (visibility: private), as any page.
package agenda

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zones, on systems without them (Windows)

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/phone"
)

// Section is the sessions' folder of content/.
const Section = "agenda"

// The statuses of a session.
const (
	Planned   = "prévue"
	Full      = "complète"
	Cancelled = "annulée"
	Postponed = "reportée"
)

// Statuses are the statuses a session may have.
var Statuses = []string{Planned, Full, Cancelled, Postponed}

// Fields are a session's fields besides every page's; the French names
// are accepted too.
var Fields = []fields.Def{
	{Key: "kit", Aliases: []string{"atelier"}, Kind: fields.Text, Label: i18n.T("Kit"), Required: true,
		Help: i18n.T("the kit this session runs, by its folder"), Example: "ateliers/reseaux-sociaux"},
	{Key: "start", Aliases: []string{"debut"}, Kind: fields.Text, Label: i18n.T("Start"), Required: true,
		Help: i18n.T("day and time, in the site's time zone"), Example: "2027-01-12T14:00"},
	{Key: "end", Aliases: []string{"fin"}, Kind: fields.Text, Label: i18n.T("End"),
		Help: i18n.T("day and time; without it, the kit's duration"), Example: "2027-01-12T16:00"},
	{Key: "place", Aliases: []string{"lieu"}, Kind: fields.Text, Label: i18n.T("Place (a partner)"),
		Help: i18n.T("a partner of the directory, by its page"), Example: "partenaires/cidff-du-rhone"},
	{Key: "address", Aliases: []string{"adresse"}, Kind: fields.Text, Label: i18n.T("Address"),
		Help: i18n.T("where it is, when the place is not a partner")},
	{Key: "audience", Aliases: []string{"public"}, Kind: fields.Text, Label: i18n.T("Audience"), Example: "adolescents de 13 à 16 ans"},
	{Key: "capacity", Aliases: []string{"places"}, Kind: fields.Number, Label: i18n.T("Places"), Example: "12"},
	{Key: "placesLeft", Aliases: []string{"places_restantes"}, Kind: fields.Number, Label: i18n.T("Places left"), Example: "4"},
	{Key: "status", Aliases: []string{"statut"}, Kind: fields.Choice, Label: i18n.T("Status"), Choices: Statuses},
	{Key: "reason", Aliases: []string{"motif"}, Kind: fields.Text, Label: i18n.T("Why (cancelled, postponed)")},
	{Key: "contact", Kind: fields.Text, Label: i18n.T("To register"),
		Help: i18n.T("an e-mail address or a phone number"), Example: "iscg@exemple.fr"},
	{Key: "uid", Kind: fields.Text, Label: i18n.T("Calendar identifier"),
		Help: i18n.T("made by relais: keep it, calendars know the session by it")},
}

// Session is a session's own fields.
type Session struct {
	Kit        string // the kit's folder under content/, "ateliers/reseaux-sociaux"
	Start, End time.Time
	Place      string // a partner's page, "partenaires/cidff-du-rhone"
	Address    string
	Audience   string
	Capacity   int // 0: not said
	PlacesLeft int // -1: not said
	Status     string
	Reason     string
	Contact    string
	UID        string
	// Lines are the lines of the fields, by key, for the checks across
	// pages.
	Lines map[string]int
}

// IsCancelled reports a session that will not take place.
func (s *Session) IsCancelled() bool { return s.Status == Cancelled }

// layouts are the ways a day and a time may be written.
var layouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05", "02/01/2006 15:04", "02/01/2006 15h04", "2006-01-02 15h04"}

// ParseTime reads a day and a time in loc: 2027-01-12T14:00 (or with a
// space, seconds, 14h00), 12/01/2027 14:00.
func ParseTime(v any, loc *time.Location) (time.Time, bool) {
	if t, ok := v.(time.Time); ok {
		// A date and time YAML read as UTC: the time written is local.
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc), true
	}
	s := strings.TrimSpace(strings.ReplaceAll(frontmatter.Text(v), "\u00a0", " "))
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Decode reads a session's fields in the site's time zone, reporting
// each problem at its line in file.
func Decode(file string, fs []frontmatter.Field, cfg *config.Config) (*Session, diag.List) {
	var l diag.List
	loc, err := cfg.Agenda.Location()
	if err != nil {
		loc = time.UTC // said where site.toml is read
	}
	s := &Session{PlacesLeft: -1, Status: Planned, Lines: map[string]int{}}
	canonical := fields.Canonical(Fields)
	for _, f := range fs {
		key := f.Key
		if k, ok := canonical[key]; ok {
			key = k
		}
		if _, twice := s.Lines[key]; twice {
			l.Add(diag.Errorf(file, f.Line, "%s is given twice (once as %s)", key, f.Key).WithHint("keep one of the two lines"))
			continue
		}
		s.Lines[key] = f.Line
		if f.Value == nil || strings.TrimSpace(frontmatter.Text(f.Value)) == "" {
			continue // an empty field is unset
		}
		s.decodeField(file, key, f, loc, &l)
	}
	s.check(file, &l)
	return s, l
}

// decodeField reads one field into s.
func (s *Session) decodeField(file, key string, f frontmatter.Field, loc *time.Location, l *diag.List) {
	bad := func(format string, args ...any) *diag.Finding {
		fd := diag.Errorf(file, f.Line, "%s: %s", f.Key, i18n.T(format, args...))
		l.Add(fd)
		return fd
	}
	text := strings.TrimSpace(frontmatter.Text(f.Value))
	switch key {
	case "kit":
		s.Kit = strings.Trim(strings.TrimPrefix(text, "content/"), "/")
		s.Kit = strings.TrimSuffix(s.Kit, "/index.md")
	case "start", "end":
		t, ok := ParseTime(f.Value, loc)
		if !ok {
			bad("%q is not a day and a time", text).WithHint("write it as 2027-01-12T14:00 (the day, T, then the time)")
			return
		}
		if key == "start" {
			s.Start = t
		} else {
			s.End = t
		}
	case "place":
		s.Place = strings.Trim(strings.TrimSuffix(strings.TrimPrefix(text, "content/"), ".md"), "/")
	case "address":
		s.Address = text
	case "audience":
		s.Audience = text
	case "capacity", "placesLeft":
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 {
			bad("%q is not a number of places", text).WithHint("write a whole number, 0 or more: %s: 12", f.Key)
			return
		}
		if key == "capacity" {
			s.Capacity = n
		} else {
			s.PlacesLeft = n
		}
	case "status":
		st := strings.ToLower(text)
		for _, known := range Statuses {
			if st == known || st == strings.NewReplacer("é", "e", "è", "e").Replace(known) {
				s.Status = known
				return
			}
		}
		bad("%q is not a status", text).WithHint("write one of %s", strings.Join(Statuses, ", "))
	case "reason":
		s.Reason = text
	case "contact":
		s.Contact = text
		if _, err := phone.Parse(text); err == nil {
			return
		}
		if a, err := mail.ParseAddress(text); err == nil && a.Address == text && strings.Contains(text, ".") {
			return
		}
		bad("%q is neither an e-mail address nor a phone number", text).WithHint("write iscg@exemple.fr or 04 78 00 00 00: people write or call to register")
	case "uid":
		s.UID = text
	}
}

// check checks the session once every field is read.
func (s *Session) check(file string, l *diag.List) {
	if len(l.Errors()) > 0 {
		return
	}
	if s.Start.IsZero() {
		l.Add(diag.Errorf(file, 1, "the session has no start").WithHint("add start: with its day and time, such as start: 2027-01-12T14:00"))
	}
	if s.Kit == "" {
		l.Add(diag.Errorf(file, 1, "the session has no kit").WithHint("add kit: with the kit's folder, such as kit: ateliers/reseaux-sociaux"))
	}
	if !s.End.IsZero() && !s.End.After(s.Start) {
		l.Add(diag.Errorf(file, s.Lines["end"], "the session ends (%s) before it starts (%s)", s.End.Format("2006-01-02 15:04"), s.Start.Format("2006-01-02 15:04")).
			WithHint("check the day and the time of end:"))
	}
	if s.Capacity > 0 && s.PlacesLeft > s.Capacity {
		l.Add(diag.Errorf(file, s.Lines["placesLeft"], "%d places left, of %d", s.PlacesLeft, s.Capacity).WithHint("placesLeft is at most capacity"))
	}
	if s.Place != "" && s.Address != "" {
		l.Add(diag.Warnf(file, s.Lines["address"], "the session has a place and an address: the place's is shown").
			WithHint("keep place: for a partner of the directory, or address: for anywhere else"))
	}
	if s.Status == Full && s.PlacesLeft > 0 {
		l.Add(diag.Warnf(file, s.Lines["status"], "the session is full but says %d places left", s.PlacesLeft).WithHint("set placesLeft: 0, or another status"))
	}
}
