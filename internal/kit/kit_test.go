package kit

import (
	"strings"
	"testing"

	"relais/internal/frontmatter"
)

func TestParseAges(t *testing.T) {
	for _, tt := range []struct {
		in     string
		lo, hi int
		err    bool
	}{
		{"12-17", 12, 17, false}, {"12 à 17 ans", 12, 17, false}, {"12–17", 12, 17, false},
		{"17-12", 0, 0, true}, {"ados", 0, 0, true},
	} {
		lo, hi, err := ParseAges(tt.in)
		if lo != tt.lo || hi != tt.hi || (err != nil) != tt.err {
			t.Errorf("ParseAges(%q) = %d, %d, %v", tt.in, lo, hi, err)
		}
	}
}

func decode(t *testing.T, yaml string) (*Kit, string) {
	d, err := frontmatter.Split("index.md", []byte("---\n"+yaml+"---\n"))
	if err != nil {
		t.Fatal(err)
	}
	fields, err := frontmatter.Parse("index.md", d)
	if err != nil {
		t.Fatal(err)
	}
	k, l := Decode("index.md", fields)
	return k, l.Error()
}

const valid = `title: Réseaux sociaux
version: "1.0"
auteurs: [L'intervenante sociale]
licence: CC BY-SA 4.0
public: Adolescents en MECS
ages: 12-17
participants: 6 à 10
duree: 2 h
objectifs_generaux: [Connaître les risques des réseaux sociaux]
sequence:
  - {titre: Accueil, duree: 10 min}
  - {titre: Débat, duree: 1 h 20}
  - {titre: Bilan, duree: 30 min}
`

func TestDecode(t *testing.T) {
	k, findings := decode(t, valid)
	if findings != "" || k.Minutes != 120 || len(k.Sequence) != 3 || k.Ages() != "12-17" || k.ISODuration() != "PT2H" {
		t.Fatalf("kit %+v, findings %s", k, findings)
	}
	tests := []struct{ name, yaml, want string }{
		{"missing field", strings.Replace(valid, "licence: CC BY-SA 4.0\n", "", 1), "index.md:1: the kit has no licence"},
		{"bad duration", strings.Replace(valid, "duree: 2 h", "duree: deux heures", 1), `index.md:9: duree: "deux heures" is not a duration`},
		{"bad ages", strings.Replace(valid, "ages: 12-17", "ages: ados", 1), `index.md:7: ages: "ados" is not an age range`},
		{"steps do not add up", strings.Replace(valid, "duree: 30 min}", "duree: 20 min}", 1),
			"index.md:11: warning: the steps of the sequence last 1\u00a0h\u00a050 in all, but the kit says 2\u00a0h"},
		{"bad step", strings.Replace(valid, "{titre: Bilan, duree: 30 min}", "{titre: Bilan, duree: bientôt}", 1), `sequence: step 3: "bientôt" is not a duration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := decode(t, tt.yaml); !strings.Contains(got, tt.want) {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
		})
	}
}
