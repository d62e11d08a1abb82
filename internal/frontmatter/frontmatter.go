// Package frontmatter splits a content file into its front matter and its
// body, and parses the front matter into fields that remember their line.
//
// Front matter is YAML between lines of "---", TOML between lines of
// "+++", or a JSON object (as Hugo reads it: "{" opens the file, the
// object's closing "}" ends it), at the very start of the file. A file without it is all body. The
// body keeps its first line number in the file so that later findings about
// the Markdown still point at the right line.
//
// Parse returns the top-level fields in file order, each with the line of
// its key, and values as plain Go values: string, bool, int64, float64,
// time.Time, []any and map[string]any. Syntax errors carry the parser's
// position, translated to a line of the whole file.
package frontmatter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	toml "github.com/pelletier/go-toml/v2"

	"relais/internal/diag"
	"relais/internal/i18n"
)

// Format is the language of a front matter block.
type Format int

const (
	None Format = iota
	YAML
	TOML
	JSON
)

// Doc is a content file split in two.
type Doc struct {
	Format    Format
	Matter    []byte // the front matter, without its delimiter lines
	MatterAt  int    // line of the file where Matter starts
	Body      []byte
	BodyStart int // line of the file where Body starts (1-based)
}

// Split separates the front matter from the body. file names the source in
// errors. An opening delimiter without a closing one is an error.
func Split(file string, src []byte) (Doc, error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	var delim string
	var f Format
	switch {
	case hasDelim(src, "---"):
		delim, f = "---", YAML
	case hasDelim(src, "+++"):
		delim, f = "+++", TOML
	case jsonStart.Match(src):
		return splitJSON(file, src)
	default:
		return Doc{Format: None, Body: src, BodyStart: 1}, nil
	}
	// Skip the opening line.
	rest := src[bytes.IndexByte(src, '\n')+1:]
	line := 2
	off := 0
	for off < len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var ln []byte
		next := len(rest)
		if end >= 0 {
			ln = rest[off : off+end]
			next = off + end + 1
		} else {
			ln = rest[off:]
		}
		if string(bytes.TrimRight(ln, " \t\r")) == delim {
			return Doc{
				Format:    f,
				Matter:    rest[:off],
				MatterAt:  2,
				Body:      rest[next:],
				BodyStart: line + 1,
			}, nil
		}
		off = next
		line++
	}
	return Doc{}, diag.Errorf(file, 1, "the front matter opened with %q is never closed", delim).
		WithHint("add a line with only %s after the last front matter field", delim)
}

// jsonStart is how a JSON object opens: "{", then a key's quote or the
// closing "}". A body that opens with another tool's template tag ("{{<
// ref >}}", "{% include %}") is no front matter.
var jsonStart = regexp.MustCompile(`^\{\s*["}]`)

// splitJSON splits a file that opens with a JSON object: the object is
// the front matter (read as YAML, of which JSON is a part, so that every
// field keeps its line).
func splitJSON(file string, src []byte) (Doc, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	var obj map[string]json.RawMessage
	if err := dec.Decode(&obj); err != nil {
		line := 1
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line += bytes.Count(src[:min(int(se.Offset), len(src))], []byte{'\n'})
		}
		return Doc{}, diag.Errorf(file, line, "the front matter that opens with { cannot be read as JSON from this line: a comma, a quote or a brace is missing or extra").
			WithHint(`write it as { "title": "Mon titre", "date": "2026-11-26" }: names and text in double quotes, a comma between fields and none after the last; or write it between lines of --- in YAML`)
	}
	end := int(dec.InputOffset())
	rest := src[end:]
	// The rest of the closing line belongs to the front matter.
	if i := bytes.IndexByte(rest, '\n'); i >= 0 && len(bytes.TrimSpace(rest[:i])) == 0 {
		end += i + 1
	} else if len(bytes.TrimSpace(rest)) == 0 {
		end = len(src)
	}
	return Doc{Format: JSON, Matter: src[:end], MatterAt: 1, Body: src[end:],
		BodyStart: 1 + bytes.Count(src[:end], []byte{'\n'})}, nil
}

func hasDelim(src []byte, delim string) bool {
	if !bytes.HasPrefix(src, []byte(delim)) {
		return false
	}
	rest := src[len(delim):]
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		return len(bytes.TrimSpace(rest)) == 0 && len(rest) == 0
	}
	return len(bytes.TrimRight(rest[:i], " \t\r")) == 0
}

