// Package i18n says relais's messages in the language of the person who
// reads them: English, French (fr.go) or Arabic (ar.go).
//
// A message is written in the code in English, as a format with its
// arguments ("unknown field %q"), and said in a language when it is
// written out: French and Arabic take the format's form from their
// catalogues (fr.go, ar.go), where every English format of relais has
// one, with the same verbs in the same order (tests check both, by
// reading the code). An
// argument that is itself a message (a Text) is said in the same
// language. A message keeps a stable code made from its English form
// ("unknown-field"), for programs that read relais's JSON output.
//
// This is a small typed catalogue rather than golang.org/x/text/message
// or go-i18n: relais has one message per format and three languages, and
// needs no plural rules beyond what the formats say; a map read by a
// test is all the tooling it takes, and the English format stays the
// key that a reader of the code sees at the call.
package i18n

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"syscall"
	"unicode"
)

// Lang is a language relais speaks.
type Lang string

// The languages.
const (
	English Lang = "en"
	French  Lang = "fr"
	// Arabic: what its catalogue lacks is said in English.
	Arabic Lang = "ar"
)

// catalogues are the other languages' forms of the English formats.
var catalogues = map[Lang]map[string]string{French: catalogue, Arabic: arabic}

// Text is a message in English with its arguments, to be said in a
// language when it is written out.
type Text struct {
	Format string
	Args   []any
}

// T makes a message.
func T(format string, args ...any) Text { return Text{Format: format, Args: args} }

// String is the message in English.
func (t Text) String() string { return English.Say(t.Format, t.Args...) }

// In is the message in language l.
func (t Text) In(l Lang) string { return l.Say(t.Format, t.Args...) }

// Raw is text that is said as it is in every language (a name, an
// address, a foreign error relais could not put in plain words).
func Raw(s string) Text { return Text{Format: "%s", Args: []any{s}} }

// Say writes format with args in language l.
func (l Lang) Say(format string, args ...any) string {
	f := format
	if tr, ok := catalogues[l][format]; ok {
		f = tr
	}
	f = strings.ReplaceAll(f, "%w", "%v") // Errorf's wrapped error, said
	said := make([]any, len(args))
	for i, a := range args {
		switch x := a.(type) {
		case Sayer: // a message, an error of relais
			said[i] = x.In(l)
		case error: // of the system: in plain words
			said[i] = FileErr(x).In(l)
		case []Text:
			parts := make([]string, len(x))
			for j, t := range x {
				parts[j] = t.In(l)
			}
			said[i] = strings.Join(parts, ", ")
		default:
			said[i] = a
		}
	}
	return fmt.Sprintf(f, said...)
}

// Size writes a size in bytes as readers of l expect, with a no-break
// space: 850 octets, 12 Ko, 1,4 Mo (850 bytes, 12 kB, 1.4 MB).
func (l Lang) Size(n int64) string {
	switch {
	case n < 1000:
		return l.Say("%d\u00a0bytes", n)
	case n < 1000*1000:
		return l.Say("%d\u00a0kB", (n+500)/1000)
	}
	s := fmt.Sprintf("%.1f", float64(n)/1e6)
	if l == French {
		s = strings.Replace(s, ".", ",", 1)
	}
	return l.Say("%s\u00a0MB", s)
}

// Print writes format with args in language l to w.
func (l Lang) Print(w io.Writer, format string, args ...any) {
	io.WriteString(w, l.Say(format, args...))
}

// Code is the stable code of a message, made from the first words of its
// English form: "unknown field %q" is "unknown-field". It does not
// depend on the language the message is said in.
func Code(format string) string {
	var words []string
	for _, w := range strings.FieldsFunc(format, func(r rune) bool { return !unicode.IsLetter(r) && r != '%' }) {
		if strings.HasPrefix(w, "%") {
			continue
		}
		w = strings.ToLower(w)
		if stop[w] {
			continue
		}
		words = append(words, w)
		if len(words) == 6 {
			break
		}
	}
	if len(words) == 0 {
		return "message"
	}
	return strings.Join(words, "-")
}

var stop = map[string]bool{"the": true, "a": true, "an": true, "this": true, "is": true, "of": true, "to": true, "it": true,
	"in": true, "its": true, "and": true, "or": true, "for": true, "on": true, "be": true, "are": true}

// From chooses the language as command-line tools do: forced (a --lang
// flag) if set, else the site's language (site.toml) for what concerns a
// site, else the first of LC_ALL, LC_MESSAGES and LANG that is set
// ("fr_FR.UTF-8" is French), else the system's (Windows's user interface
// language), else French. Anything but French and Arabic is English.
func From(forced, site string, getenv func(string) string) Lang {
	for _, v := range []string{forced, site} {
		if v != "" {
			return parse(v)
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return parse(v)
		}
	}
	// No variable (Windows, a program started by a double-click): the
	// system's own language where it says one, else French, relais's own.
	if v := systemLanguage(); v != "" {
		return parse(v)
	}
	return French
}

func parse(v string) Lang {
	switch v = strings.ToLower(v); {
	case strings.HasPrefix(v, "fr"):
		return French
	case strings.HasPrefix(v, "ar"):
		return Arabic
	}
	return English
}

// Count writes n things: "1 page", "3 pages", in French "0 page",
// "1 page", "3 pages" (French counts 0 and 1 as one).
func (l Lang) Count(n int, one, many string) string {
	w := many
	if n == 1 || l == French && n == 0 {
		w = one
	}
	return fmt.Sprintf("%d %s", n, l.Say(w))
}

// Sayer is what can be said in a language (a message, a finding, an
// error of relais).
type Sayer interface{ In(Lang) string }

// Error is an error whose message can be said in a language.
type Error struct {
	Text
	err error // the error it wraps (%w), if any
}

func (e *Error) Error() string { return e.Text.String() }

// Unwrap is the error given for %w.
func (e *Error) Unwrap() error { return e.err }

// Errorf makes an error with a message to say in a language. As
// fmt.Errorf, an error given for %w is wrapped (errors.Is sees it).
func Errorf(format string, args ...any) error {
	e := &Error{Text: T(format, args...)}
	if strings.Contains(format, "%w") {
		for _, a := range args {
			if err, ok := a.(error); ok {
				e.err = err
				break
			}
		}
	}
	return e
}

// Err says err in language l: in it if relais made it (an Error, a
// finding), else as it is.
func (l Lang) Err(err error) string {
	var s Sayer
	if errors.As(err, &s) {
		return s.In(l)
	}
	return err.Error()
}

// FileErr puts an error of the file system in plain words: what the
// system says ("open content/a.md: permission denied") names a call
// and a path the finding names already.
func FileErr(err error) Text {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return T("relais is not allowed to read it: check who may read the file (its permissions)")
	case errors.Is(err, fs.ErrNotExist):
		return T("it is no longer there (deleted or moved while relais read the site)")
	case errors.Is(err, syscall.EISDIR):
		return T("it is a folder")
	case errors.Is(err, syscall.ENOSPC):
		return T("the disk is full")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return Raw(pe.Err.Error()) // without the call and the path
	}
	return Raw(err.Error())
}
