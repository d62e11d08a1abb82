package agenda

import (
	"strings"
	"testing"
	"time"

	"relais/internal/config"
	"relais/internal/frontmatter"
)

func parse(t *testing.T, src string) []frontmatter.Field {
	t.Helper()
	doc, err := frontmatter.Split("content/agenda/s.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := frontmatter.Parse("content/agenda/s.md", doc)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestDecode: times in the site's zone across the changes of hour, a
// session over midnight, French names, and each mistake at its line.
func TestDecode(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	cfg := config.Default()
	for _, tc := range []struct {
		name, body string
		start, end string // RFC 3339, "" for none
		find       string
	}{
		{"a session", "kit: ateliers/x\nstart: 2027-01-12T14:00\nend: 2027-01-12T16:30\n", "2027-01-12T14:00:00+01:00", "2027-01-12T16:30:00+01:00", ""},
		{"French names", "atelier: ateliers/x\ndebut: 2027-06-12 14:00\nfin: 12/06/2027 16h30\nstatut: annulee\n", "2027-06-12T14:00:00+02:00", "2027-06-12T16:30:00+02:00", ""},
		{"the last Sunday of October", "kit: ateliers/x\nstart: 2027-10-31T01:30\nend: 2027-10-31T04:00\n", "2027-10-31T01:30:00+02:00", "2027-10-31T04:00:00+01:00", ""},
		{"the last Sunday of March", "kit: ateliers/x\nstart: 2027-03-28T01:00\nend: 2027-03-28T04:00\n", "2027-03-28T01:00:00+01:00", "2027-03-28T04:00:00+02:00", ""},
		{"over midnight", "kit: ateliers/x\nstart: 2027-07-13T22:00\nend: 2027-07-14T01:00\n", "2027-07-13T22:00:00+02:00", "2027-07-14T01:00:00+02:00", ""},
		{"no end", "kit: ateliers/x\nstart: 2027-01-12T14:00\n", "2027-01-12T14:00:00+01:00", "", ""},
		{"a date in another form", "kit: ateliers/x\nstart: 12 janvier 2027\n", "", "", `s.md:4: start: "12 janvier 2027" is not a day and a time`},
		{"a day without a time", "kit: ateliers/x\nstart: 2027-01-12\n", "", "", `s.md:4: start: "2027-01-12" is not a day and a time`},
		{"ends before it starts", "kit: ateliers/x\nstart: 2027-01-12T14:00\nend: 2027-01-12T13:00\n", "", "", "s.md:5: the session ends (2027-01-12 13:00) before it starts"},
		{"places below zero", "kit: ateliers/x\nstart: 2027-01-12T14:00\ncapacity: -2\n", "", "", `s.md:5: capacity: "-2" is not a number of places`},
		{"more places left than places", "kit: ateliers/x\nstart: 2027-01-12T14:00\ncapacity: 8\nplacesLeft: 9\n", "", "", "s.md:6: 9 places left, of 8"},
		{"an unknown status", "kit: ateliers/x\nstart: 2027-01-12T14:00\nstatus: ouverte\n", "", "", `s.md:5: status: "ouverte" is not a status`},
		{"a contact that is neither", "kit: ateliers/x\nstart: 2027-01-12T14:00\ncontact: Mme Martin\n", "", "", `s.md:5: contact: "Mme Martin" is neither an e-mail address nor a phone number`},
		{"twice", "kit: ateliers/x\nstart: 2027-01-12T14:00\ndebut: 2027-01-13T14:00\n", "", "", "s.md:5: start is given twice (once as debut)"},
		{"no start", "kit: ateliers/x\n", "", "", "s.md:1: the session has no start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, l := Decode("content/agenda/s.md", parse(t, "---\ntitle: S\n"+tc.body+"---\n"), cfg)
			got := l.Error()
			if tc.find == "" && got != "" || tc.find != "" && !strings.Contains(got, tc.find) {
				t.Fatalf("findings %q, want %q", got, tc.find)
			}
			if tc.find != "" {
				return
			}
			if g := s.Start.In(paris).Format(time.RFC3339); g != tc.start {
				t.Errorf("start %s, want %s", g, tc.start)
			}
			if tc.end == "" && !s.End.IsZero() || tc.end != "" && s.End.In(paris).Format(time.RFC3339) != tc.end {
				t.Errorf("end %v, want %s", s.End, tc.end)
			}
		})
	}
	// French names are read as their fields.
	s, _ := Decode("content/agenda/s.md", parse(t, "---\natelier: ateliers/x\ndebut: 2027-06-12T14:00\nlieu: partenaires/p\npublic: parents\nplaces: 10\nplaces_restantes: 2\nstatut: complète\nmotif: x\n---\n"), cfg)
	if s.Kit != "ateliers/x" || s.Place != "partenaires/p" || s.Audience != "parents" || s.Capacity != 10 || s.PlacesLeft != 2 || s.Status != Full || s.Reason != "x" {
		t.Errorf("French names: %+v", s)
	}
}

func TestFrench(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(s string) time.Time { tm, _ := time.ParseInLocation("2006-01-02 15:04", s, paris); return tm }
	for _, tc := range []struct {
		start, end, want string
	}{
		{"2027-01-12 14:00", "2027-01-12 16:30", "mardi 12 janvier 2027, 14\u00a0h\u00a0– 16\u00a0h\u00a030"},
		{"2027-02-01 09:15", "", "lundi 1er février 2027, 9\u00a0h\u00a015"},
		{"2027-07-13 22:00", "2027-07-14 01:00", "mardi 13 juillet 2027, 22\u00a0h\u00a0– mercredi 14 juillet 2027, 1\u00a0h"},
	} {
		var end time.Time
		if tc.end != "" {
			end = at(tc.end)
		}
		if got := French(at(tc.start), end); got != tc.want {
			t.Errorf("French(%s, %s) = %q, want %q", tc.start, tc.end, got, tc.want)
		}
	}
}

// FuzzDecode reads any front matter as a session: findings at lines of
// the file, never a panic.
func FuzzDecode(f *testing.F) {
	f.Add("kit: ateliers/x\nstart: 2027-10-31T01:30\nend: 2027-10-31T04:00\nplaces: 12\nplaces_restantes: 3\nstatut: complète\ncontact: a@b.fr\n")
	f.Add("debut: 12/06/2027 16h30\nfin: [1, 2]\ncapacity: -1\nstatus: {a: b}\n")
	cfg := config.Default()
	f.Fuzz(func(t *testing.T, body string) {
		src := "---\n" + body + "\n---\n"
		doc, err := frontmatter.Split("s.md", []byte(src))
		if err != nil {
			return
		}
		fs, err := frontmatter.Parse("s.md", doc)
		if err != nil {
			return
		}
		_, l := Decode("s.md", fs, cfg)
		lines := 1 + strings.Count(src, "\n")
		for _, fd := range l {
			if fd.Line < 0 || fd.Line > lines {
				t.Errorf("a finding at line %d of %d: %v", fd.Line, lines, fd)
			}
		}
	})
}