// Field is one top-level front matter entry.
type Field struct {
	Key   string
	Value any
	Line  int // line of the key in the whole file (a row, in a CSV file)
	Col   int // column, in a CSV file; 0 otherwise
	// Inherited is set on a field a page takes from a section above it
	// (Hugo's cascade): its line is in the section's file.
	Inherited bool
}

// Parse parses d's front matter. Errors are *diag.Finding values naming
// file and the line in the whole file.
func Parse(file string, d Doc) ([]Field, error) {
	switch d.Format {
	case YAML, JSON:
		return parseYAML(file, d.Matter, d.MatterAt)
	case TOML:
		return parseTOML(file, d.Matter, d.MatterAt)
	}
	return nil, nil
}

func parseYAML(file string, src []byte, first int) ([]Field, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, nil
	}
	// The limits first, the quick reader of common front matter included:
	// it checks its keys for repeats in time that grows with their square.
	if f := CheckFields(file, src, first); f != nil {
		return nil, f
	}
	if f := CheckEntries(file, src, first, MaxEntries, i18n.T("the front matter")); f != nil {
		return nil, f
	}
	if fields, ok := simpleYAML(src, first); ok {
		return fields, nil
	}
	return fullYAML(file, src, first)
}

// simpleYAML reads the most common front matter without the YAML parser,
// which takes most of the time of reading a page's fields: one "key: value"
// per line, each value a double-quoted string without escapes, a list of
// such strings, true or false, a whole number or a date. Anything else,
// even a blank line with spaces, and it reports false: the YAML parser
// reads it. A fuzz test checks that both give the same fields.
func simpleYAML(src []byte, first int) ([]Field, bool) {
	fields := make([]Field, 0, 8)
	line := first - 1
	for len(src) > 0 {
		var l []byte
		l, src, _ = bytes.Cut(src, []byte{'\n'})
		line++
		if len(l) == 0 {
			continue
		}
		k, v, ok := bytes.Cut(l, []byte(": "))
		if !ok || !simpleKey(k) {
			return nil, false
		}
		val, ok := simpleValue(v)
		if !ok {
			return nil, false
		}
		for _, f := range fields {
			if f.Key == string(k) {
				return nil, false // the YAML parser reports it
			}
		}
		fields = append(fields, Field{Key: string(k), Value: val, Line: line})
	}
	return fields, len(fields) > 0
}

