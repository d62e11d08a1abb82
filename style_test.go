package relais_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Function limits (STYLE.md): past them, a function is split where its
// steps are, so that each can be read, named and tested.
const (
	maxLines      = 150
	maxComplexity = 40
)

// TestFunctionLimits: no function of relais's code is over 150 lines or
// over a cyclomatic complexity of 40 (1, plus one per if, for, case and
// && or ||). Files copied from Go itself (internal/jpegscale's, which
// start with the Go Authors' copyright) are kept as Go wrote them, so
// that they can be compared with Go's and updated.
func TestFunctionLimits(t *testing.T) {
	fset := token.NewFileSet()
	for _, root := range []string{"cmd", "internal", "scripts"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
			if err != nil {
				return err
			}
			if len(f.Comments) > 0 && strings.HasSuffix(f.Comments[0].List[0].Text, "The Go Authors. All rights reserved.") {
				return nil
			}
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				lines := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
				if c := complexity(fn); lines > maxLines || c > maxComplexity {
					t.Errorf("%s: %s is %d lines long, of complexity %d (at most %d and %d)", fset.Position(fn.Pos()), fn.Name.Name, lines, c, maxLines, maxComplexity)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// complexity is the cyclomatic complexity of fn, the functions written
// inside it included.
func complexity(fn ast.Node) int {
	c := 1
	ast.Inspect(fn, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			c++
		case *ast.CaseClause:
			if x.List != nil {
				c++
			}
		case *ast.CommClause:
			if x.Comm != nil {
				c++
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				c++
			}
		}
		return true
	})
	return c
}
