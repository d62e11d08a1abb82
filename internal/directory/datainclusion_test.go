package directory

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"relais/internal/phone"
)

// TestDataInclusion writes partners in the national format and validates
// every structure and service against the schema's constraints
// (testdata/data-inclusion-v1); partners the schema cannot take are left
// out and named; a shelter has no address there either; the CSV files
// have the JSON's columns.
func TestDataInclusion(t *testing.T) {
	verified := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	long := "Informe les femmes et les familles sur leurs droits, et les accompagne dans leurs démarches."
	entries := []Entry{
		{Name: "CIDFF du Rhône", Description: long, Partner: &Partner{Type: "CIDFF", Phones: []phone.Phone{{E164: "+33478000001"}, {E164: "+33612345678"}},
			Email: "contact@cidff.example.org", Website: "https://cidff.example.org/", Address: "1 rue de l’Exemple", PostCode: "69002", Town: "Lyon",
			Publics: []string{"femmes", "Familles", "victimes"}, Modes: []string{"en-presentiel", "a-distance"}, Cost: "gratuit",
			Hours: &Hours{}, HoursText: "Mo-Fr 09:00-12:00", Verified: verified}},
		{Name: "Foyer de l’Étape.", Description: long, Partner: &Partner{Type: "CHRS", Phones: []phone.Phone{{E164: "+33478000002"}}, Verified: verified}},
		{Name: "Trop court", Description: "Aide.", Partner: &Partner{Type: "ASSO", Verified: verified}},
		{Name: "Sans date", Description: long, Partner: &Partner{Type: "ASSO"}},
		{Name: "Exemple", Description: long, Partner: &Partner{Type: "ASSO", Verified: verified, Example: true}},
	}
	st, sv, left := DataInclusion(entries, "example.org")
	if len(st) != 2 || len(sv) != 2 {
		t.Fatalf("%d structures, %d services, want 2 and 2", len(st), len(sv))
	}
	if len(left) != 2 || !strings.Contains(left[0].Why.String(), "5 characters") || !strings.Contains(left[1].Why.String(), "no verification date") {
		t.Errorf("left out: %+v", left)
	}
	if st[1].Adresse != nil || st[1].Nom != "Foyer de l’Étape" || st[0].ReseauxPorteurs[0] != "cidff" || *st[0].Telephone != "+33478000001" {
		t.Errorf("structures: %+v", st)
	}
	if strings.Join(sv[0].Publics, ",") != "femmes,familles" || sv[0].StructureID != st[0].ID {
		t.Errorf("services: %+v", sv)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for _, tc := range []struct {
		schema string
		write  func(*bytes.Buffer) error
		csv    func(*bytes.Buffer) error
	}{
		{"structure", func(b *bytes.Buffer) error { return WriteDIJSON(b, st) }, func(b *bytes.Buffer) error { return WriteDICSV(b, st) }},
		{"service", func(b *bytes.Buffer) error { return WriteDIJSON(b, sv) }, func(b *bytes.Buffer) error { return WriteDICSV(b, sv) }},
	} {
		path := filepath.Join("testdata", "data-inclusion-v1", tc.schema+".schema.json")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(path, doc); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile(path)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tc.write(&b); err != nil {
			t.Fatal(err)
		}
		items, err := jsonschema.UnmarshalJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range items.([]any) {
			if err := sch.Validate(it); err != nil {
				t.Errorf("%s %d does not follow the schema: %v", tc.schema, i, err)
			}
		}
		// A wrong value is caught: the check can fail.
		bad := map[string]any{"source": "x", "id": "y", "nom": "Ab", "description": "court", "date_maj": "hier"}
		if tc.schema == "service" {
			bad["structure_id"] = "y"
		}
		if sch.Validate(bad) == nil {
			t.Errorf("%s: an invalid item passed the schema", tc.schema)
		}
		b.Reset()
		if err := tc.csv(&b); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil || len(rows) != 3 {
			t.Fatalf("%s CSV: %d rows (%v)", tc.schema, len(rows), err)
		}
		var first map[string]any
		var j bytes.Buffer
		_ = tc.write(&j)
		var all []map[string]any
		_ = json.Unmarshal(j.Bytes(), &all)
		first = all[0]
		if len(rows[0]) != len(first) {
			t.Errorf("%s CSV has %d columns, the JSON %d", tc.schema, len(rows[0]), len(first))
		}
	}
}
