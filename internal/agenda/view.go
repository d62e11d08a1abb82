package agenda

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"path"
	"slices"
	"strings"
	"time"

	"relais/internal/config"
	"relais/internal/directory"
	"relais/internal/extension"
	"relais/internal/graph"
	"relais/internal/kit"
	"relais/internal/page"
	"relais/internal/phone"
	"relais/internal/record"
	"relais/internal/section"
)

// Withheld is what is said of a place that is not published.
const Withheld = "Lieu communiqué à l’inscription"

// View is a session as templates see it ({{ .Ext "session" }}).
type View struct {
	*Session
	Title, URL string
	// When says the day and the times in French: « mardi 12 janvier 2027,
	// 14 h – 16 h 30 ».
	When string
	// StartISO and EndISO are the times with their offset, for <time>
	// and schema.org.
	StartISO, EndISO string
	// Past: the session is over at the time of the build.
	Past bool
	// KitTitle and KitURL are the kit's, when it is one of the site.
	KitTitle, KitURL string
	// PlaceName, PlaceURL and Location say where: a partner's name and
	// page, and the address; all empty when the place is withheld.
	PlaceName, PlaceURL, Location string
	// Withheld: the place is not published (a shelter, or a children's
	// home once the session is past); the page says Withheld.
	Withheld bool
	// ContactURL is a mailto: or tel: link to register.
	ContactURL template.URL
	// Places says what is left: « 4 places sur 12 », « complet ».
	Places string
	end    time.Time // the end, or the start and the kit's duration
	cfg    *config.Config
	home   bool // the place is a children's home (MECS)
}

// sessionView is the session of a session's page, or nil.
func sessionView(v extension.PageView, plan section.Plan) any {
	pl, _ := plan.(*Plan)
	if pl == nil {
		return nil
	}
	if sv := pl.view(v.Record(), v.Page(), v.Now()); sv != nil {
		return sv
	}
	return nil
}

// view is the session of p as templates and calendars see it, every
// read recorded in rc; nil for a page that is not a session.
func (pl *Plan) view(rc *record.Render, p *page.Page, now time.Time) *View {
	rc.Page(record.Meta, p)
	s, ok := p.Extra.(*Session)
	if !ok || s == nil {
		return nil
	}
	cfg := pl.b.Config()
	sv := &View{Session: s, Title: p.LinkTitle(), URL: cfg.RelURL(p.URL), cfg: cfg, end: s.End}
	g := pl.b.Graph()
	if k := g.Page(rc, s.Kit+"/index.md"); k != nil {
		rc.Page(record.Meta, k)
		sv.KitTitle, sv.KitURL = k.LinkTitle(), cfg.RelURL(k.URL)
		if kk, ok := k.Extra.(*kit.Kit); ok && sv.end.IsZero() && kk.Minutes > 0 {
			sv.end = s.Start.Add(time.Duration(kk.Minutes) * time.Minute)
		}
	}
	sv.Past = !s.Start.IsZero() && !sv.end.IsZero() && sv.end.Before(now) || sv.end.IsZero() && s.Start.Before(now)
	sv.When = French(s.Start, sv.end)
	sv.StartISO = s.Start.Format(time.RFC3339)
	if !sv.end.IsZero() {
		sv.EndISO = sv.end.Format(time.RFC3339)
	}
	sv.place(rc, g)
	if strings.Contains(s.Contact, "@") {
		sv.ContactURL = template.URL("mailto:" + s.Contact)
	} else if ph, err := phone.Parse(s.Contact); err == nil {
		sv.ContactURL = template.URL(ph.Tel())
	}
	switch {
	case s.Status == Full || s.PlacesLeft == 0:
		sv.Places = "complet"
	case s.PlacesLeft > 0 && s.Capacity > 0:
		sv.Places = fmt.Sprintf("%d places sur %d", s.PlacesLeft, s.Capacity)
	case s.PlacesLeft > 0:
		sv.Places = fmt.Sprintf("%d places", s.PlacesLeft)
	case s.Capacity > 0:
		sv.Places = fmt.Sprintf("%d places", s.Capacity)
	}
	if sv.PlacesLeft == 1 {
		sv.Places = strings.Replace(sv.Places, "1 places", "1 place", 1)
	}
	return sv
}

