package duration

import "testing"

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		err  bool
	}{
		{"2 h", 120, false}, {"1 h 30", 90, false}, {"1h30", 90, false}, {"90 min", 90, false}, {"45 mn", 45, false},
		{"PT2H", 120, false}, {"PT1H30M", 90, false}, {"pt45m", 45, false}, {"2\u00a0h", 120, false},
		{"deux heures", 0, true}, {"PT", 0, true}, {"", 0, true}, {"2", 0, true},
	} {
		got, err := Parse(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("Parse(%q) = %d, %v", tt.in, got, err)
		}
	}
	for m, want := range map[int]string{120: "PT2H", 90: "PT1H30M", 45: "PT45M"} {
		if got := ISO(m); got != want {
			t.Errorf("ISO(%d) = %s, want %s", m, got, want)
		}
	}
	if got := French(90); got != "1\u00a0h\u00a030" {
		t.Errorf("French(90) = %q", got)
	}
}
