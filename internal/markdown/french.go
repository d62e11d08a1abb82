package markdown

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

const (
	nbsp   = '\u00a0' // no-break space, before ":" and between a number and its unit
	narrow = '\u202f' // narrow no-break space, before ; ! ? and inside « »
)

// FrenchTypography is a goldmark AST transformer that applies the French
// spacing rules to text nodes: a narrow no-break space before ; ! ? and
// inside « », a no-break space before : and between a number and its unit.
// Code spans, raw HTML and autolinks are left alone, and so are colons and
// question marks inside words (times such as 10:30, URLs in text). Applying
// it twice changes nothing.
type FrenchTypography struct{}

// Transform implements parser.ASTTransformer.
func (FrenchTypography) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var run []ast.Node
	var scratch []byte // reused by every text of the page
	flush := func() {
		scratch = frenchRun(run, src, scratch)
		run = run[:0]
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink, *TemplateTag:
			run = append(run, nil) // text we must not touch, nor read as context
			return ast.WalkSkipChildren, nil
		case *ast.Text, *ast.String:
			run = append(run, n)
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock {
			flush()
		}
		return ast.WalkContinue, nil
	})
	flush()
}

// frenchRun fixes the text leaves of one block, in order; nil entries are
// barriers that give no context. Text is read where it lies: only the
// nodes French changes are copied. scratch is working space, returned for
// the next run.
func frenchRun(run []ast.Node, src []byte, scratch []byte) []byte {
	value := func(n ast.Node) []byte {
		switch t := n.(type) {
		case *ast.Text:
			return t.Segment.Value(src)
		case *ast.String:
			return t.Value
		}
		return nil
	}
	var prev rune
	for i, n := range run {
		if n == nil {
			prev = 0
			continue
		}
		v := value(n)
		var next []byte
		if i+1 < len(run) && run[i+1] != nil {
			next = value(run[i+1])
		}
		if t, ok := n.(*ast.Text); ok {
			if mayChange(v, prev, next) {
				// French reads at most 8 characters of what follows. The
				// text is read in place, and copied only when it changes.
				scratch = appendFrench(scratch[:0], bytesString(v), prev, bytesString(next[:min(len(next), 32)]))
				if !bytes.Equal(scratch, v) {
					v = replaceText(t, scratch)
				}
			}
			if t.SoftLineBreak() || t.HardLineBreak() {
				prev = '\n'
				continue
			}
		}
		if r, size := utf8.DecodeLastRune(v); size > 0 {
			prev = r
		}
	}
	return scratch
}

// bytesString views b as a string without copying it; b must not change
// while the string is in use.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// replaceText puts a String holding out (copied) in place of t, and returns
// the new text.
func replaceText(t *ast.Text, out []byte) []byte {
	value := make([]byte, len(out), len(out)+1)
	copy(value, out)
	s := ast.NewString(value)
	s.SetRaw(t.IsRaw())
	parent := t.Parent()
	if t.SoftLineBreak() {
		s.Value = append(s.Value, '\n')
	}
	parent.ReplaceChild(parent, t, s)
	if t.HardLineBreak() {
		br := ast.NewString([]byte("<br>\n"))
		br.SetCode(true)
		parent.InsertAfter(parent, s, br)
	}
	return value
}

// French applies the French spacing rules to s. prev is the character
// before s (0 if none) and next the text after it, read as context only.
func French(s string, prev rune, next string) string {
	if !mayChange(s, prev, next) {
		return s
	}
	return french(s, prev, next)
}

func french(s string, prev rune, next string) string {
	return string(appendFrench(make([]byte, 0, len(s)+12), s, prev, next))
}

