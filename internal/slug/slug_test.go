package slug

import "testing"

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
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