func simpleKey(k []byte) bool {
	if len(k) == 0 || !(k[0] >= 'a' && k[0] <= 'z' || k[0] >= 'A' && k[0] <= 'Z') {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

var simpleDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?$`)

func simpleValue(v []byte) (any, bool) {
	if len(v) == 0 {
		return nil, false
	}
	switch {
	case v[0] == '"':
		return simpleQuoted(v)
	case v[0] == '[' && v[len(v)-1] == ']':
		var out []any
		for _, item := range bytes.Split(v[1:len(v)-1], []byte{','}) {
			s, ok := simpleQuoted(bytes.TrimPrefix(item, []byte{' '}))
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	case string(v) == "true":
		return true, true
	case string(v) == "false":
		return false, true
	case simpleDate.Match(v):
		return string(v), true
	}
	digits := bytes.TrimPrefix(v, []byte{'-'})
	if len(digits) == 0 || len(digits) > 18 || digits[0] == '0' && len(digits) > 1 {
		return nil, false
	}
	n := int64(0)
	for _, c := range digits {
		if c < '0' || c > '9' {
			return nil, false
		}
		n = n*10 + int64(c-'0')
	}
	if len(digits) < len(v) {
		n = -n
	}
	return n, true
}

// simpleQuoted reads a double-quoted string without escapes or control
// characters.
func simpleQuoted(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	in := v[1 : len(v)-1]
	for _, c := range in {
		if c == '"' || c == '\\' || c < 0x20 || c == 0x7f {
			return "", false
		}
	}
	return string(in), utf8.Valid(in)
}

// fullYAML reads front matter with the YAML parser.
func fullYAML(file string, src []byte, first int) ([]Field, error) {
	if f := CheckNesting(file, src, first); f != nil {
		return nil, f
	}
	if l := CheckLines(file, src, first); len(l) > 0 {
		return nil, l
	}
	f, err := parseYAMLSafe(src)
	if err != nil {
		return nil, yamlFinding(file, first, err)
	}
	if lf := CheckAliases(file, f, first); lf != nil {
		return nil, lf
	}
	if len(f.Docs) == 0 || f.Docs[0] == nil || f.Docs[0].Body == nil {
		return nil, nil
	}
	var pairs []*ast.MappingValueNode
	switch n := f.Docs[0].Body.(type) {
	case *ast.MappingNode:
		pairs = n.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{n}
	case *ast.CommentNode:
		return nil, nil
	default:
		line := n.GetToken().Position.Line + first - 1
		return nil, diag.Errorf(file, line, "the front matter is not a list of \"key: value\" fields").
			WithHint("write one field per line, such as title: Mon titre")
	}
	fields := make([]Field, 0, len(pairs))
	seen := map[string]int{}
	for _, p := range pairs {
		line := p.Key.GetToken().Position.Line + first - 1
		key := p.Key.GetToken().Value
		if prev, ok := seen[key]; ok {
			return nil, diag.Errorf(file, line, "the field %q is given twice (first on line %d)", key, prev).
				WithHint("keep only one of them")
		}
		seen[key] = line
		var v any
		if err := yaml.NodeToValue(p.Value, &v); err != nil {
			return nil, yamlFinding(file, first, err)
		}
		fields = append(fields, Field{Key: key, Value: Normalize(v), Line: line})
	}
	return fields, nil
}

// parseYAMLSafe guards against a parser panic on hostile input: no input
// may crash the generator.
func parseYAMLSafe(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = i18n.Errorf("the YAML could not be read (%v)", r)
		}
	}()
	return parser.ParseBytes(src, 0)
}

// yamlFinding puts a YAML parser's error in plain words, at its line of
// the file: what the parser says is jargon ("mapping value is not
// allowed in this context"), so each kind of error it gives has a
// sentence of its own, and an unknown one a general one.
func yamlFinding(file string, first int, err error) *diag.Finding {
	var ye yaml.Error
	line, col, msg := first, 0, err.Error()
	if errors.As(err, &ye) && ye.GetToken() != nil {
		pos := ye.GetToken().Position
		line, col, msg = pos.Line+first-1, pos.Column, ye.GetMessage()
	}
	f := &diag.Finding{File: file, Line: line, Col: col}
	if sayKind(f, yamlKinds, msg) {
		return f
	}
	return f.Say("the front matter cannot be read from here: a field is not written as « name: value »").
		WithHint("check the colon after the field name, the spaces at the start of the line, and put quotes around a value that holds a colon or starts with [ { * & ! | > ' \" %% @ or #")
}

// DataYAMLFinding is the same for a YAML file of data/.
func DataYAMLFinding(file string, err error) *diag.Finding {
	f := yamlFinding(file, 1, err)
	if f.Msg == i18n.English.Say("the front matter cannot be read from here: a field is not written as « name: value »") {
		f.Say("this data file cannot be read from here: a value is not written as « name: value »")
	}
	return f
}

// errorKind is a kind of error of a reader relais uses (YAML, TOML), by
// what the reader says, with what relais says instead.
type errorKind struct {
	says      string
	msg, hint i18n.Text
}

// sayKind gives f the message and hint of the first kind whose words the
// reader's message has, and reports whether one had them.
func sayKind(f *diag.Finding, kinds []errorKind, said string) bool {
	for _, k := range kinds {
		if strings.Contains(said, k.says) {
			f.Say("%s", k.msg).WithHint("%s", k.hint)
			return true
		}
	}
	return false
}

// yamlKinds are the errors of the YAML parser relais knows, by what the
// parser says, with what relais says instead.
var yamlKinds = []errorKind{
	{"cannot start any token", i18n.T("this line holds a tab (an invisible character): YAML wants spaces"),
		i18n.T("replace the tab at the start of the line with spaces, or remove it")},
	{"already defined", i18n.T("a field is given twice"), i18n.T("keep only one of them")},
	{"must be specified", i18n.T("a list opened with [ above is never closed with ]"),
		i18n.T("close the list with ], such as tags: [famille, droits]")},
	{"sequence end token", i18n.T("a list opened with [ above is never closed with ]"),
		i18n.T("close the list with ], such as tags: [famille, droits]")},
	{"flow mapping end", i18n.T("a group opened with { here is never closed with }"),
		i18n.T("close it with }, such as cover: {image: photo.jpg, alt: \"…\"}")},
	{"flow map content", i18n.T("a group opened with { here is never closed with }"),
		i18n.T("close it with }, such as cover: {image: photo.jpg, alt: \"…\"}")},
	{"mapping value is not allowed", i18n.T("a colon (:) here is read as the start of a field, inside a value"),
		i18n.T("put the value in quotes: title: \"Avant : après\"")},
	{"could not find expected ':'", i18n.T("a field name is not followed by a colon (:)"),
		i18n.T("write the field as name: value, with a colon and a space")},
	{"unexpected key name", i18n.T("this line is indented differently from the fields around it"),
		i18n.T("start each field at the beginning of the line, with no space before it")},
	{"did not find expected key", i18n.T("this line is indented differently from the fields around it"),
		i18n.T("start each field at the beginning of the line, with no space before it")},
	{"could not find alias", i18n.T("*name here refers to no &name above"), i18n.T("write the value out instead")},
	{"unknown anchor", i18n.T("*name here refers to no &name above"), i18n.T("write the value out instead")},
	{"unterminated", i18n.T("a quote (\" or ') opened here is never closed"), i18n.T("close the quote at the end of the value")},
	{"could not find end character", i18n.T("a quote, [ or { opened here is never closed"), i18n.T("close it at the end of the value")},
}

// CheckLines finds, before the YAML parser does, the mistakes people make
// in front matter, so that each is told in plain words at its line of
// the file, all of them at once: a tab at the start of a line, a field
// given twice (both lines named), and a value with a colon and no quotes.
func CheckLines(file string, src []byte, first int) diag.List {
	var l diag.List
	seen := map[string]int{}
	for i, line := range strings.Split(string(src), "\n") {
		n := i + first
		if strings.HasPrefix(strings.TrimLeft(line, " "), "\t") {
			l.Add(diag.Errorf(file, n, "line %d starts with a tab (an invisible character): YAML wants spaces", n).
				WithHint("replace the tab at the start of the line with spaces, or remove it"))
			continue
		}
		if line == "" || line[0] == ' ' || line[0] == '#' || line[0] == '-' {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok || strings.ContainsAny(key, " \"'{[") {
			continue
		}
		if prev, dup := seen[key]; dup {
			l.Add(diag.Errorf(file, n, "the field %q is given twice (first on line %d)", key, prev).WithHint("keep only one of them"))
			continue
		}
		seen[key] = n
		v := strings.TrimSpace(val)
		if v != "" && !strings.ContainsAny(v[:1], "\"'[{&*!|>") && strings.Contains(v, ": ") && !strings.Contains(v, " #") {
			l.Add(diag.Errorf(file, n, "the value of %s holds a colon followed by a space, which YAML reads as a new field", key).
				WithHint("put the value in quotes: %s: \"%s\"", key, strings.ReplaceAll(v, `"`, `\"`)))
		}
	}
	return l
}

