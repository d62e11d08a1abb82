package views

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestViewsRecordWhatTheyRead: a view reads the page graph through the
// recording reads of reads.go only, and never as graph.Planning (which
// records nothing) or with a record of its own: such a view would show a
// page that the preview does not make again when what it read changes.
// The compiler cannot tell; this test reads the code.
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
			if sel.Sel.Name == "g" && n != "reads.go" {
				t.Errorf("%s: a view reads the page graph outside reads.go, unrecorded", fset.Position(sel.Pos()))
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
