// Package phone reads French phone numbers as people write them (« 01 23
// 45 67 89 », « +33 (0)1 … », « 3919 ») and writes them as French
// readers expect and as tel: links (E.164), for the directory and the
// theme's tel function alike.
package phone

import (
	"strings"

	"relais/internal/i18n"
)

// Phone is a phone number, checked.
type Phone struct {
	E164  string // +33123456789, or the short number itself ("3919")
	Short bool   // a national short number: no country code
}

// shortNumbers are the French numbers of 2 to 6 digits people dial as they
// are: emergency numbers, helplines, and European 116 numbers.
func isShort(digits string) bool {
	switch {
	case len(digits) == 2 && digits[0] == '1': // 15, 17, 18
		return true
	case len(digits) == 3 && (digits[0] == '1'): // 112, 114, 115, 119
		return true
	case len(digits) == 4 && digits[0] == '3': // 3919, 3018, 3977…
		return true
	case len(digits) == 6 && strings.HasPrefix(digits, "116"): // 116 000, 116 006, 116 111
		return true
	}
	return false
}

// Parse reads a French phone number as people write it.
func Parse(raw string) (Phone, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Phone{}, i18n.Errorf("the phone number is empty")
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '\u00a0' || r == '\u202f' || r == '(' || r == ')' || r == '/':
		default:
			return Phone{}, i18n.Errorf("%q is not a phone number: %q is neither a digit nor a separator", raw, r)
		}
	}
	d := b.String()
	international := func(digits string) (Phone, error) {
		if n := len(digits); n < 8 || n > 15 {
			return Phone{}, i18n.Errorf("%q is not an international number: it should have 8 to 15 digits after the country code's + or 00", raw)
		}
		return Phone{E164: "+" + digits}, nil
	}
	switch {
	case strings.HasPrefix(d, "+33"), strings.HasPrefix(d, "0033"):
		national := strings.TrimPrefix(strings.TrimPrefix(d, "+33"), "0033")
		d = "0" + strings.TrimPrefix(national, "0") // "+33 (0)1 …" has a 0 too many
	case strings.HasPrefix(d, "+"):
		return international(d[1:])
	case strings.HasPrefix(d, "00"):
		return international(d[2:])
	}
	if isShort(d) {
		return Phone{E164: d, Short: true}, nil
	}
	if len(d) != 10 || d[0] != '0' || d[1] == '0' {
		return Phone{}, i18n.Errorf("%q is not a French phone number: write ten digits such as 01 23 45 67 89, or +33 1 23 45 67 89", raw)
	}
	return Phone{E164: "+33" + d[1:]}, nil
}

// French shows the number as French readers expect: 01 23 45 67 89,
// 116 006, or the international number as given.
func (p Phone) French() string {
	switch {
	case p.Short && len(p.E164) == 6:
		return p.E164[:3] + " " + p.E164[3:]
	case p.Short:
		return p.E164
	case strings.HasPrefix(p.E164, "+33") && len(p.E164) == 12:
		d := "0" + p.E164[3:]
		return strings.Join([]string{d[0:2], d[2:4], d[4:6], d[6:8], d[8:10]}, " ")
	}
	return p.E164
}

// Tel is the tel: link of the number.
func (p Phone) Tel() string { return "tel:" + p.E164 }