var tomlKeyLine = regexp.MustCompile(`^\s*("?)([A-Za-z0-9_\-]+)("?)\s*=`)

func parseTOML(file string, src []byte, first int) ([]Field, error) {
	if f := CheckNesting(file, src, first); f != nil {
		return nil, f
	}
	if f := CheckFields(file, src, first); f != nil {
		return nil, f
	}
	var m map[string]any
	if err := toml.Unmarshal(src, &m); err != nil {
		if f := TOMLFinding(file, first, err); f != nil {
			return nil, f
		}
		return nil, diag.Errorf(file, first, "the front matter is not valid TOML: %v", err)
	}
	// go-toml does not give key positions; find each top-level key's line
	// by reading the lines before the first table header.
	lines := map[string]int{}
	var order []string
	for i, ln := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(ln)
		if strings.HasPrefix(t, "[") {
			if name := strings.Trim(t, "[] "); name != "" {
				if _, ok := lines[name]; !ok {
					lines[name] = i + first
					order = append(order, name)
				}
			}
			continue
		}
		if mm := tomlKeyLine.FindStringSubmatch(ln); mm != nil {
			if _, ok := lines[mm[2]]; !ok {
				lines[mm[2]] = i + first
				order = append(order, mm[2])
			}
		}
	}
	fields := make([]Field, 0, len(m))
	done := map[string]bool{}
	for _, k := range order {
		if v, ok := m[k]; ok && !done[k] {
			fields = append(fields, Field{Key: k, Value: Normalize(v), Line: lines[k]})
			done[k] = true
		}
	}
	for k, v := range m {
		if !done[k] {
			fields = append(fields, Field{Key: k, Value: Normalize(v), Line: first})
		}
	}
	return fields, nil
}

