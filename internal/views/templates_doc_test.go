package views

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// viewTypes are the types templates are given, in the order the
// reference shows them: what a page offers first. A name without a
// package is this package's; the others are read from their package's
// source (the extensions' views: kit, directory), never imported.
var viewTypes = []string{"PageView", "SiteView", "Pager", "kit.View", "kit.StepView", "directory.View", "directory.PhoneView",
	"agenda.View", "agenda.List", "agenda.Year", "ImageView", "picture.Picture", "CoverImage", "Series", "TermLink", "FeedLink", "FacetGroup", "FacetLink", "directory.Facets",
	"extension.Download", "graph.MenuItem"}

// templateReference writes the reference of what templates can read:
// every exported field and method of the view types, with its doc
// comment, from the code itself.
func templateReference(t *testing.T) []byte {
	types := map[string]*doc.Type{}
	for _, pkg := range []string{"", "graph", "picture", "kit", "directory", "agenda", "extension"} {
		dir, prefix := ".", ""
		if pkg != "" {
			dir, prefix = filepath.Join("..", pkg), pkg+"."
		}
		for _, ty := range docTypes(t, dir) {
			types[prefix+ty.Name] = ty
		}
	}
	line := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	var b bytes.Buffer
	b.WriteString("# What templates can read\n\n")
	b.WriteString("Generated from the code by `TestTemplateReference` (internal/views): `RELAIS_UPDATE=1 go test ./internal/views -run TestTemplateReference` writes it again. A page's template gets a page (`.`), whose `.Site` is the site. What an extension shows of its pages is reached with `.Ext`: `{{ with .Ext \"kit\" }}` gives a `kit.View` on a kit's page, `.Ext \"kitPDF\"` a kit document's own PDF (a `Download`), `.Ext \"partner\"` a `directory.View`, `.Ext \"partnerFacets\"` the directory's `directory.Facets`, `.Ext \"session\"` an `agenda.View` on a session's page, `.Ext \"agenda\"` an `agenda.List` on the agenda's page and its filters, `.Ext \"kitSessions\"` a kit's next sessions (`agenda.View`s); each is nil on other pages.\n")
	for _, name := range viewTypes {
		ty := types[name]
		if ty == nil {
			t.Fatalf("no type %s", name)
		}
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n", name, line(ty.Doc))
		var rows [][2]string
		ts := ty.Decl.Specs[0].(*ast.TypeSpec)
		if st, ok := ts.Type.(*ast.StructType); ok {
			for _, f := range st.Fields.List {
				doc := f.Doc.Text() + f.Comment.Text()
				for _, n := range f.Names {
					if n.IsExported() {
						rows = append(rows, [2]string{"." + n.Name, line(doc)})
					}
				}
				if len(f.Names) == 0 { // embedded
					rows = append(rows, [2]string{"(the fields of " + types2(f.Type) + ")", line(doc)})
				}
			}
		}
		for _, m := range ty.Methods {
			if ast.IsExported(m.Name) {
				rows = append(rows, [2]string{"." + m.Name, line(m.Doc)})
			}
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] })
		b.WriteString("| name | what it is |\n|---|---|\n")
		for _, r := range rows {
			fmt.Fprintf(&b, "| `%s` | %s |\n", r[0], strings.ReplaceAll(r[1], "|", "\\|"))
		}
	}
	return b.Bytes()
}

// docTypes are the types of the package in dir, with their doc.
func docTypes(t *testing.T, dir string) []*doc.Type {
	fset := token.NewFileSet()
	names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	var list []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, f)
	}
	pkg, err := doc.NewFromFiles(fset, list, "relais/internal/"+filepath.Base(filepath.Clean(dir)))
	if err != nil {
		t.Fatal(err)
	}
	return pkg.Types
}

func types2(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return types2(x.X)
	case *ast.SelectorExpr:
		return types2(x.X) + "." + x.Sel.Name
	case *ast.Ident:
		return x.Name
	}
	return "?"
}

// TestTemplateReference: docs/templates.md, the reference of what
// templates can read, is what the code offers: a field or method added,
// renamed or documented anew shows there, or this test fails.
func TestTemplateReference(t *testing.T) {
	got := templateReference(t)
	path := filepath.Join("..", "..", "docs", "templates.md")
	if os.Getenv("RELAIS_UPDATE") == "1" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
		t.Errorf("docs/templates.md is not what the code offers: RELAIS_UPDATE=1 go test ./internal/views -run TestTemplateReference writes it again")
	}
}
