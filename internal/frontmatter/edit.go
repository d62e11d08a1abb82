package frontmatter

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"relais/internal/i18n"
)

// Change sets one top-level field of a file's front matter to Value, or
// removes it when Value is nil.
//
// Values are written as a person writes them by hand: a string between
// double quotes, a Day as 2026-12-02, true or false, a whole number, a
// Flow list as ["a", "b"], a Block list one item per line, a Map and a
// list of Maps (a kit's sequence) in flow style with their keys in order.
type Change struct {
	Key   string
	Value any
}

// Day is a date without a time, written 2026-12-02.
type Day string

// Flow is a short list, written on the field's line: ["a", "b"].
type Flow []string

// Block is a list of sentences, written one per line under the field.
type Block []string

// Map is a group of fields in the order they are written, on one line:
// {image: "photo.jpg", alt: "…"}.
type Map []KV

// KV is one field of a Map.
type KV struct {
	Key   string
	Value any
}

// Maps is a list of Maps, one per line under the field (a kit's steps).
type Maps []Map

// Edit applies changes to the YAML front matter of src and returns the new
// file. What the changes do not touch stays byte for byte: the body, the
// other fields as they were written, comment lines and blank lines. A
// changed field keeps its place; a new one goes at the end of the front
// matter, in the order of changes. A change to the value a field already
// has leaves it as written (title: Mon titre stays without quotes). A file without front matter gets one.
//
// The result is read back: if its fields are not what the changes say (a
// value Edit cannot write), it is an error and nothing is returned, so
// that a file is never saved other than asked.
func Edit(file string, src []byte, changes []Change) ([]byte, error) {
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	bom := bytes.HasPrefix(src, []byte("\ufeff"))
	doc, err := Split(file, src)
	if err != nil {
		return nil, err
	}
	switch doc.Format {
	case TOML, JSON:
		return nil, i18n.Errorf("%s: its fields are written in %s, which the editor does not change; edit it in a text editor", file, formatName(doc.Format))
	case None:
		doc.Matter = nil
		doc.MatterAt = 2
	}
	fields, err := Parse(file, doc)
	if err != nil {
		return nil, err
	}
	lines := splitLines(doc.Matter)
	// The lines of each field: from its key's line to its last indented
	// line (comments and blank lines after it are not its own).
	type span struct{ from, to int } // indexes in lines, to exclusive
	spans := map[string]span{}
	for i, f := range fields {
		from := f.Line - doc.MatterAt
		limit := len(lines)
		if i+1 < len(fields) {
			limit = fields[i+1].Line - doc.MatterAt
		}
		to := from + 1
		for j := from + 1; j < limit; j++ {
			t := strings.TrimRight(lines[j], "\r")
			if t == "" {
				continue
			}
			if t[0] == ' ' || t[0] == '\t' || t[0] == '-' {
				to = j + 1
				continue
			}
			break
		}
		spans[f.Key] = span{from, to}
	}
	had := map[string]any{}
	for _, f := range fields {
		had[f.Key] = f.Value
	}
	replace := map[int][]string{} // a field's first line → its new lines
	drop := map[int]bool{}
	var added []string
	for _, c := range changes {
		if old, ok := had[c.Key]; ok && c.Value != nil && same(old, plain(c.Value)) {
			continue // the value it has, as she wrote it
		}
		var out []string
		if c.Value != nil {
			v, err := yamlValue(c.Key, c.Value, nl)
			if err != nil {
				return nil, err
			}
			out = []string{v}
		}
		sp, ok := spans[c.Key]
		if !ok {
			added = append(added, out...)
			continue
		}
		replace[sp.from] = out
		for j := sp.from; j < sp.to; j++ {
			drop[j] = true
		}
	}
	var b bytes.Buffer
	if bom {
		b.WriteString("\ufeff")
	}
	b.WriteString("---" + nl)
	for j, ln := range lines {
		if r, ok := replace[j]; ok {
			for _, s := range r {
				b.WriteString(s + nl)
			}
		}
		if !drop[j] {
			b.WriteString(strings.TrimSuffix(ln, "\r") + nl)
		}
	}
	for _, s := range added {
		b.WriteString(s + nl)
	}
	b.WriteString("---" + nl)
	if doc.Format == None && len(doc.Body) > 0 && !bytes.HasPrefix(doc.Body, []byte("\n")) && !bytes.HasPrefix(doc.Body, []byte("\r\n")) {
		b.WriteString(nl)
	}
	b.Write(doc.Body)
	out := b.Bytes()
	if err := readBack(file, out, changes); err != nil {
		return nil, err
	}
	return out, nil
}

