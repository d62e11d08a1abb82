package views

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestViewsRecordWhatTheyRead: a view reads lists through the graph with
// the render's record, and pages through it: one that read a list as
// graph.Planning (which records nothing) or made a record of its own
// would show a page that the preview does not make again when that list
// or page changes. The compiler cannot tell; this test reads the code.
func TestViewsRecordWhatTheyRead(t *testing.T) {
	names, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(node ast.Node) bool {
			sel, ok := node.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok {
				switch x.Name + "." + sel.Sel.Name {
				case "graph.Planning", "record.New":
					t.Errorf("%s: a view uses %s.%s: what it reads is not recorded", fset.Position(sel.Pos()), x.Name, sel.Sel.Name)
				}
			}
			return true
		})
	}
}
