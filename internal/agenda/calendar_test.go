package agenda_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"relais"
	"relais/internal/builtin"
	"relais/internal/site"
)

const kitIndex = `---
title: Réseaux sociaux
version: "1.0"
auteurs: [L'intervenante sociale]
licence: CC BY-SA 4.0
public: Adolescents
ages: 12-17
participants: 6 à 10
duree: 2 h
objectifs_generaux: [Connaître les risques]
sequence:
  - {titre: Accueil, duree: 2 h}
---
Présentation.
`

// agendaSite is a site with sessions at an association, at a shelter, at
// a children's home (past), cancelled, and without a uid.
func agendaSite() map[string]string {
	return map[string]string{
		"site.toml":                         "title = \"ISCG\"\nbaseURL = \"https://iscg.example.org/\"\nlanguage = \"fr\"\n",
		"content/_index.md":                 "---\ntitle: Accueil\n---\n",
		"content/ateliers/reseaux/index.md": kitIndex,
		"content/partenaires/_index.md":     "---\ntitle: Partenaires\n---\n",
		"content/partenaires/asso.md":       "---\ntitle: Association Relais Familles\ntype: ASSO\ntelephone: \"01 99 00 12 34\"\nadresse: 4 rue des Lilas\ncode_postal: \"69008\"\ncommune: Lyon\nverifie: 2026-11-01\n---\n",
		"content/partenaires/abri.md":       "---\ntitle: Foyer Les Tilleuls\ntype: CHRS\ntelephone: \"01 99 00 12 35\"\nverifie: 2026-11-01\n---\n",
		"content/partenaires/mecs.md":       "---\ntitle: MECS Le Verger\ntype: MECS\ntelephone: \"01 99 00 12 36\"\nadresse: 9 chemin du Verger\ncode_postal: \"69290\"\ncommune: Craponne\nverifie: 2026-11-01\n---\n",
		"content/agenda/_index.md":          "---\ntitle: Agenda\n---\n",
		"content/agenda/parents.md":         "---\ntitle: Soirée des parents\nkit: ateliers/reseaux\nstart: 2027-10-31T01:30\nend: 2027-10-31T04:00\nplace: partenaires/asso\naudience: parents\ncapacity: 12\nplacesLeft: 5\ncontact: contact@example.org\nuid: parents-2027\n---\nUne soirée, avec des virgules, des points-virgules ; et un long texte qui dépasse la largeur d’une ligne d’agenda.\n",
		"content/agenda/abri.md":            "---\ntitle: Jeunes hébergés\nkit: ateliers/reseaux\nstart: 2027-03-17T14:00\nplace: partenaires/abri\ncontact: \"01 99 00 12 34\"\nuid: abri-2027\n---\n",
		"content/agenda/verger.md":          "---\ntitle: Au Verger\nkit: ateliers/reseaux\nstart: 2026-05-12T14:00\nend: 2026-05-12T16:00\nplace: partenaires/mecs\nuid: verger-2026\n---\n",
		"content/agenda/college.md":         "---\ntitle: Au collège\nkit: ateliers/reseaux\nstart: 2027-01-19T09:00\nend: 2027-01-19T11:00\naddress: Collège, Lyon\nstatus: annulée\nreason: Grève des transports\n---\n",
	}
}

var now = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func build(t *testing.T, fsys fstest.MapFS) (string, *site.Site) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	s := site.New(site.Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now})
	t.Cleanup(func() { s.Close() })
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dest, s
}

func mapFS(files map[string]string, mod time.Time) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, body := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(body), ModTime: mod}
	}
	return fsys
}

// event is a VEVENT as a real iCalendar reader reads it.
type event struct {
	UID, Summary, Status, Location, Description string
	Start, End                                  string
	Sequence                                    int
}

