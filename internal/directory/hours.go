package directory

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"relais/internal/i18n"
)

// Span is an opening time range, in minutes since midnight.
type Span struct{ From, To int }

// Hours are opening hours by day (0 is Monday) and on public holidays.
type Hours struct {
	Days     [7][]Span
	Set      [7]bool // the day is given (open or closed)
	Holidays []Span
	HolSet   bool // public holidays are given
	Always   bool // 24/7
}

var dayCodes = []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

// ParseHours reads opening hours in OpenStreetMap syntax: rules separated by
// ";", each with days (Mo-Fr, Sa, Mo,We, PH) and times (08:30-12:30,
// 13:30-17:00) or "off". A later rule replaces an earlier one for its days.
// An error names the rule it cannot read and why.
func ParseHours(s string) (Hours, error) {
	var h Hours
	s = strings.TrimSpace(s)
	if s == "" {
		return h, i18n.Errorf("the opening hours are empty")
	}
	for n, rule := range strings.Split(s, ";") {
		rule = strings.TrimSpace(rule)
		if rule == "" {
			continue
		}
		fail := func(format string, args ...any) (Hours, error) {
			return Hours{}, i18n.Errorf("rule %d « %s »: %s", n+1, rule, i18n.T(format, args...))
		}
		if rule == "24/7" {
			h.Always = true
			continue
		}
		// Days come first, times or off after a space.
		daysPart, timesPart := rule, ""
		if i := strings.IndexByte(rule, ' '); i >= 0 {
			daysPart, timesPart = rule[:i], strings.TrimSpace(rule[i+1:])
		} else if strings.ContainsAny(rule, ":") {
			daysPart, timesPart = "Mo-Su", rule
		}
		var days [7]bool
		holidays := false
		for _, sel := range strings.Split(daysPart, ",") {
			sel = strings.TrimSpace(sel)
			if sel == "PH" {
				holidays = true
				continue
			}
			from, to, range_ := sel, sel, false
			if i := strings.IndexByte(sel, '-'); i >= 0 {
				from, to, range_ = sel[:i], sel[i+1:], true
			}
			a, b := dayIndex(from), dayIndex(to)
			if a < 0 || b < 0 {
				bad := from
				if a >= 0 {
					bad = to
				}
				return fail("« %s » is not a day: use Mo, Tu, We, Th, Fr, Sa, Su or PH (public holidays)", bad)
			}
			for d := a; ; d = (d + 1) % 7 {
				days[d] = true
				if d == b || !range_ {
					break
				}
			}
		}
		var spans []Span
		switch strings.ToLower(timesPart) {
		case "off", "closed":
		case "":
			return fail("no hours: write them as 08:30-12:30, or write off")
		default:
			for _, r := range strings.Split(timesPart, ",") {
				sp, err := parseSpan(strings.TrimSpace(r))
				if err != nil {
					return fail("%v", err)
				}
				spans = append(spans, sp)
			}
		}
		for d := range days {
			if days[d] {
				h.Days[d], h.Set[d] = spans, true
			}
		}
		if holidays {
			h.Holidays, h.HolSet = spans, true
		}
	}
	return h, nil
}

func dayIndex(code string) int {
	for i, c := range dayCodes {
		if strings.EqualFold(code, c) {
			return i
		}
	}
	return -1
}

func parseSpan(r string) (Span, error) {
	i := strings.IndexByte(r, '-')
	if i < 0 {
		return Span{}, i18n.Errorf("« %s » is not a time range: write it as 08:30-12:30", r)
	}
	from, err := parseTime(r[:i])
	if err != nil {
		return Span{}, err
	}
	to, err := parseTime(r[i+1:])
	if err != nil {
		return Span{}, err
	}
	if to <= from {
		return Span{}, i18n.Errorf("« %s » ends before it starts (hours past midnight are not supported: split them over two days)", r)
	}
	return Span{from, to}, nil
}

func parseTime(t string) (int, error) {
	t = strings.TrimSpace(t)
	hh, mm, ok := strings.Cut(t, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || len(mm) != 2 || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0) {
		return 0, i18n.Errorf("« %s » is not a time: write it as 08:30 (00:00 to 24:00)", t)
	}
	return h*60 + m, nil
}

// Row is a line of the French hours table.
type Row struct {
	Day  string // "Lundi", or "Jours fériés"
	Text string // "8 h 30 – 12 h 30, 13 h 30 – 17 h", or "Fermé"
}

var frenchDays = []string{"Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"}

// Table shows the hours in French, a row per day (days not given are
// closed), then public holidays if given.
func (h Hours) Table() []Row {
	rows := make([]Row, 0, 8)
	for d, name := range frenchDays {
		switch {
		case h.Always && !h.Set[d]:
			rows = append(rows, Row{name, "24\u00a0h/24"})
		default:
			rows = append(rows, Row{name, frenchSpans(h.Days[d])})
		}
	}
	if h.HolSet {
		rows = append(rows, Row{"Jours fériés", frenchSpans(h.Holidays)})
	}
	return rows
}

