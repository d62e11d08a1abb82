package directory

import (
	"strings"
	"testing"
	"time"
)

func TestReadSheet(t *testing.T) {
	tests := []struct {
		name, src string
		rows      int
		err       string // a finding, "" for none
	}{
		{"commas and BOM", "\ufeffnom,type,telephone,publics\nCIDFF exemple,CIDFF,01 99 00 12 34,femmes | familles\n", 1, ""},
		{"semicolons", "nom;type;courriel\n\"Asso; exemple\";ASSO;contact@exemple.org\nAutre;CCAS;\n", 2, ""},
		{"unknown column", "nom,tpye\nA,ASSO\n", 1, "f.csv:1:2: warning: unknown column « tpye »: left out\n\tdid you mean « Type »?"},
		{"no name column", "type\nASSO\n", 0, "f.csv:1: the first row has no nom column"},
		{"empty name", "nom,type\n,ASSO\n", 0, "f.csv:2:1: this partner has no name"},
		{"bad quotes", "nom,type\n\"A,ASSO\nB,CCAS\n", 0, "the spreadsheet cannot be read"},
		{"too many cells", "nom,type\nA,ASSO,x\n", 1, "f.csv:2:8: this row has more cells"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, l := ReadSheet("f.csv", []byte(tt.src))
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			if tt.err == "" && len(l) > 0 || tt.err != "" && !strings.Contains(l.Error(), tt.err) {
				t.Errorf("findings %q, want %q", l.Error(), tt.err)
			}
		})
	}
	// A cell's value is checked at its row and column.
	rows, _ := ReadSheet("f.csv", []byte("nom;type;telephone\nA;ASSO;01 23\n"))
	_, l := Decode("f.csv", rows[0].Fields, Options{Now: time.Now()})
	if !strings.Contains(l.Error(), `f.csv:2:8: telephone: "01 23" is not a French phone number`) {
		t.Errorf("findings %q", l.Error())
	}
	if rows, _ := ReadSheet("f.csv", []byte("nom,publics\nA,femmes | familles\n")); len(rows) != 1 || len(rows[0].Fields[0].Value.([]any)) != 2 {
		t.Errorf("list column: %+v", rows)
	}
}