// readICS reads a calendar with Python's icalendar (Debian's
// python3-icalendar), a reader other than the writer.
func readICS(t *testing.T, b []byte) []event {
	t.Helper()
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import icalendar").Run() != nil {
		if os.Getenv("RELAIS_REQUIRE_ICALENDAR") == "1" {
			t.Fatal("python3-icalendar is not installed (apt-get install python3-icalendar)")
		}
		t.Skip("python3-icalendar is not installed")
	}
	cmd := exec.Command(py, "-c", `
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
assert cal.get("VERSION") == "2.0" and cal.get("PRODID")
out = []
for e in cal.walk("VEVENT"):
    end = e.get("DTEND")
    out.append({"UID": str(e.get("UID")), "Summary": str(e.get("SUMMARY")), "Status": str(e.get("STATUS")),
        "Location": str(e.get("LOCATION") or ""), "Description": str(e.get("DESCRIPTION") or ""),
        "Start": e.get("DTSTART").dt.isoformat(), "End": end.dt.isoformat() if end else "",
        "Sequence": int(e.get("SEQUENCE")), "Stamp": e.get("DTSTAMP").dt.isoformat()})
print(json.dumps(out))
`)
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the calendar cannot be read: %v\n%s", err, out)
	}
	var events []event
	if err := json.Unmarshal(out, &events); err != nil {
		t.Fatal(err)
	}
	return events
}

// TestCalendar: /agenda.ics is RFC 5545 (CRLF, folded lines, escaped
// text) as a real reader reads it; times are right across the change of
// hour; a cancelled session is kept, cancelled; a shelter's or a
// children's home's place is never in it; the kit's own calendar holds
// its sessions.
func TestCalendar(t *testing.T) {
	dest, _ := build(t, mapFS(agendaSite(), now))
	b, err := os.ReadFile(filepath.Join(dest, "agenda.ics"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if len(line) > 75 || strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d is %d octets or holds a bare line end: %q", i+1, len(line), line)
		}
	}
	events := readICS(t, b)
	by := map[string]event{}
	for _, e := range events {
		by[strings.TrimSuffix(e.UID, "@iscg.example.org")] = e
	}
	if len(events) != 4 {
		t.Fatalf("%d events: %+v", len(events), events)
	}
	p := by["parents-2027"]
	// The last Sunday of October: 01:30 is summer time, 04:00 winter.
	if p.Start != "2027-10-30T23:30:00+00:00" || p.End != "2027-10-31T03:00:00+00:00" {
		t.Errorf("times across the change of hour: %s – %s", p.Start, p.End)
	}
	if !strings.Contains(p.Description, "des points-virgules ;") && !strings.Contains(p.Description, "5 places sur 12") {
		t.Errorf("the description: %q", p.Description)
	}
	if p.Location != "Association Relais Familles, 4 rue des Lilas, 69008 Lyon" || p.Status != "CONFIRMED" {
		t.Errorf("the association's session: %+v", p)
	}
	if c := by["agenda-college"]; c.Status != "CANCELLED" || !strings.HasPrefix(c.Summary, "Annulé") {
		t.Errorf("the cancelled session: %+v", c)
	}
	if a := by["abri-2027"]; a.Location != Withheld || a.End != "2027-03-17T15:00:00+00:00" {
		t.Errorf("the shelter's session (its end the kit's 2 h): %+v", a)
	}
	if v := by["verger-2026"]; v.Location != Withheld {
		t.Errorf("the children's home's session: %+v", v)
	}
	for _, leak := range []string{"Tilleuls", "partenaires/abri", "Verger,", "chemin du Verger", "Craponne", "69290"} {
		if bytes.Contains(b, []byte(leak)) {
			t.Errorf("the calendar says %q", leak)
		}
	}
	k, err := os.ReadFile(filepath.Join(dest, "ateliers/reseaux/agenda.ics"))
	if err != nil || len(readICS(t, k)) != 4 {
		t.Errorf("the kit's calendar: %v", err)
	}
}

// Withheld is what calendars say of a place not published.
const Withheld = "Lieu communiqué à l’inscription"

