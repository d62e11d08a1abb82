// Package slug makes URL path segments and ids from French text: accents
// folded, ligatures spelled out, lower case, words joined by hyphens.
//
//	Make("Protection de l'enfance") == "protection-de-l-enfance"
//	Make("Œuvre à l’été") == "oeuvre-a-l-ete"
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// spelled are the letters that decomposing does not fold: ligatures and
// letters with a stroke. Search folds them as slugs do (Spelled), and so
// do the theme's scripts (recherche.js, annuaire.js).
var spelled = map[rune]string{
	'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss", 'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l",
}

// Spelled is how a letter that decomposing does not fold is written in
// plain Latin letters ("oe" for œ, "ss" for ß), or "".
func Spelled(r rune) string { return spelled[r] }

// MaxLen is the longest slug, in bytes: a path segment must stay well
// under the 255 bytes file systems allow, and a URL readable.
const MaxLen = 100

// Make returns the slug of s; it may be empty when s has no letter or digit.
// A slug longer than MaxLen is cut after its last whole word that fits.
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case spelled[r] != "":
			b.WriteString(spelled[r])
			dash = false
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case r >= 128 && unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case r >= 128 && unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		case r == '_' || r == '.':
			// Keep dots and underscores only inside words, as in
			// file names ("guide_v2", "v1.2").
			if b.Len() > 0 && !dash {
				b.WriteRune(r)
			}
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.Trim(b.String(), "-._")
	if len(out) > MaxLen {
		cut := out[:MaxLen+1]
		if i := strings.LastIndexByte(cut, '-'); i > 0 {
			out = cut[:i]
		} else {
			// One word longer than MaxLen: cut at a character boundary.
			i := MaxLen
			for i > 0 && !utf8.RuneStart(out[i]) {
				i--
			}
			out = out[:i]
		}
		out = strings.TrimRight(out, "-._")
	}
	return out
}

// RemoveAccents is s without its accents ("Été" gives "Ete"), other
// characters as they are.
func RemoveAccents(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
