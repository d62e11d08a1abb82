package sitedata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"relais/internal/diag"
	"relais/internal/i18n"
	"relais/internal/layout"
)

// checkShape checks the value v of the data file p (its text src) against
// the schema the theme gives for it (layout.Set.DataSchema), and says
// where it differs, at the file's line: a template that ranges over a
// list the file gives as a text would otherwise fail in the template,
// blaming it.
func checkShape(p, name string, src []byte, v any, tpl *layout.Set) *diag.Finding {
	if tpl == nil {
		return nil // no theme, no schemas
	}
	schema := tpl.DataSchema(name)
	if schema == nil {
		return nil
	}
	c := jsonschema.NewCompiler()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return nil // the theme's own mistake: its templates still say it
	}
	url := "layouts/data/" + name + ".schema.json"
	if c.AddResource(url, doc) != nil {
		return nil
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil
	}
	// The value as JSON has it (dates as text), as the schema reads it.
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	err = sch.Validate(inst)
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil
	}
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	where := name
	for _, seg := range ve.InstanceLocation {
		if n, err := strconv.Atoi(seg); err == nil {
			where += fmt.Sprintf("[%d]", n+1)
		} else {
			where += "." + seg
		}
	}
	f := &diag.Finding{File: p, Line: dataLine(src, ve.InstanceLocation)}
	switch k := ve.ErrorKind.(type) {
	case *kind.Type:
		var want []i18n.Text
		for _, w := range k.Want {
			want = append(want, jsonKind(w))
		}
		f.Say("%s is %s, where the theme expects %s", where, jsonKind(k.Got), want[0])
	case *kind.Required:
		f.Say("%s has no %s, which the theme needs", where, strings.Join(k.Missing, ", "))
	default:
		f.Say("%s does not have the shape the theme expects", where)
	}
	return f.WithHint("the theme's layouts/data/%s.schema.json says what each value takes; a site that reads this file with templates of its own puts its own schema there", name)
}

// jsonKind names a JSON type in words.
func jsonKind(t string) i18n.Text {
	switch t {
	case "string":
		return i18n.T("text in quotes")
	case "number", "integer":
		return i18n.T("a number")
	case "boolean":
		return i18n.T("true or false")
	case "array":
		return i18n.T("a list")
	case "object":
		return i18n.T("a table of values")
	case "null":
		return i18n.T("empty")
	}
	return i18n.Raw(t)
}

// dataLine finds the line of a value in a data file's text by its path:
// each key's first line after the one before, and for the n-th element of
// a list of tables (TOML's [[numeros]]), its n-th header. It is a guide
// for the reader, 0 when nothing is found.
func dataLine(src []byte, loc []string) int {
	lines := strings.Split(string(src), "\n")
	at := 0
	for i, seg := range loc {
		if n, err := strconv.Atoi(seg); err == nil && i > 0 {
			// The n-th table of the list (TOML) or item (YAML "- ").
			key := loc[i-1]
			seen := -1
			for j := at; j < len(lines); j++ {
				t := strings.TrimSpace(lines[j])
				if t == "[["+key+"]]" || strings.HasPrefix(t, "- ") {
					if seen++; seen == n {
						at = j
						break
					}
				}
			}
			continue
		}
		for j := at; j < len(lines); j++ {
			t := strings.TrimLeft(strings.TrimSpace(lines[j]), `["`)
			if strings.HasPrefix(t, seg) {
				rest := strings.TrimLeft(t[len(seg):], `"] `)
				if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "]") || rest == "" {
					at = j
					break
				}
			}
		}
	}
	if len(loc) == 0 {
		return 0
	}
	return at + 1
}