// TestCalendarFollowsEdits: an edited session's SEQUENCE grows, so that
// calendars take the change; a renamed one keeps its UID.
func TestCalendarFollowsEdits(t *testing.T) {
	files := agendaSite()
	dest, _ := build(t, mapFS(files, now))
	before := readICS(t, must(os.ReadFile(filepath.Join(dest, "agenda.ics"))))
	fsys := mapFS(files, now)
	fsys["content/agenda/parents.md"] = &fstest.MapFile{Data: []byte(strings.Replace(files["content/agenda/parents.md"], "placesLeft: 5", "placesLeft: 2", 1)), ModTime: now.Add(time.Hour)}
	fsys["content/agenda/soiree-des-parents.md"] = fsys["content/agenda/parents.md"]
	delete(fsys, "content/agenda/parents.md")
	dest, _ = build(t, fsys)
	after := readICS(t, must(os.ReadFile(filepath.Join(dest, "agenda.ics"))))
	find := func(es []event, uid string) event {
		for _, e := range es {
			if e.UID == uid {
				return e
			}
		}
		t.Fatalf("no event %s", uid)
		return event{}
	}
	b, a := find(before, "parents-2027@iscg.example.org"), find(after, "parents-2027@iscg.example.org")
	if a.Sequence <= b.Sequence {
		t.Errorf("SEQUENCE %d after an edit, %d before", a.Sequence, b.Sequence)
	}
	if !strings.Contains(a.Description, "2 places sur 12") {
		t.Errorf("the edit is not in the calendar: %q", a.Description)
	}
	if c, d := find(before, "verger-2026@iscg.example.org"), find(after, "verger-2026@iscg.example.org"); c.Sequence != d.Sequence {
		t.Errorf("a session not edited changed SEQUENCE")
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestPlacesNeverPublished: a shelter's session never gives where it is
// in any output of the agenda (its page, the agenda and its filters, the
// agenda's feeds, JSON-LD, calendars, the kit's page), nor a past
// session at a children's home; the association's session does.
func TestPlacesNeverPublished(t *testing.T) {
	dest, _ := build(t, mapFS(agendaSite(), now))
	var agendaOut []string
	filepath.Walk(dest, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			rel, _ := filepath.Rel(dest, p)
			// What the agenda writes (the directory lists the shelter by
			// phone, on purpose, and the site's feeds list its pages).
			if strings.HasPrefix(rel, "agenda") || strings.HasSuffix(rel, ".ics") || strings.HasPrefix(rel, "ateliers") {
				agendaOut = append(agendaOut, p)
			}
		}
		return nil
	})
	if len(agendaOut) < 8 {
		t.Fatalf("only %d outputs of the agenda", len(agendaOut))
	}
	all := ""
	for _, p := range agendaOut {
		b, _ := os.ReadFile(p)
		all += string(b)
		for _, leak := range []string{"Foyer Les Tilleuls", "/partenaires/abri/", "chemin du Verger", "Craponne", "69290", "/partenaires/mecs/"} {
			if strings.Contains(string(b), leak) {
				t.Errorf("%s says %q", p, leak)
			}
		}
	}
	for _, want := range []string{"4 rue des Lilas", "Lieu communiqué à l’inscription", "EducationEvent", "Grève des transports"} {
		if !strings.Contains(all, want) {
			t.Errorf("the agenda does not say %q", want)
		}
	}
	// The shelter's address, written on its session, is in no output at
	// all, archives opened.
	filepath.Walk(dest, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b := must(os.ReadFile(p))
		bodies := [][]byte{b}
		if strings.HasSuffix(p, ".zip") {
			z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range z.File {
				r, _ := f.Open()
				body, _ := io.ReadAll(r)
				r.Close()
				bodies = append(bodies, body)
			}
		}
		for _, body := range bodies {
			if bytes.Contains(body, []byte("rue Secrète")) || bytes.Contains(body, []byte("rue Secr\\u00e8te")) {
				t.Errorf("%s holds the shelter's address", p)
			}
		}
		return nil
	})
	page := string(must(os.ReadFile(filepath.Join(dest, "agenda/index.html"))))
	up, past, ok := strings.Cut(page, `id="passees"`)
	if !ok || !strings.Contains(past, "Au Verger") || strings.Contains(up, "Au Verger") || !strings.Contains(up, "Soirée des parents") {
		t.Errorf("the agenda does not put the past session in its part")
	}
	if !strings.Contains(page, `href="/agenda/atelier/reseaux/"`) {
		t.Errorf("the agenda has no filter by kit")
	}
	kitPage := string(must(os.ReadFile(filepath.Join(dest, "ateliers/reseaux/index.html"))))
	if !strings.Contains(kitPage, "Soirée des parents") || strings.Contains(kitPage, "Au Verger") {
		t.Errorf("the kit's page does not list its next sessions only")
	}
}
