package headers

import (
	"strings"
	"testing"
)

func TestHTTP(t *testing.T) {
	for _, https := range []bool{true, false} {
		h := HTTP(https)
		for _, k := range []string{"Content-Security-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Referrer-Policy"} {
			if h[k] == "" {
				t.Errorf("https %v: no %s", https, k)
			}
		}
		if _, ok := h["Strict-Transport-Security"]; ok != https {
			t.Errorf("https %v: HSTS %v", https, ok)
		}
		for k, v := range h {
			if strings.Contains(v, "interest-cohort") {
				t.Errorf("%s still has the obsolete interest-cohort", k)
			}
		}
	}
}