// appendFrench appends s with the French rules applied to out, which must
// be empty (its spare capacity is reused).
func appendFrench(out []byte, s string, prev rune, next string) []byte {
	// Offsets run on through next, read as context: at most 8 characters.
	for i, n := 0, 0; i < len(next); n++ {
		if n == 8 {
			next = next[:i]
			break
		}
		_, size := utf8.DecodeRuneInString(next[i:])
		i += size
	}
	at := func(i int) (rune, int) {
		if i < len(s) {
			return utf8.DecodeRuneInString(s[i:])
		}
		if j := i - len(s); j < len(next) {
			return utf8.DecodeRuneInString(next[j:])
		}
		return 0, 0
	}
	out = slices.Grow(out, len(s)+12)
	last := func() rune {
		if r, size := utf8.DecodeLastRune(out); size > 0 {
			return r
		}
		return prev
	}
	for i := 0; i < len(s); {
		// Most text is letters the rules leave alone: copy it in runs.
		if j := nextMark(s, i); j > i {
			out = append(out, s[i:j]...)
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n, nsize := at(i + size)
		switch r {
		case ';', '!', '?':
			if r == ';' && endsWithEntity(out) {
				break
			}
			if !endsToken(n) {
				break
			}
			out = spaceBefore(out, prev, narrow)
		case '»':
			out = spaceBefore(out, prev, narrow)
		case ':':
			if n != 0 && !unicode.IsSpace(n) {
				break
			}
			if isDigit(last()) && isDigit(n) {
				break
			}
			out = spaceBefore(out, prev, nbsp)
		case '«':
			out = utf8.AppendRune(out, r)
			switch {
			case (n == ' ' || n == nbsp) && i+size < len(s):
				out = utf8.AppendRune(out, narrow)
				i += size + nsize
				continue
			case n == narrow || n == 0 || unicode.IsSpace(n):
			default:
				out = utf8.AppendRune(out, narrow)
			}
			i += size
			continue
		case ' ':
			if isDigit(last()) && unitAt(s[i+1:]) {
				out = utf8.AppendRune(out, nbsp)
				i += size
				continue
			}
			if i == len(s)-1 && len(next) > 0 && isWordish(last()) {
				n2, _ := at(i + size + nsize)
				switch n {
				case ';', '!', '?':
					if endsToken(n2) {
						out = utf8.AppendRune(out, narrow)
						i += size
						continue
					}
				case '»':
					out = utf8.AppendRune(out, narrow)
					i += size
					continue
				case ':':
					if n2 == 0 || unicode.IsSpace(n2) {
						out = utf8.AppendRune(out, nbsp)
						i += size
						continue
					}
				}
			}
		}
		out = append(out, s[i:i+size]...)
		i += size
	}
	return out
}

// marks holds the bytes a rule may act on: ; ! ? : and the space, and C2,
// the first byte of « and ».
var marks = [256]bool{';': true, '!': true, '?': true, ':': true, ' ': true, 0xC2: true}

// nextMark returns the index of the first character from i on that a rule
// acts on (; ! ? : « » or a space), or len(s).
func nextMark(s string, i int) int {
	for ; i < len(s); i++ {
		if !marks[s[i]] {
			continue
		}
		if s[i] != 0xC2 || i+1 < len(s) && (s[i+1] == 0xAB || s[i+1] == 0xBB) {
			return i
		}
	}
	return i
}

// spaceBefore makes the space before a punctuation mark the no-break space
// sp: it replaces the spaces that are there, or adds one after a word.
func spaceBefore(out []byte, prev rune, sp rune) []byte {
	n := len(out)
	for n > 0 {
		r, size := utf8.DecodeLastRune(out[:n])
		if r != ' ' && r != nbsp && r != narrow {
			break
		}
		n -= size
	}
	if n < len(out) {
		return utf8.AppendRune(out[:n], sp)
	}
	last := prev
	if r, size := utf8.DecodeLastRune(out); size > 0 {
		last = r
	}
	if isWordish(last) {
		return utf8.AppendRune(out, sp)
	}
	return out
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isWordish(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == ')' || r == ']' || r == '…' ||
		r == '’' || r == '%' || r == '€' || r == '»' || r == '*' || r == '_'
}

// endsToken reports whether r, the character after a ; ! or ?, shows the
// mark ends a sentence rather than sitting inside a word or URL.
func endsToken(r rune) bool {
	if r == 0 || unicode.IsSpace(r) {
		return true
	}
	switch r {
	case '!', '?', ';', '»', ')', ']', '…', '.', ',', '"', '*', '_', '’':
		return true
	}
	return false
}

func endsWithEntity(out []byte) bool {
	for i := len(out); i > 0; {
		r, size := utf8.DecodeLastRune(out[:i])
		i -= size
		switch {
		case r == '&':
			return i+size < len(out)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#':
			continue
		default:
			return false
		}
	}
	return false
}

var units = map[string]bool{
	"%": true, "‰": true, "€": true, "$": true, "£": true, "km": true, "m": true, "cm": true,
	"mm": true, "kg": true, "g": true, "mg": true, "l": true, "L": true, "ml": true, "h": true,
	"min": true, "s": true, "°C": true, "°": true, "ko": true, "Ko": true, "Mo": true, "Go": true,
	"ans": true, "mois": true, "jours": true, "euros": true, "€/mois": true,
}

// unitAt reports whether a unit of measure starts s and ends a word.
func unitAt(s string) bool {
	j := 0
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) && r != '%' && r != '‰' && r != '€' && r != '$' && r != '£' && r != '°' {
			break
		}
		j += size
	}
	if j == 0 {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(s[j:]); j < len(s) && unicode.IsDigit(r) {
		return false
	}
	return units[s[:j]]
}

// mayChange reports whether French could change s, which follows prev: it
// has a mark that takes a space before or inside it, or a space that may
// follow a number (before a unit) or precede the next text's mark. Most
// text nodes have none, and are left without allocating.
func mayChange[T string | []byte](s T, prev rune, next T) bool {
	for i := 0; i < len(s); i++ {
		if !marks[s[i]] {
			continue
		}
		switch s[i] {
		case ';', ':', '!', '?':
			return true
		case ' ':
			if i > 0 && s[i-1] >= '0' && s[i-1] <= '9' || i == 0 && isDigit(prev) || i == len(s)-1 && len(next) > 0 {
				return true
			}
		case 0xC2: // « (C2 AB) and » (C2 BB)
			if i+1 < len(s) && (s[i+1] == 0xAB || s[i+1] == 0xBB) {
				return true
			}
		}
	}
	return false
}

// FrenchText is French for a whole plain text (a title, a summary): the
// template tags of other tools in it are left as written.
func FrenchText(s string) string {
	tags := TemplateTags([]byte(s))
	if tags == nil {
		return French(s, 0, "")
	}
	var b strings.Builder
	last := 0
	var prev rune
	for _, t := range tags {
		b.WriteString(French(s[last:t[0]], prev, s[t[0]:]))
		b.WriteString(s[t[0]:t[1]])
		prev, _ = utf8.DecodeLastRuneInString(s[t[0]:t[1]])
		last = t[1]
	}
	b.WriteString(French(s[last:], prev, ""))
	return b.String()
}
