package agenda

import (
	"fmt"
	"math/rand"
	"path"
	"slices"
	"strings"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/directory"
	"relais/internal/duration"
	"relais/internal/extension"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/kit"
	"relais/internal/page"
)

// Extension is the sessions' kind of content: every page of
// content/agenda/ but its sections is a session, whose unknown fields
// are errors (a misspelt start hides when it is).
type Extension struct{}

// Extend registers the sessions: their section, their views, their form.
func (e Extension) Extend(r *extension.Registry) {
	r.Add(extension.Kind{Section: e,
		Views: map[string]extension.View{"session": sessionView, "agenda": agendaView, "kitSessions": kitSessionsView},
		Types: []extension.Described{{Value: &View{}, What: i18n.T("a session")}, {Value: &List{}, What: i18n.T("the agenda")}},
		Forms: []extension.Form{{Name: "session", Label: i18n.T("session"), Match: e.Owns, Fields: Fields}},
		Edit:  edit,
	})
}

func (Extension) Folder() string { return Section }

// Owns reports a page under content/agenda/.
func (Extension) Owns(rel string) bool { return strings.HasPrefix(rel, Section+"/") }

func (Extension) Fields() []fields.Def { return Fields }
func (Extension) Strict() bool         { return true }

func (Extension) Decode(file string, fs []frontmatter.Field, cfg *config.Config, _ time.Time) (any, diag.List) {
	return Decode(file, fs, cfg)
}

// Facets filter the agenda by kit (its folder's name) and audience.
func (Extension) Facets() []page.Facet {
	return []page.Facet{
		{Key: "atelier", Label: "agendaKit", Values: func(p *page.Page) []string {
			if s, ok := p.Extra.(*Session); ok && s.Kit != "" {
				return []string{path.Base(s.Kit)}
			}
			return nil
		}},
		{Key: "public", Label: "agendaAudience", Values: func(p *page.Page) []string {
			if s, ok := p.Extra.(*Session); ok && s.Audience != "" {
				return []string{s.Audience}
			}
			return nil
		}},
	}
}

// Check checks what a session names: its kit is a kit of the site, its
// place a partner of the directory; a session without an end takes its
// kit's duration.
func (Extension) Check(pages []*page.Page) diag.List {
	var l diag.List
	kits := map[string]*page.Page{}
	partners := map[string]*page.Page{}
	for _, p := range pages {
		switch p.Extra.(type) {
		case *kit.Kit:
			kits[p.BundleDir] = p
		case *directory.Partner:
			partners[strings.Trim(p.URL, "/")] = p
			partners[strings.TrimSuffix(strings.TrimSuffix(p.ID, ".md"), "/index")] = p
		}
	}
	for _, p := range pages {
		s, ok := p.Extra.(*Session)
		if !ok {
			continue
		}
		k := kits[s.Kit]
		switch {
		case s.Kit != "" && k == nil && len(kits) == 0:
			l.Add(diag.Errorf(p.File, s.Lines["kit"], "kit: %s is not a kit of the site", s.Kit).
				WithHint("the site has no kit yet: make it first (relais new kit \"…\"), then write its folder here"))
		case s.Kit != "" && k == nil:
			l.Add(diag.Errorf(p.File, s.Lines["kit"], "kit: %s is not a kit of the site", s.Kit).
				WithHint("write the kit's folder under content/, such as %s", nearestKit(s.Kit, kits)))
		}
		if s.Place != "" && partners[s.Place] == nil {
			l.Add(diag.Errorf(p.File, s.Lines["place"], "place: %s is not a partner of the directory", s.Place).
				WithHint("write the partner's page, such as partenaires/cidff-du-rhone, or give the place with address: instead"))
		}
		if s.End.IsZero() && k != nil && !s.Start.IsZero() {
			l.Add(diag.Warnf(p.File, s.Lines["start"], "the session has no end: calendars show it lasting the kit's %s", duration.French(k.Extra.(*kit.Kit).Minutes)).
				WithHint("add end: with its day and time if it differs"))
		}
		if !s.End.IsZero() && s.End.Sub(s.Start) > 24*time.Hour {
			l.Add(diag.Warnf(p.File, s.Lines["end"], "the session lasts more than a day, until %s", s.End.Format("2006-01-02 15:04")).
				WithHint("check the day of end:"))
		}
	}
	return l
}

// nearestKit is the kit folder nearest to what was written, or an
// example.
func nearestKit(s string, kits map[string]*page.Page) string {
	var names []string
	for k := range kits {
		names = append(names, k)
	}
	if n := diag.Nearest(s, names); n != "" {
		return n
	}
	slices.Sort(names)
	return names[0]
}

// Audit is for relais check: a session without its own identifier, whose
// calendars lose it when its file is renamed.
func (Extension) Audit(pages []*page.Page) diag.List {
	var l diag.List
	for _, p := range pages {
		if s, ok := p.Extra.(*Session); ok && s.UID == "" {
			l.Add(diag.Warnf(p.File, 1, "the session has no uid: if its file is renamed, calendars see a new session and keep the old one").
				WithHint("add uid: %s (any text that stays the same; relais new session writes one)", exampleUID(p.File)))
		}
	}
	return l
}

// edit changes the agenda as the worker would: a session written,
// rescheduled, cancelled or removed.
func edit(r *rand.Rand, have func(string) bool) (map[string]string, []string, string) {
	p := fmt.Sprintf("content/%s/s%d.md", Section, r.Intn(3))
	if have(p) && r.Intn(4) == 0 {
		return nil, []string{p}, "delete session " + p
	}
	status := Statuses[r.Intn(len(Statuses))]
	return map[string]string{p: fmt.Sprintf("---\ntitle: Séance %d\nkit: ateliers/kit%d\nstart: 2027-0%d-1%dT14:00\nstatus: %s\naudience: %s\n---\nTexte.\n",
		r.Intn(5), r.Intn(2), 1+r.Intn(9), r.Intn(10), status, []string{"collégiens", "parents"}[r.Intn(2)])}, nil, "edit session " + p
}
