package directory

import (
	"strings"
	"testing"
	"time"

	"relais/internal/phone"
)

func TestParseHours(t *testing.T) {
	nb := "\u00a0"
	tests := []struct {
		in   string
		want map[string]string // day → text
		err  string
	}{
		{in: "Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off", want: map[string]string{
			"Lundi":        "8" + nb + "h" + nb + "30 – 12" + nb + "h" + nb + "30, 13" + nb + "h" + nb + "30 – 17" + nb + "h",
			"Vendredi":     "8" + nb + "h" + nb + "30 – 12" + nb + "h" + nb + "30, 13" + nb + "h" + nb + "30 – 17" + nb + "h",
			"Samedi":       "9" + nb + "h – 12" + nb + "h",
			"Dimanche":     "Fermé",
			"Jours fériés": "Fermé",
		}},
		{in: "24/7", want: map[string]string{"Mercredi": "24" + nb + "h/24", "Dimanche": "24" + nb + "h/24"}},
		{in: "Mo-Su 09:00-19:00; Su off", want: map[string]string{"Samedi": "9" + nb + "h – 19" + nb + "h", "Dimanche": "Fermé"}},
		{in: "Mo,We 14:00-18:00", want: map[string]string{"Lundi": "14" + nb + "h – 18" + nb + "h", "Mardi": "Fermé", "Mercredi": "14" + nb + "h – 18" + nb + "h"}},
		{in: "Fr-Mo 10:00-11:00", want: map[string]string{"Samedi": "10" + nb + "h – 11" + nb + "h", "Mardi": "Fermé"}},
		{in: "09:00-23:00", want: map[string]string{"Jeudi": "9" + nb + "h – 23" + nb + "h"}},
		{in: "Mo-Fx 08:00-12:00", err: "rule 1 « Mo-Fx 08:00-12:00 »: « Fx » is not a day"},
		{in: "Mo-Fr 08:00-12:00; Sa 25:00-26:00", err: "rule 2 « Sa 25:00-26:00 »: « 25:00 » is not a time"},
		{in: "Mo 18:00-08:00", err: "ends before it starts"},
		{in: "Mo 8h-12h", err: "rule 1 « Mo 8h-12h »: « 8h » is not a time: write it as 08:30"},
		{in: "Mo", err: "no hours"},
		{in: "", err: "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			h, err := ParseHours(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range h.Table() {
				got[r.Day] = r.Text
			}
			for day, want := range tt.want {
				if got[day] != want {
					t.Errorf("%s: %q, want %q", day, got[day], want)
				}
			}
		})
	}
}

// FuzzParse checks that no hours or phone number makes the parsers panic,
// and that hours read are shown for every day.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off", "24/7", "Su-Mo 00:00-24:00", "01 23 45 67 89", "+33 (0)6 12", "116 006"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, err := ParseHours(s); err == nil && len(h.Table()) < 7 {
			t.Errorf("ParseHours(%q): %d rows", s, len(h.Table()))
		}
		if p, err := phone.Parse(s); err == nil && (p.E164 == "" || p.French() == "") {
			t.Errorf("phone.Parse(%q) = %+v", s, p)
		}
		rows, _ := ReadSheet("f.csv", []byte(s))
		for _, r := range rows {
			_, _ = Decode("f.csv", r.Fields, Options{Now: time.Now()})
		}
	})
}
