// Package diag holds the findings a build reports to the person who wrote
// the site: errors that stop the build and warnings that do not.
//
// Every finding names a place as the Go tools do, "file:line: message", with
// the file relative to the site directory, then, where it helps, one line on
// how to fix it. Findings are values, so packages that read a site collect
// them and the orchestrator decides whether the build fails.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"relais/internal/i18n"
)

// Severity says whether a finding stops the build.
type Severity int

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is reported but the build goes on.
	Warning
)

// Finding is one problem found in a site, at a place in a file.
type Finding struct {
	Severity Severity
	File     string // relative to the site directory, slash-separated
	Line     int    // 1-based; 0 when the whole file is concerned
	Col      int    // 1-based; 0 when unknown
	Msg      string // what is wrong, in plain words, in English
	Hint     string // how to fix it; may be empty
	// FailsCheck marks a warning that relais check counts as an error: a
	// build goes on without what it concerns (a partner row left out of
	// the directory), and the check says it must be mended.
	FailsCheck bool
	// Group names findings of a kind a site may have many of (one unknown
	// field in hundreds of pages moved from another tool): List.Grouped
	// folds them.
	Group string
	// msg and hint are what Msg and Hint say, to say them in another
	// language (package i18n); Msg and Hint set by hand are said as they
	// are.
	msg, hint i18n.Text
}

// Say sets the finding's message and returns the finding.
func (f *Finding) Say(format string, args ...any) *Finding {
	f.msg = i18n.T(format, args...)
	f.Msg = f.msg.String()
	return f
}

// Text is the finding's message, to say in a language.
func (f *Finding) Text() i18n.Text { return said(f.msg, f.Msg) }

// HintText is the finding's hint, to say in a language.
func (f *Finding) HintText() i18n.Text { return said(f.hint, f.Hint) }

// said is t if it still says s (English), else s as it is.
func said(t i18n.Text, s string) i18n.Text {
	if t.Format != "" && t.String() == s {
		return t
	}
	return i18n.Raw(s)
}

// Code is the stable code of the finding's kind of problem, for programs
// that read findings (relais check --json): the same in every language.
func (f *Finding) Code() string {
	t := f.Text()
	if t.Format == "%s" && len(t.Args) == 1 {
		if s, ok := t.Args[0].(string); ok {
			return i18n.Code(s)
		}
		if inner, ok := t.Args[0].(i18n.Text); ok {
			return i18n.Code(inner.Format)
		}
	}
	return i18n.Code(t.Format)
}

// Error formats the finding as "file:line:col: msg" followed by the hint on
// its own indented line, in English.
func (f *Finding) Error() string { return f.In(i18n.English) }

// In formats the finding as Error does, in language l.
func (f *Finding) In(l i18n.Lang) string {
	var b strings.Builder
	if f.File != "" {
		b.WriteString(f.File)
		if f.Line > 0 {
			fmt.Fprintf(&b, ":%d", f.Line)
			if f.Col > 0 {
				fmt.Fprintf(&b, ":%d", f.Col)
			}
		}
		b.WriteString(": ")
	}
	if f.Severity == Warning {
		b.WriteString(l.Say("warning: "))
	}
	b.WriteString(f.Text().In(l))
	if f.Hint != "" {
		b.WriteString("\n\t")
		b.WriteString(f.HintText().In(l))
	}
	return b.String()
}

// Errorf returns an error finding at file:line.
func Errorf(file string, line int, format string, args ...any) *Finding {
	return (&Finding{Severity: Error, File: file, Line: line}).Say(format, args...)
}

// Warnf returns a warning finding at file:line.
func Warnf(file string, line int, format string, args ...any) *Finding {
	return (&Finding{Severity: Warning, File: file, Line: line}).Say(format, args...)
}

// WithHint sets the finding's hint and returns the finding.
func (f *Finding) WithHint(format string, args ...any) *Finding {
	f.hint = i18n.T(format, args...)
	f.Hint = f.hint.String()
	return f
}

// InGroup puts the finding in a group (Finding.Group) and returns it.
func (f *Finding) InGroup(g string) *Finding {
	f.Group = g
	return f
}

// List collects findings. The zero value is ready to use; it is not safe
// for concurrent use.
type List []*Finding