// Normalize turns decoder-specific values into the plain set documented in
// the package comment.
func Normalize(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case uint64:
		return int64(x)
	case uint:
		return int64(x)
	case float32:
		return float64(x)
	case toml.LocalDate:
		return time.Date(x.Year, time.Month(x.Month), x.Day, 0, 0, 0, 0, time.UTC)
	case toml.LocalDateTime:
		return time.Date(x.Year, time.Month(x.Month), x.Day, x.Hour, x.Minute, x.Second, x.Nanosecond, time.UTC)
	case []any:
		for i := range x {
			x[i] = Normalize(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = Normalize(x[k])
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, val := range x {
			m[fmt.Sprint(k)] = Normalize(val)
		}
		return m
	case yaml.MapSlice:
		m := make(map[string]any, len(x))
		for _, it := range x {
			m[fmt.Sprint(it.Key)] = Normalize(it.Value)
		}
		return m
	}
	return v
}

// Text is a field's value as text ("" for none), for fields read loosely.
func Text(v any) string {
	if v == nil {
		return ""
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// List is a field's value as a list of texts: a list, or one value.
func List(v any) []string {
	if x, ok := v.([]any); ok {
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s := Text(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if s := Text(v); s != "" {
		return []string{s}
	}
	return nil
}

// Visibility reads a visibility, in English or French, case and accents
// aside: private reports "private", "privé", "privée"; ok is false for a
// word that is neither private nor public, which is then private, since
// a mistyped "privée" must never publish.
func Visibility(s string) (private, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "public", "publique", "publiée", "publié", "publiee", "publie":
		return false, true
	case "private", "privé", "privée", "prive", "privee":
		return true, true
	}
	return true, false
}

// Access reads an access, in English or French, case and accents aside:
// partners reports "partners", "partenaires", "partenaire"; ok is false
// for a word that is neither partners nor public, which is then
// partners, since a mistyped access must never publish to everyone.
func Access(s string) (partners, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "public", "publique", "tous", "everyone":
		return false, true
	case "partners", "partner", "partenaires", "partenaire":
		return true, true
	}
	return true, false
}

// BadChar returns the first character of s that may not stand in a field
// that goes into a URL, a file name, a vCard or XML: a control character
// (a line break too, unless lines is set, where a tab is allowed as well)
// or a Unicode line or paragraph separator. ok is false when there is none.
func BadChar(s string, lines bool) (r rune, ok bool) {
	for _, c := range s {
		if lines && (c == '\n' || c == '\t') {
			continue
		}
		if c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029' {
			return c, true
		}
	}
	return 0, false
}

// CharName names a character for a message: the invisible ones by name.
func CharName(r rune) i18n.Text {
	switch r {
	case '\n':
		return i18n.T("a line break")
	case '\r':
		return i18n.T("a carriage return (CR)")
	case '\t':
		return i18n.T("a tab")
	case '\u2028', '\u2029':
		return i18n.T("a Unicode line separator")
	}
	return i18n.T("the invisible character U+%04X", r)
}

// TOMLFinding turns a TOML syntax error into a finding at its line and
// column of file, where the TOML starts at line first, in plain words:
// what the TOML reader says ("expected '=' after key") is matched to a
// sentence of relais, with a general one for the rest. It is nil for an
// error that is not one of syntax.
func TOMLFinding(file string, first int, err error) *diag.Finding {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return nil
	}
	row, col := de.Position()
	f := &diag.Finding{File: file, Line: row + first - 1, Col: col}
	if sayKind(f, tomlKinds, de.Error()) {
		return f
	}
	return f.Say("this line cannot be read: a setting is written as name = value").
		WithHint("write text between double quotes (title = \"Mon site\"), numbers and true or false as they are, and lists between [ ]")
}

// tomlKinds are the errors of the TOML reader relais knows, by what it
// says, with what relais says instead.
var tomlKinds = []errorKind{
	{"cannot have new lines", i18n.T("a quote opened on this line is never closed"), i18n.T("close the text with a quote at the end of the line")},
	{"expected '=' after key", i18n.T("a name is not followed by =: a setting is written as name = value"), i18n.T("write it as title = \"Mon site\"")},
	{"at start of value", i18n.T("this value is not in quotes, and is not a number, a date, true or false"), i18n.T("put text between double quotes: title = \"Mon site\"")},
	{"already defined", i18n.T("this setting is given twice"), i18n.T("keep only one of them")},
	{"to close table name", i18n.T("a [section] name is never closed with ]"), i18n.T("write it as [section]")},
	{"array is incomplete", i18n.T("a list opened with [ is never closed with ]"), i18n.T("close the list with ], such as [\"a\", \"b\"]")},
	{"expected newline", i18n.T("two settings are on one line"), i18n.T("put each setting on a line of its own")},
	{"invalid character at start of key", i18n.T("a setting's name starts with a character it cannot have (an accent, a space)"), i18n.T("write names with letters without accents, digits, - and _, or put the name in quotes")},
	{"impossible date", i18n.T("this date does not exist"), i18n.T("write it as 2026-11-26")},
}
