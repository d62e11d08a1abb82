package rgaa

import (
	"strings"
	"testing"
	"time"
)

func TestStatus(t *testing.T) {
	day := time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)
	rate := func(r float64) *float64 { return &r }
	for _, tc := range []struct {
		name string
		s    Statement
		want Status
		text string
	}{
		{"nothing", Statement{}, NonCompliant, ""},
		{"a rate alone is no audit", Statement{Rate: rate(100)}, NonCompliant, "100\u00a0%"},
		{"no auditor", Statement{AuditDate: day, Rate: rate(90)}, NonCompliant, "90\u00a0%"},
		{"full", Statement{AuditDate: day, Auditor: "A", Rate: rate(100)}, Full, "100\u00a0%"},
		{"100 with non-conformities", Statement{AuditDate: day, Auditor: "A", Rate: rate(100), NonConformities: []string{"x"}}, Partial, "100\u00a0%"},
		{"partial", Statement{AuditDate: day, Auditor: "A", Rate: rate(78.5)}, Partial, "78,5\u00a0%"},
		{"exactly 50", Statement{AuditDate: day, Auditor: "A", Rate: rate(50)}, Partial, "50\u00a0%"},
		{"under 50", Statement{AuditDate: day, Auditor: "A", Rate: rate(49.9)}, NonCompliant, "49,9\u00a0%"},
	} {
		if got := tc.s.Status(); got != tc.want {
			t.Errorf("%s: status %s, want %s", tc.name, got, tc.want)
		}
		if got := tc.s.RateText(); got != tc.text {
			t.Errorf("%s: rate %q, want %q", tc.name, got, tc.text)
		}
	}
}

func TestCheck(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	day := time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)
	rate := func(r float64) *float64 { return &r }
	ok := Statement{AuditDate: day, Auditor: "A", Rate: rate(80), Email: "a@example.org"}
	for _, tc := range []struct {
		name string
		s    Statement
		want []string // "key: message start", "!" first for an error
	}{
		{"complete", ok, nil},
		{"nothing", Statement{}, []string{"date: the accessibility statement has no date", "email: the accessibility statement gives no way"}},
		{"rate out of range", Statement{AuditDate: day, Auditor: "A", Rate: rate(120), Contact: "/c/"}, []string{"!rate: the audit rate 120 is not a percentage"}},
		{"incomplete audit", Statement{Rate: rate(80), Contact: "/c/", Date: day}, []string{"auditDate: the audit lacks auditDate and auditor"}},
		{"future audit", Statement{AuditDate: now.AddDate(0, 1, 0), Auditor: "A", Rate: rate(80), Contact: "/c/"}, []string{"auditDate: the audit date 2027-01-01 is in the future"}},
		{"100 and non-conformities", Statement{AuditDate: day, Auditor: "A", Rate: rate(100), Contact: "/c/", NonConformities: []string{"x"}}, []string{"nonConformities: the rate is 100 %"}},
		{"bad e-mail", Statement{Date: day, Email: "pas une adresse"}, []string{`!email: "pas une adresse" is not an e-mail address`}},
		{"named e-mail", Statement{Date: day, Email: "Marie <m@example.org>"}, []string{`!email: "Marie <m@example.org>" is not an e-mail address`}},
	} {
		got := tc.s.Check(now)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d problems, want %d: %+v", tc.name, len(got), len(tc.want), got)
			continue
		}
		for i, p := range got {
			s := p.Key + ": " + p.Msg.String()
			if p.Error {
				s = "!" + s
			}
			if !strings.HasPrefix(s, tc.want[i]) || p.Hint.Format == "" {
				t.Errorf("%s: problem %q, want %q with a hint", tc.name, s, tc.want[i])
			}
		}
	}
}
