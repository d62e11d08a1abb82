package editor

import (
	"net/url"
	"relais/internal/duration"
	"slices"
	"strconv"
	"strings"
	"time"

	"relais/internal/diag"
	"relais/internal/fields"
	"relais/internal/frontmatter"
)

// fieldView is a field of a form, ready for its template.
type fieldView struct {
	Key, ID, Name    string
	Label, Help      string
	Example          string
	Type             string // the template's name for its kind
	Required         bool
	Value            string
	Checked          bool
	Options          []option
	Image, Alt       string
	Steps            []step
	Total, Announced string // a sequence's sum, and the kit's duration
	Findings         []string
	// Confidential is set on the fields a shelter may not give; the
	// type's field has the types published by phone only.
	Confidential      bool
	ConfidentialTypes string
}

type option struct {
	Value, Label string
	Selected     bool
}

// step is a row of a kit's sequence.
type step struct{ Title, Duration, Method, Materials string }

// stepKeys are the fields of a step, as a kit writes them.
var stepKeys = [4]string{"titre", "duree", "methode", "materiel"}

// kindTypes are the templates of the kinds of fields.
var kindTypes = map[fields.Kind]string{fields.Text: "text", fields.LongText: "long", fields.Date: "date",
	fields.Bool: "bool", fields.List: "list", fields.Lines: "lines", fields.Choice: "choice", fields.Choices: "choices",
	fields.Phone: "tel", fields.Email: "email", fields.URL: "url", fields.Image: "image", fields.Steps: "steps", fields.Number: "number"}

