package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Protection de l'enfance", "protection-de-l-enfance"},
		{"Protection de l’enfance", "protection-de-l-enfance"},
		{"Œuvre à l’été", "oeuvre-a-l-ete"},
		{"Accès aux droits", "acces-aux-droits"},
		{"  Violences   intrafamiliales  ", "violences-intrafamiliales"},
		{"Réseaux sociaux : usages et risques", "reseaux-sociaux-usages-et-risques"},
		{"article-00012", "article-00012"},
		{"guide_v1.2", "guide_v1.2"},
		{"« ?! »", ""},
		{"3919", "3919"},
		{"L'ISCG", "l-iscg"},
		// Long names are cut after the last whole word that fits.
		{strings.Repeat("mot ", 40), strings.TrimSuffix(strings.Repeat("mot-", 25), "-")},
		{strings.Repeat("a", 120), strings.Repeat("a", MaxLen)},
		{strings.Repeat("λ", 120), strings.Repeat("λ", MaxLen/2)},
		{strings.Repeat("x", 99) + " yy", strings.Repeat("x", 99)},
		{strings.Repeat("x", 100) + " yy", strings.Repeat("x", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Make(tt.in)
			if len(got) > MaxLen {
				t.Errorf("Make(%q) is %d bytes, more than %d", tt.in, len(got), MaxLen)
			}
			if got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