func frenchSpans(spans []Span) string {
	if len(spans) == 0 {
		return "Fermé"
	}
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = frenchTime(s.From) + " – " + frenchTime(s.To)
	}
	return strings.Join(parts, ", ")
}

// frenchTime writes minutes as French readers write hours: 8 h 30, 17 h.
func frenchTime(m int) string {
	if m%60 == 0 {
		return fmt.Sprintf("%d\u00a0h", m/60)
	}
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", m/60, m%60)
}

// frenchDayIndex maps the French names of days, full and short, to their
// index (0 is Monday).
var frenchDayIndex = map[string]int{
	"lu": 0, "lun": 0, "lundi": 0, "ma": 1, "mar": 1, "mardi": 1, "me": 2, "mer": 2, "mercredi": 2,
	"je": 3, "jeu": 3, "jeudi": 3, "ve": 4, "ven": 4, "vendredi": 4, "sa": 5, "sam": 5, "samedi": 5,
	"di": 6, "dim": 6, "dimanche": 6,
}

var (
	frenchTimeRE  = regexp.MustCompile(`^(\d{1,2})\s*(?:h|:)\s*(\d{2})?$`)
	frenchAlways  = regexp.MustCompile(`^(24\s*h\s*/\s*24|7\s*j\s*/\s*7|24\s*h\s*/\s*24\s*,?\s*7\s*j\s*/\s*7|7\s*j\s*/\s*7\s*,?\s*24\s*h\s*/\s*24|24/7)$`)
	frenchRangeRE = regexp.MustCompile(`\s*(?:-|–|à|au)\s*`)
)

// FrenchHours turns opening hours as a worker writes them in French
// (« Lu-Ve 9h-12h30, 13h30-17h ; Sa 9h-12h », « du lundi au vendredi de
// 9 h à 17 h », « 24h/24 », « 7j/7 ») into OpenStreetMap's syntax, which
// ParseHours reads. ok is false for what it cannot read (« sur
// rendez-vous »): the text is then shown as it is.
func FrenchHours(s string) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " ")))
	t = strings.TrimSuffix(t, ".")
	if frenchAlways.MatchString(t) {
		return "24/7", true
	}
	var rules []string
	for _, rule := range strings.FieldsFunc(t, func(r rune) bool { return r == ';' || r == '/' || r == '\n' }) {
		rule = strings.TrimSpace(rule)
		if rule == "" {
			continue
		}
		// The days come before the first digit, the hours after.
		i := strings.IndexAny(rule, "0123456789")
		daysPart, timesPart := rule, ""
		if i >= 0 {
			daysPart, timesPart = rule[:i], rule[i:]
		}
		daysPart = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(daysPart), "de"))
		daysPart = strings.TrimSpace(strings.TrimPrefix(daysPart, "du "))
		var days []string
		if daysPart == "" {
			days = []string{"Mo-Su"}
		}
		closed := false
		for _, sel := range strings.Split(strings.ReplaceAll(daysPart, " et ", ","), ",") {
			sel = strings.TrimSpace(sel)
			for _, w := range []string{"fermé", "ferme", "fermée"} {
				if strings.HasSuffix(sel, " "+w) || sel == w {
					closed, sel = true, strings.TrimSpace(strings.TrimSuffix(sel, w))
				}
			}
			if sel == "" {
				continue
			}
			if sel == "fériés" || sel == "jours fériés" || sel == "feries" {
				days = append(days, "PH")
				continue
			}
			parts := frenchRangeRE.Split(sel, -1)
			if len(parts) > 2 {
				return "", false
			}
			var codes []string
			for _, p := range parts {
				d, ok := frenchDayIndex[strings.TrimSuffix(strings.TrimSpace(p), ".")]
				if !ok {
					return "", false
				}
				codes = append(codes, dayCodes[d])
			}
			days = append(days, strings.Join(codes, "-"))
		}
		if len(days) == 0 {
			return "", false
		}
		if closed || timesPart == "" {
			if !closed {
				return "", false
			}
			rules = append(rules, strings.Join(days, ",")+" off")
			continue
		}
		var spans []string
		for _, span := range strings.FieldsFunc(strings.ReplaceAll(timesPart, " et ", ","), func(r rune) bool { return r == ',' }) {
			ends := frenchRangeRE.Split(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(span), "de ")), -1)
			if len(ends) != 2 {
				return "", false
			}
			var hm []string
			for _, e := range ends {
				m := frenchTimeRE.FindStringSubmatch(strings.TrimSpace(e))
				if m == nil {
					return "", false
				}
				h, _ := strconv.Atoi(m[1])
				mm := m[2]
				if mm == "" {
					mm = "00"
				}
				hm = append(hm, fmt.Sprintf("%02d:%s", h, mm))
			}
			spans = append(spans, hm[0]+"-"+hm[1])
		}
		rules = append(rules, strings.Join(days, ",")+" "+strings.Join(spans, ","))
	}
	if len(rules) == 0 {
		return "", false
	}
	osm := strings.Join(rules, "; ")
	if _, err := ParseHours(osm); err != nil {
		return "", false
	}
	return osm, true
}
