package phone

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, e164, french, err string
	}{
		{in: "01 23 45 67 89", e164: "+33123456789", french: "01 23 45 67 89"},
		{in: "01.23.45.67.89", e164: "+33123456789", french: "01 23 45 67 89"},
		{in: "+33 1 23 45 67 89", e164: "+33123456789", french: "01 23 45 67 89"},
		{in: "0033 6 12 34 56 78", e164: "+33612345678", french: "06 12 34 56 78"},
		{in: "+33 (0)1 23 45 67 89", e164: "+33123456789", french: "01 23 45 67 89"},
		{in: "0612345678", e164: "+33612345678", french: "06 12 34 56 78"},
		{in: "3919", e164: "3919", french: "3919"},
		{in: "116 006", e164: "116006", french: "116 006"},
		{in: "17", e164: "17", french: "17"},
		{in: "112", e164: "112", french: "112"},
		{in: "+32 2 123 45 67", e164: "+3221234567", french: "+3221234567"},
		{in: "01 23 45 67", err: "not a French phone number: write ten digits"},
		{in: "01 23 45 67 8a", err: `'a' is neither a digit nor a separator`},
		{in: "", err: "empty"},
		{in: "+1 23", err: "8 to 15 digits"},
		{in: "0041 22 123 45 67", e164: "+41221234567", french: "+41221234567"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := Parse(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.E164 != tt.e164 || p.French() != tt.french || p.Tel() != "tel:"+tt.e164 {
				t.Errorf("got %q %q %q, want %q %q", p.E164, p.French(), p.Tel(), tt.e164, tt.french)
			}
		})
	}
}