// place says where the session is, unless that must not be published:
// a place the directory keeps confidential (a shelter) never is, a
// children's home not once the session is past.
func (sv *View) place(rc *record.Render, g *graph.Graph) {
	s := sv.Session
	if s.Place == "" {
		sv.Location = s.Address
		return
	}
	// By its file first (a read of that page only); a row of a
	// spreadsheet has no file of its own: by its address then (a read
	// of every page's, which any change re-renders).
	p := g.Page(rc, s.Place+".md")
	if p == nil {
		p = g.AtURL(rc, "/"+s.Place+"/")
	}
	if p == nil {
		return
	}
	rc.Page(record.Meta, p)
	partner, ok := p.Extra.(*directory.Partner)
	if !ok {
		return
	}
	sv.home = strings.EqualFold(partner.Type, "MECS")
	if confidential(partner.Type, sv.cfg) || sv.home && sv.Past {
		sv.Withheld = true
		return
	}
	sv.PlaceName, sv.PlaceURL = p.LinkTitle(), sv.cfg.RelURL(p.URL)
	var where []string
	for _, x := range []string{partner.Address, strings.TrimSpace(partner.PostCode + " " + partner.Town)} {
		if x != "" {
			where = append(where, x)
		}
	}
	sv.Location = strings.Join(where, ", ")
}

// confidential reports a partner type whose place is never published.
func confidential(t string, cfg *config.Config) bool {
	for _, c := range append(slices.Clone(directory.Shelters), cfg.Directory.Confidential...) {
		if strings.EqualFold(c, t) {
			return true
		}
	}
	return false
}

// Where is what the session says of its place, in words.
func (sv *View) Where() string {
	switch {
	case sv.Withheld:
		return Withheld
	case sv.PlaceName != "" && sv.Location != "":
		return sv.PlaceName + ", " + sv.Location
	case sv.PlaceName != "":
		return sv.PlaceName
	}
	return sv.Location
}

