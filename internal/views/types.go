package views

import (
	"reflect"
	"strings"

	"relais/internal/extension"
	"relais/internal/i18n"
	"relais/internal/layout"
)

// DataTypes are the types templates are given, by name, each with its
// fields and methods, for errors about a misspelt one (layout.Set.Types):
// a page, the site, and the views of the kinds reg registered.
func DataTypes(reg *extension.Registry) map[string]layout.DataType {
	types := map[string]layout.DataType{
		"views.PageView": {What: i18n.T("a page"), Names: names(reflect.TypeOf(&PageView{}))},
		"views.SiteView": {What: i18n.T("the site"), Names: names(reflect.TypeOf(&SiteView{}))},
	}
	for _, k := range reg.Kinds() {
		for _, d := range k.Types {
			t := reflect.TypeOf(d.Value)
			types[strings.TrimPrefix(t.String(), "*")] = layout.DataType{What: d.What, Names: names(t)}
		}
	}
	return types
}

// names are the exported fields and methods of a type templates are
// given (a pointer to a struct).
func names(t reflect.Type) []string {
	var out []string
	for i := range t.NumMethod() {
		out = append(out, t.Method(i).Name)
	}
	if e := t.Elem(); e.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(e) {
			if f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	return out
}