// views makes the form's fields from their declarations and the values
// the file has (vals, by key).
func (e *Editor) views(ds []fields.Def, vals map[string]any) []fieldView {
	out := make([]fieldView, 0, len(ds))
	for _, d := range ds {
		v := vals[d.Key]
		fv := fieldView{Key: d.Key, ID: "champ-" + d.Key, Name: "f:" + d.Key, Label: d.Label.In(e.c.Lang),
			Type: kindTypes[d.Kind], Required: d.Required, Example: d.Example}
		if d.Help.Format != "" {
			fv.Help = d.Help.In(e.c.Lang)
		}
		switch d.Kind {
		case fields.Date:
			if t, ok := v.(time.Time); ok {
				fv.Value = t.Format("2006-01-02")
			} else {
				fv.Value = frontmatter.Text(v)
			}
		case fields.Bool:
			fv.Checked = v == true
		case fields.List:
			fv.Value = strings.Join(frontmatter.List(v), ", ")
		case fields.Lines:
			fv.Value = strings.Join(frontmatter.List(v), "\n")
		case fields.Choice:
			cur := frontmatter.Text(v)
			fv.Options = append(fv.Options, option{Value: "", Label: "—", Selected: cur == ""})
			found := cur == ""
			for _, c := range d.Choices {
				fv.Options = append(fv.Options, option{Value: c, Label: d.ChoiceLabel(c).In(e.c.Lang), Selected: c == cur})
				found = found || c == cur
			}
			if !found {
				fv.Options = append(fv.Options, option{Value: cur, Label: cur, Selected: true})
			}
		case fields.Choices:
			cur := frontmatter.List(v)
			seen := map[string]bool{}
			// Hers first, in her order, so that a form sent as it is
			// keeps the list as it is.
			for _, c := range append(slices.Clone(cur), d.Choices...) {
				if !seen[c] {
					seen[c] = true
					fv.Options = append(fv.Options, option{Value: c, Label: d.ChoiceLabel(c).In(e.c.Lang), Selected: slices.Contains(cur, c)})
				}
			}
			if d.Open {
				fv.Type = "open"
			}
		case fields.Image:
			if m, ok := v.(map[string]any); ok {
				fv.Image, fv.Alt = frontmatter.Text(m["image"]), frontmatter.Text(m["alt"])
			}
		case fields.Steps:
			total := 0
			for _, s := range asList(v) {
				m, _ := s.(map[string]any)
				st := step{frontmatter.Text(m["titre"]), frontmatter.Text(m["duree"]), frontmatter.Text(m["methode"]), frontmatter.Text(m["materiel"])}
				if n, err := duration.Parse(st.Duration); err == nil {
					total += n
				}
				fv.Steps = append(fv.Steps, st)
			}
			for range 3 {
				fv.Steps = append(fv.Steps, step{}) // rows to add steps without a script
			}
			fv.Total = duration.French(total)
			fv.Announced = frontmatter.Text(vals["duree"])
		default:
			fv.Value = frontmatter.Text(v)
		}
		fv.Confidential = d.Confidential
		if len(d.ConfidentialChoices) > 0 {
			fv.ConfidentialTypes = strings.Join(append(slices.Clone(d.ConfidentialChoices), e.c.Site.Confidential()...), "|")
		}
		out = append(out, fv)
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// changes reads the submitted form into the changes to the file's fields:
// only the fields whose value differs from what the file has (vals).
func changes(ds []fields.Def, form url.Values, vals map[string]any) []frontmatter.Change {
	var out []frontmatter.Change
	for _, d := range ds {
		name := "f:" + d.Key
		if _, shown := form["has:"+d.Key]; !shown {
			continue // not in the form: as it is
		}
		var v any
		switch d.Kind {
		case fields.Date:
			if s := strings.TrimSpace(form.Get(name)); s != "" {
				v = frontmatter.Day(s)
			}
		case fields.Number:
			if s := strings.TrimSpace(form.Get(name)); s != "" {
				if n, err := strconv.ParseInt(s, 10, 64); err == nil {
					v = n
				} else {
					v = s // the build says what is wrong with it
				}
			}
		case fields.Bool:
			if form.Get(name) == "true" {
				v = true
			} else if _, had := vals[d.Key]; had {
				v = false
			}
		case fields.List:
			if l := splitList(form.Get(name)); len(l) > 0 {
				v = frontmatter.Flow(l)
			}
		case fields.Lines:
			var l []string
			for _, s := range strings.Split(form.Get(name), "\n") {
				if s = strings.TrimSpace(s); s != "" {
					l = append(l, s)
				}
			}
			if len(l) > 0 {
				v = frontmatter.Block(l)
			}
		case fields.Choices:
			var l []string
			for _, s := range append(form[name], splitList(form.Get(name+"+"))...) {
				if s = strings.TrimSpace(s); s != "" && !slices.Contains(l, s) {
					l = append(l, s)
				}
			}
			if len(l) > 0 {
				v = frontmatter.Flow(l)
			}
		case fields.Image:
			img, alt := strings.TrimSpace(form.Get(name+".image")), strings.TrimSpace(form.Get(name+".alt"))
			if img != "" || alt != "" {
				v = frontmatter.Map{{Key: "image", Value: img}, {Key: "alt", Value: alt}}
			}
		case fields.Steps:
			var rows frontmatter.Maps
			cols := [4][]string{}
			for i, k := range stepKeys {
				cols[i] = form[name+"."+k]
			}
			for r := range cols[0] {
				var m frontmatter.Map
				for i, k := range stepKeys {
					if r < len(cols[i]) {
						if s := strings.TrimSpace(cols[i][r]); s != "" {
							m = append(m, frontmatter.KV{Key: k, Value: s})
						}
					}
				}
				if len(m) > 0 {
					rows = append(rows, m)
				}
			}
			if len(rows) > 0 {
				v = rows
			}
		default:
			if s := strings.TrimSpace(strings.ReplaceAll(form.Get(name), "\r\n", "\n")); s != "" {
				v = s
			}
		}
		old, had := vals[d.Key]
		if v == nil && (!had || old == nil || old == "") {
			continue
		}
		out = append(out, frontmatter.Change{Key: d.Key, Value: v})
	}
	return out
}

// splitList reads words separated by commas or semicolons.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// placed sorts findings by the field whose lines they are on (by key),
// the text's (body) and the others.
func placed(findings diag.List, fs []frontmatter.Field, bodyStart int, lang func(*diag.Finding) string, textLine func(int, string) string) (byKey map[string][]string, body, other []string) {
	byKey = map[string][]string{}
	for _, f := range findings {
		said := lang(f)
		key := ""
		for i, fl := range fs {
			end := bodyStart - 1
			if i+1 < len(fs) {
				end = fs[i+1].Line - 1
			}
			if f.Line >= fl.Line && f.Line <= end && f.Line > 1 {
				key = fl.Key
			}
		}
		switch {
		case key != "":
			byKey[key] = append(byKey[key], said)
		case f.Line >= bodyStart && bodyStart > 0:
			body = append(body, textLine(f.Line-bodyStart+1, said))
		default:
			if k := missing(f, fs); k != "" {
				byKey[k] = append(byKey[k], said)
			} else {
				other = append(other, said)
			}
		}
	}
	return byKey, body, other
}

// missing is the field a finding says is missing (the kit has no
// version: "version"), when it names one.
func missing(f *diag.Finding, fs []frontmatter.Field) string {
	t := f.Text()
	for _, a := range t.Args {
		if s, ok := a.(string); ok && strings.HasPrefix(t.Format, "the kit has no ") {
			return s
		}
	}
	return ""
}

// hasCover reports a form with a cover image field.
func hasCover(ds []fields.Def) bool {
	for _, d := range ds {
		if d.Key == "cover" && d.Kind == fields.Image {
			return true
		}
	}
	return false
}
