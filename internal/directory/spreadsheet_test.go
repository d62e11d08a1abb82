package directory

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// excelFrench is a sheet as a French worker types it: French headers with
// accents and spaces, two phones in a cell, a list with ";", dates as
// Excel shows them, a private row, and the empty columns Excel adds.
const excelFrench = "Nom de la structure;Type;Téléphone;Code postal;Commune;Site web;Vérifié le;Publics;visibilité;;\r\n" +
	"Foyer à l’Étape;ASSO;04 78 00 00 00 / 06 12 34 56 78;69003;Lyon;https://www.exemple.fr/;26/11/2026;\"femmes; familles\";;;\r\n" +
	"CIDFF du Rhône;CIDFF;04 78 00 00 01;69002;Lyon;;26/11/26;femmes;;;\r\n" +
	"Maison des jeunes;ASSO;04 78 00 00 02;69100;Villeurbanne;;26 novembre 2026;jeunes;privé;;\r\n" +
	";;;;;;;;;;\r\n"

func TestSpreadsheetEncodings(t *testing.T) {
	cp1252, err := charmap.Windows1252.NewEncoder().String(strings.ReplaceAll(excelFrench, "’", "'"))
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(strings.ReplaceAll(excelFrench, ";", "\t"), "femmes\t familles", "femmes; familles"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data, enc string
	}{
		{"UTF-8", excelFrench, "UTF-8"},
		{"UTF-8 with BOM", "\ufeff" + excelFrench, "UTF-8"},
		{"Windows-1252 with semicolons (French Excel)", cp1252, "Windows-1252"},
		{"UTF-16 with tabs (Excel « Texte Unicode »)", utf16, "UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, enc := DecodeText([]byte(tt.data)); enc != tt.enc {
				t.Errorf("read as %s, want %s", enc, tt.enc)
			}
			rows, l := ReadSheet("partenaires.csv", []byte(tt.data))
			if len(l) > 0 {
				t.Errorf("findings: %v", l)
			}
			if len(rows) != 3 {
				t.Fatalf("%d rows, want 3", len(rows))
			}
			if !strings.HasPrefix(rows[0].Name, "Foyer à l") || !strings.HasSuffix(rows[0].Name, "Étape") || rows[1].Name != "CIDFF du Rhône" {
				t.Errorf("names %q, %q", rows[0].Name, rows[1].Name)
			}
			if !rows[2].Private || rows[0].Private {
				t.Errorf("privé not read: %v %v", rows[0].Private, rows[2].Private)
			}
			want := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
			for i, r := range rows {
				p, l := Decode("partenaires.csv", r.Fields, Options{Now: want})
				if len(l.Errors()) > 0 {
					t.Errorf("row %d: %v", i, l)
				}
				if !p.Verified.Equal(want) {
					t.Errorf("row %d: verified %v", i, p.Verified)
				}
				if r.Headers["code_postal"] != "Code postal" {
					t.Errorf("headers as written: %v", r.Headers)
				}
			}
			p, _ := Decode("partenaires.csv", rows[0].Fields, Options{Now: want})
			if len(p.Phones) != 2 || p.Website != "https://www.exemple.fr/" || p.Town != "Lyon" || len(p.Publics) != 2 {
				t.Errorf("first partner: %+v", p)
			}
		})
	}
}

func TestFrenchDates(t *testing.T) {
	want := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for _, v := range []string{"26/11/2026", "26/11/26", "26-11-2026", "26.11.2026", "26 novembre 2026", "26 Novembre 2026",
		"26 nov. 2026", "2026-11-26", "46352"} {
		if got, ok := FrenchDate(v); !ok || !got.Equal(want) {
			t.Errorf("FrenchDate(%q) = %v, %v", v, got, ok)
		}
	}
	if got, ok := FrenchDate("1er décembre 2026"); !ok || got.Day() != 1 || got.Month() != 12 {
		t.Errorf("1er décembre 2026: %v", got)
	}
	for _, v := range []string{"31/02/2026", "demain", "26 brumaire 2026", ""} {
		if _, ok := FrenchDate(v); ok {
			t.Errorf("FrenchDate(%q) accepted", v)
		}
	}
}

// TestExportImportsBack: the site's own annuaire.csv, with its page column
// and its neutralised cells, reads back to the same partners.
func TestExportImportsBack(t *testing.T) {
	in := entries(t)
	for _, sep := range []rune{',', ';'} {
		var b bytes.Buffer
		if err := WriteCSV(&b, in, sep); err != nil {
			t.Fatal(err)
		}
		rows, l := ReadSheet("annuaire.csv", b.Bytes())
		if len(l) > 0 {
			t.Fatalf("the export does not import back: %v", l)
		}
		if len(rows) != len(in) {
			t.Fatalf("%d rows, want %d", len(rows), len(in))
		}
		for i, r := range rows {
			p, _ := Decode("annuaire.csv", r.Fields, Options{Now: time.Now()})
			e := in[i]
			if r.Name != e.Name || p.Type != e.Type || len(p.Phones) != len(e.Phones) || p.Email != e.Email ||
				p.Website != e.Website || p.Town != e.Town || strings.Join(p.Publics, "|") != strings.Join(e.Publics, "|") ||
				!p.Verified.Equal(e.Verified) {
				t.Errorf("sep %q, row %d: %+v, want %+v", sep, i, p, e.Partner)
			}
			for j := range p.Phones {
				if p.Phones[j].E164 != e.Phones[j].E164 {
					t.Errorf("phone %q, want %q", p.Phones[j].E164, e.Phones[j].E164)
				}
			}
		}
	}
}

func TestLostLeadingZero(t *testing.T) {
	rows, _ := ReadSheet("p.csv", []byte("nom;telephone\nA;478000000\n"))
	_, l := Decode("p.csv", rows[0].Fields, Options{Now: time.Now()})
	if !strings.Contains(l.Error(), "Excel may have removed the leading 0 (0478000000)") {
		t.Errorf("findings: %v", l)
	}
}
