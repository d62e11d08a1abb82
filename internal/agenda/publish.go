package agenda

import (
	"bytes"
	"net/url"
	"strings"
	"time"

	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/kit"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/section"
)

// Plan is what the agenda publishes in a build: its calendars, and what
// the views of sessions read.
type Plan struct {
	b   section.Build
	out []section.Output
}

func (pl *Plan) Outputs() []section.Output { return pl.out }
func (pl *Plan) Close() error              { return nil }

// Publish plans the calendars: /agenda.ics for every session, and one
// beside each kit's page for its own.
func (Extension) Publish(b section.Build, _ *diag.List) section.Plan {
	pl := &Plan{b: b}
	g := b.Graph()
	sessions := g.List(graph.Planning, graph.SectionList(Section))
	if len(sessions) == 0 {
		return pl
	}
	home := g.Home()
	if home == nil {
		home = sessions[0]
	}
	cfg := b.Config()
	pl.out = append(pl.out, section.Output{Path: "agenda.ics", Page: home, Render: func(rc *record.Render, w *bytes.Buffer) error {
		pl.writeCalendar(rc, w, cfg.Title+" — agenda", "")
		return nil
	}})
	seen := map[string]bool{}
	for _, p := range sessions {
		s, ok := p.Extra.(*Session)
		if !ok || seen[s.Kit] {
			continue
		}
		seen[s.Kit] = true
		k := g.Page(graph.Planning, s.Kit+"/index.md")
		if k == nil {
			continue
		}
		if _, ok := k.Extra.(*kit.Kit); !ok {
			continue
		}
		kitDir := s.Kit
		pl.out = append(pl.out, section.Output{Path: strings.TrimPrefix(k.URL, "/") + "agenda.ics", Page: k, Render: func(rc *record.Render, w *bytes.Buffer) error {
			rc.Page(record.Meta, k)
			pl.writeCalendar(rc, w, k.LinkTitle()+" — "+cfg.Title, kitDir)
			return nil
		}})
	}
	return pl
}

// writeCalendar writes the sessions (of the kit whose folder is kitDir,
// or every one) as a calendar called name.
func (pl *Plan) writeCalendar(rc *record.Render, w *bytes.Buffer, name, kitDir string) {
	cfg := pl.b.Config()
	host := "relais"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	var events []Event
	// A calendar is the same whenever it is built: the time that says
	// what is past does not change it.
	var never time.Time
	for _, p := range pl.b.Graph().List(rc, graph.SectionList(Section)) {
		sv := pl.view(rc, p, never)
		if sv == nil || kitDir != "" && sv.Kit != kitDir {
			continue
		}
		events = append(events, pl.event(rc, p, sv, host))
	}
	WriteICS(w, name, events)
}

// event is a session as a calendar holds it. A past session at a
// children's home is given no place either: calendars keep it.
func (pl *Plan) event(rc *record.Render, p *page.Page, sv *View, host string) Event {
	uid := sv.UID
	if uid == "" {
		uid = "agenda-" + strings.TrimSuffix(strings.ReplaceAll(strings.TrimPrefix(p.File, "content/"+Section+"/"), "/", "-"), ".md")
	}
	changed := pl.b.Modified(rc, p)
	if changed.IsZero() {
		changed = sv.Start
	}
	e := Event{UID: uid + "@" + host, Stamp: changed, Sequence: int(changed.Sub(epoch) / time.Minute),
		Start: sv.Start, End: sv.end, Summary: sv.Title, URL: pl.b.Config().AbsURL(p.URL), Status: "CONFIRMED"}
	if e.Sequence < 0 {
		e.Sequence = 0
	}
	switch sv.Status {
	case Cancelled:
		e.Status, e.Summary = "CANCELLED", "Annulé : "+sv.Title
	case Postponed:
		e.Status, e.Summary = "TENTATIVE", "Reporté : "+sv.Title
	case Full:
		e.Summary = sv.Title + " (complet)"
	}
	e.Location = sv.Where()
	if sv.home {
		e.Location = Withheld // calendars keep past sessions: a children's home is never in one
	}
	var desc []string
	for _, x := range []string{sv.KitTitle, sv.Audience, sv.Places, sv.Reason} {
		if x != "" {
			desc = append(desc, x)
		}
	}
	if sv.Contact != "" {
		desc = append(desc, "Inscription : "+sv.Contact)
	}
	e.Description = strings.Join(desc, "\n")
	return e
}

// epoch starts the count of a calendar's SEQUENCE: minutes since then,
// at the session's last change.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
