package directory

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-vcard"

	"relais/internal/phone"
)

func entries(t *testing.T) []Entry {
	ph, err := phone.Parse("01 99 00 12 34")
	if err != nil {
		t.Fatal(err)
	}
	short, _ := phone.Parse("3919")
	return []Entry{
		{Name: "Association « Écoute, droits ; soutien »", URL: "https://example.org/partenaires/a/",
			Description: "Une longue description de l’association, qui dépasse sans peine les soixante-quinze octets d’une ligne de vCard.",
			Partner: &Partner{Type: "ASSO", Phones: []phone.Phone{ph, short}, Email: "contact@exemple.org", Website: "https://www.exemple.org/",
				Address: "1 rue de l’Exemple", PostCode: "69003", Town: "Lyon", HoursText: "Mo-Fr 09:00-17:00",
				Publics: []string{"femmes", "familles"}, Verified: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}},
		{Name: "Hébergement (exemple)", URL: "https://example.org/partenaires/h/", Partner: &Partner{Type: "hébergement"}},
	}
}

func TestVCards(t *testing.T) {
	var b bytes.Buffer
	if err := WriteVCards(&b, entries(t)); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
	}
	dec := vcard.NewDecoder(&b)
	card, err := dec.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if got := card.PreferredValue(vcard.FieldFormattedName); got != "Association « Écoute, droits ; soutien »" {
		t.Errorf("FN = %q", got)
	}
	if card.Value(vcard.FieldVersion) != "4.0" || card.Value(vcard.FieldKind) != "org" {
		t.Errorf("version %q kind %q", card.Value(vcard.FieldVersion), card.Value(vcard.FieldKind))
	}
	tels := card.Values(vcard.FieldTelephone)
	if len(tels) != 2 || tels[0] != "tel:+33199001234" || tels[1] != "tel:3919" {
		t.Errorf("TEL = %q", tels)
	}
	adr := card.Address()
	if adr == nil || adr.StreetAddress != "1 rue de l’Exemple" || adr.Locality != "Lyon" || adr.PostalCode != "69003" {
		t.Errorf("ADR = %+v", adr)
	}
	if note := card.Value(vcard.FieldNote); !strings.HasSuffix(note, "ligne de vCard.") {
		t.Errorf("NOTE (folded) = %q", note)
	}
	second, err := dec.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if second.PreferredValue(vcard.FieldFormattedName) != "Hébergement (exemple)" || second.Address() != nil {
		t.Errorf("second card: %v", second)
	}
}

func TestCSV(t *testing.T) {
	for _, sep := range []rune{',', ';'} {
		var b bytes.Buffer
		if err := WriteCSV(&b, entries(t), sep); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte("\ufeff")) {
			t.Errorf("no byte order mark")
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff"))))
		r.Comma = sep
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 || recs[0][0] != "nom" || recs[1][0] != "Association « Écoute, droits ; soutien »" ||
			recs[1][2] != "'+33199001234 | 3919" || recs[1][14] != "2026-11-26" {
			t.Errorf("records = %q", recs)
		}
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, entries(t)); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0]["code_postal"] != "69003" || got[1]["adresse"] != nil {
		t.Errorf("JSON = %v", got)
	}
}

// TestCSVInjection: no cell of the export starts a formula, and reading
// the export back gives the values as they were.
func TestCSVInjection(t *testing.T) {
	values := []string{"=HYPERLINK(\"https://evil.example/\",\"clic\")", "=cmd|' /C calc'!A0", "+33 1 99", "-2+3", "@SUM(A1)",
		"\tTab", "\rCR", "sans danger", "'déjà cité", ""}
	for _, v := range values {
		got := Cell(v)
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Errorf("Cell(%q) = %q starts a formula", v, got)
		}
		if back := uncell(got); back != v {
			t.Errorf("uncell(Cell(%q)) = %q", v, back)
		}
	}
	var b bytes.Buffer
	e := Entry{Name: "=HYPERLINK(\"https://evil.example/\")", URL: "https://example.org/p/", Partner: &Partner{Type: "ASSO", Territory: "@A1"}}
	if err := WriteCSV(&b, []Entry{e}, ';'); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, cell := range recs[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("cell %q of the export starts a formula", cell)
		}
	}
}