// Add appends findings, ignoring nils.
func (l *List) Add(fs ...*Finding) {
	for _, f := range fs {
		if f != nil {
			*l = append(*l, f)
		}
	}
}

// AddErr appends err as an error finding: a *Finding or a List is kept as
// it is, any other error is attached to file.
func (l *List) AddErr(file string, err error) {
	if err == nil {
		return
	}
	var fl List
	if errors.As(err, &fl) {
		l.Add(fl...)
		return
	}
	var f *Finding
	if errors.As(err, &f) {
		l.Add(f)
		return
	}
	var said *i18n.Error
	if errors.As(err, &said) && said.Error() == err.Error() {
		// relais's own words, kept to be said in the reader's language.
		l.Add((&Finding{Severity: Error, File: file}).Say("%s", said.Text))
		return
	}
	l.Add(&Finding{Severity: Error, File: file, Msg: err.Error()})
}

// In joins the findings one per line, as Error does, in language l.
func (l List) In(lang i18n.Lang) string {
	parts := make([]string, len(l))
	for i, f := range l {
		parts[i] = f.In(lang)
	}
	return strings.Join(parts, "\n")
}

// Unique returns the findings without repeats: a finding that says the
// same thing at the same place as one before it is left out.
func (l List) Unique() List {
	type key struct {
		sev       Severity
		file      string
		line, col int
		msg, hint string
	}
	seen := make(map[key]bool, len(l))
	var out List
	for _, f := range l {
		k := key{f.Severity, f.File, f.Line, f.Col, f.Msg, f.Hint}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// ForCheck returns the findings as relais check counts them: warnings
// marked FailsCheck are errors there.
func (l List) ForCheck() List {
	out := make(List, len(l))
	for i, f := range l {
		if f.FailsCheck && f.Severity == Warning {
			g := *f
			g.Severity = Error
			f = &g
		}
		out[i] = f
	}
	return out
}

// Errors returns the error findings.
func (l List) Errors() List { return l.filter(Error) }

// Warnings returns the warning findings.
func (l List) Warnings() List { return l.filter(Warning) }

func (l List) filter(s Severity) List {
	var out List
	for _, f := range l {
		if f.Severity == s {
			out = append(out, f)
		}
	}
	return out
}

// Sort orders findings by file, line and column, so that reports are the
// same from one build to the next whatever order the work was done in.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}

// Error joins the findings one per line, so that a List is an error.
func (l List) Error() string {
	parts := make([]string, len(l))
	for i, f := range l {
		parts[i] = f.Error()
	}
	return strings.Join(parts, "\n")
}

// Err returns the list's errors as an error, or nil when there are none.
func (l List) Err() error {
	if errs := l.Errors(); len(errs) > 0 {
		errs.Sort()
		return errs
	}
	return nil
}

// Nearest returns the candidate closest to word by edit distance, or "" when
// none is close enough to be a likely typo.
func Nearest(word string, candidates []string) string {
	best, bestD := "", 1<<30
	w := strings.ToLower(word)
	for _, c := range candidates {
		d := distance(w, strings.ToLower(c))
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	limit := 2
	if len([]rune(word)) > 6 {
		limit = 3
	}
	if bestD > limit {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, by runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Grouped folds the findings of each group (Finding.Group) that has more
// than max into one: the first, saying how many more there are and where
// up to three of them are. The others are as they were, in order.
func (l List) Grouped(max int) List {
	count := map[string]int{}
	for _, f := range l {
		if f.Group != "" {
			count[f.Group]++
		}
	}
	var out List
	more := map[string][]string{}
	first := map[string]int{}
	for _, f := range l {
		if f.Group == "" || count[f.Group] <= max {
			out = append(out, f)
			continue
		}
		if _, ok := first[f.Group]; ok {
			more[f.Group] = append(more[f.Group], fmt.Sprintf("%s:%d", f.File, f.Line))
			continue
		}
		first[f.Group] = len(out)
		out = append(out, f)
	}
	for g, i := range first {
		f := *out[i]
		ex := more[g]
		shown := ex[:min(3, len(ex))]
		dots := ""
		if len(ex) > 3 {
			dots = "…"
		}
		f.Say("%s (and %d more times: %s%s)", out[i].Text(), len(ex), strings.Join(shown, ", "), dots)
		out[i] = &f
	}
	return out
}
