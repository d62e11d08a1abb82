// Package duration reads and writes the durations of workshops and
// their steps as French facilitators write them ("2 h", "1 h 30",
// "45 min") and as schema.org wants them (PT1H30M).
package duration

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"relais/internal/i18n"
)

// ISO writes minutes as an ISO 8601 duration: PT2H, PT1H30M, PT45M.
func ISO(m int) string {
	s := "PT"
	if m/60 > 0 {
		s += strconv.Itoa(m/60) + "H"
	}
	if m%60 > 0 || m == 0 {
		s += strconv.Itoa(m%60) + "M"
	}
	return s
}

// French writes minutes as French readers do: 2 h, 1 h 30, 45 min.
func French(m int) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%d\u00a0min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d\u00a0h", m/60)
	}
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", m/60, m%60)
}

var (
	isoRe  = regexp.MustCompile(`^PT(?:(\d+)H)?(?:(\d+)M)?$`)
	hourRe = regexp.MustCompile(`^(\d+)\s*h(?:\s*(\d+))?(?:\s*min)?$`)
	minRe  = regexp.MustCompile(`^(\d+)\s*(?:min|mn|minutes?)$`)
)

// Parse reads a duration: "2 h", "1 h 30", "1h30", "90 min", or
// "PT1H30M".
func Parse(s string) (int, error) {
	t := strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\u00a0", " "), "\u202f", " "))
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	if m := isoRe.FindStringSubmatch(strings.ToUpper(t)); m != nil && (m[1] != "" || m[2] != "") {
		return atoi(m[1])*60 + atoi(m[2]), nil
	}
	if m := hourRe.FindStringSubmatch(strings.ToLower(t)); m != nil {
		return atoi(m[1])*60 + atoi(m[2]), nil
	}
	if m := minRe.FindStringSubmatch(strings.ToLower(t)); m != nil {
		return atoi(m[1]), nil
	}
	return 0, i18n.Errorf("%q is not a duration: write it as 2 h, 1 h 30, 45 min or PT1H30M", s)
}
