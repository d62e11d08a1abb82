package agenda

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWriteICS: the calendar is the golden file byte for byte (CRLF,
// lines folded at 75 octets without cutting a character, text escaped,
// times in UTC, a cancelled event kept); RELAIS_UPDATE=1 writes it again.
func TestWriteICS(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(s string) time.Time { tm, _ := time.ParseInLocation("2006-01-02 15:04", s, paris); return tm }
	var b bytes.Buffer
	WriteICS(&b, "ISCG — agenda", []Event{
		{UID: "parents-2027@iscg.example.org", Stamp: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC), Sequence: 1542916,
			Start: at("2027-10-31 01:30"), End: at("2027-10-31 04:00"), Summary: "Soirée des parents",
			Description: "Réseaux sociaux : usages et risques\nparents d’adolescents, avec des virgules; des points-virgules\\ et une barre",
			Location:    "Association Relais Familles, 4 rue des Lilas, 69008 Lyon", URL: "https://iscg.example.org/agenda/parents/", Status: "CONFIRMED"},
		{UID: "agenda-college@iscg.example.org", Stamp: time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC), Sequence: 1544000,
			Start: at("2027-01-19 09:00"), End: at("2027-01-19 11:00"), Summary: "Annulé : Au collège",
			Description: "Grève des transports", Location: Withheld, Status: "CANCELLED"},
	})
	golden := filepath.Join("testdata", "calendar.ics")
	if os.Getenv("RELAIS_UPDATE") == "1" {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("the calendar differs from %s:\n%s", golden, b.String())
	}
}