// splitLines splits the front matter into its lines, without their "\n".
func splitLines(m []byte) []string {
	if len(m) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(m), "\n"), "\n")
}

func formatName(f Format) string {
	if f == TOML {
		return "TOML"
	}
	return "JSON"
}

// readBack checks that the fields of out are what changes set.
func readBack(file string, out []byte, changes []Change) error {
	doc, err := Split(file, out)
	if err == nil {
		var fields []Field
		fields, err = Parse(file, doc)
		if err == nil {
			got := map[string]any{}
			for _, f := range fields {
				got[f.Key] = f.Value
			}
			for _, c := range changes {
				want := plain(c.Value)
				if g, ok := got[c.Key]; !ok && want != nil || ok && !same(g, want) {
					return fmt.Errorf("%s: the field %s would be written as %v, not %v", file, c.Key, g, want)
				}
			}
			return nil
		}
	}
	return fmt.Errorf("%s: the edited front matter does not read back: %w", file, err)
}

// same reports whether two values read from front matter are equal.
func same(a, b any) bool {
	day := func(v any) (string, bool) {
		switch x := v.(type) {
		case time.Time:
			if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
				return x.Format("2006-01-02"), true
			}
			return x.Format(time.RFC3339Nano), true
		case Day:
			return string(x), true
		}
		return "", false
	}
	if da, ok := day(a); ok {
		if db, ok := day(b); ok {
			return da == db
		}
		s, ok := b.(string)
		return ok && s == da
	}
	if db, ok := day(b); ok {
		s, ok := a.(string)
		return ok && s == db
	}
	return reflect.DeepEqual(a, b)
}

// plain is a change's value as Parse returns it.
func plain(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case Flow:
		return listOf(x)
	case Block:
		return listOf(x)
	case Map:
		m := map[string]any{}
		for _, kv := range x {
			m[kv.Key] = plain(kv.Value)
		}
		return m
	case Maps:
		out := make([]any, len(x))
		for i, m := range x {
			out[i] = plain(m)
		}
		return out
	case int:
		return int64(x)
	}
	return v
}

func listOf(x []string) []any {
	out := make([]any, len(x))
	for i, s := range x {
		out[i] = s
	}
	return out
}

// yamlValue writes "key: value" (with the lines under it for a block).
func yamlValue(key string, v any, nl string) (string, error) {
	switch x := v.(type) {
	case Block:
		if len(x) == 0 {
			return key + ": []", nil
		}
		lines := []string{key + ":"}
		for _, s := range x {
			lines = append(lines, "  - "+quote(s))
		}
		return strings.Join(lines, nl), nil
	case Maps:
		if len(x) == 0 {
			return key + ": []", nil
		}
		lines := []string{key + ":"}
		for _, m := range x {
			s, err := scalar(m)
			if err != nil {
				return "", err
			}
			lines = append(lines, "  - "+s)
		}
		return strings.Join(lines, nl), nil
	}
	s, err := scalar(v)
	if err != nil {
		return "", err
	}
	return key + ": " + s, nil
}

// scalar writes a value that fits on one line.
func scalar(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return quote(x), nil
	case Day:
		if _, err := time.Parse("2006-01-02", string(x)); err != nil {
			return "", i18n.Errorf("%q is not a date such as 2026-12-02", string(x))
		}
		return string(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case Flow:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]", nil
	case Map:
		q := make([]string, len(x))
		for i, kv := range x {
			s, err := scalar(kv.Value)
			if err != nil {
				return "", err
			}
			q[i] = kv.Key + ": " + s
		}
		return "{" + strings.Join(q, ", ") + "}", nil
	}
	return "", fmt.Errorf("frontmatter: cannot write a %T", v)
}

// quote writes s as a YAML double-quoted string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