var (
	days   = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	months = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// French says a session's day and times as French readers do: « mardi
// 12 janvier 2027, 14 h – 16 h 30 », or both days when it ends on
// another.
func French(start, end time.Time) string {
	if start.IsZero() {
		return ""
	}
	day := func(t time.Time) string {
		d := fmt.Sprint(t.Day())
		if t.Day() == 1 {
			d = "1er"
		}
		return fmt.Sprintf("%s %s %s %d", days[t.Weekday()], d, months[t.Month()-1], t.Year())
	}
	clock := func(t time.Time) string {
		if t.Minute() == 0 {
			return fmt.Sprintf("%d\u00a0h", t.Hour())
		}
		return fmt.Sprintf("%d\u00a0h\u00a0%02d", t.Hour(), t.Minute())
	}
	switch {
	case end.IsZero():
		return day(start) + ", " + clock(start)
	case end.YearDay() == start.YearDay() && end.Year() == start.Year():
		return day(start) + ", " + clock(start) + "\u00a0– " + clock(end)
	}
	return day(start) + ", " + clock(start) + "\u00a0– " + day(end) + ", " + clock(end)
}

// JSONLD is the session as schema.org data: an EducationEvent.
func (sv *View) JSONLD() map[string]any {
	status := map[string]string{Planned: "EventScheduled", Full: "EventScheduled", Cancelled: "EventCancelled", Postponed: "EventPostponed"}[sv.Status]
	ev := map[string]any{
		"@context": "https://schema.org", "@type": "EducationEvent",
		"name": sv.Title, "url": sv.cfg.AbsURL(strings.TrimPrefix(sv.URL, strings.TrimSuffix(sv.cfg.BasePath(), "/"))),
		"startDate": sv.StartISO, "eventStatus": "https://schema.org/" + status,
		"eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
		"organizer":           map[string]any{"@type": "Organization", "name": sv.cfg.Title, "url": sv.cfg.BaseURL},
		"location":            map[string]any{"@type": "Place", "name": sv.Where()},
	}
	if sv.EndISO != "" {
		ev["endDate"] = sv.EndISO
	}
	if !sv.Withheld && sv.Location != "" {
		ev["location"].(map[string]any)["address"] = sv.Location
	}
	if sv.Audience != "" {
		ev["audience"] = map[string]any{"@type": "Audience", "audienceType": sv.Audience}
	}
	if sv.Capacity > 0 {
		ev["maximumAttendeeCapacity"] = sv.Capacity
	}
	if sv.PlacesLeft >= 0 {
		ev["remainingAttendeeCapacity"] = sv.PlacesLeft
	}
	if sv.KitTitle != "" {
		ev["about"] = map[string]any{"@type": "LearningResource", "name": sv.KitTitle, "url": sv.cfg.AbsURL(strings.TrimPrefix(sv.KitURL, strings.TrimSuffix(sv.cfg.BasePath(), "/")))}
	}
	return ev
}

// List is the agenda as templates see it ({{ .Ext "agenda" }}, on the
// agenda's page and its filter pages): what is coming, soonest first,
// then what is past, by year, latest first.
type List struct {
	Upcoming []*View
	Past     []Year
	// kits name the kits of the filter by kit, by folder name.
	kits map[string]string
}

// Year is the past sessions of one year.
type Year struct {
	Year     int
	Sessions []*View
}

// KitTitle is the title of the kit whose folder is named name (a value
// of the filter by kit), or name.
func (l *List) KitTitle(name string) string {
	if t := l.kits[name]; t != "" {
		return t
	}
	return name
}

// agendaView is the agenda of the page's sessions.
func agendaView(v extension.PageView, plan section.Plan) any {
	pl, _ := plan.(*Plan)
	if pl == nil {
		return nil
	}
	var ps []*page.Page
	for _, c := range v.Children() {
		ps = append(ps, c.Page())
	}
	l := pl.list(v.Record(), ps, v.Now())
	// The filter by kit names every kit that has sessions: its title
	// only, not the whole view of each session.
	rc, g := v.Record(), pl.b.Graph()
	for _, p := range g.List(rc, graph.SectionList(Section)) {
		rc.Page(record.Meta, p)
		s, ok := p.Extra.(*Session)
		if !ok {
			continue
		}
		if k := g.Page(rc, s.Kit+"/index.md"); k != nil {
			rc.Page(record.Meta, k)
			l.kits[path.Base(s.Kit)] = k.LinkTitle()
		}
	}
	return l
}

// list sorts the sessions of ps into what is coming and what is past.
func (pl *Plan) list(rc *record.Render, ps []*page.Page, now time.Time) *List {
	l := &List{kits: map[string]string{}}
	var past []*View
	for _, p := range ps {
		sv := pl.view(rc, p, now)
		if sv == nil {
			continue
		}
		if sv.Past {
			past = append(past, sv)
		} else {
			l.Upcoming = append(l.Upcoming, sv)
		}
	}
	slices.SortStableFunc(l.Upcoming, func(a, b *View) int { return a.Start.Compare(b.Start) })
	slices.SortStableFunc(past, func(a, b *View) int { return b.Start.Compare(a.Start) })
	for _, sv := range past {
		if n := len(l.Past); n == 0 || l.Past[n-1].Year != sv.Start.Year() {
			l.Past = append(l.Past, Year{Year: sv.Start.Year()})
		}
		l.Past[len(l.Past)-1].Sessions = append(l.Past[len(l.Past)-1].Sessions, sv)
	}
	return l
}

// kitSessionsView is, on a kit's page, its sessions to come.
func kitSessionsView(v extension.PageView, plan section.Plan) any {
	pl, _ := plan.(*Plan)
	p := v.Page()
	if pl == nil || p.BundleDir == "" {
		return nil
	}
	if _, ok := p.Extra.(*kit.Kit); !ok {
		return nil
	}
	var mine []*page.Page
	for _, q := range pl.b.Graph().List(v.Record(), graph.SectionList(Section)) {
		v.Record().Page(record.Meta, q)
		if s, ok := q.Extra.(*Session); ok && s.Kit == p.BundleDir {
			mine = append(mine, q)
		}
	}
	if l := pl.list(v.Record(), mine, v.Now()); len(l.Upcoming) > 0 {
		return l.Upcoming
	}
	return nil
}

// exampleUID is a uid a session's file could take, the same at every
// run (for a message): any text that stays the same will do.
func exampleUID(file string) string {
	sum := sha256.Sum256([]byte(file))
	return hex.EncodeToString(sum[:8])
}
