package markdown

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// frenchRunes is the first, plainer version of french, on runes. The
// version on bytes must give the same text.
func frenchRunes(s string, prev rune, next string) string {
	rs := []rune(s)
	nx := []rune(next)
	if len(nx) > 8 {
		nx = nx[:8]
	}
	at := func(i int) rune {
		if i < len(rs) {
			return rs[i]
		}
		if j := i - len(rs); j < len(nx) {
			return nx[j]
		}
		return 0
	}
	out := make([]rune, 0, len(rs)+4)
	last := func() rune {
		if len(out) > 0 {
			return out[len(out)-1]
		}
		return prev
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case ';', '!', '?':
			if r == ';' && endsWithEntityRunes(out) {
				break
			}
			if !endsToken(at(i + 1)) {
				break
			}
			out = spaceBeforeRunes(out, prev, narrow)
		case '»':
			out = spaceBeforeRunes(out, prev, narrow)
		case ':':
			if n := at(i + 1); n != 0 && !unicode.IsSpace(n) {
				break
			}
			if isDigit(last()) && isDigit(at(i+1)) {
				break
			}
			out = spaceBeforeRunes(out, prev, nbsp)
		case '«':
			out = append(out, r)
			switch n := at(i + 1); {
			case (n == ' ' || n == nbsp) && i+1 < len(rs):
				out = append(out, narrow)
				i++
			case n == narrow || n == 0 || unicode.IsSpace(n):
			default:
				out = append(out, narrow)
			}
			continue
		case ' ':
			if isDigit(last()) && unitAtRunes(rs, i+1) {
				out = append(out, nbsp)
				continue
			}
			if i == len(rs)-1 && len(nx) > 0 && isWordish(last()) {
				switch nx[0] {
				case ';', '!', '?':
					if endsToken(at(i + 2)) {
						out = append(out, narrow)
						continue
					}
				case '»':
					out = append(out, narrow)
					continue
				case ':':
					if n := at(i + 2); n == 0 || unicode.IsSpace(n) {
						out = append(out, nbsp)
						continue
					}
				}
			}
		}
		out = append(out, r)
	}
	return string(out)
}

// spaceBeforeRunes makes the space before a punctuation mark the no-break space
// sp: it replaces the spaces that are there, or adds one after a word.
func spaceBeforeRunes(out []rune, prev rune, sp rune) []rune {
	n := len(out)
	for n > 0 && (out[n-1] == ' ' || out[n-1] == nbsp || out[n-1] == narrow) {
		n--
	}
	if n < len(out) {
		return append(out[:n], sp)
	}
	last := prev
	if n > 0 {
		last = out[n-1]
	}
	if isWordish(last) {
		return append(out, sp)
	}
	return out
}

func endsWithEntityRunes(out []rune) bool {
	for i := len(out) - 1; i >= 0; i-- {
		r := out[i]
		switch {
		case r == '&':
			return i < len(out)-1
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#':
			continue
		default:
			return false
		}
	}
	return false
}

// unitAtRunes reports whether a unit of measure starts at rs[i] and ends a word.
func unitAtRunes(rs []rune, i int) bool {
	j := i
	for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '%' || rs[j] == '‰' || rs[j] == '€' ||
		rs[j] == '$' || rs[j] == '£' || rs[j] == '°') {
		j++
	}
	if j == i {
		return false
	}
	if j < len(rs) && (unicode.IsDigit(rs[j])) {
		return false
	}
	return units[string(rs[i:j])]
}

func FuzzFrenchSame(f *testing.F) {
	for _, s := range []string{"Bonjour !", "« Bonjour »", "«Bonjour»", "10 % et 15 €", "Note: ceci", "a &amp; b;", "à 10:30", "«  x", "Quoi ?!", "deux 3 km", "« é", "x » ", "3 ans"} {
		f.Add(s, int32('a'), " ! »")
		f.Add(s, int32(0), "")
	}
	f.Fuzz(func(t *testing.T, s string, prev int32, next string) {
		// Pages are UTF-8: the site refuses other files.
		if !utf8.ValidString(s) || !utf8.ValidString(next) || !utf8.ValidRune(prev) {
			return
		}
		got, want := french(s, prev, next), frenchRunes(s, prev, next)
		if got != want {
			t.Errorf("french(%q, %q, %q) = %q, want %q", s, prev, next, got, want)
		}
		// Text mayChange passes over is left as it is.
		if !mayChange(s, prev, next) && want != s {
			t.Errorf("mayChange(%q, %q, %q) = false, but French gives %q", s, prev, next, want)
		}
	})
}
